/**
 * A yearly rate as a person types it, in percent ("1", "1.25", "1,25" — a decimal comma too), to the integer basis
 * points main stores (1 % = 100). Exact: the digits are read as text, never through a float. Null for anything that
 * is not a percent with at most two decimals between 0 and 50 %.
 */
export function percentToBasisPoints(text: string): number | null {
  const m = /^\s*(\d{1,2})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (m === null) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 5000 ? bp : null;
}

/** Basis points as a percent for a field or a sentence: 125 → "1.25", 100 → "1" (the locale's decimal mark). */
export function basisPointsToPercent(bp: number, language: 'en' | 'es' = 'en'): string {
  return (bp / 100).toLocaleString(language === 'es' ? 'es-ES' : 'en-GB', { maximumFractionDigits: 2 });
}
