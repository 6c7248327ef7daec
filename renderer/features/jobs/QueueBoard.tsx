import { useState, type DragEvent } from 'react';
import type { Job, QueueLane } from '../../../preload/contract/methods/jobs.js';
import { useDeskEvent, useDeskMutation, useDeskQuery } from '../../api/index.js';
import { useErrorText } from '../../app/words.js';
import { FormError } from '../../app/Field.js';
import { showBusinessDate } from '../../app/dates.js';
import { money, shareDone, useLanguage, useLiveJob, useMe, useT } from './api.js';

/**
 * The queue board: one lane per machine, what runs now and what waits in order. Staff reorder by dragging a job
 * onto another's place, or with its up and down buttons (the keyboard way); every move is recorded by main.
 */
export function QueueBoard({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useT();
  const me = useMe();
  const lanes = useDeskQuery('jobs.queue', {});
  useDeskEvent('changed', (change) => {
    if (change.entity === 'job' || change.entity === 'maintenance') void lanes.refetch();
  });
  const reorder = useDeskMutation('jobs.reorder');
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const move = (id: number, toPosition: number) => {
    setError(null);
    reorder.mutate({ id, toPosition }, { onError: (e) => setError(errorText(e)) });
  };
  if (lanes.data === undefined) return <p className="loading">{t('jobs.loading')}</p>;
  return (
    <div className="queue-board">
      {me?.staff === true && <p className="hint">{t('jobs.queue.dragHint')}</p>}
      <FormError error={error} />
      {lanes.data.map((lane) => (
        <Lane key={lane.machine.id} lane={lane} staff={me?.staff === true} onOpen={onOpen} onMove={move} />
      ))}
    </div>
  );
}

function Lane({
  lane,
  staff,
  onOpen,
  onMove,
}: {
  lane: QueueLane;
  staff: boolean;
  onOpen: (id: number) => void;
  onMove: (id: number, toPosition: number) => void;
}) {
  const t = useT();
  const { machine } = lane;
  const [dragged, setDragged] = useState<number | null>(null);
  const drop = (e: DragEvent, position: number) => {
    e.preventDefault();
    const id = dragged ?? Number(e.dataTransfer.getData('text/plain'));
    setDragged(null);
    if (Number.isFinite(id) && id > 0) onMove(id, position);
  };
  return (
    <section className="card lane" aria-label={t('jobs.queue.lane', { machine: machine.name })}>
      <h2>
        {machine.name} {machine.down && <span className="badge status-failed">{t('jobs.queue.down')}</span>}
        {!machine.down && machine.busy && <span className="badge">{t('jobs.queue.busy')}</span>}{' '}
        {machine.simulated && <span className="badge">{t('jobs.queue.simulated')}</span>}{' '}
        {!machine.streams && <span className="badge">{t('jobs.queue.manual')}</span>}
      </h2>
      {lane.running.length > 0 && (
        <>
          <h3>{t('jobs.queue.running')}</h3>
          <ul className="lane-jobs">
            {lane.running.map((job) => (
              <li key={job.id}>
                <JobCard job={job} onOpen={onOpen} />
                <LiveProgress job={job} machineId={machine.id} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('jobs.queue.waiting')}</h3>
      {lane.queued.length === 0 ? (
        <p className="hint">{t('jobs.queue.empty')}</p>
      ) : (
        <ol className="lane-jobs">
          {lane.queued.map((job, i) => (
            <li
              key={job.id}
              draggable={staff}
              onDragStart={(e) => {
                setDragged(job.id);
                e.dataTransfer.setData('text/plain', String(job.id));
              }}
              onDragOver={(e) => staff && e.preventDefault()}
              onDrop={(e) => drop(e, job.queuePosition ?? i + 1)}
              className={dragged === job.id ? 'dragging' : undefined}
            >
              <JobCard job={job} onOpen={onOpen} />
              {staff && (
                <span className="buttons">
                  <button
                    type="button"
                    disabled={i === 0}
                    aria-label={t('jobs.queue.moveUp', { number: job.number })}
                    onClick={() => onMove(job.id, (job.queuePosition ?? i + 1) - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={i === lane.queued.length - 1}
                    aria-label={t('jobs.queue.moveDown', { number: job.number })}
                    onClick={() => onMove(job.id, (job.queuePosition ?? i + 1) + 1)}
                  >
                    ↓
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function JobCard({ job, onOpen }: { job: Job; onOpen: (id: number) => void }) {
  const t = useT();
  const language = useLanguage();
  return (
    <span className="job-card">
      {job.queuePosition !== null && (
        <span className="position">{t('jobs.queue.position', { position: job.queuePosition })}</span>
      )}{' '}
      <button
        type="button"
        className="link"
        onClick={() => onOpen(job.id)}
        aria-label={t('jobs.open', { number: job.number, title: job.title })}
      >
        {t('jobs.job', { number: job.number })}: {job.title}
      </button>{' '}
      <span className="badge">{job.tierName}</span> <span>{job.requesterName}</span>
      {job.quantity > 1 && (
        <span> · {t('jobs.queue.copies', { done: job.copiesDone, quantity: job.quantity })}</span>
      )}
      {job.dueOn !== null && (
        <span> · {t('jobs.queue.due', { date: showBusinessDate(job.dueOn, language) })}</span>
      )}{' '}
      <span>· {money(job.quote.totalCents)}</span>
    </span>
  );
}

/** A running job's progress: live from the machine's snapshots when it streams, else what main last recorded. */
export function LiveProgress({ job, machineId }: { job: Job; machineId: number }) {
  const t = useT();
  const live = useLiveJob(machineId);
  const share =
    job.status === 'done'
      ? 1
      : job.status !== 'running'
        ? null
        : live !== null
          ? shareDone(live)
          : job.progress;
  if (share === null) return null;
  const percent = Math.floor(share * 100);
  return (
    <span className="progress">
      <progress max={100} value={percent} aria-label={t('jobs.page.progress')} />{' '}
      <span>{t('jobs.page.progressText', { percent })}</span>
    </span>
  );
}
