import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgressRecord } from '../../../main/machines/job-runner.js';
import { openSerialLink, type LinkOpener } from '../../../main/machines/link.js';
import { MachineSession } from '../../../main/machines/session.js';
import type { GrblSim } from '../../../main/machines/sim/grbl-sim.js';
import { manualClock } from '../../../main/kernel/clock.js';
import { ptyFixture, waitFor } from '../../helpers/pty.js';

const fixture = ptyFixture();
const sessions: MachineSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.disconnect();
  await fixture.cleanup();
});

type WireEvent = { dir: 'in' | 'out'; text: string };

/**
 * The real serialport on the host's end of the pseudo-terminal, with every chunk read and every write recorded in
 * the order they happened: the bytes on the wire, as the host saw them.
 */
function recordingOpener(wire: WireEvent[]): LinkOpener {
  return async (path, baud, handlers) => {
    const link = await openSerialLink(path, baud, {
      onData: (data) => {
        wire.push({ dir: 'in', text: data.toString('latin1') });
        handlers.onData(data);
      },
      onClose: (lost, reason) => handlers.onClose(lost, reason),
    });
    return {
      path: link.path,
      get open() {
        return link.open;
      },
      get bytesWritten() {
        return link.bytesWritten;
      },
      get refusedWrites() {
        return link.refusedWrites;
      },
      write(data) {
        wire.push({ dir: 'out', text: data.toString('latin1') });
        link.write(data);
      },
      close: () => link.close(),
    };
  };
}

/** Index of the wire event in which `line` (terminated) had been completely read. */
function readAt(wire: WireEvent[], line: string): number {
  let inbound = '';
  for (let i = 0; i < wire.length; i += 1) {
    if (wire[i]!.dir !== 'in') continue;
    inbound += wire[i]!.text;
    if (new RegExp(`(^|\\n)${line}\\r?\\n`).test(inbound)) return i;
  }
  return -1;
}

/** The program lines (not real-time bytes) in a run of writes. */
const programLines = (writes: string[]) =>
  writes
    .join('')
    .replace(/[?!~]/g, '')
    .replaceAll(String.fromCharCode(0x18), '')
    .split('\n')
    .filter((l) => l !== '');

/**
 * A laser job: fifteen 1 mm cuts fill Grbl's planner, line 17 is refused (error:20, an unknown Q word), and a
 * laser-on `M3 S80` sits behind it in the receive buffer with more cuts.
 */
const job = [
  'G21 G90',
  ...Array.from({ length: 15 }, (_, i) => `G1 X${i + 1} F600`),
  'G1 X17 Q1',
  'G1 X18',
  'M3 S80',
  ...Array.from({ length: 20 }, (_, i) => `G1 X${i + 20} Y1`),
  'M5',
];

async function start() {
  // 1 mm at 600 mm/min takes 100 ms; at half time the planner drains one cut every 50 ms.
  const machine = await fixture.machine('grbl', { timeScale: 0.5, holdDecelMs: 20 });
  const path = fixture.file('engrave.nc', `${job.join('\n')}\n`);
  const wire: WireEvent[] = [];
  const ends: JobProgressRecord[] = [];
  const session = new MachineSession(
    { machineId: 1, firmware: 'grbl', path: machine.path, baud: 115200 },
    { progress: (record, final) => final && ends.push(structuredClone(record)) },
    manualClock('2026-12-07T10:00:00Z'),
    recordingOpener(wire),
  );
  sessions.push(session);
  await session.connect();
  await session.startJob({ path, name: 'engrave.nc', sha256: 'x' });
  const end = await waitFor(() => ends[0], 20_000, 'the job to end');
  return { machine, sim: machine.sim as GrblSim, session, wire, end };
}

