import type { UsageReport } from '../../../preload/contract/methods/usage.js';
import type { UsageT } from './api.js';

/**
 * CSV for spreadsheets: headers in the person's language, numbers as plain digits with a '.' decimal point (so any
 * spreadsheet reads them as numbers), one line per record group, CRLF line ends as RFC 4180 has them.
 */
function field(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const table = (rows: (string | number | null)[][]) =>
  rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
const hours = (seconds: number) => Number((seconds / 3600).toFixed(3));
const units = (milli: number) => milli / 1000;

/** Month × machine × material: hours, sessions, jobs, failed runs, material consumed and wasted. */
export function usageCsv(report: UsageReport, t: UsageT): string {
  return table([
    [
      t('usage.col.month'),
      t('usage.col.machine'),
      t('usage.col.material'),
      t('usage.col.unit'),
      t('usage.col.hours'),
      t('usage.col.sessions'),
      t('usage.col.jobs'),
      t('usage.col.failed'),
      t('usage.col.consumed'),
      t('usage.col.waste'),
    ],
    ...report.cells.map((c) => [
      c.month,
      c.machine,
      c.material,
      c.unit,
      hours(c.seconds),
      c.sessions,
      c.jobs,
      c.failed,
      c.unit === null ? null : units(c.consumedMilli),
      c.unit === null ? null : units(c.wasteMilli),
    ]),
  ]);
}

/** One line per month: machine time, people trained and authorized, units made and distributed, tickets. */
export function impactCsv(report: UsageReport, t: UsageT): string {
  return table([
    [
      t('usage.col.month'),
      t('usage.col.hours'),
      t('usage.col.sessions'),
      t('usage.col.jobs'),
      t('usage.col.failed'),
      t('usage.col.trained'),
      t('usage.col.authorized'),
      t('usage.col.made'),
      t('usage.col.distributed'),
      t('usage.col.tickets'),
    ],
    ...report.months.map((m) => [
      m.month,
      hours(m.seconds),
      m.sessions,
      m.jobs,
      m.failed,
      m.trained,
      m.authorized,
      m.made,
      m.distributed,
      m.tickets,
    ]),
  ]);
}
