import { describe, expect, it } from 'vitest';
import { refusalKeys } from '../../../preload/contract/refusals.js';
import { refusalMessages, refusalText } from '../../../renderer/app/refusals.js';

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('refusals from main, in the person’s language', () => {
  it('says a keyed refusal in Spanish with its parameters, and main’s English in English', () => {
    const error = {
      message: 'Shop router is not connected. Connect it first.',
      details: { refusal: { key: 'machine.notConnected', params: { name: 'Shop router' } } },
    };
    expect(refusalText(error, 'es')).toBe('Shop router no está conectada. Conéctela primero.');
    expect(refusalText(error, 'en')).toBe('Shop router is not connected. Connect it first.');
  });

  it('falls back to main’s sentence for an unkeyed or unknown refusal, and ignores odd parameters', () => {
    expect(refusalText({ message: 'Plain English.', details: { what: 'x' } }, 'es')).toBe('Plain English.');
    expect(refusalText({ message: 'Plain English.', details: { refusal: { key: 'nope' } } }, 'es')).toBe(
      'Plain English.',
    );
    expect(
      refusalText(
        { message: 'x', details: { refusal: { key: 'machine.retired', params: { name: { evil: 1 } } } } },
        'es',
      ),
    ).toBe('{name} está retirada del servicio.');
  });

  it('every key main may send is worded in both languages, Spanish differently, with the same parameters', () => {
    for (const key of refusalKeys) {
      const en = refusalMessages.en[key];
      const es = refusalMessages.es[key];
      expect(es, key).not.toBe(en);
      expect(params(es), key).toEqual(params(en));
    }
  });
});
