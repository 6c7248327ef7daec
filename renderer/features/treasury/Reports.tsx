import { useState } from 'react';
import type { MethodInput } from '../../../preload/contract/index.js';
import {
  download,
  errorText,
  useLanguage,
  useT,
  useTreasuryMutation,
  useTreasuryQuery,
  useLabToday,
} from './api.js';
import { ReportView } from './ReportView.js';
import { reportKinds, type ReportKind } from '../../../preload/contract/report-kinds.js';

type Kind = ReportKind;

/** Every report on screen, printable, and as CSV; the whole journal as beancount or hledger text. */
export function Reports() {
  const t = useT();
  const labDay = useLabToday();
  const language = useLanguage();
  const [kind, setKind] = useState<Kind>('trial-balance');
  const [asOfTyped, setAsOf] = useState<string | null>(null);
  const asOf = asOfTyped ?? labDay;
  // From the start of the fiscal year the date falls in, unless chosen; the year (gifts) is the calendar year.
  const [from, setFrom] = useState<string | null>(null);
  const [yearTyped, setYear] = useState<number | null>(null);
  const year = yearTyped ?? Number(labDay.slice(0, 4));
  const periods = useTreasuryQuery('treasury.periods.list', {});
  const fiscalFrom = (periods.data ?? []).find((p) => p.startsOn <= asOf && asOf <= p.endsOn)?.startsOn;
  const params = { asOf, from: from ?? fiscalFrom, to: asOf, year };
  const report = useTreasuryQuery('treasury.report', { kind, ...params });
  const exporter = useTreasuryMutation('treasury.export');
  const save = (input: MethodInput<'treasury.export'>) =>
    exporter.mutate(input, { onSuccess: (f) => download(f.fileName, f.mimeType, f.text) });
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('treasury.reports.title')}</h2>
      <div className="no-print">
        <label>
          {t('treasury.reports.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} name="report">
            {reportKinds.map((k) => (
              <option key={k} value={k}>
                {t(`treasury.report.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'activities' || kind === 'audit-trail' ? (
          <label>
            {t('treasury.reports.from')}
            <input
              type="date"
              value={from ?? fiscalFrom ?? ''}
              onChange={(e) => setFrom(e.target.value)}
              name="from"
            />
          </label>
        ) : null}
        {kind === 'gifts-by-donor' ? (
          <label>
            {t('treasury.reports.year')}
            <input type="number" value={year} onChange={(e) => setYear(Number(e.target.value))} name="year" />
          </label>
        ) : (
          <label>
            {kind === 'activities' || kind === 'audit-trail'
              ? t('treasury.reports.to')
              : t('treasury.reports.asOf')}
            <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} name="asOf" />
          </label>
        )}
        <button type="button" onClick={() => save({ format: 'csv', kind, ...params })}>
          {t('treasury.reports.csv')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('treasury.reports.print')}
        </button>
        <button type="button" onClick={() => save({ format: 'beancount' })}>
          {t('treasury.reports.beancount')}
        </button>
        <button type="button" onClick={() => save({ format: 'hledger' })}>
          {t('treasury.reports.hledger')}
        </button>
      </div>
      {report.error !== null && <p role="alert">{errorText(report.error)}</p>}
      {exporter.error !== null && <p role="alert">{errorText(exporter.error)}</p>}
      {report.data !== undefined && (
        <ReportView
          report={report.data}
          language={language}
          totalLabel={t('treasury.reports.total')}
          footer={
            report.data.chainHead.number === 0
              ? t('treasury.reports.chainEmpty')
              : t('treasury.reports.chainHead', {
                  no: report.data.chainHead.number,
                  hash: report.data.chainHead.hash,
                })
          }
        />
      )}
    </section>
  );
}
