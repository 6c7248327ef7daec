import { useState } from 'react';
import type { TrainingMatrix, TrainingSession } from '../../../preload/contract/methods/training.js';
import type { Person } from '../../../preload/contract/index.js';
import { errorText, useLanguage, useT, useTrainingMutation } from './api.js';
import { showDateTime } from './countdown.js';
import { SignOffButton } from './SignOff.js';

type Mark = 'attended' | 'absent';

/**
 * One session on the instructor's desk: who came (registered people plus walk-ins), then a practical sign-off for
 * each person who attended and does not hold the training yet.
 */
export function SessionCard({
  session,
  people,
  matrix,
}: {
  session: TrainingSession;
  people: readonly Person[];
  matrix: TrainingMatrix | undefined;
}) {
  const t = useT();
  const language = useLanguage();
  const attendance = useTrainingMutation('training.sessions.recordAttendance');
  const [marks, setMarks] = useState<Record<number, Mark>>(() =>
    Object.fromEntries(
      session.attendees
        .filter((a) => a.status !== 'withdrawn')
        .map((a) => [a.personId, a.status === 'absent' ? 'absent' : 'attended']),
    ),
  );
  const [adding, setAdding] = useState('');
  const names = new Map(people.map((p) => [p.id, p.displayName]));
  for (const a of session.attendees) names.set(a.personId, a.displayName);
  const holds = (personId: number) =>
    matrix?.cells.some(
      (c) =>
        c.personId === personId &&
        c.definitionId === session.definitionId &&
        ['active', 'expiring', 'suspended'].includes(c.state),
    ) === true;
  const attended = session.attendees.filter((a) => a.status === 'attended');
  const error = attendance.error;
  const heading = `${session.definitionName} · ${showDateTime(session.startsAt, language)}`;

  return (
    <li className={`training-session status-${session.status}`} aria-label={heading}>
      <h3>
        {heading} <span className="badge">{t(`training.desk.status.${session.status}`)}</span>
      </h3>
      <div className="muted">
        {session.location} · {t('training.places', { taken: session.taken, capacity: session.capacity })}
      </div>
      {session.status !== 'cancelled' && (
        <fieldset>
          <legend>{t('training.desk.attendance')}</legend>
          {Object.entries(marks).map(([id, mark]) => (
            <label key={id} className="training-mark">
              <input
                type="checkbox"
                checked={mark === 'attended'}
                onChange={(e) => setMarks({ ...marks, [id]: e.target.checked ? 'attended' : 'absent' })}
              />{' '}
              {names.get(Number(id)) ?? id}
            </label>
          ))}
          <select
            aria-label={t('training.desk.addPerson')}
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          >
            <option value="">{t('training.desk.addPerson')}</option>
            {people
              .filter((p) => !(p.id in marks))
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                </option>
              ))}
          </select>{' '}
          <button
            type="button"
            disabled={adding === ''}
            onClick={() => {
              setMarks({ ...marks, [Number(adding)]: 'attended' });
              setAdding('');
            }}
          >
            +
          </button>{' '}
          <button
            type="button"
            disabled={attendance.isPending || Object.keys(marks).length === 0}
            onClick={() =>
              attendance.mutate({
                sessionId: session.id,
                attendance: Object.entries(marks).map(([id, status]) => ({ personId: Number(id), status })),
              })
            }
          >
            {t('training.desk.saveAttendance')}
          </button>
        </fieldset>
      )}
      {session.status === 'held' && attended.length > 0 && (
        <ul className="training-signoffs">
          {attended.map((a) => (
            <li key={a.personId}>
              {a.displayName}{' '}
              {holds(a.personId) ? (
                <span className="badge state-active">{t('training.desk.signedOff')}</span>
              ) : (
                <SignOffButton
                  personId={a.personId}
                  personName={a.displayName}
                  definitionId={session.definitionId}
                  trainingName={session.definitionName}
                  sessionId={session.id}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {error !== null && <p role="alert">{t('training.error', { message: errorText(error) })}</p>}
    </li>
  );
}
