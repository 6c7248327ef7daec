import { useId, useState } from 'react';
import type { MethodOutput } from '../../../preload/contract/index.js';
import type { TrainingAuthorization } from '../../../preload/contract/methods/training.js';
import { call, errorText, useT } from './api.js';

type Exported = MethodOutput<'training.badges.export'>;

/** Saves JSON as a file the person can carry to another Fab Lab or a badge backpack. */
function saveJson(doc: unknown, fileName: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * An authorization as an Open Badge: published on the Desk's web address (hosted verification), issued to the
 * person's email or to a web address they own. Offers the PNG with the assertion baked in, the 2.0 assertion, and the
 * unsigned 3.0 credential with a note on what it lacks.
 */
export function BadgeExport({ authorization: a }: { authorization: TrainingAuthorization }) {
  const t = useT();
  const urlId = useId();
  const [open, setOpen] = useState(false);
  const [recipientUrl, setRecipientUrl] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Exported | null>(null);
  if (!open) {
    return (
      <button
        type="button"
        className="link"
        onClick={() => setOpen(true)}
        aria-label={t('training.badgeOf', { name: a.name })}
      >
        {t('training.badge')}
      </button>
    );
  }
  const publish = async () => {
    setPending(true);
    setError(null);
    try {
      const url = recipientUrl.trim();
      setDone(
        await call('training.badges.export', {
          authorizationId: a.id,
          ...(url === '' ? {} : { recipientUrl: url }),
        }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  };
  const base = `badge-${a.code}-${a.certificateNo}`;
  return (
    <div className="training-badge-export" role="group" aria-label={`${t('training.badge')}: ${a.name}`}>
      {done === null ? (
        <>
          <label htmlFor={urlId}>{t('training.badge.url')}</label>{' '}
          <input
            id={urlId}
            type="url"
            maxLength={500}
            placeholder="https://"
            value={recipientUrl}
            onChange={(e) => setRecipientUrl(e.target.value)}
          />{' '}
          <button type="button" disabled={pending} onClick={() => void publish()}>
            {t('training.badge.publish')}
          </button>
        </>
      ) : (
        <>
          <a href={done.bakedImageUrl} download={`${base}.png`}>
            {t('training.badge.png')}
          </a>{' '}
          ·{' '}
          <button type="button" className="link" onClick={() => saveJson(done.assertion, `${base}.json`)}>
            {t('training.badge.json')}
          </button>{' '}
          ·{' '}
          <button
            type="button"
            className="link"
            onClick={() => saveJson(done.credential, `${base}-ob3.json`)}
          >
            {t('training.badge.ob3')}
          </button>
          <div className="muted">{t('training.badge.hosted', { url: done.assertionUrl })}</div>
          <div className="muted">{t('training.badge.ob3Note')}</div>
        </>
      )}
      {error !== null && <p role="alert">{t('training.error', { message: error })}</p>}
    </div>
  );
}
