import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { formatEta, useMachinesMutation, useT } from './api.js';

/** Job progress, ETA and pause / resume / stop. */
export function JobPanel({ snapshot }: { snapshot: MachineSnapshot }) {
  const t = useT();
  const action = useMachinesMutation('machines.action');
  const job = snapshot.job;
  if (job === null) return <p>{t('machines.job.none')}</p>;
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
        {active && ` · ${t('machines.job.eta', { eta: formatEta(job.etaSeconds) })}`}
      </p>
      {job.reason !== null && <p role="status">{job.reason}</p>}
      {snapshot.resumePending && <p role="status">{t('machines.resumePending')}</p>}
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
