import type { MethodOutput } from '../../../preload/contract/index.js';
import { formatCents } from '../../../preload/contract/methods/treasury-money.js';

type Report = MethodOutput<'treasury.report'>;
type Cell = Report['rows'][number][string];

function show(
  value: Cell | undefined,
  kind: Report['columns'][number]['kind'],
  language: 'en' | 'es',
): string {
  if (value === null || value === undefined) return '';
  if (kind === 'money' && typeof value === 'number') return formatCents(value, language);
  return String(value);
}

/** Any report as a table: money right-aligned in dollars and cents, totals in the footer. Prints as it shows. */
export function ReportView({
  report,
  language,
  totalLabel,
  footer,
}: {
  report: Report;
  language: 'en' | 'es';
  totalLabel: string;
  /** The ledger's chain head in the reader's words: a printed report carries it (see main/treasury/anchors.ts). */
  footer: string;
}) {
  const align = (kind: string) => (kind === 'money' || kind === 'number' ? 'right' : 'left');
  return (
    <figure className="treasury-report">
      <figcaption>
        <h3>{report.title}</h3>
        <p>{report.subtitle}</p>
      </figcaption>
      <table data-testid={`report-${report.kind}`}>
        <thead>
          <tr>
            {report.columns.map((c) => (
              <th key={c.key} style={{ textAlign: align(c.kind) }} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row, i) => (
            <tr key={i}>
              {report.columns.map((c) => (
                <td key={c.key} style={{ textAlign: align(c.kind) }}>
                  {show(row[c.key], c.kind, language)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {report.totals !== null && (
          <tfoot>
            <tr>
              {report.columns.map((c, i) => (
                <th key={c.key} style={{ textAlign: align(c.kind) }} scope={i === 0 ? 'row' : undefined}>
                  {i === 0 && report.totals?.[c.key] === undefined
                    ? totalLabel
                    : show(report.totals?.[c.key], c.kind, language)}
                </th>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
      <p className="treasury-report-footer" data-testid="report-footer">
        <small>{footer}</small>
      </p>
    </figure>
  );
}
