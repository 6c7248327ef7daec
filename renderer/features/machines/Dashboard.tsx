import { kindIcon, type Machine, type MachineSnapshot } from '../../../preload/contract/index.js';
import { formatEta, useMachinesMutation, useT } from './api.js';
import { StatusSummary } from './StatusSummary.js';
import { OpenSessions } from '../lab/SessionPanel.js';

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
      <OpenSessions />
      <ul className="machines-dashboard">
        {items.map(({ machine, snapshot }) => {
          const job = snapshot.job;
          const percent =
            job === null || job.totalBytes === 0
              ? null
              : Math.floor((job.ackedOffset / job.totalBytes) * 100);
          return (
            <li key={machine.id} className="machines-card">
              <h2>
                <span aria-hidden="true">{kindIcon(machine.kind)}</span> {machine.name}
              </h2>
              <p>
                {t(`machines.kind.${machine.kind}`)}
                {machine.connection.type === 'simulated' && ` · ${t('machines.simulated')}`}
                {!driven(machine) && ` · ${t('machines.manual')}`}
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
                {snapshot.connection !== 'connected' && driven(machine) && (
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

/** The Desk connects only to machines it drives (serial or simulated, with a firmware): the rest have no Connect. */
export const driven = (machine: Machine): boolean =>
  (machine.connection.type === 'serial' || machine.connection.type === 'simulated') &&
  machine.firmware !== 'none';
