import { useState } from 'react';
import type { JobDetail } from '../../../preload/contract/methods/jobs.js';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useErrorText } from '../../app/words.js';
import { useT } from './api.js';

type Me = { id: number; staff: boolean };
type Plain = 'submitted' | 'approved' | 'declined' | 'cancelled' | 'queued' | 'picked_up';

/**
 * The plain moves a job can make next (submit, approve, decline, cancel, queue, hand over), as the status graph
 * and the person's roles allow. Declining and cancelling ask for the reason the requester will read.
 */
export function JobActions({ job, me }: { job: JobDetail; me: Me }) {
  const t = useT();
  const errorText = useErrorText();
  const transition = useDeskMutation('jobs.transition');
  const machines = useDeskQuery('machines.list', { includeRetired: false }, { enabled: me.staff });
  const [reason, setReason] = useState('');
  const [machineId, setMachineId] = useState<string>(job.machineId === null ? '' : String(job.machineId));
  const [error, setError] = useState<string | null>(null);
  const own = job.requesterId === me.id;
  const allowed = (to: Plain): boolean => {
    if (!job.next.includes(to) || job.status === 'running') return false;
    if (to === 'submitted' || to === 'cancelled') return own || me.staff;
    return me.staff;
  };
  const move = (to: Plain) => {
    setError(null);
    if ((to === 'declined' || to === 'cancelled') && reason.trim() === '') {
      setError(t('jobs.action.reasonNeeded'));
      return;
    }
    transition.mutate(
      {
        id: job.id,
        to,
        ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
        ...(to === 'queued' && machineId !== '' ? { machineId: Number(machineId) } : {}),
      },
      { onSuccess: () => setReason(''), onError: (e) => setError(errorText(e)) },
    );
  };
  const buttons: [Plain, string][] = [
    ['submitted', t('jobs.action.submit')],
    ['approved', t('jobs.action.approve')],
    ['queued', job.status === 'failed' ? t('jobs.action.retry') : t('jobs.action.queue')],
    ['picked_up', t('jobs.action.pickup')],
    ['declined', t('jobs.action.decline')],
    ['cancelled', t('jobs.action.cancel')],
  ];
  const shown = buttons.filter(([to]) => allowed(to));
  if (shown.length === 0) return null;
  const needsReason = shown.some(([to]) => to === 'declined' || to === 'cancelled');
  const sameKind = (machines.data ?? []).filter(({ machine }) => machine.kind === job.machineKind);
  return (
    <section className="card job-actions">
      {allowed('queued') && (
        <label>
          {t('jobs.action.queueOn')}
          <select value={machineId} onChange={(e) => setMachineId(e.target.value)}>
            <option value="" />
            {sameKind.map(({ machine }) => (
              <option key={machine.id} value={machine.id}>
                {machine.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {needsReason && (
        <label>
          {t('jobs.action.reason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} />
        </label>
      )}
      <div className="buttons">
        {shown.map(([to, label]) => (
          <button key={to} type="button" disabled={transition.isPending} onClick={() => move(to)}>
            {label}
          </button>
        ))}
      </div>
      <FormError error={error} />
    </section>
  );
}
