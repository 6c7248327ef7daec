import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrblStreamer } from '../../../main/machines/streamer/grbl-streamer.js';
import { arraySource, type JobOutcome } from '../../../main/machines/streamer/types.js';

/** A streamer on a hand-driven clock with everything it writes recorded: the firmware is the test. */
function rig() {
  let now = 0;
  const writes: string[] = [];
  const outcomes: JobOutcome[] = [];
  const stalls: number[] = [];
  const streamer = new GrblStreamer(
    { write: (d) => writes.push(typeof d === 'string' ? d : d.toString('latin1')), now: () => now },
    { onJobEnd: (o) => outcomes.push(o), onStall: (ms) => stalls.push(ms) },
  );
  const lines = () =>
    writes
      .join('')
      .split('\n')
      .filter((l) => l !== '' && l !== '?');
  return {
    streamer,
    writes,
    outcomes,
    stalls,
    lines,
    advance(ms: number) {
      for (let t = 0; t < ms; t += 50) {
        now += 50;
        streamer.tick();
      }
    },
  };
}

const program = (n: number) => Array.from({ length: n }, (_, i) => `G1 X${i}.123 Y${i}.456 Z0.789 F1500`);

describe('Grbl character counting', () => {
  it('fills but never overflows the 128-byte receive buffer, sends more as each ok frees room, and ends when the machine is idle', () => {
    const r = rig();
    const lines = program(20);
    r.streamer.startJob(arraySource(lines));
    const sent = r.lines();
    const bytes = sent.reduce((sum, l) => sum + l.length + 1, 0);
    expect(bytes).toBeLessThanOrEqual(127);
    expect(bytes + lines[sent.length]!.length + 1).toBeGreaterThan(127);
    r.streamer.onLine('ok');
    expect(r.lines().length).toBeGreaterThan(sent.length);
    for (let i = 0; i < 20; i += 1) r.streamer.onLine('ok');
    expect(r.lines()).toEqual(lines);
    expect(r.outcomes).toEqual([]);
    r.streamer.onLine('<Run|MPos:5.000,0.000,0.000>');
    expect(r.outcomes).toEqual([]);
    r.streamer.onLine('<Idle|MPos:19.123,0.000,0.000>');
    expect(r.outcomes).toEqual([{ kind: 'completed' }]);
  });

  it('an answer to a $I sent before a reset frees nothing: its ok must not let a job line overflow the buffer', () => {
    const r = rig();
    r.streamer.identify(); // $I is in flight…
    // …the board resets as the port opens (old boot text still in the pipe): the window is cleared and $I asked again.
    r.streamer.onLine("Grbl 1.1h ['$' for help]");
    // The first $I's answer arrives now, while the second $I is in flight.
    r.streamer.onLine('[VER:1.1h.20190825:]');
    r.streamer.onLine('[OPT:V,15,128]');
    r.streamer.onLine('ok'); // answers the first $I, which the reset already forgot: a stray
    const lines = program(20);
    r.streamer.startJob(arraySource(lines));
    // The second $I (4 bytes) is still unanswered: the job may use only what is left of the 127 bytes.
    const job = r.lines().filter((l) => l !== '$I');
    expect(job.reduce((sum, l) => sum + l.length + 1, 0) + 4).toBeLessThanOrEqual(127);
    r.streamer.onLine('[VER:1.1h.20190825:]');
    r.streamer.onLine('[OPT:V,15,128]');
    r.streamer.onLine('ok'); // the second $I's own answer frees its 4 bytes
    const after = r.lines().filter((l) => l !== '$I');
    expect(after.reduce((sum, l) => sum + l.length + 1, 0)).toBeLessThanOrEqual(127);
    expect(after.length).toBeGreaterThanOrEqual(job.length);
  });

  it('a reset before the $I answer waits a moment for it and asks again only when it does not come', () => {
    const answered = rig();
    answered.streamer.identify();
    answered.streamer.onLine("Grbl 1.1h ['$' for help]");
    answered.advance(200);
    answered.streamer.onLine('[VER:1.1h.20190825:]');
    answered.streamer.onLine('[OPT:V,15,128]');
    answered.streamer.onLine('ok');
    answered.advance(1000);
    expect(
      answered
        .lines()
        .map((l) => l.replace(/\?/g, ''))
        .filter((l) => l === '$I'),
    ).toEqual(['$I']);
    expect(answered.streamer.identified).toBe(true);

    const lost = rig();
    lost.streamer.identify();
    lost.streamer.onLine("Grbl 1.1h ['$' for help]");
    const asked = () =>
      lost
        .lines()
        .map((l) => l.replace(/\?/g, ''))
        .filter((l) => l === '$I');
    lost.advance(450);
    expect(asked()).toEqual(['$I']);
    lost.advance(100);
    expect(asked()).toEqual(['$I', '$I']);
  });

  it('sizes the window from [OPT:…] so a grblHAL with 1024 bytes gets more in flight', () => {
    const r = rig();
    r.streamer.onLine('[OPT:VNMZL,100,1024,3,0]');
    r.streamer.startJob(arraySource(program(100)));
    const bytes = r.lines().reduce((sum, l) => sum + l.length + 1, 0);
    expect(bytes).toBeGreaterThan(900);
    expect(bytes).toBeLessThanOrEqual(1023);
  });

  it('sends settings one at a time, waiting for each ok', () => {
    const r = rig();
    r.streamer.command('$110=500');
    r.streamer.command('$111=500');
    r.streamer.command('G0 X1');
    expect(r.lines()).toEqual(['$110=500']);
    r.streamer.onLine('ok');
    expect(r.lines()).toEqual(['$110=500', '$111=500']);
    r.streamer.onLine('ok');
    expect(r.lines()).toEqual(['$110=500', '$111=500', 'G0 X1']);
  });

  it('stops on the first error naming the exact line and the lines already in the controller', () => {
    const r = rig();
    r.streamer.startJob(arraySource(['G21', 'G1 X1 F100', 'G1 Q5', 'G1 X2', 'G1 X3']));
    r.streamer.onLine('ok');
    r.streamer.onLine('ok');
    const before = r.writes.length;
    r.streamer.onLine('error:20');
    // The lines still buffered would run: the feed hold goes out at once, and nothing else.
    expect(r.writes.slice(before)).toEqual(['!']);
    expect(r.outcomes[0]).toMatchObject({ kind: 'failed', line: 3, buffered: [4, 5] });
    expect((r.outcomes[0] as { reason: string }).reason).toMatch(/Line 3 .*Unsupported command/);
    r.streamer.onLine('ok');
    r.streamer.onLine('ok');
    expect(r.lines().filter((l) => l !== '!')).toHaveLength(5);
  });

  it('counts a blank or comment-only line as done without sending it', () => {
    const r = rig();
    const acked: number[] = [];
    const s = new GrblStreamer(
      { write: () => undefined, now: () => 0 },
      { onAck: (l) => acked.push(l.line), onJobEnd: (o) => r.outcomes.push(o) },
    );
    s.startJob(arraySource(['G21', '', '(comment)', 'G0 X1']));
    s.onLine('ok');
    s.onLine('ok');
    expect(acked).toEqual([1, 4]);
    s.onLine('<Idle|MPos:1.000,0.000,0.000>');
    expect(r.outcomes).toEqual([{ kind: 'completed' }]);
  });
});

