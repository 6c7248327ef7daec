import { useCallback } from 'react';
import {
  amountRefusalEnglish,
  amountRefusalText,
  type AmountRefusal,
  type AmountRefusalCode,
} from '../../preload/contract/methods/treasury-money.js';
import { useLanguage, type Language, type MessageTable } from './i18n.js';

/**
 * Why a typed amount was refused, in words, for every screen that takes dollars and cents (treasury, jobs prices,
 * production recipes and runs). The English is the contract's own, the one main and the CLI say, so a screen in
 * English and a refusal from main read the same; the Spanish has the same codes and the same {placeholders}.
 */
export const moneyWords: MessageTable<AmountRefusalCode> = {
  en: amountRefusalEnglish,
  es: {
    empty: 'Escriba un monto, como 1,000.00.',
    signed: 'Escriba el monto sin signo; los reembolsos y las correcciones tienen su propio paso.',
    comma_decimal: 'Use un punto para los centavos: escriba {suggestion}.',
    comma_groups: 'Las comas deben separar grupos de tres dígitos, como 1,000 o 12,500.',
    not_an_amount: '"{text}" no es un monto; escriba dólares y centavos, como 1,000.00.',
    empty_cents: 'Escriba los centavos después del punto, o quite el punto.',
    too_many_cents: 'Los centavos tienen como máximo dos dígitos.',
    too_large: 'Ese monto es mayor de lo que acepta el Desk ({max}).',
    zero: 'El monto debe ser mayor que cero.',
  },
};

/** A refused amount's sentence in the given language. */
export function amountRefusalIn(refusal: AmountRefusal, language: Language): string {
  return amountRefusalText(refusal, moneyWords[language]);
}

/** A refused amount's sentence in the language the screens speak. */
export function useAmountRefusal(): (refusal: AmountRefusal) => string {
  const language = useLanguage();
  return useCallback((refusal: AmountRefusal) => amountRefusalIn(refusal, language), [language]);
}
