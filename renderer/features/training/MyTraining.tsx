import type { TrainingSession } from '../../../preload/contract/methods/training.js';
import { errorText, useLanguage, useT, useTrainingMutation, useTrainingQuery } from './api.js';
import { AuthorizationList } from './AuthorizationList.js';
import { showDateTime } from './countdown.js';
import { Progress } from './Progress.js';
import { useCan } from '../../app/session.js';

function UpcomingSession({ session, me }: { session: TrainingSession; me: number }) {
  const t = useT();
  const language = useLanguage();
  const register = useTrainingMutation('training.sessions.register');
  const withdraw = useTrainingMutation('training.sessions.withdraw');
  const mine = session.attendees.find((a) => a.personId === me && a.status === 'registered') !== undefined;
  const error = register.error ?? withdraw.error;
  return (
    <li className="training-session">
      <strong>{session.definitionName}</strong> · {showDateTime(session.startsAt, language)}
      {session.location !== null && <> · {session.location}</>}
      <div className="muted">
        {t('training.places', { taken: session.taken, capacity: session.capacity })}
        {session.taken < session.minAttendees && (
          <> · {t('training.belowMinimum', { min: session.minAttendees })}</>
        )}
      </div>
      {mine ? (
        <>
          <span className="badge">{t('training.registered')}</span>{' '}
          <button
            type="button"
            onClick={() => withdraw.mutate({ sessionId: session.id })}
            disabled={withdraw.isPending}
          >
            {t('training.withdraw')}
          </button>
        </>
      ) : (
        <button
          type="button"
          onClick={() => register.mutate({ sessionId: session.id })}
          disabled={register.isPending || session.taken >= session.capacity}
        >
          {t('training.register')}
        </button>
      )}
      {error !== null && <p role="alert">{t('training.error', { message: errorText(error) })}</p>}
    </li>
  );
}

/** The trainee's own page: course progress, authorizations with expiry countdown, upcoming sessions, their files. */
export function MyTraining({ me }: { me: number }) {
  const t = useT();
  const transcript = useTrainingQuery('training.transcript', {});
  // No instant in the query key: a key that changes every render would refetch forever.
  const sessions = useTrainingQuery('training.sessions.list', {});
  // Only lab roles have a library; a treasurer's training page leaves the files out instead of being refused.
  const hasLibrary = useCan('files.read');
  const files = useTrainingQuery('files.list', { scope: 'mine' }, hasLibrary);
  if (transcript.isPending) return <p>{t('training.loading')}</p>;
  if (transcript.isError)
    return <p role="alert">{t('training.error', { message: errorText(transcript.error) })}</p>;
  const now = transcript.data.asOf;
  const upcoming = (sessions.data ?? []).filter((s) => s.status === 'scheduled' && s.startsAt > now);
  return (
    <section className="training-mine">
      <h1>{t('training.mine.title')}</h1>
      {transcript.data.courses.map((p) => (
        <Progress key={p.courseId} progress={p} />
      ))}
      <h2>{t('training.authorizations')}</h2>
      <AuthorizationList rows={transcript.data.authorizations} asOf={now} />
      <h2>{t('training.upcoming')}</h2>
      {upcoming.length === 0 ? (
        <p className="muted">{t('training.upcoming.none')}</p>
      ) : (
        <ul className="training-sessions">
          {upcoming.map((s) => (
            <UpcomingSession key={s.id} session={s} me={me} />
          ))}
        </ul>
      )}
      {files.data !== undefined && files.data.length > 0 && (
        <>
          <h2>{t('training.files')}</h2>
          <ul className="training-files">
            {files.data.slice(0, 10).map((f) => (
              <li key={f.id}>{f.name}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
