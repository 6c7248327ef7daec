import { describe, expect, it } from 'vitest';
import { showBusinessDate } from '../../../renderer/app/dates.js';

describe('business dates in the locale’s format', () => {
  it('shows a due date as a day in each language, never the ISO form', () => {
    expect(showBusinessDate('2026-12-12', 'en')).toBe('Dec 12, 2026');
    expect(showBusinessDate('2026-12-12', 'es')).toMatch(/^12 dic 2026$/);
    // The first and last day of a year stay themselves whatever the computer's zone.
    expect(showBusinessDate('2027-01-01', 'en')).toBe('Jan 1, 2027');
    expect(showBusinessDate('2026-12-31', 'es')).toMatch(/^31 dic 2026$/);
  });
  it('leaves what is not a business date alone', () => {
    expect(showBusinessDate('soon', 'es')).toBe('soon');
    expect(showBusinessDate('2026-13-45', 'en')).toBe('2026-13-45');
  });
});
