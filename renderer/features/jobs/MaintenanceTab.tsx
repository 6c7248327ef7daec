import { useState, type SyntheticEvent } from 'react';
import {
  maintenanceCounters,
  ticketKinds,
  type MaintenanceCounter,
  type MaintenanceOverview,
  type Ticket,
} from '../../../preload/contract/methods/jobs.js';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useErrorText } from '../../app/words.js';
import { dateTime, useLanguage, useMe, useT } from './api.js';

/**
 * A machine's maintenance tab: whether it is in service, usage counters fed by finished jobs, reminders at
 * thresholds with their sign-off, tickets (anyone reports; a hazard may take the machine down; staff resolve) and
 * the sign-off log. `machineId` fixes the machine (the machine page); without it, a picker shows.
 */
export function MaintenanceTab({ machineId: fixed }: { machineId?: number } = {}) {
  const t = useT();
  const list = useDeskQuery('jobs.maintenance.list', {});
  const [picked, setPicked] = useState<number | null>(null);
  const machineId = fixed ?? picked ?? list.data?.[0]?.machineId ?? null;
  const overview = useDeskQuery(
    'jobs.maintenance.get',
    { machineId: machineId ?? 0 },
    { enabled: machineId !== null },
  );
  return (
    <section className="maintenance">
      {fixed === undefined && (
        <label>
          {t('jobs.maint.machine')}
          <select value={machineId ?? ''} onChange={(e) => setPicked(Number(e.target.value))}>
            {(list.data ?? []).map((m) => (
              <option key={m.machineId} value={m.machineId}>
                {m.name} — {m.down ? t('jobs.maint.down') : t('jobs.maint.up')}
              </option>
            ))}
          </select>
        </label>
      )}
      {overview.data !== undefined && <Overview data={overview.data} />}
    </section>
  );
}

