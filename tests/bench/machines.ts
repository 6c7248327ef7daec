/**
 * Machines benchmark (MACHINES.md targets): wire utilisation of character counting vs send-response and
 * CNCjs's 119-byte window at 115200 baud with 2 ms latency each way; ok → next write latency with 8 machines
 * streaming and the event loop kept busy; Marlin lines/s with and without ADVANCED_OK; event-loop lag with 16
 * machines. Every simulated machine runs in its own child process behind a socat pseudo-terminal, opened here
 * with the real serialport. Figures, not assertions: `npm run bench:machines`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { openSerialLink } from '../../main/machines/link.js';
import { LineSplitter } from '../../main/machines/line-splitter.js';
import { MachineSession } from '../../main/machines/session.js';
import { grblLoopback } from '../../main/machines/sim/loopback.js';
import { startSimulatedMachine } from '../../main/machines/sim/simulated-machine.js';
import { GrblStreamer } from '../../main/machines/streamer/grbl-streamer.js';
import { arraySource, wireBytes, type JobOutcome } from '../../main/machines/streamer/types.js';
import { systemClock } from '../../main/shared/clock.js';
import { syntheticProgram } from '../helpers/gcode-program.js';

const BAUD = 115200;
const LATENCY = 2;
const self = process.argv[1]!;

interface Child {
  path: string;
  process: ChildProcess;
}

async function spawnSim(firmware: 'grbl' | 'marlin', flags: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [self, '--sim', firmware, ...flags], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', () => reject(new Error('simulator exited')));
  });
  return { path: first.trim(), process: child };
}

function stopSim(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) {
      resolve();
      return;
    }
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

/** Streams `lines` to a Grbl at `path` with a window of `rxSize` bytes (1 line = send-response) and times it. */
async function grblRun(
  path: string,
  lines: string[],
  mode: { rxSize: number } | 'send-response',
  hooks: { onOkWrite?: (ms: number) => void } = {},
) {
  let streamer: GrblStreamer | null = null;
  let dataAt = -1;
  const splitter = new LineSplitter((line) => streamer?.onLine(line));
  const link = await openSerialLink(path, BAUD, {
    onData: (data) => {
      dataAt = performance.now();
      splitter.push(data);
      dataAt = -1;
    },
    onClose: () => undefined,
  });
  let end: (o: JobOutcome) => void = () => undefined;
  const done = new Promise<JobOutcome>((r) => (end = r));
  let lastAckAt = 0;
  streamer = new GrblStreamer(
    {
      write: (data) => {
        if (dataAt >= 0 && data.length > 1) hooks.onOkWrite?.(performance.now() - dataAt);
        link.write(wireBytes(data));
      },
      now: () => performance.now(),
    },
    { onJobEnd: end, onAck: () => (lastAckAt = performance.now()) },
    { pollMs: 1_000_000 },
  );
  streamer.command('$I');
  await new Promise((r) => setTimeout(r, 300));
  if (mode === 'send-response') streamer.rxSize = Math.max(...lines.map((l) => l.length + 2));
  else streamer.rxSize = mode.rxSize;
  const started = performance.now();
  streamer.startJob(arraySource(lines));
  // Job end waits for an Idle report: ask once the last line is in.
  const poll = setInterval(() => streamer.realtime(0x3f), 20);
  const outcome = await done;
  // Streaming time: until the controller acknowledged the last line (what follows is motion, not the link).
  const seconds = (lastAckAt - started) / 1000;
  clearInterval(poll);
  await link.close();
  const payload = lines.reduce((n, l) => n + l.length + 1, 0);
  return { outcome, seconds, utilisation: payload / (seconds * (BAUD / 10)) };
}

async function bandwidth(): Promise<void> {
  const lines = syntheticProgram(1200).expected;
  console.log(
    `\n1. Wire utilisation, Grbl at ${BAUD} baud (paced simulator), ${LATENCY} ms latency each way, ${lines.length} lines`,
  );
  const rows: [string, { rxSize: number } | 'send-response', string[]][] = [
    ['send-response (baseline)', 'send-response', []],
    ['CNCjs-style window, ≤ 119 bytes (baseline)', { rxSize: 120 }, []],
    ['character counting, 127 of 128 bytes (ours)', { rxSize: 128 }, []],
    ['character counting, grblHAL 1024-byte buffer', { rxSize: 1024 }, ['--rx', '1024']],
  ];
  for (const [label, mode, flags] of rows) {
    const sim = await spawnSim('grbl', ['--paced', ...flags]);
    const r = await grblRun(sim.path, lines, mode);
    await stopSim(sim);
    console.log(
      `   ${label.padEnd(46)} ${(r.utilisation * 100).toFixed(1).padStart(5)} % of the wire   ${r.seconds.toFixed(2)} s   ${r.outcome.kind}`,
    );
  }
  // The same streamer and simulator in one process (no pty, no child, no socat): what the protocol allows here.
  let lastAck = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const loop = grblLoopback(
      { faults: { baud: BAUD, latencyMs: LATENCY } },
      {
        onAck: () => (lastAck = performance.now()),
        onJobEnd: () => {
          loop.close();
          resolve();
        },
      },
    );
    loop.streamer.startJob(arraySource(lines));
  });
  const payload = lines.reduce((n, l) => n + l.length + 1, 0);
  const inProcess = payload / (((lastAck - started) / 1000) * (BAUD / 10));
  console.log(
    `   ${'  same, simulator in this process (no pty)'.padEnd(46)} ${(inProcess * 100).toFixed(1).padStart(5)} % of the wire`,
  );
}

