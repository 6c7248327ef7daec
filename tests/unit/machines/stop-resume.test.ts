import { describe, expect, it } from 'vitest';
import { resumeSuggestionFor } from '../../../main/machines/job-runner.js';
import { GrblStreamer } from '../../../main/machines/streamer/grbl-streamer.js';
import { MarlinStreamer } from '../../../main/machines/streamer/marlin-streamer.js';
import { orderQueued, suggestResume, type ControllerDepth } from '../../../main/machines/streamer/queued.js';
import { arraySource, type JobOutcome } from '../../../main/machines/streamer/types.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function grblRig() {
  const writes: string[] = [];
  const outcomes: JobOutcome[] = [];
  const streamer = new GrblStreamer(
    { write: (d) => writes.push(typeof d === 'string' ? d : d.toString('latin1')), now: () => 0 },
    { onJobEnd: (o) => outcomes.push(o) },
  );
  return { streamer, writes, outcomes };
}

function marlinRig() {
  const writes: string[] = [];
  const outcomes: JobOutcome[] = [];
  const streamer = new MarlinStreamer(
    { write: (d) => writes.push(typeof d === 'string' ? d : d.toString('latin1')), now: () => 0 },
    { onJobEnd: (o) => outcomes.push(o) },
  );
  return { streamer, writes, outcomes };
}

const grbl = (plannerBlocks: number): ControllerDepth => ({
  firmware: 'grbl',
  plannerBlocks,
  plannerSource: 'reported',
  segmentBlocks: 5,
});