function Overview({ data }: { data: MaintenanceOverview }) {
  const t = useT();
  const me = useMe();
  const language = useLanguage();
  const staff = me?.staff === true;
  return (
    <>
      <h2>
        {data.machine.name}{' '}
        <span className={data.machine.down ? 'badge status-failed' : 'badge status-done'}>
          {data.machine.down ? t('jobs.maint.down') : t('jobs.maint.up')}
        </span>
      </h2>
      <section className="card">
        <h3>{t('jobs.maint.counters')}</h3>
        <dl className="facts">
          {data.counters.map((c) => (
            <div key={c.counter}>
              <dt>{t(`jobs.maint.counter.${c.counter}`)}</dt>
              <dd>{c.value.toLocaleString(language === 'es' ? 'es-US' : 'en-US')}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card">
        <h3>{t('jobs.maint.reminders')}</h3>
        <ul>
          {data.reminders.map((r) => (
            <li key={r.id}>
              <span className={`badge reminder-${r.state}`}>{t(`jobs.maint.state.${r.state}`)}</span>{' '}
              {t('jobs.maint.reminderLine', { title: r.title, every: r.every, since: r.since })}
              {staff && <SignOff machineId={data.machine.id} reminderId={r.id} />}
            </li>
          ))}
        </ul>
        {staff && <NewReminder machineId={data.machine.id} />}
      </section>
      <section className="card">
        <h3>{t('jobs.maint.tickets')}</h3>
        {data.tickets.length === 0 ? (
          <p className="hint">{t('jobs.maint.noTickets')}</p>
        ) : (
          <ul>
            {data.tickets.map((ticket) => (
              <TicketItem key={ticket.id} ticket={ticket} staff={staff} />
            ))}
          </ul>
        )}
        <ReportForm machineId={data.machine.id} />
      </section>
      <section className="card">
        <h3>{t('jobs.maint.log')}</h3>
        {data.signOffs.length === 0 ? (
          <p className="hint">{t('jobs.maint.noLog')}</p>
        ) : (
          <ul>
            {data.signOffs.map((s) => (
              <li key={s.id}>
                {dateTime(s.at, language)} — {s.byName ?? ''}: {s.note}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function TicketItem({ ticket, staff }: { ticket: Ticket; staff: boolean }) {
  const t = useT();
  const errorText = useErrorText();
  const resolve = useDeskMutation('jobs.maintenance.resolve');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const close = (resolution: 'fixed' | 'no_fault') =>
    resolve.mutate({ id: ticket.id, resolution, note }, { onError: (e) => setError(errorText(e)) });
  return (
    <li>
      <strong>{t('jobs.maint.ticketLine', { number: ticket.number, title: ticket.title })}</strong>{' '}
      <span className="badge">{t(`jobs.maint.kind.${ticket.kind}`)}</span>{' '}
      {ticket.status === 'open'
        ? t('jobs.maint.open')
        : t('jobs.maint.closed', { resolution: ticket.resolution ?? '' })}
      {ticket.details !== '' && <p>{ticket.details}</p>}
      {staff && ticket.status === 'open' && (
        <span className="toolbar">
          <label>
            {t('jobs.maint.resolution')}
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
          </label>
          <button type="button" disabled={note.trim() === ''} onClick={() => close('fixed')}>
            {t('jobs.maint.fixed')}
          </button>
          <button type="button" disabled={note.trim() === ''} onClick={() => close('no_fault')}>
            {t('jobs.maint.noFault')}
          </button>
        </span>
      )}
      <FormError error={error} />
    </li>
  );
}

function ReportForm({ machineId }: { machineId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const report = useDeskMutation('jobs.maintenance.report', { invalidate: ['jobs.', 'machines.'] });
  const [kind, setKind] = useState<Ticket['kind']>('broken');
  const [title, setTitle] = useState('');
  const [details, setDetails] = useState('');
  const [forces, setForces] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    report.mutate(
      { machineId, kind, title, forcesShutdown: forces, ...(details.trim() === '' ? {} : { details }) },
      {
        onSuccess: () => {
          setTitle('');
          setDetails('');
          setForces(false);
        },
        onError: (err) => setError(errorText(err)),
      },
    );
  };
  return (
    <form aria-label={t('jobs.maint.report')} onSubmit={submit}>
      <h4>{t('jobs.maint.report')}</h4>
      <label>
        {t('jobs.maint.kind')}
        <select
          value={kind}
          onChange={(e) => {
            const next = e.target.value as Ticket['kind'];
            setKind(next);
            if (next === 'safety') setForces(true);
          }}
        >
          {ticketKinds.map((k) => (
            <option key={k} value={k}>
              {t(`jobs.maint.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('jobs.maint.ticketTitle')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={160} />
      </label>
      <label>
        {t('jobs.maint.details')}
        <textarea value={details} onChange={(e) => setDetails(e.target.value)} maxLength={2000} />
      </label>
      <label>
        <input type="checkbox" checked={forces} onChange={(e) => setForces(e.target.checked)} />
        {t('jobs.maint.forces')}
      </label>
      <FormError error={error} />
      <button type="submit" disabled={report.isPending}>
        {t('jobs.maint.send')}
      </button>
    </form>
  );
}

function SignOff({ machineId, reminderId }: { machineId: number; reminderId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const signOff = useDeskMutation('jobs.maintenance.signOff');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="toolbar">
      <label>
        {t('jobs.maint.signOffNote')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </label>
      <button
        type="button"
        disabled={note.trim() === '' || signOff.isPending}
        onClick={() =>
          signOff.mutate(
            { machineId, reminderId, note },
            { onSuccess: () => setNote(''), onError: (e) => setError(errorText(e)) },
          )
        }
      >
        {t('jobs.maint.signOff')}
      </button>
      <FormError error={error} />
    </span>
  );
}

function NewReminder({ machineId }: { machineId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const save = useDeskMutation('jobs.maintenance.saveReminder');
  const [counter, setCounter] = useState<MaintenanceCounter>('print_hours');
  const [title, setTitle] = useState('');
  const [every, setEvery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    save.mutate(
      { machineId, counter, title, every: Number(every) },
      { onSuccess: () => setTitle(''), onError: (err) => setError(errorText(err)) },
    );
  };
  return (
    <form aria-label={t('jobs.maint.newReminder')} onSubmit={submit} className="toolbar">
      <label>
        {t('jobs.maint.counter')}
        <select value={counter} onChange={(e) => setCounter(e.target.value as MaintenanceCounter)}>
          {maintenanceCounters.map((c) => (
            <option key={c} value={c}>
              {t(`jobs.maint.counter.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('jobs.maint.newReminder')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={160} />
      </label>
      <label>
        {t('jobs.maint.every')}
        <input
          type="number"
          min={0}
          step="any"
          value={every}
          onChange={(e) => setEvery(e.target.value)}
          required
        />
      </label>
      <button type="submit">{t('jobs.maint.save')}</button>
      <FormError error={error} />
    </form>
  );
}
