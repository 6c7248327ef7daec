import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents, parseAmount, plainCents } from '../../../main/treasury/money.js';

const cents = (text: string) => {
  const r = parseAmount(text);
  if (!r.ok) throw new Error(`refused ${text}: ${r.message}`);
  return r.cents;
};
const refusal = (text: string, options?: { allowZero?: boolean }) => {
  const r = parseAmount(text, options);
  if (r.ok) throw new Error(`accepted ${text} as ${r.cents}`);
  return r.message;
};

describe('amounts typed by a treasurer become integer cents without floats', () => {
  it.each([
    ['1,000.00', 100_000],
    ['1000', 100_000],
    ['$1,000.5', 100_050],
    ['$ 1,000.50', 100_050],
    ['  250  ', 25_000],
    ['75.01', 7_501],
    ['.50', 50],
    ['0.01', 1],
    ['007', 700],
    ['12,345,678.90', 1_234_567_890],
    ['1000000000', 100_000_000_000],
    ['0.1', 10],
  ])('"%s" is %i cents', (text, expected) => {
    expect(cents(text)).toBe(expected);
  });

  it.each([
    ['', 'Enter an amount'],
    ['   ', 'Enter an amount'],
    ['-5', 'without a sign'],
    ['(5.00)', 'without a sign'],
    ['+5', 'without a sign'],
    ['10,00', 'Use a period for cents: write 10.00'],
    ['1,00', 'Use a period for cents'],
    ['1,0000', 'groups of three'],
    ['12,34,567', 'groups of three'],
    ['1.005', 'at most two digits'],
    ['1000.', 'Write the cents after the period'],
    ['1e3', 'is not an amount'],
    ['USD 5', 'is not an amount'],
    ['€5', 'is not an amount'],
    ['1 000', 'is not an amount'],
    ['$', 'is not an amount'],
    ['0', 'more than zero'],
    ['0.00', 'more than zero'],
    ['1000000000.01', 'larger than the Desk accepts'],
    ['99999999999999999999', 'larger than the Desk accepts'],
  ])('"%s" is refused: %s', (text, message) => {
    expect(refusal(text)).toContain(message);
  });

  it('accepts zero only where zero makes sense (say, interest on a 0 % loan)', () => {
    expect(parseAmount('0.00', { allowZero: true })).toEqual({ ok: true, cents: 0 });
  });

  it('formats cents as dollars and cents the way en-US and es-US both write them', () => {
    expect(formatCents(100_000, 'en')).toBe('$1,000.00');
    expect(formatCents(100_050, 'es')).toBe('$1,000.50');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(-123_456)).toBe('-$1,234.56');
    expect(plainCents(-5)).toBe('-0.05');
    expect(plainCents(123_456)).toBe('1234.56');
  });

  it('formatting matches Intl for en-US and es-US, and parsing what was formatted gives the same cents back', () => {
    const en = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    const es = new Intl.NumberFormat('es-US', { style: 'currency', currency: 'USD' });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000_000 }), (c) => {
        // Intl needs a float; c / 100 is exact enough to print for these magnitudes, and only the test uses it.
        expect(formatCents(c, 'en')).toBe(en.format(c / 100));
        expect(formatCents(c, 'es')).toBe(es.format(c / 100));
        expect(cents(formatCents(c))).toBe(c);
        expect(cents(plainCents(c))).toBe(c);
      }),
      { numRuns: 2000 },
    );
  });

  it('never returns a fraction of a cent or a negative, whatever is typed', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789,.$ -e'.split('')), maxLength: 16 }),
        (s) => {
          const r = parseAmount(s);
          if (r.ok) {
            expect(Number.isSafeInteger(r.cents)).toBe(true);
            expect(r.cents).toBeGreaterThan(0);
          } else expect(r.message.length).toBeGreaterThan(10);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
