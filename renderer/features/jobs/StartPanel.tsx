import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { runOutcomes, type JobDetail, type RunOutcome } from '../../../preload/contract/methods/jobs.js';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText } from '../../app/words.js';
import { useT } from './api.js';

type Me = { id: number; staff: boolean };

/**
 * Starting the next copy: who operates, what training's authorize says about them on this machine, the machine
 * down or busy, the bed/stock-clear confirmation on CNC and laser, and — for staff only — an override with the
 * reason that will be on record. Main checks all of it again; this panel only says it first.
 */
export function StartPanel({
  job,
  me,
  focusWhenChecked = false,
}: {
  job: JobDetail;
  me: Me;
  /**
   * Opened by an action whose button goes away (Run now): once the check answers, the focus goes to what it asks
   * for — the override reason, the bed-clear box, or Start — instead of being left on the page while the form's
   * fields appear behind it.
   */
  focusWhenChecked?: boolean;
}) {
  const t = useT();
  const toast = useToast();
  const errorText = useErrorText();
  const people = useDeskQuery('people.list', { includeInactive: false }, { enabled: me.staff });
  const [operatorId, setOperatorId] = useState(me.id);
  const check = useDeskQuery('jobs.startCheck', { id: job.id, operatorId });
  const start = useDeskMutation('jobs.start', { invalidate: ['machines.'] });
  const [bedClear, setBedClear] = useState(false);
  const [override, setOverride] = useState('');
  const [error, setError] = useState<string | null>(null);
  const overrideField = useRef<HTMLInputElement>(null);
  const bedClearBox = useRef<HTMLInputElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const c = check.data;
  const checked = c !== undefined;
  const focused = useRef(false);
  useEffect(() => {
    if (!focusWhenChecked || !checked || focused.current) return;
    focused.current = true;
    // Only when the focus is nowhere in particular (on the page itself): never taken from a field in use.
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    (overrideField.current ?? bedClearBox.current ?? startButton.current)?.focus();
  }, [focusWhenChecked, checked]);
  if (job.requesterId !== me.id && !me.staff) return null;
  const machine = job.machineName ?? '';
  const reasons = (c?.reasons ?? []).map((r) => t(`jobs.reason.${r}` as Parameters<typeof t>[0])).join(', ');
  const blocked =
    c === undefined ||
    c.machineDown ||
    c.machineBusy ||
    (c.needsBedClear && !bedClear) ||
    (!c.authorized && (!c.canOverride || override.trim() === ''));
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    start.mutate(
      {
        id: job.id,
        operatorId,
        bedClear,
        ...(c?.authorized === false && override.trim() !== '' ? { overrideReason: override.trim() } : {}),
      },
      {
        onSuccess: () => toast(t('jobs.start.started', { number: job.number, machine }), 'success'),
        onError: (err) => setError(errorText(err)),
      },
    );
  };
  return (
    <form className="card start-panel" aria-label={t('jobs.start.title')} onSubmit={submit}>
      <h3>{t('jobs.start.title')}</h3>
      {me.staff && (
        <label>
          {t('jobs.start.operator')}
          <select value={operatorId} onChange={(e) => setOperatorId(Number(e.target.value))}>
            {(people.data ?? [{ id: me.id, displayName: c?.operatorName ?? '' }]).map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </label>
      )}
      {c !== undefined && (
        // The live region wraps the list: an item with a role of its own breaks the list for screen readers.
        <div role="status">
          <ul className="start-check">
            <li className={c.authorized ? 'ok' : 'warning'}>
              {c.authorized
                ? t('jobs.start.authorized', { name: c.operatorName, machine })
                : t('jobs.start.notAuthorized', { name: c.operatorName, machine, reasons })}
            </li>
            {c.machineDown && <li className="warning">{t('jobs.start.down', { machine })}</li>}
            {c.machineBusy && <li className="warning">{t('jobs.start.busy', { machine })}</li>}
          </ul>
        </div>
      )}
      {c?.needsBedClear === true && (
        <label>
          <input
            ref={bedClearBox}
            type="checkbox"
            checked={bedClear}
            onChange={(e) => setBedClear(e.target.checked)}
          />
          {t('jobs.start.bedClear')}
        </label>
      )}
      {c !== undefined && !c.authorized && c.canOverride && (
        <>
          <label>
            {t('jobs.start.override')}
            <input
              ref={overrideField}
              value={override}
              onChange={(e) => setOverride(e.target.value)}
              maxLength={300}
            />
          </label>
          <span className="hint">{t('jobs.start.overrideHint')}</span>
        </>
      )}
      <FormError error={error} />
      <div className="buttons">
        <button ref={startButton} type="submit" disabled={blocked || start.isPending}>
          {t('jobs.start.button', { copy: c?.copy ?? job.copiesDone + 1, quantity: job.quantity })}
        </button>
      </div>
    </form>
  );
}

/** A running copy: stop it on the machine when it streams, or record its end by hand on a manual machine. */
export function RunningPanel({ job, me }: { job: JobDetail; me: Me }) {
  const t = useT();
  const errorText = useErrorText();
  const run = job.runs.find((r) => r.endedAt === null);
  const stop = useDeskMutation('machines.action', { invalidate: ['jobs.'] });
  const finish = useDeskMutation('jobs.finish');
  const [outcome, setOutcome] = useState<RunOutcome>('normal');
  const [grams, setGrams] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (run === undefined || (!me.staff && run.operatorId !== me.id)) return null;
  if (run.streamed) {
    return (
      <section className="card">
        <p className="hint">{t('jobs.stop.hint')}</p>
        <button
          type="button"
          onClick={() =>
            stop.mutate({ id: run.machineId, action: 'stop' }, { onError: (e) => setError(errorText(e)) })
          }
        >
          {t('jobs.stop.button')}
        </button>
        <FormError error={error} />
      </section>
    );
  }
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    finish.mutate(
      {
        id: job.id,
        outcome,
        ...(grams.trim() === '' ? {} : { materialGrams: Number(grams) }),
        ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
      },
      { onError: (err) => setError(errorText(err)) },
    );
  };
  return (
    <form className="card" aria-label={t('jobs.finish.title')} onSubmit={submit}>
      <h3>{t('jobs.finish.title')}</h3>
      <label>
        {t('jobs.finish.outcome')}
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as RunOutcome)}>
          {runOutcomes.map((o) => (
            <option key={o} value={o}>
              {t(`jobs.outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('jobs.finish.grams')}
        <input type="number" min={0} step="0.1" value={grams} onChange={(e) => setGrams(e.target.value)} />
      </label>
      <label>
        {t('jobs.finish.notes')}
        <input value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={1000} />
      </label>
      <FormError error={error} />
      <div className="buttons">
        <button type="submit" disabled={finish.isPending}>
          {t('jobs.finish.button')}
        </button>
      </div>
    </form>
  );
}
