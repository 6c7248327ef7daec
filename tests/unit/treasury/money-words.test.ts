import { describe, expect, it } from 'vitest';
import {
  amountRefusalEnglish,
  amountRefusalText,
  parseAmount,
  type AmountRefusalCode,
} from '../../../preload/contract/methods/treasury-money.js';
import { amountRefusalIn, moneyWords } from '../../../renderer/app/money-words.js';

/** One typed amount for each way of being refused, with the values its words need. */
const examples: Record<AmountRefusalCode, [text: string, values: Record<string, string>]> = {
  empty: ['  ', {}],
  signed: ['-5', {}],
  comma_decimal: ['25,0', { suggestion: '25.0' }],
  comma_groups: ['1,0000', {}],
  not_an_amount: ['€5', { text: '€5' }],
  empty_cents: ['1000.', {}],
  too_many_cents: ['$1,000.555', {}],
  too_large: ['1000000000.01', { max: '$1,000,000,000.00' }],
  zero: ['0', {}],
};
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the words of a refused amount', () => {
  it('every refusal code has English and Spanish words, not empty, with the same {placeholders}', () => {
    const codes = Object.keys(examples).sort();
    expect(Object.keys(moneyWords.en).sort()).toEqual(codes);
    expect(Object.keys(moneyWords.es).sort()).toEqual(codes);
    for (const code of codes as AmountRefusalCode[]) {
      const english = moneyWords.en[code];
      const spanish = moneyWords.es[code];
      expect(english.trim(), code).not.toBe('');
      expect(spanish.trim(), code).not.toBe('');
      expect(spanish, code).not.toBe(english);
      expect(placeholders(spanish), code).toEqual(placeholders(english));
      expect(placeholders(english), code).toEqual(Object.keys(examples[code][1]).sort());
    }
  });

  it('the parser refuses with a code and its values, and its English message is made from them', () => {
    for (const [code, [text, values]] of Object.entries(examples)) {
      const r = parseAmount(text);
      if (r.ok) throw new Error(`accepted ${text}`);
      const { message, ...refusal } = r;
      expect(refusal, text).toEqual({ ok: false, code, ...values });
      expect(message).toBe(amountRefusalText(r));
      expect(message).toBe(amountRefusalIn(r, 'en'));
      expect(moneyWords.en).toBe(amountRefusalEnglish);
      expect(amountRefusalIn(r, 'es')).not.toMatch(/\{\w+\}/);
    }
  });

  it('a refusal reads in Spanish with its values in place', () => {
    const comma = parseAmount('25,0');
    expect(!comma.ok && amountRefusalIn(comma, 'es')).toBe('Use un punto para los centavos: escriba 25.0.');
    expect(!comma.ok && comma.message).toBe('Use a period for cents: write 25.0.');
    const big = parseAmount('99999999999999999999');
    expect(!big.ok && amountRefusalIn(big, 'es')).toBe(
      'Ese monto es mayor de lo que acepta el Desk ($1,000,000,000.00).',
    );
    const sign = parseAmount('-5');
    expect(!sign.ok && amountRefusalIn(sign, 'es')).toBe(
      'Escriba el monto sin signo; los reembolsos y las correcciones tienen su propio paso.',
    );
  });
});
