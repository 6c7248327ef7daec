import type {
  AuthorizationState,
  TrainingAuthorization,
} from '../../../preload/contract/methods/training.js';
import { blobUrl, useLanguage, useT, useTrainingQuery, type TrainingT } from './api.js';
import { BadgeExport } from './BadgeExport.js';
import { AuthorizationActions } from './AuthorizationActions.js';
import { countdown, showDate } from './countdown.js';

export function stateLabel(t: TrainingT, state: AuthorizationState): string {
  return t(`training.state.${state}`);
}

function CountdownText({ goodUntil, now }: { goodUntil: string | null; now: Date }) {
  const t = useT();
  const c = countdown(goodUntil, now);
  if (c.kind === 'never') return <>{t('training.countdown.never')}</>;
  if (c.kind === 'today') return <>{t('training.countdown.today')}</>;
  if (c.kind === 'past') return <>{t('training.countdown.past', { date: c.date })}</>;
  return <>{t('training.countdown.days', { days: c.days })}</>;
}

/** A person's authorizations, newest first, with state, countdown and their documents. Renewed rows are folded away. */
export function AuthorizationList({
  rows,
  asOf,
  showHistory = false,
  manage = false,
}: {
  rows: readonly TrainingAuthorization[];
  /** The host's instant the states were judged at; the countdown counts from the same instant. */
  asOf: string;
  showHistory?: boolean;
  /** Show an instructor's renew / suspend / revoke controls. */
  manage?: boolean;
}) {
  const t = useT();
  const language = useLanguage();
  const login = useTrainingQuery('session.whoami', {}).data?.resumeToken;
  const now = new Date(asOf);
  const shown = showHistory ? rows : rows.filter((r) => r.status !== 'superseded');
  if (shown.length === 0) return <p className="muted">{t('training.authorizations.none')}</p>;
  return (
    <ul className="training-authorizations" aria-label={t('training.authorizations')}>
      {shown.map((a) => (
        <li key={a.id} className={`training-authorization state-${a.state}`} data-code={a.code}>
          <div className="training-authorization-head">
            <strong>{a.name}</strong>{' '}
            <span className={`badge state-${a.state}`}>{stateLabel(t, a.state)}</span>
          </div>
          <div className="muted">
            {a.state === 'revoked' || a.state === 'superseded' ? (
              a.endReason
            ) : (
              <CountdownText goodUntil={a.goodUntil} now={now} />
            )}
          </div>
          <div className="muted">
            {t('training.grantedBy', { name: a.grantedByName, date: showDate(a.grantedAt, language) })} ·{' '}
            {t('training.certificateNo', { no: a.certificateNo })}
          </div>
          {a.status !== 'superseded' && (
            <div className="training-documents">
              <a
                href={blobUrl(`training/certificate/${a.id}.pdf`, login)}
                target="_blank"
                rel="noreferrer"
                aria-label={t('training.certificateOf', { name: a.name })}
              >
                {t('training.certificate')}
              </a>{' '}
              {a.status !== 'revoked' && <BadgeExport authorization={a} />}
            </div>
          )}
          {manage && <AuthorizationActions authorization={a} />}
        </li>
      ))}
    </ul>
  );
}
