import { useState } from 'react';
import type { UsageReport } from '../../../preload/contract/methods/usage.js';
import { useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useErrorText } from '../../app/words.js';
import {
  download,
  hoursIn,
  monthName,
  numberIn,
  quarterRange,
  recentQuarters,
  useLanguage,
  useT,
  type UsageT,
} from './api.js';
import { impactCsv, usageCsv } from './csv.js';
import { QuarterlyReport, UsageTables } from './QuarterlyReport.js';
import { MachineHoursChart, UsageChart } from './UsageChart.js';
import './usage.css';

function todayHere(): string {
  const now = new Date();
  const mm = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${mm(now.getMonth() + 1)}-${mm(now.getDate())}`;
}

/**
 * Usage and impact: a quarter (or any dates), the totals, a chart by month, tables by month, machine, material,
 * tier and product, failed runs with their reasons, CSV downloads, and the printable quarterly report.
 */
export function UsageScreen() {
  const t = useT();
  const language = useLanguage();
  const errorText = useErrorText();
  const quarters = recentQuarters(todayHere());
  const [choice, setChoice] = useState(() => `${quarters[0]!.year}-${quarters[0]!.quarter}`);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [printing, setPrinting] = useState(false);

  const custom = choice === 'custom';
  const [year, quarter] = choice.split('-').map(Number) as [number, number];
  const range = custom ? { from, to } : quarterRange(year, quarter);
  const label = custom ? `${from} – ${to}` : t('usage.quarter', { quarter, year });
  const ready = range.from !== '' && range.to !== '';
  const report = useDeskQuery('usage.report', range, { enabled: ready, keepPrevious: true });
  const data = ready ? report.data : undefined;

  if (printing && data !== undefined) {
    return (
      <section className="usage usage-printing">
        <div className="toolbar no-print">
          <button type="button" onClick={() => setPrinting(false)}>
            {t('usage.print.back')}
          </button>
          <button type="button" onClick={() => window.print()}>
            {t('usage.print.print')}
          </button>
        </div>
        <QuarterlyReport report={data} label={label} />
      </section>
    );
  }

  return (
    <section className="usage">
      <h1>{t('usage.title')}</h1>
      <p className="hint">{t('usage.intro')}</p>
      <div className="toolbar">
        <label>
          {t('usage.period')}
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            {quarters.map((q) => (
              <option key={`${q.year}-${q.quarter}`} value={`${q.year}-${q.quarter}`}>
                {t('usage.quarter', { quarter: q.quarter, year: q.year })}
              </option>
            ))}
            <option value="custom">{t('usage.period.custom')}</option>
          </select>
        </label>
        {custom && (
          <>
            <label>
              {t('usage.from')}
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              {t('usage.to')}
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
          </>
        )}
      </div>
      {ready && <FormError error={report.error === null ? null : errorText(report.error)} />}
      {ready && data === undefined && report.error === null && <p role="status">{t('usage.loading')}</p>}
      {data !== undefined && (
        <>
          <div className="toolbar">
            <button
              type="button"
              onClick={() =>
                download(t('usage.csv.cellsFile', { from: data.from, to: data.to }), usageCsv(data, t))
              }
            >
              {t('usage.csv.cells')}
            </button>
            <button
              type="button"
              onClick={() =>
                download(t('usage.csv.monthsFile', { from: data.from, to: data.to }), impactCsv(data, t))
              }
            >
              {t('usage.csv.months')}
            </button>
            <button type="button" onClick={() => setPrinting(true)}>
              {t('usage.print.open')}
            </button>
          </div>
          <Figures report={data} t={t} language={language} />
        </>
      )}
    </section>
  );
}

function Figures({ report, t, language }: { report: UsageReport; t: UsageT; language: 'en' | 'es' }) {
  const n = (v: number) => numberIn(language, v);
  const totals = report.totals;
  const facts: [string, string][] = [
    [t('usage.total.hours'), hoursIn(language, totals.seconds)],
    [t('usage.total.sessions'), n(totals.sessions)],
    [t('usage.total.jobs'), n(totals.jobs)],
    [t('usage.total.failed'), n(totals.failed)],
    [t('usage.total.trained'), n(totals.trained)],
    [t('usage.total.authorized'), n(totals.authorized)],
    [t('usage.total.made'), n(totals.made)],
    [t('usage.total.distributed'), n(totals.distributed)],
    [t('usage.total.tickets'), n(totals.tickets)],
  ];
  return (
    <>
      <section aria-label={t('usage.totals')}>
        <h2>{t('usage.totals')}</h2>
        <dl className="usage-totals">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {report.months.length === 0 ? (
        <p>{t('usage.none')}</p>
      ) : (
        <>
          <UsageChart months={report.months} />
          <h2>{t('usage.months')}</h2>
          <table data-testid="usage-months">
            <thead>
              <tr>
                <th scope="col">{t('usage.col.month')}</th>
                <th scope="col">{t('usage.col.hours')}</th>
                <th scope="col">{t('usage.col.sessions')}</th>
                <th scope="col">{t('usage.col.jobs')}</th>
                <th scope="col">{t('usage.col.failed')}</th>
                <th scope="col">{t('usage.col.trained')}</th>
                <th scope="col">{t('usage.col.authorized')}</th>
                <th scope="col">{t('usage.col.made')}</th>
                <th scope="col">{t('usage.col.distributed')}</th>
                <th scope="col">{t('usage.col.tickets')}</th>
              </tr>
            </thead>
            <tbody>
              {report.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthName(language, m.month)}</th>
                  <td>{hoursIn(language, m.seconds)}</td>
                  <td>{n(m.sessions)}</td>
                  <td>{n(m.jobs)}</td>
                  <td>{n(m.failed)}</td>
                  <td>{n(m.trained)}</td>
                  <td>{n(m.authorized)}</td>
                  <td>{n(m.made)}</td>
                  <td>{n(m.distributed)}</td>
                  <td>{n(m.tickets)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <MachineHoursChart report={report} />
          <UsageTables report={report} />
        </>
      )}
    </>
  );
}
