/**
 * Money as integer cents, parsed from what a person types without ever going through a float.
 * It lives in the contract (pure, no imports) so the renderer previews exactly what main will book.
 *
 * The rule, stated once:
 * - Accepted: optional surrounding spaces, an optional "$", digits, optionally grouped by commas in threes
 *   ("1,000", "12,345,678"), and optionally a period followed by one or two digits. One decimal digit is
 *   normalised ("$1,000.5" → 100050 cents); a bare decimal part gets a leading zero (".50" → 50 cents).
 * - Refused: empty text, letters or other currency marks, a sign ("-", "+", "(5)"), commas not in groups of three
 *   (so the Spanish-European "10,00" is refused rather than read as a thousand), more than two decimal digits,
 *   a trailing period, zero (unless allowed), and anything above $1,000,000,000.00 (a typo at this cooperative's scale).
 * en-US and es-US write dollars the same way ("$1,234.50"), so one rule serves both languages.
 */
export const MAX_AMOUNT_CENTS = 100_000_000_000;

/**
 * Why an amount was refused, as a code plus the values its sentence needs. The renderer words it in the person's
 * language (renderer/app/money-words.ts); main, the CLI and the contract's zod schemas use `message`, the English
 * sentence made from the same code and values by amountRefusalEnglish, so the two never disagree.
 */
export type AmountRefusal =
  | { code: 'empty' }
  | { code: 'signed' }
  | { code: 'comma_decimal'; suggestion: string }
  | { code: 'comma_groups' }
  | { code: 'not_an_amount'; text: string }
  | { code: 'empty_cents' }
  | { code: 'too_many_cents' }
  | { code: 'too_large'; max: string }
  | { code: 'zero' };
export type AmountRefusalCode = AmountRefusal['code'];

export type AmountParse = { ok: true; cents: number } | ({ ok: false; message: string } & AmountRefusal);

/** The English words of each refusal; {name} is filled from the refusal's values. The Spanish sits beside them. */
export const amountRefusalEnglish: Record<AmountRefusalCode, string> = {
  empty: 'Enter an amount, like 1,000.00.',
  signed: 'Enter the amount without a sign; refunds and corrections have their own step.',
  comma_decimal: 'Use a period for cents: write {suggestion}.',
  comma_groups: 'Commas must separate groups of three digits, like 1,000 or 12,500.',
  not_an_amount: '"{text}" is not an amount; write dollars and cents, like 1,000.00.',
  empty_cents: 'Write the cents after the period, or leave the period out.',
  too_many_cents: 'Cents have at most two digits.',
  too_large: 'That amount is larger than the Desk accepts ({max}).',
  zero: 'The amount must be more than zero.',
};

/** A refusal's sentence from a table of words (English by default): {name} placeholders take the refusal's values. */
export function amountRefusalText(
  refusal: AmountRefusal,
  words: Record<AmountRefusalCode, string> = amountRefusalEnglish,
): string {
  const values = refusal as unknown as Record<string, unknown>;
  return words[refusal.code].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : whole;
  });
}

function refuse(refusal: AmountRefusal): AmountParse {
  return { ok: false, ...refusal, message: amountRefusalText(refusal) };
}

const SHAPE = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/;

export function parseAmount(input: string, options: { allowZero?: boolean } = {}): AmountParse {
  let s = input.trim();
  if (s === '') return refuse({ code: 'empty' });
  if (/^[-+(−]/.test(s) || s.endsWith(')')) return refuse({ code: 'signed' });
  if (s.startsWith('$')) s = s.slice(1).trimStart();
  const match = SHAPE.exec(s);
  if (s === '' || s === '.' || match === null) {
    if (/\d,\d{1,2}$/.test(s))
      return refuse({ code: 'comma_decimal', suggestion: s.replace(/,(\d{1,2})$/, '.$1') });
    if (/,/.test(s) && /^[\d,]+(\.\d*)?$/.test(s)) return refuse({ code: 'comma_groups' });
    return refuse({ code: 'not_an_amount', text: input.trim() });
  }
  const whole = (match[1] ?? '0').replaceAll(',', '');
  const fraction = match[2];
  if (fraction !== undefined && fraction.length === 0) return refuse({ code: 'empty_cents' });
  if (fraction !== undefined && fraction.length > 2) return refuse({ code: 'too_many_cents' });
  const digits = whole.replace(/^0+(?=\d)/, '');
  const tooLarge = () => refuse({ code: 'too_large', max: formatCents(MAX_AMOUNT_CENTS) });
  if (digits.length > 10) return tooLarge();
  const cents = Number(digits) * 100 + Number((fraction ?? '').padEnd(2, '0'));
  if (cents > MAX_AMOUNT_CENTS) return tooLarge();
  if (cents === 0 && options.allowZero !== true) return refuse({ code: 'zero' });
  return { ok: true, cents };
}

/** "$1,234.50" / "-$1,234.50" in en-US and es-US (the two write dollars identically), from integer cents. */
export function formatCents(cents: number, _language: 'en' | 'es' = 'en'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer number of cents: ${String(cents)}`);
  const negative = cents < 0;
  const abs = String(Math.abs(cents)).padStart(3, '0');
  const whole = abs.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${negative ? '-' : ''}$${whole}.${abs.slice(-2)}`;
}

/** Plain "1234.50" (no symbol, no grouping) for CSV and ledger text, where spreadsheets must read it as a number. */
export function plainCents(cents: number): string {
  const negative = cents < 0;
  const abs = String(Math.abs(cents)).padStart(3, '0');
  return `${negative ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}
