import { useState, type SyntheticEvent } from 'react';
import { call, useDeskMutation, useDeskQuery } from '../api/index.js';
import { useLanguage } from './i18n.js';
import { useCan } from './session.js';
import { useToast } from './toasts.js';
import { useErrorText, useShellT } from './words.js';
import { FormError, PasswordField } from './Field.js';
import { AboutBox } from './AboutBox.js';

/** Everyone changes their own password here; administrators set the lab's name and idle lock; the audit trail. */
export function SettingsScreen() {
  const t = useShellT();
  const manages = useCan('settings.manage');
  const audits = useCan('audit.read');
  return (
    <section className="settings">
      <h1>{t('settings.title')}</h1>
      {manages && <LabSettings />}
      <PasswordForm />
      {audits && <AuditTrail />}
      <AboutBox />
    </section>
  );
}

function LabSettings() {
  const t = useShellT();
  const toast = useToast();
  const errorText = useErrorText();
  const settings = useDeskQuery('settings.get', {});
  const update = useDeskMutation('settings.update');
  const [draft, setDraft] = useState<{ labName: string; lockAfterMinutes: string } | null>(null);
  if (settings.data === undefined) return null;
  const value = draft ?? {
    labName: settings.data.labName,
    lockAfterMinutes: String(settings.data.lockAfterMinutes),
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const minutes = Number(value.lockAfterMinutes);
    update.mutate(
      { labName: value.labName, lockAfterMinutes: Number.isInteger(minutes) ? minutes : -1 },
      {
        onSuccess: () => {
          setDraft(null);
          toast(t('settings.saved'), 'success');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label={t('settings.title')} className="card">
      <label>
        {t('settings.labName')}
        <input value={value.labName} onChange={(e) => setDraft({ ...value, labName: e.target.value })} />
      </label>
      <label>
        {t('settings.lockAfter')}
        <input
          inputMode="numeric"
          value={value.lockAfterMinutes}
          onChange={(e) => setDraft({ ...value, lockAfterMinutes: e.target.value })}
        />
      </label>
      {update.error !== null && (
        <p role="alert" className="form-error">
          {errorText(update.error)}
        </p>
      )}
      <button type="submit" disabled={update.isPending}>
        {t('people.save')}
      </button>
    </form>
  );
}

function PasswordForm() {
  const t = useShellT();
  const toast = useToast();
  const errorText = useErrorText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    call('session.changePassword', { current, next })
      .then(() => {
        setCurrent('');
        setNext('');
        toast(t('settings.password.changed'), 'success');
      })
      .catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <form onSubmit={submit} aria-label={t('settings.password')} className="card">
      <h2>{t('settings.password')}</h2>
      <PasswordField
        label={t('settings.password.current')}
        value={current}
        onChange={setCurrent}
        purpose="current"
      />
      <PasswordField label={t('settings.password.next')} value={next} onChange={setNext} purpose="new" />
      <FormError error={error} />
      <button type="submit">{t('people.save')}</button>
    </form>
  );
}

function AuditTrail() {
  const t = useShellT();
  const language = useLanguage();
  const rows = useDeskQuery('audit.list', { limit: 50 });
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="card">
      <h2>{t('settings.audit')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('settings.audit.when')}</th>
            <th>{t('settings.audit.who')}</th>
            <th>{t('settings.audit.what')}</th>
            <th>{t('settings.audit.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {(rows.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>{when.format(new Date(r.at))}</td>
              <td>{r.actorName ?? '—'}</td>
              <td>
                {r.action} {r.entity} #{r.entityId}
              </td>
              <td>{r.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
