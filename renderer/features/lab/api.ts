import { makeUseT, useLanguage } from '../../app/i18n.js';
import { LAB_TIME_ZONE } from '../../../preload/contract/common.js';
import { labMessages } from './messages.js';

/** The lab screens' words (sessions, materials, bookings); calls go through the shell's renderer/api. */
export const useT = makeUseT(labMessages);
export type LabT = ReturnType<typeof useT>;
export { useLanguage };

/** "2 h 05 min" from seconds, for elapsed time on the host's clock. */
export function elapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A time of day where the lab is (America/Chicago), in the person's language. */
export function labTime(iso: string, language: 'en' | 'es', withDate = false): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    timeZone: LAB_TIME_ZONE,
    ...(withDate ? { dateStyle: 'medium' } : {}),
    timeStyle: 'short',
  }).format(new Date(iso));
}
