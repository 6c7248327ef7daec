import { errorText, useLanguage, useT, useTrainingQuery } from './api.js';
import { AuthorizationList } from './AuthorizationList.js';
import { showDate, showDateTime } from './countdown.js';
import { Progress } from './Progress.js';

/** Everything one person earned and did in training, history included (renewed and revoked records stay visible). */
export function Transcript({
  personId,
  manage = false,
  onBack,
}: {
  personId: number;
  manage?: boolean;
  onBack?: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const transcript = useTrainingQuery('training.transcript', { personId });
  if (transcript.isPending) return <p>{t('training.loading')}</p>;
  if (transcript.isError)
    return <p role="alert">{t('training.error', { message: errorText(transcript.error) })}</p>;
  const { asOf, person, authorizations, assessments, sessions, courses, waivers } = transcript.data;
  return (
    <section className="training-transcript">
      {onBack !== undefined && (
        <button type="button" className="link" onClick={onBack}>
          ←
        </button>
      )}
      <h1>{t('training.transcript.title', { name: person.displayName })}</h1>
      <h2>{t('training.authorizations')}</h2>
      <AuthorizationList rows={authorizations} asOf={asOf} showHistory manage={manage} />
      <h2>{t('training.transcript.assessments')}</h2>
      <ul>
        {assessments.map((a) => (
          <li key={a.id}>
            {a.definitionName} —{' '}
            {t('training.assessment.result', {
              kind: t(`training.assessment.${a.kind}`),
              result: t(`training.result.${a.result}`),
              assessor: a.assessorName,
              date: showDate(a.at, language),
            })}
            {a.notes !== null && (
              <div className="muted">{t('training.assessment.note', { note: a.notes })}</div>
            )}
          </li>
        ))}
      </ul>
      <h2>{t('training.transcript.sessions')}</h2>
      <ul>
        {sessions
          .filter((s) => s.attendees.some((x) => x.personId === person.id && x.status === 'attended'))
          .map((s) => (
            <li key={s.id}>
              {s.definitionName} · {showDateTime(s.startsAt, language)} · {s.instructorName}
            </li>
          ))}
      </ul>
      {courses.length > 0 && <h2>{t('training.transcript.courses')}</h2>}
      {courses.map((p) => (
        <Progress key={p.courseId} progress={p} />
      ))}
      <h2>{t('training.transcript.waivers')}</h2>
      <ul>
        {waivers.map((w) => (
          <li key={w.id}>
            {w.signedOn}
            {w.note !== null && <> · {w.note}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}
