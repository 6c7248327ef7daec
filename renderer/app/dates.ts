/**
 * A business date (YYYY-MM-DD: a due date, a lab day) in the person's language and the locale's format:
 * "Dec 12, 2026" / "12 dic 2026". It is a day, not an instant, so no time zone can move it to the day before.
 * Anything that is not such a date is shown as it came.
 */
export function showBusinessDate(date: string, language: 'en' | 'es'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const at = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return date;
  return new Intl.DateTimeFormat(language === 'es' ? 'es-ES' : 'en-US', {
    timeZone: 'UTC',
    dateStyle: 'medium',
  }).format(at);
}
