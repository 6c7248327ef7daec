import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { useMachinesMutation, useT } from './api.js';
import { formatDuration, useSmoothedEta } from './eta.js';

type Notice = NonNullable<MachineSnapshot['queued']>;

/**
 * The job ended while the controller still held lines: it was held at once, and the operator sees what is still
 * queued (laser and spindle-on lines first) and chooses Stop (discard them) or Continue (run them).
 */
function QueuedNotice({ snapshot, notice }: { snapshot: MachineSnapshot; notice: Notice }) {
  const t = useT();
  const action = useMachinesMutation('machines.action');
  const id = snapshot.machineId;
  const hold = t(notice.hold === '!' ? 'machines.queued.hold.!' : 'machines.queued.hold.M410');
  return (
    <div role="alert" className="machines-queued">
      <h4>{t('machines.queued.title', { count: notice.lines.length })}</h4>
      <p>
        {notice.cause === 'error'
          ? t('machines.queued.error', { line: notice.failedLine ?? '?', hold })
          : t('machines.queued.stopped', { hold })}
      </p>
      {notice.lines.length === 0 ? (
        <p>{t('machines.queued.none')}</p>
      ) : (
        <ol className="machines-queued-lines">
          {notice.lines.map((l) => (
            <li key={l.line} className={l.energizes ? 'machines-queued-energizes' : undefined}>
              <code>
                {l.line}: {l.text}
              </code>
              {l.energizes && <strong> — {t('machines.queued.energizes')}</strong>}
            </li>
          ))}
        </ol>
      )}
      <div className="machines-buttons">
        <button type="button" onClick={() => action.mutate({ id, action: 'stop' })}>
          {t('machines.queued.stop')}
        </button>
        <button type="button" onClick={() => action.mutate({ id, action: 'resume' })}>
          {t('machines.queued.continue')}
        </button>
      </div>
      <p>{t(snapshot.firmware === 'marlin' ? 'machines.queued.stop.marlin' : 'machines.queued.stop.grbl')}</p>
      {action.error !== null && <p>{t('machines.error', { message: action.error.message })}</p>}
    </div>
  );
}

/** Job progress, ETA and pause / resume / stop. */
export function JobPanel({ snapshot }: { snapshot: MachineSnapshot }) {
  const t = useT();
  const action = useMachinesMutation('machines.action');
  const eta = useSmoothedEta(snapshot);
  const job = snapshot.job;
  const notice = snapshot.queued ?? null;
  if (job === null)
    return notice === null ? (
      <p>{t('machines.job.none')}</p>
    ) : (
      <QueuedNotice snapshot={snapshot} notice={notice} />
    );
  const percent = job.totalBytes === 0 ? 100 : Math.floor((job.ackedOffset / job.totalBytes) * 100);
  const active = job.state === 'running' || job.state === 'paused';
  const id = snapshot.machineId;
  return (
    <section className="machines-job" aria-label={t('machines.job')}>
      <h3>
        {job.name} — {t(`machines.job.state.${job.state}`)}
      </h3>
      <progress
        max={100}
        value={percent}
        aria-label={t('machines.job.progress', { line: job.ackedLine, percent })}
      />
      <p>
        {t('machines.job.progress', { line: job.ackedLine, percent })}
        {` · ${t('machines.job.elapsed', { time: formatDuration((Date.parse(job.endedAt ?? snapshot.at) - Date.parse(job.startedAt)) / 1000) })}`}
        {active && ` · ${t('machines.job.eta', { eta: formatDuration(eta) })}`}
      </p>
      {job.reason !== null && <p role="status">{job.reason}</p>}
      {snapshot.resumePending && <p role="status">{t('machines.resumePending')}</p>}
      {notice !== null && <QueuedNotice snapshot={snapshot} notice={notice} />}
      {active && (
        <div className="machines-buttons">
          {job.state === 'running' ? (
            <button type="button" onClick={() => action.mutate({ id, action: 'hold' })}>
              {t('machines.hold')}
            </button>
          ) : (
            <button type="button" onClick={() => action.mutate({ id, action: 'resume' })}>
              {t('machines.resume')}
            </button>
          )}
          <button type="button" onClick={() => action.mutate({ id, action: 'stop' })}>
            {t('machines.stop')}
          </button>
        </div>
      )}
    </section>
  );
}
