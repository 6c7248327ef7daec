import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgressRecord } from '../../../main/machines/job-runner.js';
import { MachineSession } from '../../../main/machines/session.js';
import type { GrblSim } from '../../../main/machines/sim/grbl-sim.js';
import type { MarlinSim } from '../../../main/machines/sim/marlin-sim.js';
import { systemClock } from '../../../main/kernel/clock.js';
import { syntheticProgram } from '../../helpers/gcode-program.js';
import { ptyFixture, waitFor } from '../../helpers/pty.js';

const fixture = ptyFixture();
const sessions: MachineSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.disconnect();
  await fixture.cleanup();
});

/** A session on a real pseudo-terminal opened with the real serialport, recording what it persists. */
async function connect(firmware: 'grbl' | 'marlin', path: string) {
  const progress: { record: JobProgressRecord; final: boolean; at: number }[] = [];
  const session = new MachineSession(
    { machineId: 1, firmware, path, baud: 115200 },
    {
      progress: (record, final) =>
        progress.push({ record: structuredClone(record), final, at: performance.now() }),
    },
    systemClock,
  );
  sessions.push(session);
  await session.connect();
  return { session, progress };
}

const finalRecord = async (
  progress: { record: JobProgressRecord; final: boolean; at: number }[],
  timeoutMs = 30_000,
) => waitFor(() => progress.find((p) => p.final), timeoutMs, 'the job to end');

