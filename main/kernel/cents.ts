/**
 * The rounding rule for money computed from ratios (quotes, unit costs, tier prices), stated once: an exact integer
 * ratio rounded **half-up to the cent** (half a cent goes up), in BigInt so no float touches money.
 * Amounts here are never negative (prices, costs, quantities).
 */
export function roundDiv(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) throw new Error('roundDiv needs a positive denominator');
  if (numerator < 0n) throw new Error('roundDiv takes non-negative amounts');
  const result = (2n * numerator + denominator) / (2n * denominator);
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('amount too large');
  return Number(result);
}

/** a × b ÷ d, half-up, for non-negative safe integers. */
export function mulDiv(a: number, b: number, d: number): number {
  return roundDiv(BigInt(a) * BigInt(b), BigInt(d));
}