/** Lines 1..n all reached the controller. */
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('stop means stop: Grbl', () => {
  const laserJob = ['G21 G90', 'M4 S0', 'G1 X1 F600', 'G1 X2 Q1', 'G1 X3', 'M3 S80', 'G1 X4', 'M5'];

  it('holds at once after a refused line, writes no further program line, and names the queued lines', () => {
    const r = grblRig();
    r.streamer.startJob(arraySource(laserJob));
    expect(r.writes.join('')).toBe(`${laserJob.join('\n')}\n`);
    r.streamer.onLine('ok');
    r.streamer.onLine('ok');
    r.streamer.onLine('ok');
    const before = r.writes.length;
    r.streamer.onLine('error:20');
    expect(r.writes.slice(before)).toEqual(['!']);
    expect(r.outcomes[0]).toMatchObject({
      kind: 'failed',
      line: 4,
      held: {
        hold: '!',
        lines: [
          { line: 5, text: 'G1 X3' },
          { line: 6, text: 'M3 S80' },
          { line: 7, text: 'G1 X4' },
          { line: 8, text: 'M5' },
        ],
      },
    });
    // The held lines are still answered; none of their oks sends anything (the job is over).
    for (let i = 0; i < 4; i += 1) r.streamer.onLine('ok');
    expect(r.writes.slice(before)).toEqual(['!']);
  });

  it('Stop after the hold is a soft reset at Hold:0; Continue is a cycle start', () => {
    const stop = grblRig();
    stop.streamer.startJob(arraySource(laserJob));
    stop.streamer.onLine('error:20');
    stop.streamer.onLine('<Hold:0|MPos:0.000,0.000,0.000|FS:0,0>');
    const at = stop.writes.length;
    stop.streamer.stop();
    expect(stop.writes.slice(at)).toEqual(['\x18']);

    const go = grblRig();
    go.streamer.startJob(arraySource(laserJob));
    go.streamer.onLine('error:20');
    go.streamer.onLine('<Hold:0|MPos:0.000,0.000,0.000|FS:0,0>');
    const at2 = go.writes.length;
    go.streamer.resume();
    expect(go.writes.slice(at2)).toEqual(['~']);
  });

  it('an operator stop of a laser program holds at once and keeps the queued lines for the decision', () => {
    const r = grblRig();
    r.streamer.startJob(arraySource(laserJob));
    r.streamer.onLine('ok');
    r.streamer.onLine('<Run|MPos:0.000,0.000,0.000|FS:600,0>');
    const before = r.writes.length;
    r.streamer.holdAndStop();
    expect(r.writes.slice(before)).toEqual(['!']);
    const outcome = r.outcomes[0];
    expect(outcome?.kind).toBe('stopped');
    if (outcome?.kind !== 'stopped') return;
    expect(outcome.held?.lines.map((l) => l.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    // No soft reset until the operator chooses Stop.
    r.streamer.onLine('<Hold:0|MPos:0.500,0.000,0.000|FS:0,0>');
    expect(r.writes.slice(before)).toEqual(['!']);
  });

  it('reads the planner depth from $I: [OPT:V,15,128] and [OPT:V,16,128]; 15 when not reported', () => {
    const r = grblRig();
    expect(r.streamer.depth).toEqual({ ...grbl(15), plannerSource: 'default' });
    r.streamer.onLine('[OPT:V,15,128]');
    expect(r.streamer.depth).toEqual(grbl(15));
    r.streamer.onLine('[OPT:VL,16,128]');
    expect(r.streamer.depth).toEqual(grbl(16));
    r.streamer.onLine('[OPT:V,0,128]');
    expect(r.streamer.depth.plannerBlocks).toBe(16);
  });
});

describe('stop means stop: the queued lines shown to the operator', () => {
  it('puts laser, spindle and fan-on lines first, each group in program order', () => {
    const ordered = orderQueued(
      [
        { line: 10, text: 'G1 X1' },
        { line: 11, text: 'M3 S0' },
        { line: 12, text: 'M106' },
        { line: 13, text: 'G1 X2 S80' },
        { line: 14, text: 'M5' },
        { line: 15, text: 'G1 X3 S90' },
        { line: 16, text: 'M4 S120' },
        { line: 17, text: 'M106 S0' },
      ],
      false,
    );
    expect(ordered.map((l) => [l.line, l.energizes])).toEqual([
      [12, true],
      [13, true],
      [16, true],
      [10, false],
      [11, false],
      [14, false],
      [15, false],
      [17, false],
    ]);
  });

  it('on a 3D printer M106 is the part-cooling fan, not a laser: it is not put first', () => {
    const lines = [
      { line: 1, text: 'G1 X1' },
      { line: 2, text: 'M106 S255' },
    ];
    expect(orderQueued(lines, false, false).map((l) => [l.line, l.energizes])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(orderQueued(lines, false, true)[0]).toMatchObject({ line: 2, energizes: true });
  });

  it('a bare S raises the power only while the spindle is already on', () => {
    expect(orderQueued([{ line: 1, text: 'G1 X1 S50' }], true)[0]!.energizes).toBe(true);
    expect(orderQueued([{ line: 1, text: 'G1 X1 S50' }], false)[0]!.energizes).toBe(false);
  });
});

describe('stop means stop: Marlin', () => {
  it('an operator stop of a laser program sends M410 first and names the lines in the command queue', () => {
    const r = marlinRig();
    r.streamer.onLine('ok P15 B3');
    r.streamer.startJob(arraySource(['M3 S255', 'G1 X10 F600', 'G1 X20', 'M5']));
    // Three in flight: M110, line 1, line 2.
    const before = r.writes.length;
    r.streamer.stop({ ask: true });
    expect(r.writes[before]).toBe('M410\n');
    const outcome = r.outcomes[0];
    expect(outcome).toMatchObject({ kind: 'stopped', held: { hold: 'M410' } });
    if (outcome?.kind !== 'stopped') return;
    expect(outcome.held?.lines).toEqual([
      { line: 1, text: 'M3 S255' },
      { line: 2, text: 'G1 X10 F600' },
    ]);
  });

  it('giving up on a noisy line quick-stops the planned motion before the job ends', () => {
    const r = marlinRig();
    r.streamer.startJob(arraySource(['G1 X1', 'G1 X2', 'G1 X3']));
    r.streamer.onLine('ok');
    for (let i = 0; i < 11; i += 1) {
      r.streamer.onLine('Error:checksum mismatch, Last Line: 0');
      r.streamer.onLine('Resend: 1');
      r.streamer.onLine('ok');
    }
    expect(r.outcomes[0]).toMatchObject({ kind: 'failed', held: { hold: 'M410' } });
    expect(r.writes).toContain('M410\n');
  });

  it("takes BLOCK_BUFFER_SIZE from ADVANCED_OK's P (largest free + the slot kept empty), else 16", () => {
    const r = marlinRig();
    expect(r.streamer.depth).toEqual({
      firmware: 'marlin',
      plannerBlocks: 16,
      plannerSource: 'default',
      segmentBlocks: 0,
    });
    r.streamer.onLine('ok N3 P12 B3');
    r.streamer.onLine('ok N4 P31 B3');
    r.streamer.onLine('ok N5 P20 B3');
    expect(r.streamer.depth).toMatchObject({ plannerBlocks: 32, plannerSource: 'reported' });
  });
});

describe('resume never skips work', () => {
  it('Grbl, planner 15: backs up over 15 planned + 5 stepping moves; line 80 (exactly 20 back) is the first resent', () => {
    const s = suggestResume(upTo(100), 100, 1, grbl(15));
    expect(s).toMatchObject({ line: 81, linesBack: 20, atStart: false });
    // The boundary from both sides: 81..100 are resent (20 lines), 80 is not — it was the 21st move back.
    const resent = upTo(100).filter((l) => l >= s.line);
    expect(resent).toHaveLength(20);
    expect(resent).not.toContain(80);
  });

  it('Grbl, planner 16 ([OPT:V,16,128]): one more line back than with 15', () => {
    expect(suggestResume(upTo(100), 100, 1, grbl(16)).line).toBe(80);
    expect(suggestResume(upTo(100), 100, 1, grbl(15)).line).toBe(81);
  });

  it('counts only lines that reached the controller: comments and blanks in between do not shorten the back-up', () => {
    // Every third program line is a comment: the 20 controller lines before 150 stretch back further.
    const sent = upTo(150).filter((l) => l % 3 !== 0);
    const s = suggestResume(sent, 150, 1, grbl(15));
    expect(sent.filter((l) => l >= s.line)).toHaveLength(20);
    expect(s.line).toBe(121);
  });

  it('at the start boundary: exactly 20 acknowledged lines go back to the first; 21 do not', () => {
    expect(suggestResume(upTo(20), 20, 1, grbl(15))).toMatchObject({ line: 1, atStart: true });
    expect(suggestResume(upTo(21), 21, 1, grbl(15))).toMatchObject({ line: 2, atStart: false });
    // A resumed run never backs up past the line it started at (earlier lines belong to the run before).
    expect(suggestResume(upTo(60), 60, 50, grbl(15))).toMatchObject({ line: 50, atStart: true });
    // Nothing acknowledged: start where the run started.
    expect(suggestResume([], 49, 50, grbl(15))).toMatchObject({ line: 50, linesBack: 0 });
  });

  it('Marlin: 16 planner blocks by default, no segment buffer', () => {
    const marlin: ControllerDepth = {
      firmware: 'marlin',
      plannerBlocks: 16,
      plannerSource: 'default',
      segmentBlocks: 0,
    };
    expect(suggestResume(upTo(100), 100, 1, marlin)).toMatchObject({ line: 85, linesBack: 16 });
    expect(suggestResume(upTo(16), 16, 1, marlin)).toMatchObject({ line: 1, atStart: true });
    expect(suggestResume(upTo(17), 17, 1, marlin)).toMatchObject({ line: 2, atStart: false });
  });

  it('reads the program from disk for the suggestion and the lines to pick an earlier one from', async () => {
    const dir = tempDir('cp-desk-resume-');
    try {
      const lines = Array.from({ length: 60 }, (_, i) =>
        (i + 1) % 4 === 0 ? `; note ${i + 1}` : `G1 X${i + 1} F900`,
      );
      const path = join(dir.path, 'cut.nc');
      writeFileSync(path, `${lines.join('\n')}\n`);
      const { suggestion, nearby } = await resumeSuggestionFor(path, 50, 1, grbl(15));
      // Controller lines up to 50 (every 4th is a comment): the 20th from the end is the suggestion.
      const sent = upTo(50).filter((l) => l % 4 !== 0);
      expect(suggestion.line).toBe(sent[sent.length - 20]);
      expect(nearby.map((l) => l.line)).toEqual([...sent.slice(sent.length - 30), 51]);
      expect(nearby.at(-1)).toEqual({ line: 51, text: 'G1 X51 F900' });
    } finally {
      dir.remove();
    }
  });
});
