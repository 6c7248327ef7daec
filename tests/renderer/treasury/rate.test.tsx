import { describe, expect, it } from 'vitest';
import { basisPointsToPercent, percentToBasisPoints } from '../../../renderer/features/treasury/rate.js';

describe('loan rates as percent', () => {
  it('reads a typed percent exactly into basis points', () => {
    expect(percentToBasisPoints('1')).toBe(100);
    expect(percentToBasisPoints('1.25')).toBe(125);
    expect(percentToBasisPoints('1,25')).toBe(125);
    expect(percentToBasisPoints('0.5')).toBe(50);
    expect(percentToBasisPoints('4.1 %')).toBe(410);
    expect(percentToBasisPoints('0')).toBe(0);
    expect(percentToBasisPoints('50')).toBe(5000);
  });
  it('refuses what is not a rate it can store', () => {
    for (const bad of ['', 'abc', '-1', '50.01', '51', '1.255', '1e2', '.5'])
      expect(percentToBasisPoints(bad)).toBeNull();
  });
  it('shows basis points as a percent in the person’s decimals', () => {
    expect(basisPointsToPercent(125)).toBe('1.25');
    expect(basisPointsToPercent(100)).toBe('1');
    expect(basisPointsToPercent(125, 'es')).toBe('1,25');
  });
});
