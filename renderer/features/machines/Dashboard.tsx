import type { Machine, MachineSnapshot } from '../../../preload/contract/index.js';
import { formatEta, useMachinesMutation, useT } from './api.js';
import { StatusSummary } from './StatusSummary.js';

/** Every machine at a glance: state, position or temperatures, job progress and time left. */
export function Dashboard({
  items,
  onOpen,
}: {
  items: { machine: Machine; snapshot: MachineSnapshot }[];
  onOpen: (id: number) => void;
}) {
  const t = useT();
  const connect = useMachinesMutation('machines.connect');
  if (items.length === 0) return <p>{t('machines.none')}</p>;
  return (
    <>
      <ul className="machines-dashboard">
        {items.map(({ machine, snapshot }) => {
          const job = snapshot.job;
          const percent =
            job === null || job.totalBytes === 0
              ? null
              : Math.floor((job.ackedOffset / job.totalBytes) * 100);
          return (
            <li key={machine.id} className="machines-card">
              <h2>{machine.name}</h2>
              <p>
                {t(`machines.kind.${machine.kind}`)}
                {machine.connection.type === 'simulated' && ` · ${t('machines.simulated')}`}
              </p>
              <StatusSummary snapshot={snapshot} />
              {job !== null && percent !== null && (
                <p>
                  {job.name}: {t(`machines.job.state.${job.state}`)} ·{' '}
                  <progress
                    max={100}
                    value={percent}
                    aria-label={t('machines.progressNamed', { name: machine.name })}
                  />{' '}
                  {t('machines.percentDone', { percent })}
                  {job.state === 'running' &&
                    ` · ${t('machines.job.eta', { eta: formatEta(job.etaSeconds) })}`}
                </p>
              )}
              <div className="machines-buttons">
                {snapshot.connection !== 'connected' && machine.firmware !== 'none' && (
                  <button
                    type="button"
                    aria-label={t('machines.connectNamed', { name: machine.name })}
                    onClick={() => connect.mutate({ id: machine.id })}
                  >
                    {t('machines.connect')}
                  </button>
                )}
                <button
                  type="button"
                  aria-label={t('machines.openNamed', { name: machine.name })}
                  onClick={() => onOpen(machine.id)}
                >
                  {t('machines.open')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {/* Outside the list: a list holds only its items. */}
      {connect.error !== null && (
        <p role="alert">{t('machines.error', { message: connect.error.message })}</p>
      )}
    </>
  );
}
