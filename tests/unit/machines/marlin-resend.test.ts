import { describe, expect, it } from 'vitest';
import { ResendBook, type Sent } from '../../../main/machines/streamer/marlin-resend.js';

const line = (n: number): Sent & { n: number } => ({
  n,
  wire: `N${n} G1 X${n}`,
  source: { line: n + 10, text: `G1 X${n}`, endOffset: n },
  jobId: 1,
});

function book(lines: number, historySize = 256, maxResends = 10) {
  const b = new ResendBook(historySize, maxResends);
  for (let n = 0; n < lines; n += 1) b.record(line(n));
  return b;
}

describe('Marlin resend book (go-back-N)', () => {
  it('goes back to n: n and everything after it go again, in order, and only n travels until taken', () => {
    const b = book(8);
    expect(b.request(5, 'checksum', 5)).toBe('rewind');
    expect(b.rewind(5, 8)!.map((s) => s.n)).toEqual([5, 6, 7]);
    expect(b.queue.map((s) => s.n)).toEqual([5, 6, 7]);
    expect(b.recovering).toBe(5);
    b.taken(4);
    expect(b.recovering).toBe(5);
    b.taken(5);
    expect(b.recovering).toBe(null);
  });

  it('ignores the echoes of the old window and duplicate requests (the OctoPi #463 loop)', () => {
    const b = book(8);
    b.rewind(5, 8);
    // Line 5 is first in the queue to go again: another request for it changes nothing.
    expect(b.request(5, 'checksum', null)).toBe('ignore');
    b.queue.shift(); // line 5 is on its way
    // Lines 6 and 7 of the old window arrive out of turn: each draws "not Last Line+1, Resend: 5".
    expect(b.request(5, 'line-number', 5)).toBe('ignore');
    expect(b.request(5, 'line-number', 5)).toBe('ignore');
  });

  it('counts only damaged lines toward giving up, and gives up after maxResends of the same line', () => {
    const b = book(8, 256, 3);
    for (let i = 0; i < 5; i += 1) expect(b.request(2, 'line-number', 9)).toBe('rewind');
    for (let i = 0; i < 3; i += 1) {
      expect(b.request(2, 'checksum', 9)).toBe('rewind');
      b.queue.length = 0;
    }
    expect(b.request(2, 'checksum', 9)).toBe('give-up');
    expect(b.sourceOf(2)?.line).toBe(12);
  });

  it('starts counting again once the line is taken', () => {
    const b = book(8, 256, 2);
    expect(b.request(2, 'checksum', 9)).toBe('rewind');
    expect(b.request(2, 'checksum', 9)).toBe('rewind');
    b.taken(2);
    expect(b.request(2, 'checksum', 9)).toBe('rewind');
  });

  it('keeps historySize lines: a request older than that cannot be honoured', () => {
    const b = book(300, 100);
    expect(b.rewind(200, 300)).toHaveLength(100);
    expect(b.rewind(199, 300)).toBe(null);
  });

  it('an echo is only a line-number error for the line being recovered, while that line is first in flight', () => {
    const b = book(8);
    b.rewind(5, 8);
    b.queue.length = 0; // 5, 6 and 7 went again
    // The same line damaged again (a checksum error) is no echo: it goes back again.
    expect(b.request(5, 'checksum', 5)).toBe('rewind');
    b.queue.length = 0;
    // Once 5 is no longer first in flight, a line-number error for it is a real request.
    expect(b.request(5, 'line-number', 6)).toBe('rewind');
    b.queue.length = 0;
    // A line-number error for another line than the one being recovered is a real request too.
    expect(b.request(6, 'line-number', 6)).toBe('rewind');
  });

  it('a line taken that is not the one asked for keeps the count; before recovery there is nothing to end', () => {
    const b = book(8, 256, 2);
    b.taken(3);
    expect(b.recovering).toBe(null);
    expect(b.request(2, 'checksum', 9)).toBe('rewind');
    b.queue.length = 0;
    expect(b.request(2, 'checksum', 9)).toBe('rewind');
    b.queue.length = 0;
    b.taken(1);
    b.taken(3);
    expect(b.request(2, 'checksum', 9)).toBe('give-up');
  });

  it('a new job forgets the old one: its lines, its queue, its recovery and its counts', () => {
    const b = book(8, 256, 1);
    expect(b.request(2, 'checksum', 9)).toBe('rewind');
    b.rewind(2, 8);
    b.reset();
    expect(b.queue).toEqual([]);
    expect(b.recovering).toBe(null);
    expect(b.sourceOf(2)).toBe(null);
    expect(b.rewind(2, 3)).toBe(null);
    b.reset();
    b.record(line(2));
    // The count for line 2 starts again: one resend is allowed before giving up.
    expect(b.request(2, 'checksum', 9)).toBe('rewind');
    expect(b.sourceOf(2)?.line).toBe(12);
    expect(b.sourceOf(99)).toBe(null);
  });
});
