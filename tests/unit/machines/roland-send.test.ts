import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cammProtocol, rmlProtocol } from '../../../main/machines/protocols/roland.js';
import { RolandStreamer } from '../../../main/machines/streamer/roland-streamer.js';
import type { JobOutcome } from '../../../main/machines/streamer/types.js';
import { openDeviceFile, openSerialFlow } from '../../../main/machines/transport/roland-transport.js';
import { openPtyPair } from '../../../main/machines/sim/pty.js';
import { SerialPort } from 'serialport';
import { writeCamm } from '../../../main/toolpaths/camm.js';
import { PRESETS, planRaster } from '../../../main/toolpaths/plan.js';
import { decodePngBitmap } from '../../../main/toolpaths/png.js';
import { parseRml, RmlReader, writeRml } from '../../../main/toolpaths/rml.js';
import { startRolandDevice, type RolandDevice } from '../../../main/toolpaths/roland-sim.js';
import { parseSvg } from '../../../main/toolpaths/svg.js';
import type { Stroke } from '../../../main/toolpaths/types.js';
import { planCut, VINYL_PRESET } from '../../../main/toolpaths/vinyl.js';
import { tempDir } from '../../helpers/temp-dir.js';

const devices: RolandDevice[] = [];
const dirs: { path: string; remove(): void }[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
  for (const d of dirs.splice(0)) d.remove();
});

function jobFile(name: string, text: string): string {
  const dir = tempDir('cp-desk-roland-job-');
  dirs.push(dir);
  const path = join(dir.path, name);
  writeFileSync(path, text, 'latin1');
  return path;
}

function outlineRml(): { text: string; strokes: Stroke[] } {
  const bm = decodePngBitmap(readFileSync('tests/fixtures/pcb/synth-hello.interior.png'));
  const plan = planRaster(bm, bm.dpi!, PRESETS['pcb-outline']);
  const text = writeRml(plan.strokes, {
    unitsPerMm: 100,
    speed: 4,
    plungeSpeed: 4,
    jogZ: 2,
    home: [0, 152.4, 60.5],
  });
  return { text, strokes: plan.strokes };
}

function expectSamePath(recorded: Stroke[], planned: Stroke[], unit: number): void {
  expect(recorded).toHaveLength(planned.length);
  recorded.forEach((s, i) => {
    const p = planned[i]!;
    expect(Math.abs(s.z - p.z)).toBeLessThanOrEqual(unit / 2 + 1e-9);
    expect(s.points).toHaveLength(p.points.length);
    s.points.forEach(([x, y], k) => {
      expect(Math.abs(x - p.points[k]![0])).toBeLessThanOrEqual(unit / 2 + 1e-9);
      expect(Math.abs(y - p.points[k]![1])).toBeLessThanOrEqual(unit / 2 + 1e-9);
    });
  });
}

/** Time by events: each wait is counted and let go on the next turn of the event loop; `onWait` may act on it. */
function pacing(onWait: (n: number) => void = () => undefined) {
  const asked: number[] = [];
  return {
    asked,
    wait: (ms: number) => {
      asked.push(ms);
      onWait(asked.length);
      return new Promise<void>((r) => setImmediate(r));
    },
  };
}

async function waitForBytes(device: RolandDevice, bytes: number): Promise<void> {
  while (device.jobs.reduce((n, j) => n + j.bytes, 0) < bytes) await device.nextJob();
}

function recorder() {
  const acks: number[] = [];
  const consoleLines: string[] = [];
  const ends: JobOutcome[] = [];
  return {
    acks,
    consoleLines,
    ends,
    listener: {
      onAck: (l: { endOffset: number }) => acks.push(l.endOffset),
      onConsole: (_d: string, text: string) => consoleLines.push(text),
      onJobEnd: (o: JobOutcome) => ends.push(o),
    },
  };
}