describe('streaming through a pseudo-terminal with the real serialport', () => {
  it('streams a 10,000-line file to the simulated Grbl with no line lost, repeated or out of order', async () => {
    const machine = await fixture.machine('grbl');
    const program = syntheticProgram(10_000);
    const path = fixture.file('ten-thousand.nc', program.text);
    const { session, progress } = await connect('grbl', machine.path);
    await session.startJob({ path, name: 'ten-thousand.nc', sha256: 'x' });
    const end = await finalRecord(progress);
    expect(end.record).toMatchObject({
      state: 'completed',
      ackedLine: 10_000,
      ackedOffset: program.text.length,
    });
    expect((machine.sim as GrblSim).accepted).toEqual(program.expected);
    expect((machine.sim as GrblSim).droppedBytes).toBe(0);
  });

  it('streams a 10,000-line file to the simulated Marlin, one line in flight (no ADVANCED_OK), none lost, repeated or out of order', async () => {
    const machine = await fixture.machine('marlin');
    const program = syntheticProgram(10_000);
    const path = fixture.file('ten-thousand.gcode', program.text);
    const { session, progress } = await connect('marlin', machine.path);
    await session.startJob({ path, name: 'ten-thousand.gcode', sha256: 'x' });
    const end = await finalRecord(progress);
    expect(end.record).toMatchObject({
      state: 'completed',
      ackedLine: 10_000,
      ackedOffset: program.text.length,
    });
    const sim = machine.sim as MarlinSim;
    expect(sim.acceptedNumbered).toEqual(program.expected);
    expect(sim.acceptedN.filter((n) => n > 0)).toEqual(
      Array.from({ length: program.expected.length }, (_, i) => i + 1),
    );
  });

  it('streams a 10,000-line file to the simulated Marlin with 5% of lines corrupted on the way, none lost or repeated', async () => {
    const machine = await fixture.machine('marlin', {
      advancedOk: true,
      faults: { corruptLine: 0.05 },
      seed: 3,
    });
    const program = syntheticProgram(10_000);
    const path = fixture.file('ten-thousand.gcode', program.text);
    const { session, progress } = await connect('marlin', machine.path);
    await session.startJob({ path, name: 'ten-thousand.gcode', sha256: 'x' });
    const end = await finalRecord(progress);
    expect(end.record.state).toBe('completed');
    const sim = machine.sim as MarlinSim;
    expect(sim.acceptedNumbered).toEqual(program.expected);
    expect(sim.acceptedN.filter((n) => n > 0)).toEqual(
      Array.from({ length: program.expected.length }, (_, i) => i + 1),
    );
  });

  it('persists progress at least once a second while a job runs', async () => {
    const machine = await fixture.machine('grbl', { timeScale: 0.02 });
    const path = fixture.file('slow.nc', syntheticProgram(400).text);
    const { session, progress } = await connect('grbl', machine.path);
    await session.startJob({ path, name: 'slow.nc', sha256: 'x' });
    await new Promise((r) => setTimeout(r, 2500));
    await session.disconnect();
    const times = progress.map((p) => p.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...gaps)).toBeLessThan(1000);
    expect(progress.at(-1)!.record.ackedLine).toBeGreaterThan(0);
  });

  for (const firmware of ['grbl', 'marlin'] as const) {
    it(`${firmware}: pulling the plug mid-job interrupts it within 1 s, writes nothing more, and keeps the right resume line`, async () => {
      const machine = await fixture.machine(
        firmware,
        firmware === 'grbl' ? { timeScale: 0.001 } : { timeScale: 0.05 },
      );
      const program = syntheticProgram(3000);
      const path = fixture.file('unplug.nc', program.text);
      const { session, progress } = await connect(firmware, machine.path);
      await session.startJob({ path, name: 'unplug.nc', sha256: 'x' });
      await waitFor(() => (session.job?.record.ackedLine ?? 0) > 200, 20_000, 'some progress');
      const pulledAt = performance.now();
      await machine.unplug();
      const end = await finalRecord(progress, 2000);
      expect(end.at - pulledAt).toBeLessThan(1000);
      expect(end.record.state).toBe('interrupted');
      expect(session.snapshot().connection).toBe('lost');
      const written = session.linkStats!.bytesWritten;
      await new Promise((r) => setTimeout(r, 300));
      expect(session.linkStats).toEqual({ bytesWritten: written, refusedWrites: 0 });
      // Resume line: the one after the last acknowledged line. The machine got every acknowledged line;
      // lines it took but whose ok was lost with the cable will run again (never skipped).
      const acked = end.record.ackedLine;
      const sim = machine.sim;
      const accepted = 'acceptedNumbered' in sim ? sim.acceptedNumbered : sim.accepted;
      const expectedUpToAcked = program.lines
        .slice(0, acked)
        .map((l) =>
          l
            .replace(/\(.*?\)/g, '')
            .replace(/;.*$/, '')
            .trim(),
        )
        .filter((l) => l !== '');
      expect(accepted.slice(0, expectedUpToAcked.length)).toEqual(expectedUpToAcked);
      expect(end.record.ackedOffset).toBe(
        program.lines.slice(0, acked).reduce((n, l) => n + l.length + 1, 0),
      );
    });
  }

  for (const firmware of ['grbl', 'marlin'] as const) {
    it(`${firmware}: a link that goes silent without closing (a hung controller; Windows may never report the unplug) raises the stall alert within 2 s`, async () => {
      const machine = await fixture.machine(firmware, { timeScale: 0.005 });
      const path = fixture.file('silent.nc', syntheticProgram(3000).text);
      const { session } = await connect(firmware, machine.path);
      await session.startJob({ path, name: 'silent.nc', sha256: 'x' });
      await waitFor(() => (session.job?.record.ackedLine ?? 0) > 50, 20_000, 'some progress');
      expect(session.snapshot().stalled).toBe(false);
      // The controller stops answering; socat and the port stay open, so no close event comes.
      machine.sim.close();
      const silentFrom = performance.now();
      await waitFor(() => session.snapshot().stalled, 3000, 'the stall alert');
      expect(performance.now() - silentFrom).toBeLessThan(2000);
      expect(session.snapshot().connection).toBe('connected');
      const said = session.consoleLines(undefined, 50).map((l) => l.text);
      expect(said.some((t) => t.startsWith('No answer from the machine'))).toBe(true);
    });
  }

  it('holds a resume back while Grbl is still decelerating (Hold:1) and sends it at Hold:0', async () => {
    const machine = await fixture.machine('grbl', { timeScale: 1, holdDecelMs: 400 });
    const path = fixture.file('long-moves.nc', 'G21 G90\nG1 X100 F300\nG1 X0 F300\n');
    const { session, progress } = await connect('grbl', machine.path);
    await session.startJob({ path, name: 'long-moves.nc', sha256: 'x' });
    const sim = machine.sim as GrblSim;
    await waitFor(() => sim.state === 'Run', 5000, 'Run');
    session.action('hold');
    await waitFor(
      () => session.snapshot().state === 'Hold' && session.snapshot().subState === 1,
      5000,
      'Hold:1',
    );
    session.action('resume');
    expect(session.snapshot().resumePending).toBe(true);
    await waitFor(() => sim.state === 'Run', 5000, 'Run again');
    expect(sim.ignoredCycleStarts).toBe(0);
    expect(session.snapshot().resumePending).toBe(false);
    session.action('stop');
    expect((await finalRecord(progress, 5000)).record.state).toBe('stopped');
  });

  it('garbage bytes and malformed status reports never crash a session or lose a line', async () => {
    const machine = await fixture.machine('grbl', {
      faults: { garbage: 0.05, malformedStatus: 0.5 },
      seed: 9,
    });
    const program = syntheticProgram(2000);
    const path = fixture.file('noisy.nc', program.text);
    const { session, progress } = await connect('grbl', machine.path);
    await session.startJob({ path, name: 'noisy.nc', sha256: 'x' });
    expect((await finalRecord(progress)).record.state).toBe('completed');
    expect((machine.sim as GrblSim).accepted).toEqual(program.expected);
    expect(session.snapshot().connection).toBe('connected');
  });

  it('garbage bytes from a Marlin printer never crash a session or lose a line', async () => {
    const machine = await fixture.machine('marlin', { faults: { garbage: 0.05 }, seed: 9 });
    const program = syntheticProgram(2000);
    const path = fixture.file('noisy.gcode', program.text);
    const { session, progress } = await connect('marlin', machine.path);
    await session.startJob({ path, name: 'noisy.gcode', sha256: 'x' });
    expect((await finalRecord(progress)).record.state).toBe('completed');
    expect((machine.sim as MarlinSim).acceptedNumbered).toEqual(program.expected);
    expect(session.snapshot().connection).toBe('connected');
  });
});
