import { useId, useState, type SyntheticEvent } from 'react';
import type { Submission } from '../../../preload/contract/methods/training.js';
import { hostNow } from '../../api/index.js';
import { errorText, useT, useTrainingMutation, useTrainingQuery } from './api.js';
import { fromLabInput, toLabInput } from './lab-time.js';
import { SessionCard } from './SessionCard.js';
import { SignOffButton } from './SignOff.js';

const HOUR_MS = 3_600_000;

/** The next whole hour on the lab's clock, and two hours after it, as datetime-local values in the lab's zone. */
function defaultTimes(now: Date): { startsAt: string; endsAt: string } {
  const startsAt = `${toLabInput(now).slice(0, 13)}:00`;
  const start = Date.parse(fromLabInput(startsAt) ?? now.toISOString());
  return { startsAt, endsAt: toLabInput(new Date(start + 2 * HOUR_MS)) };
}

function NewSession({ rights }: { rights: readonly number[] }) {
  const t = useT();
  const definitions = useTrainingQuery('training.definitions.list', {});
  const create = useTrainingMutation('training.sessions.create');
  const zoneId = useId();
  const [form, setForm] = useState(() => ({
    definitionId: '',
    ...defaultTimes(hostNow()),
    location: '',
    capacity: '6',
    minAttendees: '1',
  }));
  const mine = (definitions.data ?? []).filter((d) => rights.includes(d.id));
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    // The fields are Jackson wall-clock times, whatever zone this screen's computer is in.
    const startsAt = fromLabInput(form.startsAt);
    const endsAt = fromLabInput(form.endsAt);
    if (startsAt === null || endsAt === null) return;
    create.mutate({
      definitionId: Number(form.definitionId),
      startsAt,
      endsAt,
      capacity: Number(form.capacity),
      minAttendees: Number(form.minAttendees),
      ...(form.location.trim() === '' ? {} : { location: form.location }),
    });
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });
  return (
    <form className="training-new-session" onSubmit={submit} aria-label={t('training.desk.newSession')}>
      <h3>{t('training.desk.newSession')}</h3>
      <label>
        {t('training.desk.training')}
        <select required {...field('definitionId')}>
          <option value="" />
          {mine.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('training.desk.startsAt')}
        <input type="datetime-local" required aria-describedby={zoneId} {...field('startsAt')} />
      </label>
      <label>
        {t('training.desk.endsAt')}
        <input type="datetime-local" required aria-describedby={zoneId} {...field('endsAt')} />
      </label>
      <span id={zoneId} className="muted training-zone">
        {t('training.desk.labZone')}
      </span>
      <label>
        {t('training.desk.location')}
        <input {...field('location')} />
      </label>
      <label>
        {t('training.desk.capacity')}
        <input type="number" min={1} required {...field('capacity')} />
      </label>
      <label>
        {t('training.desk.minAttendees')}
        <input type="number" min={0} required {...field('minAttendees')} />
      </label>
      <button type="submit" disabled={create.isPending}>
        {t('training.desk.create')}
      </button>
      {create.error !== null && (
        <p role="alert">{t('training.error', { message: errorText(create.error) })}</p>
      )}
    </form>
  );
}

function Review({ submission }: { submission: Submission }) {
  const t = useT();
  const review = useTrainingMutation('training.courses.review');
  const [evaluator, setEvaluator] = useState('');
  const stage = submission.status === 'submitted' ? 'local' : 'global';
  const decide = (decision: 'accept' | 'needs_work') =>
    review.mutate({
      submissionId: submission.id,
      stage,
      decision,
      ...(stage === 'global' ? { evaluatorName: evaluator } : {}),
    });
  return (
    <li>
      {submission.displayName} — {submission.moduleTitle ?? submission.courseTitle} ·{' '}
      <a href={submission.url} target="_blank" rel="noreferrer">
        {submission.url}
      </a>{' '}
      <span className="muted">{t(`training.module.${submission.status}`)}</span>{' '}
      {stage === 'global' && (
        <input
          aria-label={t('training.desk.evaluator')}
          placeholder={t('training.desk.evaluator')}
          value={evaluator}
          onChange={(e) => setEvaluator(e.target.value)}
        />
      )}
      <button
        type="button"
        onClick={() => decide('accept')}
        disabled={review.isPending || (stage === 'global' && evaluator.trim() === '')}
      >
        {t('training.desk.accept')}
      </button>{' '}
      <button type="button" onClick={() => decide('needs_work')} disabled={review.isPending}>
        {t('training.desk.needsWork')}
      </button>
      {review.error !== null && (
        <p role="alert">{t('training.error', { message: errorText(review.error) })}</p>
      )}
    </li>
  );
}

/** The instructor's page: sign people off and review course work (what waits first), record sessions and attendance. */
export function InstructorDesk() {
  const t = useT();
  const desk = useTrainingQuery('training.instructorDesk', {});
  const people = useTrainingQuery('people.list', {});
  const matrix = useTrainingQuery('training.matrix', {});
  if (desk.isPending) return <p>{t('training.loading')}</p>;
  if (desk.isError) return <p role="alert">{t('training.error', { message: errorText(desk.error) })}</p>;
  const { upcomingSessions, pendingReviews, pendingSignOffs, rights } = desk.data;
  return (
    <section className="training-desk">
      <h1>{t('training.desk.title')}</h1>
      {/* What is waiting on the instructor comes first in the page and in the Tab order; planning comes after. */}
      <h2>{t('training.desk.signOffs')}</h2>
      {pendingSignOffs.length === 0 ? (
        <p className="muted">{t('training.desk.signOffs.none')}</p>
      ) : (
        <ul>
          {pendingSignOffs.map((p) => (
            <li key={`${p.personId}:${p.definitionId}`}>
              {t('training.desk.signOffFor', {
                training: p.definitionName,
                person: p.displayName,
                module: p.moduleTitle,
              })}{' '}
              <SignOffButton
                personId={p.personId}
                personName={p.displayName}
                definitionId={p.definitionId}
                trainingName={p.definitionName}
              />
            </li>
          ))}
        </ul>
      )}
      <h2>{t('training.desk.reviews')}</h2>
      {pendingReviews.length === 0 ? (
        <p className="muted">{t('training.desk.reviews.none')}</p>
      ) : (
        <ul>
          {pendingReviews.map((s) => (
            <Review key={s.id} submission={s} />
          ))}
        </ul>
      )}
      <h2>{t('training.desk.sessions')}</h2>
      <ul className="training-sessions">
        {upcomingSessions.map((s) => (
          <SessionCard key={s.id} session={s} people={people.data ?? []} matrix={matrix.data} />
        ))}
      </ul>
      <NewSession rights={rights} />
    </section>
  );
}
