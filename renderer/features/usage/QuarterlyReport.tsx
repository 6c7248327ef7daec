import type { UsageReport } from '../../../preload/contract/methods/usage.js';
import { amountIn, hoursIn, numberIn, tierName, useLanguage, useT } from './api.js';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The printable report for funders and the membership: the period's figures in the person's language, each table
 * ending in a total row that is the sum of the rows above it (print CSS hides the app around it).
 */
export function QuarterlyReport({ report, label }: { report: UsageReport; label: string }) {
  const t = useT();
  const language = useLanguage();
  const n = (v: number) => numberIn(language, v);
  const h = (s: number) => hoursIn(language, s);
  const totals = report.totals;
  return (
    <article className="usage-report" aria-label={t('usage.report.title')}>
      <h1>{t('usage.report.title')}</h1>
      <p className="usage-report-period">
        {t('usage.report.period', { label, from: report.from, to: report.to })}
      </p>
      <p>
        {t('usage.report.summary', {
          hours: h(totals.seconds),
          sessions: n(totals.sessions),
          jobs: n(totals.jobs),
          made: n(totals.made),
          distributed: n(totals.distributed),
        })}
      </p>
      <p>
        {t('usage.report.people', {
          trained: n(totals.trained),
          authorized: n(totals.authorized),
          people: n(totals.authorizedPeople),
        })}
      </p>

      <UsageTables report={report} />
      <p className="hint">{t('usage.report.note')}</p>
    </article>
  );
}

/** The tables by machine, material, tier and product, and the failed runs: on the screen and in the report. */
export function UsageTables({ report }: { report: UsageReport }) {
  const t = useT();
  const language = useLanguage();
  const n = (v: number) => numberIn(language, v);
  const h = (s: number) => hoursIn(language, s);
  const totals = report.totals;
  const materialUnits = [...new Set(report.materials.map((m) => m.unit))];
  return (
    <>
      <h2>{t('usage.machines')}</h2>
      <table data-testid="report-machines">
        <thead>
          <tr>
            <th scope="col">{t('usage.col.machine')}</th>
            <th scope="col">{t('usage.col.hours')}</th>
            <th scope="col">{t('usage.col.sessions')}</th>
            <th scope="col">{t('usage.col.jobs')}</th>
            <th scope="col">{t('usage.col.failed')}</th>
            <th scope="col">{t('usage.col.tickets')}</th>
          </tr>
        </thead>
        <tbody>
          {report.machines.map((m) => (
            <tr key={m.machineId}>
              <th scope="row">{m.name}</th>
              <td>{h(m.seconds)}</td>
              <td>{n(m.sessions)}</td>
              <td>{n(m.jobs)}</td>
              <td>{n(m.failed)}</td>
              <td>{n(m.tickets)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('usage.total')}</th>
            <td>{h(sum(report.machines.map((m) => m.seconds)))}</td>
            <td>{n(sum(report.machines.map((m) => m.sessions)))}</td>
            <td>{n(totals.jobs)}</td>
            <td>{n(sum(report.machines.map((m) => m.failed)))}</td>
            <td>{n(sum(report.machines.map((m) => m.tickets)))}</td>
          </tr>
        </tfoot>
      </table>

      <h2>{t('usage.materials')}</h2>
      <table data-testid="report-materials">
        <thead>
          <tr>
            <th scope="col">{t('usage.col.material')}</th>
            <th scope="col">{t('usage.col.consumed')}</th>
            <th scope="col">{t('usage.col.waste')}</th>
            <th scope="col">{t('usage.col.failed')}</th>
          </tr>
        </thead>
        <tbody>
          {report.materials.map((m) => (
            <tr key={`${m.material}/${m.unit}`}>
              <th scope="row">{m.material === 'unspecified' ? t('usage.unspecified') : m.material}</th>
              <td>{amountIn(language, m.consumedMilli, m.unit)}</td>
              <td>{amountIn(language, m.wasteMilli, m.unit)}</td>
              <td>{n(m.failed)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {/* Amounts in different units are never added together: one total row per unit. */}
          {materialUnits.map((unit) => {
            const rows = report.materials.filter((m) => m.unit === unit);
            return (
              <tr key={unit}>
                <th scope="row">
                  {t('usage.total')} ({unit})
                </th>
                <td>{amountIn(language, sum(rows.map((m) => m.consumedMilli)), unit)}</td>
                <td>{amountIn(language, sum(rows.map((m) => m.wasteMilli)), unit)}</td>
                <td>{n(sum(rows.map((m) => m.failed)))}</td>
              </tr>
            );
          })}
        </tfoot>
      </table>

      <h2>{t('usage.tiers')}</h2>
      <table data-testid="report-tiers">
        <thead>
          <tr>
            <th scope="col">{t('usage.col.tier')}</th>
            <th scope="col">{t('usage.col.distributed')}</th>
            <th scope="col">{t('usage.col.handouts')}</th>
          </tr>
        </thead>
        <tbody>
          {report.tiers.map((tier) => (
            <tr key={tier.code}>
              <th scope="row">{tierName(language, tier)}</th>
              <td>{n(tier.distributed)}</td>
              <td>{n(tier.distributions)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('usage.total')}</th>
            <td>{n(sum(report.tiers.map((x) => x.distributed)))}</td>
            <td>{n(sum(report.tiers.map((x) => x.distributions)))}</td>
          </tr>
        </tfoot>
      </table>

      <h2>{t('usage.products')}</h2>
      <table data-testid="report-products">
        <thead>
          <tr>
            <th scope="col">{t('usage.col.product')}</th>
            <th scope="col">{t('usage.col.made')}</th>
            <th scope="col">{t('usage.col.distributed')}</th>
          </tr>
        </thead>
        <tbody>
          {report.products.map((p) => (
            <tr key={p.product}>
              <th scope="row">{p.product}</th>
              <td>{n(p.made)}</td>
              <td>{n(p.distributed)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('usage.total')}</th>
            <td>{n(sum(report.products.map((p) => p.made)))}</td>
            <td>{n(sum(report.products.map((p) => p.distributed)))}</td>
          </tr>
        </tfoot>
      </table>

      {report.failures.length > 0 && (
        <>
          <h2>{t('usage.failures')}</h2>
          <table data-testid="report-failures">
            <thead>
              <tr>
                <th scope="col">{t('usage.col.day')}</th>
                <th scope="col">{t('usage.col.machine')}</th>
                <th scope="col">{t('usage.col.waste')}</th>
                <th scope="col">{t('usage.col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.failures.map((f) => (
                <tr key={`${f.source}/${f.sourceId}`}>
                  <td>{f.day}</td>
                  <td>{f.machine ?? ''}</td>
                  <td>{f.unit === null ? '' : amountIn(language, f.wasteMilli, f.unit)}</td>
                  <td>{f.reason === '' ? t('usage.noReason') : f.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