describe('sending a job to a Roland through its device file (a FIFO standing in for /dev/usb/lp0)', () => {
  it('the simulated mill draws the planned path; progress is bytes in chunks, with a pause after each', async () => {
    const { text, strokes } = outlineRml();
    const device = startRolandDevice({ language: 'rml', bytesPerSecond: 4000, wait: pacing().wait });
    devices.push(device);
    const path = jobFile('outline.rml', text);
    const size = statSync(path).size;
    const rec = recorder();
    const pace = pacing();
    const streamer = new RolandStreamer(await openDeviceFile(device.path), rec.listener, {
      chunkBytes: 256,
      pauseMs: 7,
      abort: rmlProtocol.roland!.abort,
      wait: pace.wait,
    });
    const job = device.nextJob();
    streamer.startJob(path, size);
    await streamer.done;
    const recorded = await job;
    expect(rec.ends).toEqual([{ kind: 'completed' }]);
    expect(recorded.error).toBeNull();
    expect(recorded.bytes).toBe(size);
    expectSamePath(recorded.program.strokes, strokes, 0.01);
    // progress: one acknowledgement per chunk of 256 bytes, the last at the file's size
    const chunks = Math.ceil(size / 256);
    expect(rec.acks.length).toBeGreaterThanOrEqual(chunks);
    rec.acks.forEach((at, i) => {
      expect(at - (rec.acks[i - 1] ?? 0)).toBeLessThanOrEqual(256);
      expect(at === size || text[at - 1] === ';').toBe(true); // each chunk ends after a whole command
    });
    expect(rec.acks.at(-1)).toBe(size);
    expect(pace.asked).toEqual(rec.acks.map(() => 7));
    expect(device.jobs).toHaveLength(1); // no abort after a job that finished
  });

  it('stop closes the job after the chunk in flight and sends ESC.K ESC.R with spindle off: nothing more is cut', async () => {
    const { text } = outlineRml();
    const device = startRolandDevice({ language: 'rml', bytesPerSecond: 1e6, wait: pacing().wait });
    devices.push(device);
    const path = jobFile('outline.rml', text);
    const rec = recorder();
    let streamer: RolandStreamer | null = null;
    const pace = pacing((n) => {
      if (n === 3) streamer!.stop();
    });
    streamer = new RolandStreamer(await openDeviceFile(device.path), rec.listener, {
      chunkBytes: 256,
      pauseMs: 1,
      abort: rmlProtocol.roland!.abort,
      wait: pace.wait,
    });
    streamer.startJob(path, statSync(path).size);
    await streamer.done;
    // the job and the abort reach the device as one stream or as two jobs (the FIFO may not see the close between)
    const abort = rmlProtocol.roland!.abort;
    await waitForBytes(device, rec.acks.at(-1)! + abort.length);
    expect(rec.ends).toEqual([{ kind: 'stopped', reason: 'Stopped by the operator.' }]);
    expect(rec.acks).toHaveLength(3); // three chunks were written before the stop; none after it
    const sent = text.slice(0, rec.acks[2]);
    expect(sent.endsWith(';')).toBe(true); // chunks end at a command boundary
    expect(device.jobs.every((j) => j.error === null)).toBe(true);
    expect(device.jobs.flatMap((j) => j.program.deviceControl)).toEqual(['K', 'R']);
    const cut = device.jobs.flatMap((j) => j.program.strokes);
    expect(cut).toEqual(parseRml(sent, 100).strokes); // what was sent before the stop, and nothing more
    expect(abort.toString('latin1')).toBe('\x1b.K\x1b.R!MC0;PU;');
    expect(rec.consoleLines).toContain('Abort sent: the machine discards what it had buffered.');
  });

  it('pause sends nothing more until continue, then the cutter finishes the planned sticker', async () => {
    const svg = parseSvg(readFileSync('tests/fixtures/pcb/vinyl-sticker.svg', 'utf8'));
    const strokes = planCut(svg, { ...VINYL_PRESET, bladeOffset: 0 }).strokes;
    const text = writeCamm(strokes, { unitsPerMm: 40, force: 50, speed: 2 });
    const device = startRolandDevice({ language: 'camm', bytesPerSecond: 1e6, wait: pacing().wait });
    devices.push(device);
    const path = jobFile('sticker.camm', text);
    const size = statSync(path).size;
    const rec = recorder();
    let streamer: RolandStreamer | null = null;
    let held: () => void = () => undefined;
    const holding = new Promise<void>((r) => (held = r));
    const pace = pacing((n) => {
      if (n === 2) {
        streamer!.hold();
        held();
      }
    });
    streamer = new RolandStreamer(await openDeviceFile(device.path), rec.listener, {
      chunkBytes: 128,
      pauseMs: 1,
      abort: cammProtocol.roland!.abort,
      wait: pace.wait,
    });
    const job = device.nextJob();
    streamer.startJob(path, size);
    await holding; // held after the second chunk; then turns of the event loop in which nothing more may go out
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(streamer.paused).toBe(true);
    expect(rec.acks).toHaveLength(2);
    const pausedAt = rec.acks[1]!;
    expect(rec.consoleLines[0]).toMatch(/^Paused: nothing more is sent/);
    expect(streamer.sentBytes).toBe(pausedAt);
    streamer.resume();
    await streamer.done;
    const recorded = await job;
    expect(rec.ends).toEqual([{ kind: 'completed' }]);
    expect(rec.acks.at(-1)).toBe(size);
    expectSamePath(recorded.program.strokes, strokes, 0.025);
  });

  it('a device file that is not there is refused in words, and nothing is created at that path', async () => {
    const dir = tempDir('cp-desk-roland-none-');
    dirs.push(dir);
    const path = join(dir.path, 'lp9');
    await expect(openDeviceFile(path)).rejects.toThrow(
      `Could not write to ${path}: there is no such device (is the machine on and plugged in?).`,
    );
    expect(() => statSync(path)).toThrow();
  });
});