describe('stop means stop, over a real pseudo-terminal', () => {
  it('a refused line with lines still buffered: feed hold is the first byte written, no program line follows, the queued lines are named laser-on first, and Stop resets', async () => {
    const { sim, session, wire, end } = await start();
    expect(end).toMatchObject({ state: 'failed', failedLine: 17 });

    const errorAt = readAt(wire, 'error:20');
    expect(errorAt).toBeGreaterThan(0);
    const after = wire.slice(errorAt + 1).filter((e) => e.dir === 'out');
    // The very first byte the host wrote once it had read the error is the feed hold.
    expect(after[0]?.text.charCodeAt(0)).toBe(0x21);
    // What the controller holds is exactly what was written before the error was read and after line 17.
    const written = programLines(
      wire
        .slice(0, errorAt + 1)
        .filter((e) => e.dir === 'out')
        .map((e) => e.text),
    );
    const queued = written.slice(written.indexOf('G1 X17 Q1') + 1);
    expect(queued.slice(0, 2)).toEqual(['G1 X18', 'M3 S80']);
    expect(queued.length).toBeGreaterThan(3);

    // The operator is told, laser-on first, then the rest in program order.
    const notice = await waitFor(() => session.snapshot().queued, 2000, 'the queued-lines notice');
    expect(notice).toMatchObject({ cause: 'error', hold: '!', failedLine: 17 });
    expect(notice.lines.map((l) => l.text)).toEqual(['M3 S80', ...queued.filter((l) => l !== 'M3 S80')]);
    expect(notice.lines[0]).toMatchObject({ line: 19, energizes: true });
    expect(notice.lines.slice(1).every((l) => !l.energizes)).toBe(true);

    // The machine is held; Stop is a soft reset once the hold is complete.
    await waitFor(() => sim.state === 'Hold' && sim.subState === 0, 2000, 'Hold:0');
    const positionHeld = [...sim.mpos];
    const beforeStop = wire.length;
    session.action('stop');
    await waitFor(() => session.snapshot().state === 'Idle' && sim.state === 'Idle', 3000, 'the reset');
    const outs = wire.slice(beforeStop).filter((e) => e.dir === 'out');
    expect(outs.map((e) => e.text).join('')).toContain('\x18');
    expect(session.snapshot().queued).toBeNull();

    // From the error to the end nothing but real-time bytes went out: no program line was ever written again.
    expect(
      programLines(
        wire
          .slice(errorAt + 1)
          .filter((e) => e.dir === 'out')
          .map((e) => e.text),
      ),
    ).toEqual([]);
    // None of the held cuts ran: the head never moved past where the hold caught it.
    expect(sim.mpos).toEqual(positionHeld);
    expect(sim.mpos[0]).toBeLessThan(17);
  });

  it('disconnecting without an answer discards the held lines (soft reset): nothing runs at the next cycle start', async () => {
    const { sim, session } = await start();
    await waitFor(() => session.snapshot().queued, 2000, 'the queued-lines notice');
    await waitFor(() => sim.state === 'Hold' && sim.subState === 0, 2000, 'Hold:0');
    const held = [...sim.mpos];
    await session.disconnect();
    await waitFor(() => sim.state === 'Idle', 2000, 'the controller to reset');
    expect(sim.mpos).toEqual(held);
  });

  it("the machine's own reset empties it: the notice goes without a choice being sent", async () => {
    const { sim, session, wire } = await start();
    await waitFor(() => session.snapshot().queued, 2000, 'the queued-lines notice');
    await waitFor(() => sim.state === 'Hold' && sim.subState === 0, 2000, 'Hold:0');
    const before = wire.length;
    // The reset button on the controller (the same as a reset byte arriving from elsewhere).
    sim.receive(Buffer.from([0x18]));
    await waitFor(() => session.snapshot().queued === null, 2000, 'the notice to go');
    const outs = wire
      .slice(before)
      .filter((e) => e.dir === 'out')
      .map((e) => e.text)
      .join('');
    expect(outs.replaceAll('?', '')).toBe('');
  });

  it('Continue instead: a cycle start, and the held lines run', async () => {
    const { sim, session, wire } = await start();
    await waitFor(() => session.snapshot().queued, 2000, 'the queued-lines notice');
    await waitFor(() => sim.state === 'Hold' && sim.subState === 0, 2000, 'Hold:0');
    await waitFor(() => session.snapshot().subState === 0, 2000, 'the host to see Hold:0');
    const errorAt = readAt(wire, 'error:20');
    const written = programLines(
      wire
        .slice(0, errorAt + 1)
        .filter((e) => e.dir === 'out')
        .map((e) => e.text),
    );
    const lastCut = written.findLast((l) => l.startsWith('G1 X'))!;
    const lastX = Number(/X(\d+)/.exec(lastCut)![1]);
    expect(lastX).toBeGreaterThan(18);
    const beforeContinue = wire.length;
    session.action('resume');
    // Everything the controller held runs, up to the last cut written before the error — and nothing after it.
    await waitFor(() => sim.state === 'Idle' && sim.mpos[0] === lastX, 5000, 'the held cuts to run');
    expect(sim.accepted.at(-1)).toBe(lastCut);
    const outs = wire
      .slice(beforeContinue)
      .filter((e) => e.dir === 'out')
      .map((e) => e.text)
      .join('');
    expect(outs).toContain('~');
    expect(programLines([outs])).toEqual([]);
    expect(session.snapshot().queued).toBeNull();
  });
});
