import type { JobDetail } from '../../../preload/contract/methods/jobs.js';
import { useDeskEvent, useDeskQuery } from '../../api/index.js';
import { dateTime, duration, grams, money, useLanguage, useLiveJob, useMe, useT } from './api.js';
import { showBusinessDate } from '../../app/dates.js';
import { JobActions } from './JobActions.js';
import { JobPreview } from './JobPreview.js';
import { LiveProgress } from './QueueBoard.js';
import { RunningPanel, StartPanel } from './StartPanel.js';

/** One job: what was asked, its quote, the 3D preview, what can happen next, and every status and copy on record. */
export function JobPage({ id, onBack }: { id: number; onBack: () => void }) {
  const t = useT();
  const me = useMe();
  const job = useDeskQuery('jobs.get', { id });
  const live = useLiveJob(job.data?.status === 'running' ? job.data.machineId : null);
  // A live view: when main says this job changed (a copy ended on its machine), show it at once.
  useDeskEvent('changed', (change) => {
    if (change.entity === 'job' && change.id === String(id)) void job.refetch();
  });
  if (job.error !== null) return <p role="alert">{job.error.message}</p>;
  if (job.data === undefined) return <p className="loading">{t('jobs.loading')}</p>;
  const d = job.data;
  return (
    <article className="job-page" aria-label={t('jobs.job', { number: d.number })}>
      <button type="button" onClick={onBack}>
        {t('jobs.back')}
      </button>
      <h2>
        {t('jobs.job', { number: d.number })}: {d.title}{' '}
        <span className={`badge status-${d.status}`}>{t(`jobs.status.${d.status}`)}</span>
      </h2>
      <JobFacts job={d} />
      {d.machineId !== null && (d.status === 'running' || d.status === 'done') && (
        <LiveProgress job={d} machineId={d.machineId} />
      )}
      {me !== null && <JobActions job={d} me={me} />}
      {me !== null && d.status === 'queued' && <StartPanel job={d} me={me} />}
      {me !== null && d.status === 'running' && <RunningPanel job={d} me={me} />}
      <section className="card">
        <h3>{t('jobs.page.preview')}</h3>
        {d.previewFileId === null ? (
          <p className="hint">{t('jobs.page.noPreview')}</p>
        ) : (
          <JobPreview fileId={d.previewFileId} machineId={d.machineId} doneLine={live?.ackedLine ?? null} />
        )}
      </section>
      <Runs job={d} />
      <Transitions job={d} />
    </article>
  );
}

function JobFacts({ job }: { job: JobDetail }) {
  const t = useT();
  const language = useLanguage();
  const q = job.quote;
  return (
    <dl className="facts">
      <dt>{t('jobs.page.requester')}</dt>
      <dd>{job.requesterName}</dd>
      <dt>{t('jobs.page.machine')}</dt>
      <dd>{job.machineName ?? t('jobs.field.anyOfKind', { kind: t(`jobs.kind.${job.machineKind}`) })}</dd>
      <dt>{t('jobs.page.material')}</dt>
      <dd>
        {[job.materialName ?? t('jobs.field.noMaterial'), job.colour].filter((x) => x !== null).join(', ')}
      </dd>
      <dt>{t('jobs.page.quantity')}</dt>
      <dd>
        {job.quantity} ({t('jobs.queue.copies', { done: job.copiesDone, quantity: job.quantity })})
      </dd>
      <dt>{t('jobs.page.tier')}</dt>
      <dd>{job.tierName}</dd>
      {job.dueOn !== null && (
        <>
          <dt>{t('jobs.page.due')}</dt>
          <dd>{showBusinessDate(job.dueOn, language)}</dd>
        </>
      )}
      {job.notes !== '' && (
        <>
          <dt>{t('jobs.page.notes')}</dt>
          <dd>{job.notes}</dd>
        </>
      )}
      <dt>{t('jobs.page.files')}</dt>
      <dd>{job.files.map((f) => f.name).join(', ')}</dd>
      <dt>{t('jobs.page.quote')}</dt>
      <dd>
        {t('jobs.page.quoteLine', {
          material: money(q.materialCents),
          machine: money(q.machineCents),
          total: money(q.totalCents),
        })}
        <br />
        <span className="hint">
          {t('jobs.page.quoteBasis', {
            grams: grams(q.grams),
            perKg: money(q.centsPerKg),
            time: duration(q.seconds),
            perHour: money(q.hourlyCents),
          })}
          {q.notes.length > 0 && ` — ${q.notes.join(' ')}`}
        </span>
      </dd>
    </dl>
  );
}

function Runs({ job }: { job: JobDetail }) {
  const t = useT();
  const language = useLanguage();
  if (job.runs.length === 0) return null;
  return (
    <section className="card">
      <h3>{t('jobs.page.runs')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('jobs.page.copy')}</th>
            <th>{t('jobs.page.machine')}</th>
            <th>{t('jobs.page.operator')}</th>
            <th>{t('jobs.page.when')}</th>
            <th>{t('jobs.page.duration')}</th>
            <th>{t('jobs.page.materialUsed')}</th>
            <th>{t('jobs.page.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {job.runs.map((r) => (
            <tr key={r.id}>
              <td>{r.copy}</td>
              <td>{r.machineName}</td>
              <td>
                {r.operatorName}
                {r.overrideReason !== null && (
                  <>
                    <br />
                    <em>{t('jobs.page.override', { reason: r.overrideReason })}</em>
                  </>
                )}
              </td>
              <td>{dateTime(r.startedAt, language)}</td>
              <td>{duration(r.durationSeconds)}</td>
              <td>{grams(r.materialGrams)}</td>
              <td>{r.outcome === null ? t('jobs.status.running') : t(`jobs.outcome.${r.outcome}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Transitions({ job }: { job: JobDetail }) {
  const t = useT();
  const language = useLanguage();
  return (
    <section className="card">
      <h3>{t('jobs.page.transitions')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('jobs.page.when')}</th>
            <th>{t('jobs.page.from')}</th>
            <th>{t('jobs.page.to')}</th>
            <th>{t('jobs.page.who')}</th>
            <th>{t('jobs.page.why')}</th>
          </tr>
        </thead>
        <tbody>
          {job.transitions.map((x) => (
            <tr key={x.id}>
              <td>{dateTime(x.at, language)}</td>
              <td>{x.from === null ? '' : t(`jobs.status.${x.from}`)}</td>
              <td>{t(`jobs.status.${x.to}`)}</td>
              <td>{x.actorName ?? ''}</td>
              <td>{x.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
