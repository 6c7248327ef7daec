import type { UsageReport } from '../../../preload/contract/methods/usage.js';
import { makeUseT, useLanguage, type Language, type Translate } from '../../app/i18n.js';
import { usageMessages, type UsageMessageKey } from './messages.js';

/** The usage screens' words; calls go through the shell's renderer/api. */
export const useT = makeUseT(usageMessages);
export type UsageT = Translate<UsageMessageKey>;
export { useLanguage };

const locales: Record<Language, string> = { en: 'en-US', es: 'es-MX' };

/** Numbers as people read them in their language (the CSV keeps plain digits). */
export function numberIn(language: Language, value: number, decimals = 0): string {
  return new Intl.NumberFormat(locales[language], {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** Seconds as hours with one decimal: 5400 → "1.5". */
export const hoursIn = (language: Language, seconds: number): string => numberIn(language, seconds / 3600, 1);

/** Thousandths of a unit as the unit, to the thousandth when it has one: 2500, 'g' → "2.5 g". */
export function amountIn(language: Language, milli: number, unit: string): string {
  const whole = milli % 1000 === 0;
  return `${numberIn(language, milli / 1000, whole ? 0 : milli % 100 === 0 ? 1 : 3)} ${unit}`;
}

/** A month key "2026-11" as "November 2026" / "noviembre de 2026". */
export function monthName(language: Language, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locales[language], {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** The calendar quarter (1–4) and its first and last day. */
export function quarterRange(year: number, quarter: number): { from: string; to: string } {
  const first = (quarter - 1) * 3 + 1;
  const last = new Date(Date.UTC(year, first + 2, 0)).getUTCDate();
  const mm = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${mm(first)}-01`, to: `${year}-${mm(first + 2)}-${mm(last)}` };
}

/** The quarter a lab date falls in, and the seven before it, newest first. */
export function recentQuarters(today: string, count = 8): { year: number; quarter: number }[] {
  let year = Number(today.slice(0, 4));
  let quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: { year: number; quarter: number }[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ year, quarter });
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return out;
}

/** A tier's name in the person's language. */
export const tierName = (language: Language, tier: UsageReport['tiers'][number]): string =>
  language === 'es' ? tier.nameEs : tier.name;

/** Offers a text as a file download, without a server route. */
export function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
