import { describe, expect, it } from 'vitest';
import { countdown } from '../../../renderer/features/training/countdown.js';

describe("the trainee page's expiry countdown", () => {
  const now = new Date('2026-11-24T15:00:00.000Z'); // 09:00 in Jackson

  it('counts lab calendar days, not 24-hour blocks', () => {
    expect(countdown('2026-11-27T06:00:00.000Z', now)).toEqual({ kind: 'days', days: 3 });
    // 22:00 tonight in Jackson is still today.
    expect(countdown('2026-11-25T04:00:00.000Z', now)).toEqual({ kind: 'today' });
  });

  it('says when it expired, and never for a training that does not expire', () => {
    expect(countdown('2026-11-01T06:00:00.000Z', now)).toEqual({ kind: 'past', date: '2026-11-01' });
    expect(countdown(null, now)).toEqual({ kind: 'never' });
  });
});