describe('MDX-15/20 over RS-232 (a real pseudo-terminal standing in for the serial cable)', () => {
  it('opens at 9600 baud 8N1 with RTS/CTS and the mill draws the planned path in MDX units (0.025 mm)', async () => {
    const pair = await openPtyPair();
    const bm = decodePngBitmap(readFileSync('tests/fixtures/pcb/synth-hello.interior.png'));
    const plan = planRaster(bm, bm.dpi!, PRESETS['pcb-outline']);
    const text = writeRml(plan.strokes, {
      unitsPerMm: 40,
      speed: 4,
      plungeSpeed: 4,
      jogZ: 2,
      home: [0, 152.4, 60.5],
    });
    const path = jobFile('outline-mdx.rml', text);
    const size = statSync(path).size;
    // the machine's end: reads what arrives and interprets it as the MDX-20 would
    const machineEnd = new SerialPort({ path: pair.simPath, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => machineEnd.open((e) => (e ? reject(e) : resolve())));
    const reader = new RmlReader(40);
    let received = 0;
    const all = new Promise<void>((resolve) =>
      machineEnd.on('data', (d: Buffer) => {
        reader.feed(d.toString('latin1'));
        received += d.length;
        if (received >= size) resolve();
      }),
    );
    let opened: SerialPort | null = null;
    const transport = await openSerialFlow(pair.hostPath, {
      baud: 9600,
      flow: 'rtscts',
      onOpen: (p) => (opened = p),
    });
    try {
      expect(opened!.settings).toMatchObject({
        baudRate: 9600,
        dataBits: 8,
        parity: 'none',
        stopBits: 1,
        rtscts: true,
      });
      const rec = recorder();
      const streamer = new RolandStreamer(transport, rec.listener, {
        chunkBytes: 64,
        pauseMs: 1,
        abort: rmlProtocol.roland!.abort,
        wait: pacing().wait,
      });
      streamer.startJob(path, size);
      await streamer.done;
      await all;
      expect(rec.ends).toEqual([{ kind: 'completed' }]);
      expect(transport.bytesWritten).toBe(size);
      // every byte arrived in order: the machine reads exactly the planned file (at 0.025 mm two planned points
      // may fall on one machine step, so the comparison with the plan is per stroke, within half a step)
      const drawn = reader.end().strokes;
      expect(drawn).toEqual(parseRml(text, 40).strokes);
      expect(drawn).toHaveLength(plan.strokes.length);
      drawn.forEach((s, i) => {
        const p = plan.strokes[i]!;
        expect(Math.abs(s.z - p.z)).toBeLessThanOrEqual(0.0125);
        for (const [x, y] of s.points)
          expect(Math.min(...p.points.map(([px, py]) => Math.hypot(px - x, py - y)))).toBeLessThanOrEqual(
            0.018,
          );
      });
    } finally {
      await transport.close();
      await new Promise<void>((r) => machineEnd.close(() => r()));
      await pair.kill();
    }
  });

  it('on a DTR/DSR cable DSR is read before each chunk: a port that cannot report it stops the job in words, nothing sent', async () => {
    const pair = await openPtyPair();
    const path = jobFile('tiny.rml', 'PA;PU0,0;Z40,0,-4;');
    const transport = await openSerialFlow(pair.hostPath, {
      baud: 9600,
      flow: 'dsrdtr',
      wait: pacing().wait,
    });
    try {
      const rec = recorder();
      const streamer = new RolandStreamer(transport, rec.listener, {
        abort: rmlProtocol.roland!.abort,
        wait: pacing().wait,
      });
      streamer.startJob(path, statSync(path).size);
      await streamer.done;
      // a pseudo-terminal has no modem lines: reading DSR fails, as on a port without them
      expect(rec.ends).toHaveLength(1);
      expect(rec.ends[0]).toMatchObject({ kind: 'interrupted' });
      expect((rec.ends[0] as { reason: string }).reason).toMatch(
        /^The machine stopped taking the job: Could not read DSR on .*: is the cable wired for DTR\/DSR\?$/,
      );
      expect(transport.bytesWritten).toBe(0);
      expect(rec.acks).toEqual([]);
    } finally {
      await transport.close();
      await pair.kill();
    }
  });
});