describe('Grbl hold and resume', () => {
  it('holds `~` back while the machine still decelerates (Hold:1) and sends it at Hold:0', () => {
    const r = rig();
    r.streamer.onLine('<Run|MPos:0.000,0.000,0.000|FS:500,0>');
    r.streamer.hold();
    r.streamer.onLine('<Hold:1|MPos:1.000,0.000,0.000|FS:200,0>');
    r.writes.length = 0;
    r.streamer.resume();
    expect(r.writes.join('')).not.toContain('~');
    expect(r.streamer.resumePending).toBe(true);
    r.streamer.onLine('<Hold:1|MPos:1.200,0.000,0.000|FS:50,0>');
    expect(r.writes.join('')).not.toContain('~');
    r.streamer.onLine('<Hold:0|MPos:1.250,0.000,0.000|FS:0,0>');
    expect(r.writes.join('')).toContain('~');
    expect(r.streamer.resumePending).toBe(false);
  });

  it('stops a job without losing position: feed hold, then reset once the hold is complete', () => {
    const r = rig();
    r.streamer.startJob(arraySource(program(10)));
    r.streamer.onLine('<Run|MPos:0.000,0.000,0.000|FS:500,0>');
    r.writes.length = 0;
    r.streamer.stop();
    expect(r.writes).toEqual(['!']);
    r.streamer.onLine('<Hold:0|MPos:1.000,0.000,0.000|FS:0,0>');
    expect(r.writes).toEqual(['!', '\x18']);
    r.streamer.onLine("Grbl 1.1h ['$' for help]");
    expect(r.outcomes).toEqual([{ kind: 'stopped', reason: 'Stopped by the operator.' }]);
  });
});

describe('Grbl link health', () => {
  it('polls status about five times a second and raises a stall within 2 s of silence', () => {
    const r = rig();
    r.streamer.startJob(arraySource(program(5)));
    r.advance(1000);
    expect(r.writes.filter((w) => w === '?').length).toBeGreaterThanOrEqual(4);
    expect(r.stalls).toEqual([]);
    r.advance(1000);
    expect(r.stalls.length).toBe(1);
    expect(r.stalls[0]).toBeLessThanOrEqual(2000);
    r.streamer.onLine('<Run|MPos:0.000,0.000,0.000>');
    expect(r.streamer.stalled).toBe(false);
  });

  it('keeps the last work offset to compute work position from later reports', () => {
    const r = rig();
    r.streamer.onLine('<Idle|MPos:10.000,5.000,0.000|WCO:2.000,1.000,0.000>');
    r.streamer.onLine('<Idle|MPos:12.000,5.000,0.000>');
    expect(r.streamer.status?.wpos).toEqual([10, 4, 0]);
  });

  it('survives any garbage and malformed status: nothing acknowledged, nothing thrown', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 20 }), (noise) => {
        const r = rig();
        r.streamer.startJob(arraySource(program(10)));
        const before = r.lines().length;
        for (const line of noise)
          if (!/^\s*(ok|error:\d+|ALARM:\d+|Grbl)/.test(line)) r.streamer.onLine(line);
        expect(r.lines().length).toBe(before);
        expect(r.outcomes).toEqual([]);
      }),
    );
  });

  it('ends the job as interrupted and writes nothing more when the link goes away', () => {
    const r = rig();
    r.streamer.startJob(arraySource(program(10)));
    r.writes.length = 0;
    r.streamer.interrupt('The USB cable was unplugged.');
    r.streamer.onLine('ok');
    expect(r.outcomes).toEqual([{ kind: 'interrupted', reason: 'The USB cable was unplugged.' }]);
    expect(r.writes).toEqual([]);
  });
});
