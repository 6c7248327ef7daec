import {
  formatCents,
  parseAmount,
  type AmountParse,
} from '../../../preload/contract/methods/treasury-money.js';
import { useDeskQuery } from '../../api/index.js';
import { makeUseT, useLanguage } from '../../app/i18n.js';
import { productionMessages } from './messages.js';

/** The production screens' words and number formats; calls go through the shell's renderer/api. */
export const useT = makeUseT(productionMessages);
export { useLanguage };

export const money = (cents: number): string => formatCents(cents);

/** Basis points as a percentage for people: 500 → "5", 1250 → "12.5". */
export function percentOf(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** A typed percentage (at most two decimals) to basis points, without floats: "5" → 500, "12.5" → 1250. */
export function basisPoints(text: string): number | null {
  const m = /^(\d{1,4})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (m === null) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Dollars typed by people to cents (the treasury's one parser): "$12.50" → 1250; zero allowed. A refusal is
 * worded in the person's language by useAmountRefusal (renderer/app/money-words.ts).
 */
export function centsOf(text: string): AmountParse {
  return parseAmount(text, { allowZero: true });
}

/** Whether the person may change production records (the screens hide what main would refuse anyway). */
export function useManages(): boolean {
  const whoami = useDeskQuery('session.whoami', {});
  return whoami.data?.permissions.includes('production.manage') === true;
}
