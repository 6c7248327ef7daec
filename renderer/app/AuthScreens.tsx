import { useState, type SyntheticEvent } from 'react';
import { useLanguage } from './i18n.js';
import { useSession, type AppInfo } from './session.js';
import { Field, FormError, PasswordField } from './Field.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { useErrorText, useShellT } from './words.js';

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  const t = useShellT();
  return (
    <main className="auth">
      <div className="auth-card">
        <p className="auth-brand">
          <strong>{t('app.name')}</strong>
          <br />
          <small>{t('app.lab')}</small>
        </p>
        <h1>{title}</h1>
        {children}
        <LanguageSwitch />
      </div>
    </main>
  );
}

function useSubmit(action: () => Promise<void>) {
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    action()
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };
  return { error, busy, submit, setError };
}

export function SetupScreen() {
  const t = useShellT();
  const { setup } = useSession();
  const language = useLanguage();
  const [displayName, setName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useSubmit(async () => {
    if (password !== confirm) throw new Error(t('setup.mismatch'));
    await setup({ displayName, username, password, language });
  });
  return (
    <Frame title={t('setup.title')}>
      <p>{t('setup.intro')}</p>
      <form onSubmit={form.submit} aria-label={t('setup.title')}>
        <Field label={t('setup.name')} value={displayName} onChange={setName} autoComplete="name" required />
        <Field
          label={t('setup.username')}
          value={username}
          onChange={setUsername}
          autoComplete="username"
          required
        />
        <PasswordField label={t('setup.password')} value={password} onChange={setPassword} purpose="new" />
        <PasswordField label={t('setup.confirm')} value={confirm} onChange={setConfirm} purpose="new" />
        <FormError error={form.error} />
        <button type="submit" disabled={form.busy}>
          {t('setup.create')}
        </button>
      </form>
    </Frame>
  );
}

const DEMO_USERS = ['admin', 'staff', 'instructor', 'trainee', 'treasurer'];

export function LoginScreen({ info }: { info: AppInfo }) {
  const t = useShellT();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(() => login(username, password));
  return (
    <Frame title={t('login.title')}>
      <form onSubmit={form.submit} aria-label={t('login.title')}>
        <Field
          label={t('login.username')}
          value={username}
          onChange={setUsername}
          autoComplete="username"
          required
          autoFocus
        />
        <PasswordField
          label={t('login.password')}
          value={password}
          onChange={setPassword}
          purpose="current"
        />
        <FormError error={form.error} />
        <button type="submit" disabled={form.busy}>
          {t('login.submit')}
        </button>
      </form>
      {info.demo && <p className="hint">{t('login.demo', { names: DEMO_USERS.join(', ') })}</p>}
    </Frame>
  );
}

export function LockScreen({ name }: { name: string }) {
  const t = useShellT();
  const { unlock, switchUser } = useSession();
  const [password, setPassword] = useState('');
  const form = useSubmit(() => unlock(password));
  return (
    <Frame title={t('lock.title')}>
      <p>{t('lock.intro', { name })}</p>
      <form onSubmit={form.submit} aria-label={t('lock.title')}>
        <PasswordField
          label={t('lock.password')}
          value={password}
          onChange={setPassword}
          purpose="current"
          autoFocus
        />
        <FormError error={form.error} />
        <button type="submit" disabled={form.busy}>
          {t('lock.unlock')}
        </button>
        <button type="button" onClick={switchUser}>
          {t('user.switch')}
        </button>
      </form>
    </Frame>
  );
}
