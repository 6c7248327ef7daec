import { useEffect, useId, useRef, useState } from 'react';
import { errorText, useT, useTrainingMutation } from './api.js';

/**
 * A practical sign-off grants an authorization, so it is never one click: the button opens a confirmation that says
 * what will happen, with an optional assessment note that is kept with the assessment in the person's record.
 * The focus follows by keyboard: opening puts it in the note, cancelling puts it back on the button.
 */
export function SignOffButton({
  personId,
  personName,
  definitionId,
  trainingName,
  sessionId,
}: {
  personId: number;
  personName: string;
  definitionId: number;
  trainingName: string;
  sessionId?: number | undefined;
}) {
  const t = useT();
  const noteId = useId();
  const signOff = useTrainingMutation('training.authorizations.signOff');
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const noteField = useRef<HTMLTextAreaElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  // Which of the two to focus after `open` changes; nothing on the first render.
  const focusNext = useRef<'note' | 'button' | null>(null);
  useEffect(() => {
    if (focusNext.current === 'note') noteField.current?.focus();
    if (focusNext.current === 'button') button.current?.focus();
    focusNext.current = null;
  }, [open]);
  if (!open) {
    return (
      <button
        ref={button}
        type="button"
        aria-label={`${t('training.desk.signOff')}: ${personName}`}
        onClick={() => {
          focusNext.current = 'note';
          setOpen(true);
        }}
      >
        {t('training.desk.signOff')}
      </button>
    );
  }
  const title = t('training.signOff.title', { person: personName, training: trainingName });
  return (
    <form
      className="training-signoff-confirm"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        signOff.mutate(
          {
            personId,
            definitionId,
            ...(sessionId === undefined ? {} : { sessionId }),
            ...(note.trim() === '' ? {} : { notes: note.trim() }),
          },
          {
            onSuccess: () => {
              setOpen(false);
              setNote('');
            },
          },
        );
      }}
    >
      <strong>{title}</strong>
      <p className="muted">{t('training.signOff.explain')}</p>
      <label htmlFor={noteId}>{t('training.signOff.note')}</label>
      <textarea
        ref={noteField}
        id={noteId}
        maxLength={2000}
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div>
        <button type="submit" disabled={signOff.isPending}>
          {t('training.signOff.confirm')}
        </button>{' '}
        <button
          type="button"
          disabled={signOff.isPending}
          onClick={() => {
            focusNext.current = 'button';
            setOpen(false);
            signOff.reset();
          }}
        >
          {t('training.signOff.cancel')}
        </button>
      </div>
      {signOff.error !== null && (
        <p role="alert">{t('training.error', { message: errorText(signOff.error) })}</p>
      )}
    </form>
  );
}
