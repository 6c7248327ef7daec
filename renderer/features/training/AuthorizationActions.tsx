import { useState } from 'react';
import type { TrainingAuthorization } from '../../../preload/contract/methods/training.js';
import { errorText, useT, useTrainingMutation } from './api.js';

/**
 * An instructor's hand on one record: renew, suspend or reinstate, revoke. Each needs a reason, which the record
 * keeps (who, when, why); the host refuses anything the rules forbid (a revoked record never comes back).
 */
export function AuthorizationActions({ authorization }: { authorization: TrainingAuthorization }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const renew = useTrainingMutation('training.authorizations.renew');
  const suspend = useTrainingMutation('training.authorizations.suspend');
  const reinstate = useTrainingMutation('training.authorizations.reinstate');
  const revoke = useTrainingMutation('training.authorizations.revoke');
  const busy = renew.isPending || suspend.isPending || reinstate.isPending || revoke.isPending;
  const error = renew.error ?? suspend.error ?? reinstate.error ?? revoke.error;
  if (authorization.status !== 'active' && authorization.status !== 'suspended') return null;
  const id = authorization.id;
  const noReason = reason.trim() === '';
  return (
    <div className="training-actions">
      <input
        aria-label={`${t('training.actions.reason')}: ${authorization.name}`}
        placeholder={t('training.actions.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />{' '}
      {authorization.status === 'active' && (
        <>
          <button
            type="button"
            disabled={busy}
            onClick={() => renew.mutate({ authorizationId: id, ...(noReason ? {} : { note: reason }) })}
          >
            {t('training.actions.renew')}
          </button>{' '}
          <button
            type="button"
            disabled={busy || noReason}
            onClick={() => suspend.mutate({ authorizationId: id, reason })}
          >
            {t('training.actions.suspend')}
          </button>
        </>
      )}
      {authorization.status === 'suspended' && (
        <button
          type="button"
          disabled={busy || noReason}
          onClick={() => reinstate.mutate({ authorizationId: id, reason })}
        >
          {t('training.actions.reinstate')}
        </button>
      )}{' '}
      <button
        type="button"
        disabled={busy || noReason}
        onClick={() => revoke.mutate({ authorizationId: id, reason })}
      >
        {t('training.actions.revoke')}
      </button>
      {error !== null && <p role="alert">{t('training.error', { message: errorText(error) })}</p>}
    </div>
  );
}
