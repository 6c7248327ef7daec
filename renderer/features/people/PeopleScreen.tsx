import { useState, type SyntheticEvent } from 'react';
import { roles, type Person, type Role } from '../../../preload/contract/index.js';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { useCan } from '../../app/session.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText, useShellT } from '../../app/words.js';
import { Field, FormError, PasswordField } from '../../app/Field.js';
import { AlreadyQualified } from './AlreadyQualified.js';

/** Everyone the lab knows, their roles and logins. Administrators add, edit, give logins and deactivate. */
export function PeopleScreen() {
  const t = useShellT();
  const manages = useCan('people.manage');
  const teaches = useCan('training.teach');
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const people = useDeskQuery('people.list', { includeInactive: showInactive });
  const list = people.data ?? [];
  return (
    <section className="people">
      <h1>{t('people.title')}</h1>
      {!manages && <p className="hint">{t('people.readOnly')}</p>}
      <div className="toolbar">
        <label className="inline">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
          {t('people.showInactive')}
        </label>
        <span>{t('people.count', { count: list.length })}</span>
        {manages && editing === null && (
          <button type="button" onClick={() => setEditing('new')}>
            {t('people.add')}
          </button>
        )}
      </div>
      {editing !== null && (
        <PersonForm person={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      )}
      <table>
        <thead>
          <tr>
            <th>{t('people.name')}</th>
            <th>{t('people.roles')}</th>
            <th>{t('people.login')}</th>
            <th>{t('people.email')}</th>
            {manages && <th />}
          </tr>
        </thead>
        <tbody>
          {list.map((p) => (
            <tr key={p.id} className={p.active ? undefined : 'inactive'}>
              <td>
                {p.displayName} {!p.active && <em>({t('people.inactive')})</em>}
              </td>
              <td>{p.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
              <td>{p.username ?? <em>{t('people.noLogin')}</em>}</td>
              <td>{p.email ?? ''}</td>
              {manages && (
                <td>
                  <button
                    type="button"
                    onClick={() => setEditing(p)}
                    aria-label={`${t('people.edit')} ${p.displayName}`}
                  >
                    {t('people.edit')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {teaches && <AlreadyQualified />}
    </section>
  );
}

function PersonForm({ person, onDone }: { person: Person | null; onDone: () => void }) {
  const t = useShellT();
  const toast = useToast();
  const errorText = useErrorText();
  const create = useDeskMutation('people.create');
  const update = useDeskMutation('people.update');
  const setRoles = useDeskMutation('people.setRoles');
  const setLogin = useDeskMutation('people.setLogin');
  const setActive = useDeskMutation('people.setActive');
  const [displayName, setName] = useState(person?.displayName ?? '');
  const [email, setEmail] = useState(person?.email ?? '');
  const [phone, setPhone] = useState(person?.phone ?? '');
  const [language, setLanguage] = useState<'en' | 'es'>(person?.language === 'es' ? 'es' : 'en');
  const [held, setHeld] = useState<Role[]>(person?.roles ?? []);
  const [username, setUsername] = useState(person?.username ?? '');
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const run = async (steps: (() => Promise<unknown>)[]) => {
    setError(null);
    try {
      for (const step of steps) await step();
      toast(t('people.saved', { name: displayName }), 'success');
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const login = username !== '' && password !== '' ? { username, password } : undefined;
    if (person === null) {
      void run([() => create.mutateAsync({ displayName, email, phone, language, roles: held, login })]);
      return;
    }
    const steps: (() => Promise<unknown>)[] = [
      () => update.mutateAsync({ id: person.id, displayName, email, phone, language }),
    ];
    if (held.join() !== person.roles.join())
      steps.push(() => setRoles.mutateAsync({ id: person.id, roles: held, reason }));
    if (login !== undefined) steps.push(() => setLogin.mutateAsync({ id: person.id, ...login }));
    void run(steps);
  };

  const toggleActive = () => {
    if (person === null) return;
    void run([() => setActive.mutateAsync({ id: person.id, active: !person.active, reason })]);
  };

  return (
    <form
      onSubmit={submit}
      className="card"
      aria-label={person === null ? t('people.add') : `${t('people.edit')} ${person.displayName}`}
    >
      <Field label={t('people.name')} value={displayName} onChange={setName} required />
      <Field label={t('people.email')} value={email} onChange={setEmail} type="email" />
      <Field label={t('people.phone')} value={phone} onChange={setPhone} />
      <label>
        {t('people.language')}
        <select value={language} onChange={(e) => setLanguage(e.target.value === 'es' ? 'es' : 'en')}>
          <option value="en">English</option>
          <option value="es">Español</option>
        </select>
      </label>
      <fieldset>
        <legend>{t('people.roles')}</legend>
        {roles.map((r) => (
          <label key={r} className="inline">
            <input
              type="checkbox"
              checked={held.includes(r)}
              onChange={(e) => setHeld(e.target.checked ? [...held, r] : held.filter((x) => x !== r))}
            />
            {t(`role.${r}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('people.login')}</legend>
        <Field label={t('people.username')} value={username} onChange={setUsername} autoComplete="off" />
        <PasswordField
          label={person?.username != null ? t('people.newPassword') : t('people.password')}
          value={password}
          onChange={setPassword}
          purpose="new"
          required={false}
        />
      </fieldset>
      {person !== null && <Field label={t('people.reason')} value={reason} onChange={setReason} />}
      <FormError error={error} />
      <div className="buttons">
        <button type="submit">{t('people.save')}</button>
        <button type="button" onClick={onDone}>
          {t('people.cancel')}
        </button>
        {person !== null && (
          <button type="button" onClick={toggleActive}>
            {person.active ? t('people.deactivate') : t('people.reactivate')}
          </button>
        )}
      </div>
    </form>
  );
}
