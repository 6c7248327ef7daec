import { afterEach, describe, expect, it } from 'vitest';
import { grblLoopback, marlinLoopback } from '../../../main/machines/sim/loopback.js';
import { arraySource, type JobOutcome } from '../../../main/machines/streamer/types.js';
import { syntheticProgram } from '../../helpers/gcode-program.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

function outcome(): { promise: Promise<JobOutcome>; resolve: (o: JobOutcome) => void } {
  let resolve!: (o: JobOutcome) => void;
  const promise = new Promise<JobOutcome>((r) => (resolve = r));
  return { promise, resolve };
}

describe('streaming to a simulated firmware in the same process', () => {
  it('delivers 10,000 lines to the simulated Grbl in order, none lost or repeated, never overflowing 128 bytes', async () => {
    const program = syntheticProgram(10_000);
    const done = outcome();
    let maxBuffered = 0;
    const loop = grblLoopback(
      {},
      {
        onJobEnd: done.resolve,
        onAck: () => (maxBuffered = Math.max(maxBuffered, loop.streamer.bufferedBytes)),
      },
    );
    closers.push(() => loop.close());
    loop.streamer.startJob(arraySource(program.lines));
    expect(await done.promise).toEqual({ kind: 'completed' });
    expect(loop.firmware.accepted).toEqual(program.expected);
    expect(loop.firmware.droppedBytes).toBe(0);
    expect(maxBuffered).toBeLessThanOrEqual(127);
  });

  for (const advancedOk of [false, true]) {
    it(`delivers 10,000 lines to the simulated Marlin with 5% corrupted lines (ADVANCED_OK ${advancedOk ? 'on' : 'off'})`, async () => {
      const program = syntheticProgram(10_000);
      const done = outcome();
      const loop = marlinLoopback(
        { advancedOk, faults: { corruptLine: 0.05 }, seed: advancedOk ? 11 : 5 },
        { onJobEnd: done.resolve },
      );
      closers.push(() => loop.close());
      loop.streamer.startJob(arraySource(program.lines));
      expect(await done.promise).toEqual({ kind: 'completed' });
      expect(loop.firmware.accepted.filter((c) => !c.startsWith('M110'))).toEqual(program.expected);
      expect(loop.firmware.acceptedN.filter((n) => n > 0)).toEqual(
        Array.from({ length: program.expected.length }, (_, i) => i + 1),
      );
    });
  }

  for (const advancedOk of [false, true]) {
    it(`survives lost, doubled and damaged lines and oks plus line noise (Marlin, ADVANCED_OK ${advancedOk ? 'on' : 'off'})`, async () => {
      const program = syntheticProgram(2000);
      const done = outcome();
      const faults = { corruptLine: 0.05, dropOk: 0.01, duplicateOk: 0.01, garbage: 0.01, dropByte: 0.01 };
      const loop = marlinLoopback(
        { advancedOk, faults, seed: 2 },
        { onJobEnd: done.resolve },
        { okTimeoutMs: 300 },
      );
      closers.push(() => loop.close());
      loop.streamer.startJob(arraySource(program.lines));
      expect(await done.promise).toEqual({ kind: 'completed' });
      expect(loop.firmware.acceptedNumbered).toEqual(program.expected);
    });
  }

  it('Marlin: heats with busy keep-alives, shows the M0 prompt, and carries on when the operator answers', async () => {
    const done = outcome();
    const loop = marlinLoopback({ heatRate: 2000, busyIntervalMs: 100 }, { onJobEnd: done.resolve });
    closers.push(() => loop.close());
    loop.streamer.identify();
    await new Promise((r) => setTimeout(r, 100));
    loop.streamer.startJob(arraySource(['M190 S60', 'M109 S200', 'G28', 'M0', 'G1 X10 F3000']));
    const prompt = await new Promise<unknown>((resolve) => {
      const timer = setInterval(() => {
        if (loop.streamer.prompt !== null) {
          clearInterval(timer);
          resolve(loop.streamer.prompt);
        }
      }, 10);
    });
    expect(prompt).toEqual({ text: 'Paused: press Continue', buttons: ['Continue'] });
    expect(loop.firmware.heaters.T.target).toBe(200);
    expect(loop.streamer.stalled).toBe(false);
    loop.streamer.answerPrompt(0);
    expect(await done.promise).toEqual({ kind: 'completed' });
    expect(loop.firmware.acceptedNumbered).toEqual(['M190 S60', 'M109 S200', 'G28', 'M0', 'G1 X10 F3000']);
  });

  it('Grbl: an emergency stop while moving ends the job and leaves ALARM:3, which asks for homing', async () => {
    const done = outcome();
    const loop = grblLoopback({ timeScale: 1 }, { onJobEnd: done.resolve });
    closers.push(() => loop.close());
    loop.streamer.startJob(arraySource(['G21 G90', 'G1 X100 F600', 'G1 X0']));
    await new Promise((r) => setTimeout(r, 300));
    expect(loop.firmware.state).toBe('Run');
    loop.streamer.estop();
    expect(await done.promise).toMatchObject({ kind: 'stopped' });
    expect(loop.streamer.alarm).toBe(3);
    expect(loop.firmware.state).toBe('Alarm');
    loop.streamer.command('G1 X5');
    await new Promise((r) => setTimeout(r, 50));
    expect(loop.streamer.lastError?.code).toBe(9);
  });
});
