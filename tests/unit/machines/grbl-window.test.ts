import { describe, expect, it } from 'vitest';
import { CharacterCount } from '../../../main/machines/streamer/grbl-window.js';

const add = (w: CharacterCount, text: string) => w.add({ source: null, text, jobId: 0 });

describe('Grbl character counting', () => {
  it('fills the RX buffer up to size − 1 bytes, counting each line with its newline, and frees the oldest per ok', () => {
    const w = new CharacterCount();
    const line = 'G1 X100.000 Y100.000 F1200'; // 26 + 1 bytes
    for (let i = 0; i < 4; i += 1) {
      expect(w.room(line)).toBe('now');
      add(w, line);
    }
    expect(w.used).toBe(108);
    expect(w.room(line)).toBe('later'); // 135 > 127
    expect(w.room('G1 X1 Y2 F300 M3')).toBe('now'); // 108 + 17 = 125
    add(w, 'G1 X1 Y2 F300 M3');
    expect(w.room('G4 P0.5')).toBe('later'); // 125 + 8 = 133
    expect(w.free()?.text).toBe(line);
    expect(w.used).toBe(98);
    expect(w.room(line)).toBe('now'); // 98 + 27 = 125
  });

  it('sends settings alone: into an empty buffer, and nothing after them until answered', () => {
    const w = new CharacterCount();
    add(w, 'G0 X1');
    expect(w.room('$110=500')).toBe('later');
    expect(w.room('G10 L20 P1 X0')).toBe('later');
    w.free();
    expect(w.room('$110=500')).toBe('now');
    add(w, '$110=500');
    expect(w.blocked).toBe(true);
    w.free();
    expect(w.blocked).toBe(false);
    expect(w.room('$J=G91 X1 F100')).toBe('now'); // a jog is not a setting
  });

  it('sizes from [OPT:] and refuses a line that can never fit; a reset empties it', () => {
    const w = new CharacterCount();
    w.size = 1024;
    add(w, 'G0 X1');
    expect(w.room('X'.repeat(1000))).toBe('now');
    w.size = 64;
    expect(w.room('X'.repeat(70))).toBe('later');
    w.clear();
    expect(w.room('X'.repeat(70))).toBe('never');
    expect(w.used).toBe(0);
  });

  it('the 127th byte fits and the 128th does not: Grbl keeps one slot of its 128 free', () => {
    const w = new CharacterCount();
    add(w, 'X'.repeat(99)); // 100 bytes with its newline
    expect(w.room('Y'.repeat(26))).toBe('now'); // 100 + 27 = 127
    expect(w.room('Y'.repeat(27))).toBe('later'); // 100 + 28 = 128
    w.clear();
    // Alone in an empty buffer: 126 characters and the newline fit, 127 never can.
    expect(w.room('Z'.repeat(126))).toBe('now');
    expect(w.room('Z'.repeat(127))).toBe('never');
    // Bytes, not characters: "µ" is two bytes on the wire.
    expect(w.room('µ'.repeat(63))).toBe('now'); // 126 + 1
    expect(w.room('µ'.repeat(64))).toBe('never'); // 128 + 1
  });

  it('answers the oldest line first, and knows which job lines the controller still holds', () => {
    const w = new CharacterCount();
    expect(w.empty).toBe(true);
    expect(w.oldest).toBeUndefined();
    expect(w.free()).toBeUndefined(); // a stray ok frees nothing
    expect(w.used).toBe(0);
    const job = (line: number, text: string, jobId = 7) =>
      w.add({ source: { line, text, endOffset: 0 }, text, jobId });
    job(1, 'G0 X1');
    add(w, '$G'); // a console line: in the buffer, but no job's
    job(2, 'G1 X2 F100');
    job(3, 'G1 X3', 8);
    expect(w.empty).toBe(false);
    expect(w.oldest?.text).toBe('G0 X1');
    expect(w.used).toBe(6 + 3 + 11 + 6);
    expect(w.jobLines(7)).toEqual([1, 2]);
    expect(w.jobQueue(7)).toEqual([
      { line: 1, text: 'G0 X1' },
      { line: 2, text: 'G1 X2 F100' },
    ]);
    expect(w.holds(7)).toBe(true);
    expect(w.holds(8)).toBe(true);
    expect(w.holds(9)).toBe(false);
    expect(w.free()?.text).toBe('G0 X1');
    expect(w.oldest?.text).toBe('$G');
    expect(w.jobLines(7)).toEqual([2]);
    w.free();
    w.free();
    expect(w.holds(7)).toBe(false);
    expect(w.jobQueue(7)).toEqual([]);
    expect(w.used).toBe(6);
    // A setting still unanswered when the controller resets does not block what comes after the reset.
    w.clear();
    add(w, '$110=500');
    expect(w.blocked).toBe(true);
    w.clear();
    expect([w.blocked, w.empty, w.used, w.holds(8)]).toEqual([false, true, 0, false]);
  });
});