function busyLoop(msEvery: number, burnMs: number): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + burnMs;
    while (performance.now() < until) JSON.stringify({ ui: Array.from({ length: 50 }, (_, i) => i) });
  }, msEvery);
  return () => clearInterval(timer);
}

async function latency(): Promise<void> {
  const lines = syntheticProgram(4000).expected;
  console.log('\n2. ok → next write, measured from the data event to the write call');
  for (const [label, machines, busy] of [
    ['1 machine, idle event loop (baseline)', 1, false],
    ['8 machines at once, event loop busy 3 ms in every 10', 8, true],
  ] as const) {
    const sims = await Promise.all(Array.from({ length: machines }, () => spawnSim('grbl')));
    const samples: number[] = [];
    const stopBusy = busy ? busyLoop(10, 3) : () => undefined;
    await Promise.all(
      sims.map((s) => grblRun(s.path, lines, { rxSize: 128 }, { onOkWrite: (ms) => samples.push(ms) })),
    );
    stopBusy();
    await Promise.all(sims.map(stopSim));
    samples.sort((a, b) => a - b);
    console.log(
      `   ${label.padEnd(52)} p50 ${us(pct(samples, 50)).padStart(9)}   p99 ${us(pct(samples, 99)).padStart(9)}   max ${us(samples.at(-1) ?? NaN).padStart(9)}   n=${samples.length}`,
    );
  }
}

async function marlinRate(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-desk-bench-'));
  const file = join(dir, 'print.gcode');
  const program = syntheticProgram(1500);
  writeFileSync(file, program.text);
  console.log(
    `\n3. Marlin lines/s at ${BAUD} baud (paced), ${LATENCY} ms latency each way, ${program.expected.length} lines`,
  );
  for (const [label, flags] of [
    ['one line in flight, OctoPrint-style (baseline)', ['--paced']],
    ['ADVANCED_OK window (ours)', ['--paced', '--advanced-ok']],
  ] as const) {
    const sim = await spawnSim('marlin', [...flags]);
    const session = new MachineSession(
      { machineId: 1, firmware: 'marlin', path: sim.path, baud: BAUD },
      {},
      systemClock,
    );
    let end: () => void = () => undefined;
    const done = new Promise<void>((r) => (end = r));
    await session.connect();
    const started = performance.now();
    await session.startJob({ path: file, name: 'print.gcode', sha256: 'bench' });
    const poll = setInterval(() => {
      if (!session.streaming) end();
    }, 5);
    await done;
    clearInterval(poll);
    const seconds = (performance.now() - started) / 1000;
    const state = session.lastJob?.record.state;
    await session.disconnect();
    await stopSim(sim);
    console.log(
      `   ${label.padEnd(48)} ${(program.expected.length / seconds).toFixed(0).padStart(6)} lines/s   ${state}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

async function loopLag(): Promise<void> {
  const lines = syntheticProgram(3000).expected;
  console.log(
    '\n4. Event-loop delay in the host while simulated Grbl machines stream (monitorEventLoopDelay)',
  );
  for (const machines of [1, 16]) {
    const sims = await Promise.all(Array.from({ length: machines }, () => spawnSim('grbl')));
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const runs = await Promise.all(sims.map((s) => grblRun(s.path, lines, { rxSize: 128 })));
    h.disable();
    await Promise.all(sims.map(stopSim));
    const ms = (ns: number) => `${(ns / 1e6).toFixed(2)} ms`;
    const rate = runs.reduce((n) => n + lines.length, 0) / Math.max(...runs.map((r) => r.seconds));
    console.log(
      `   ${String(machines).padStart(2)} machine(s)${machines === 1 ? ' (baseline)' : '           '}   p50 ${ms(h.percentile(50))}   p99 ${ms(h.percentile(99))}   max ${ms(h.max)}   ${rate.toFixed(0)} lines/s in total`,
    );
  }
}

async function main(): Promise<void> {
  console.log(
    'Machines benchmark: simulated firmwares in child processes behind socat ptys, opened with serialport.',
  );
  await bandwidth();
  await latency();
  await marlinRate();
  await loopLag();
}

// Child mode: one simulated machine on a pty, path on stdout, until SIGTERM.
if (process.argv[2] === '--sim') {
  const firmware = process.argv[3] === 'marlin' ? 'marlin' : 'grbl';
  const paced = process.argv.includes('--paced');
  const machine = await startSimulatedMachine(firmware, {
    advancedOk: process.argv.includes('--advanced-ok'),
    rxBytes: process.argv.includes('--rx') ? Number(process.argv[process.argv.indexOf('--rx') + 1]) : 128,
    faults: paced ? { baud: BAUD, latencyMs: LATENCY } : {},
    timeScale: 0,
  });
  process.stdout.write(`${machine.path}\n`);
  const stop = () => void machine.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop).resume();
} else {
  await main();
}
