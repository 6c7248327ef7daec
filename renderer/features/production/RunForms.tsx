import { useState, type SyntheticEvent } from 'react';
import { call, useDeskMutation } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useErrorText } from '../../app/words.js';
import { useAmountRefusal } from '../../app/money-words.js';
import { centsOf, useT } from './api.js';

/** The entry forms of a run: material issued, labour, units made, extensions, QC checks, linked jobs. Main checks every value again. */

export function MaterialForm({ runId }: { runId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const refusal = useAmountRefusal();
  const issue = useDeskMutation('production.runs.issueMaterial');
  const [name, setName] = useState('');
  const [quantity, setQuantity] = useState('');
  const [unit, setUnit] = useState('');
  const [cost, setCost] = useState('');
  const [source, setSource] = useState<'purchased' | 'donated'>('purchased');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    const cents = centsOf(cost);
    if (!cents.ok) {
      setError(refusal(cents));
      return;
    }
    setError(null);
    issue.mutate(
      { runId, name, quantity: Number(quantity), unit, costCents: cents.cents, source },
      { onSuccess: () => setName(''), onError: (err) => setError(errorText(err)) },
    );
  };
  return (
    <form className="toolbar" aria-label={t('production.material.add')} onSubmit={submit}>
      <label>
        {t('production.material.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
      </label>
      <label>
        {t('production.material.quantity')}
        <input
          type="number"
          min={0}
          step="any"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          required
        />
      </label>
      <label>
        {t('production.material.unit')}
        <input value={unit} onChange={(e) => setUnit(e.target.value)} required maxLength={20} />
      </label>
      <label>
        {t('production.material.cost')}
        <input value={cost} onChange={(e) => setCost(e.target.value)} required inputMode="decimal" />
      </label>
      <label>
        {t('production.material.source')}
        <select value={source} onChange={(e) => setSource(e.target.value as 'purchased' | 'donated')}>
          <option value="purchased">{t('production.material.purchased')}</option>
          <option value="donated">{t('production.material.donated')}</option>
        </select>
      </label>
      <button type="submit">{t('production.material.add')}</button>
      <FormError error={error} />
    </form>
  );
}

export function LabourForm({ runId }: { runId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const refusal = useAmountRefusal();
  const add = useDeskMutation('production.runs.addLabour');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'paid' | 'member' | 'volunteer'>('volunteer');
  const [minutes, setMinutes] = useState('');
  const [rate, setRate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    let rateCents: number | undefined;
    if (rate.trim() !== '') {
      const parsed = centsOf(rate);
      if (!parsed.ok) {
        setError(refusal(parsed));
        return;
      }
      rateCents = parsed.cents;
    }
    setError(null);
    add.mutate(
      { runId, name, kind, minutes: Number(minutes), ...(rateCents === undefined ? {} : { rateCents }) },
      { onSuccess: () => setName(''), onError: (err) => setError(errorText(err)) },
    );
  };
  return (
    <form className="toolbar" aria-label={t('production.labour.add')} onSubmit={submit}>
      <label>
        {t('production.labour.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
      </label>
      <label>
        {t('production.labour.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as 'paid' | 'member' | 'volunteer')}>
          {(['paid', 'member', 'volunteer'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`production.labour.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('production.labour.minutes')}
        <input type="number" min={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} required />
      </label>
      <label>
        {t('production.labour.rate')}
        <input value={rate} onChange={(e) => setRate(e.target.value)} inputMode="decimal" />
      </label>
      <button type="submit">{t('production.labour.add')}</button>
      <FormError error={error} />
    </form>
  );
}

export function MadeForm({ runId }: { runId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const record = useDeskMutation('production.runs.made');
  const [quantity, setQuantity] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    record.mutate(
      { runId, quantity: Number(quantity), ...(notes.trim() === '' ? {} : { notes }) },
      {
        onSuccess: () => {
          setQuantity('');
          setNotes('');
        },
        onError: (err) => setError(errorText(err)),
      },
    );
  };
  return (
    <form className="toolbar" aria-label={t('production.made.add')} onSubmit={submit}>
      <label>
        {t('production.made.quantity')}
        <input
          type="number"
          min={1}
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          required
        />
      </label>
      <label>
        {t('production.made.notes')}
        <input value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={1000} />
      </label>
      <button type="submit" disabled={record.isPending}>
        {t('production.made.add')}
      </button>
      <FormError error={error} />
    </form>
  );
}

/** Lets the run make more than planned: a number of units and the reason, which main keeps beside the run. */
export function ExtendForm({ runId }: { runId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const extend = useDeskMutation('production.runs.extend');
  const [extra, setExtra] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    extend.mutate(
      { runId, extraQty: Number(extra), reason },
      {
        onSuccess: () => {
          setExtra('');
          setReason('');
        },
        onError: (err) => setError(errorText(err)),
      },
    );
  };
  return (
    <form className="toolbar" aria-label={t('production.extend.add')} onSubmit={submit}>
      <label>
        {t('production.extend.extra')}
        <input type="number" min={1} value={extra} onChange={(e) => setExtra(e.target.value)} required />
      </label>
      <label>
        {t('production.extend.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} required />
      </label>
      <button type="submit" disabled={extend.isPending || reason.trim() === ''}>
        {t('production.extend.add')}
      </button>
      <FormError error={error} />
    </form>
  );
}

export function QcForm({ runId }: { runId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const record = useDeskMutation('production.runs.qc');
  const [check, setCheck] = useState<'visual' | 'fit' | 'sanitation' | 'other'>('sanitation');
  const [passed, setPassed] = useState('');
  const [failed, setFailed] = useState('0');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    record.mutate(
      {
        runId,
        check,
        passed: Number(passed),
        failed: Number(failed),
        ...(notes.trim() === '' ? {} : { notes }),
      },
      { onSuccess: () => setPassed(''), onError: (err) => setError(errorText(err)) },
    );
  };
  return (
    <form className="toolbar" aria-label={t('production.qc.add')} onSubmit={submit}>
      <label>
        {t('production.qc.check')}
        <select value={check} onChange={(e) => setCheck(e.target.value as typeof check)}>
          {(['visual', 'fit', 'sanitation', 'other'] as const).map((c) => (
            <option key={c} value={c}>
              {t(`production.qc.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('production.qc.passed')}
        <input type="number" min={0} value={passed} onChange={(e) => setPassed(e.target.value)} required />
      </label>
      <label>
        {t('production.qc.failed')}
        <input type="number" min={0} value={failed} onChange={(e) => setFailed(e.target.value)} required />
      </label>
      <label>
        {t('production.qc.notes')}
        <input value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={1000} />
      </label>
      <button type="submit">{t('production.qc.add')}</button>
      <FormError error={error} />
    </form>
  );
}

/** Links a lab job by its number (the number people say), so its machine time counts in the real cost. */
export function LinkJobForm({ runId }: { runId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const link = useDeskMutation('production.runs.linkJob');
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const jobs = await call('jobs.list', {});
      const job = jobs.find((j) => String(j.number) === number.trim());
      if (job === undefined) {
        setError(t('production.run.notFoundJob', { number }));
        return;
      }
      await link.mutateAsync({ runId, jobId: job.id });
      setNumber('');
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="toolbar" aria-label={t('production.run.linkJob')} onSubmit={(e) => void submit(e)}>
      <label>
        {t('production.run.linkJob')}
        <input value={number} onChange={(e) => setNumber(e.target.value)} required inputMode="numeric" />
      </label>
      <button type="submit">{t('production.run.link')}</button>
      <FormError error={error} />
    </form>
  );
}
