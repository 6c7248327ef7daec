import { useState } from 'react';
import type { CostBreakdown, RunDetail } from '../../../preload/contract/methods/production.js';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useErrorText } from '../../app/words.js';
import { money, useManages, useT } from './api.js';
import { DistributionPage } from './DistributionPage.js';
import { ExtendForm, LabourForm, LinkJobForm, MadeForm, MaterialForm, QcForm } from './RunForms.js';

/** A production run's page: what was planned, issued, worked and checked, planned vs real cost, and its distribution. */
export function RunPage({ id, onBack }: { id: number; onBack: () => void }) {
  const t = useT();
  const [tab, setTab] = useState<'run' | 'distribution'>('run');
  const detail = useDeskQuery('production.runs.get', { id });
  if (detail.error !== null) return <p role="alert">{detail.error.message}</p>;
  if (detail.data === undefined) return <p className="loading">{t('production.loading')}</p>;
  const d = detail.data;
  return (
    <article aria-label={t('production.runs.line', { number: d.run.number, title: d.run.title })}>
      <button type="button" onClick={onBack}>
        {t('production.back')}
      </button>
      <h2>
        {t('production.runs.line', { number: d.run.number, title: d.run.title })}{' '}
        <span className="badge">{t(`production.status.${d.run.status}`)}</span>
      </h2>
      <p>
        {t('production.run.recipe', { code: d.recipe.code, version: d.recipe.version })} —{' '}
        {t('production.runs.counts', {
          good: d.run.goodQty,
          planned: d.run.plannedQty,
          rejected: d.run.rejectedQty,
          distributed: d.run.distributedQty,
        })}
      </p>
      <nav className="buttons">
        {(['run', 'distribution'] as const).map((name) => (
          <button key={name} type="button" aria-pressed={tab === name} onClick={() => setTab(name)}>
            {t(`production.run.tab.${name}`)}
          </button>
        ))}
      </nav>
      {tab === 'run' ? <RunTab d={d} /> : <DistributionPage d={d} />}
    </article>
  );
}

function RunTab({ d }: { d: RunDetail }) {
  const t = useT();
  const manages = useManages() && d.run.status === 'open';
  const errorText = useErrorText();
  const complete = useDeskMutation('production.runs.complete');
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Costs planned={d.planned} real={d.real} />
      <p>{t('production.run.cash', { amount: money(d.cashCents) })}</p>
      <section className="card">
        <h3>{t('production.material.title')}</h3>
        <ul>
          {d.materials.map((m) => (
            <li key={m.id}>
              {m.name}: {m.quantity} {m.unit} — {money(m.costCents)} ({t(`production.material.${m.source}`)})
            </li>
          ))}
        </ul>
        {manages && <MaterialForm runId={d.run.id} />}
      </section>
      <section className="card">
        <h3>{t('production.labour.title')}</h3>
        <ul>
          {d.labour.map((l) => (
            <li key={l.id}>
              {t('production.labour.line', {
                name: l.name,
                minutes: l.minutes,
                rate: money(l.rateCents),
                cost: money(l.costCents),
              })}{' '}
              <span className="badge">{t(`production.labour.${l.kind}`)}</span>
            </li>
          ))}
        </ul>
        {manages && <LabourForm runId={d.run.id} />}
      </section>
      <section className="card">
        <h3>{t('production.made.title')}</h3>
        <p role="status">
          {t('production.made.line', {
            made: d.run.madeQty,
            allowed: d.run.plannedQty + d.run.extraQty,
            planned: d.run.plannedQty,
            extra: d.run.extraQty,
          })}
        </p>
        <ul>
          {d.extensions.map((x) => (
            <li key={x.id}>
              {t('production.extend.line', { extra: x.extraQty, reason: x.reason, by: x.byName ?? '—' })}
            </li>
          ))}
        </ul>
        <p className="hint">{t('production.made.hint')}</p>
        {manages && <MadeForm runId={d.run.id} />}
        {manages && <ExtendForm runId={d.run.id} />}
      </section>
      <section className="card">
        <h3>{t('production.qc.title')}</h3>
        <ul>
          {d.qc.map((q) => (
            <li key={q.id}>
              {t('production.qc.line', {
                check: t(`production.qc.${q.check}`),
                passed: q.passed,
                failed: q.failed,
              })}
              {q.notes !== null && ` — ${q.notes}`}
            </li>
          ))}
        </ul>
        {manages && <QcForm runId={d.run.id} />}
      </section>
      <section className="card">
        <h3>{t('production.run.jobs')}</h3>
        <ul>
          {d.jobs.map((j) => (
            <li key={j.id}>
              #{j.number} {j.title} ({j.status})
            </li>
          ))}
        </ul>
        {manages && <LinkJobForm runId={d.run.id} />}
      </section>
      {manages && (
        <div className="buttons">
          <button
            type="button"
            onClick={() => complete.mutate({ id: d.run.id }, { onError: (e) => setError(errorText(e)) })}
          >
            {t('production.run.complete')}
          </button>
          <FormError error={error} />
        </div>
      )}
    </>
  );
}

/** Planned and real cost side by side: materials, labour, machine, overhead, total, units, unit cost. */
function Costs({ planned, real }: { planned: CostBreakdown; real: CostBreakdown }) {
  const t = useT();
  const rows: [string, (c: CostBreakdown) => string][] = [
    [t('production.run.materials'), (c) => money(c.materialsCents)],
    [t('production.run.labour'), (c) => money(c.labourCents)],
    [t('production.run.machine'), (c) => money(c.machineCents)],
    [t('production.run.overhead'), (c) => money(c.overheadCents)],
    [t('production.run.total'), (c) => money(c.totalCents)],
    [t('production.run.units'), (c) => String(c.units)],
    [
      t('production.run.unit'),
      (c) => (c.unitCents === null ? t('production.run.unitUnknown') : money(c.unitCents)),
    ],
  ];
  return (
    <section className="card">
      <h3>{t('production.run.costs')}</h3>
      <table aria-label={t('production.run.costs')}>
        <thead>
          <tr>
            <th />
            <th>{t('production.run.planned')}</th>
            <th>{t('production.run.real')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value(planned)}</td>
              <td>{value(real)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('production.run.rounding')}</p>
    </section>
  );
}
