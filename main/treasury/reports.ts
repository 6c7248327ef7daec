import type { Db } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import type { Cell, ReportColumn, ReportKind, ReportParams, ReportTable } from './report-table.js';
import { plainCents } from './money.js';
import { reportBuilders } from './reports/index.js';

export { reportKinds, type ReportKind, type ReportParams, type ReportTable } from './report-table.js';

/** One report, built by its entry in the registry (reports/index.ts). */
export function buildReport(db: Db, kind: ReportKind, p: ReportParams): ReportTable {
  // The contract lets only known kinds through; a caller inside main gets the same sentence for anything else.
  if (!Object.hasOwn(reportBuilders, kind))
    throw new DeskError('INVALID_INPUT', `There is no report called ${kind}.`);
  return reportBuilders[kind](db, p);
}

const csvCell = (v: Cell, kind: ReportColumn['kind']): string => {
  if (v === null) return '';
  const s = kind === 'money' && typeof v === 'number' ? plainCents(v) : String(v);
  // Quote when needed; a leading = + - @ would be read as a formula by a spreadsheet, so it is neutralised.
  const safe = /^[=+\-@]/.test(s) && kind !== 'money' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** RFC 4180 CSV (CRLF), money as plain decimal dollars so a spreadsheet reads numbers. */
export function toCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => csvCell(c.label, 'text')).join(',')];
  for (const row of table.rows)
    lines.push(table.columns.map((c) => csvCell(row[c.key] ?? null, c.kind)).join(','));
  if (table.totals !== null)
    lines.push(
      table.columns
        .map((c, i) =>
          i === 0 && table.totals?.[c.key] === undefined
            ? 'Total'
            : csvCell(table.totals?.[c.key] ?? null, c.kind),
        )
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
