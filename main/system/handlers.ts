import type { systemMethods } from '../../preload/contract/methods/system.js';
import type { HandlersFor } from '../kernel/handler-types.js';
import { requireActor } from '../kernel/handler-types.js';
import type { HostContext } from '../kernel/context.js';
import { countAccounts, insertPerson } from '../people/people-service.js';
import type { Sessions } from '../people/sessions.js';
import { DeskError } from '../kernel/errors.js';
import { listAudit } from './audit.js';
import { readSettings, updateSettings } from './settings.js';

/** `sessions`: the people area's logins (the host makes one table and hands it here and to dispatch). */
export function systemHandlers(ctx: HostContext, sessions: Sessions): HandlersFor<typeof systemMethods> {
  const { store, info } = ctx;
  return {
    'app.info': () => ({
      name: 'Community Production Desk',
      version: info.version,
      schemaVersion: store.schemaVersion(),
      host: info.kind,
      demo: info.demo,
      needsSetup: countAccounts(store) === 0,
      readOnly: false,
    }),
    'setup.createAdmin': async (input, call) => {
      const passwordHash = await sessions.passwords.hash(input.password);
      const person = store.write({ actor: null, reason: 'first-run setup' }, (tx) => {
        // Checked inside the write: two tabs racing through setup cannot both create an admin.
        const n = (tx.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
        if (n > 0) throw new DeskError('CONFLICT', 'Setup is already done: log in instead.');
        return insertPerson(tx, {
          displayName: input.displayName,
          language: input.language,
          roles: ['admin'],
          login: { username: input.username, passwordHash },
        });
      });
      return sessions.loginAs(call.conn, person.id);
    },
    'session.login': async ({ username, password }, call) => {
      if (countAccounts(store) === 0)
        throw new DeskError('SETUP_REQUIRED', 'No one can log in yet: create the administrator first.');
      return sessions.login(call.conn, username, password);
    },
    'session.resume': ({ resumeToken }, call) => sessions.resume(call.conn, resumeToken),
    'session.whoami': (_input, call) => sessions.info(call.conn),
    'session.logout': (_input, call) => {
      sessions.logout(call.conn);
      return null;
    },
    'session.lock': (_input, call) => sessions.lock(call.conn),
    'session.unlock': ({ password }, call) => sessions.unlock(call.conn, password),
    'session.touch': (_input, call) => {
      sessions.touch(call.conn);
      return { locked: call.conn.auth?.locked ?? false };
    },
    'session.changePassword': async ({ current, next }, call) => {
      await sessions.changePassword(call.conn, current, next);
      return null;
    },
    'session.setLanguage': ({ language }, call) => {
      const actor = requireActor(call);
      store.write({ actor }, (tx) => {
        const before = tx.db.prepare('SELECT language FROM persons WHERE id = ?').get(actor);
        tx.db.prepare('UPDATE persons SET language = ? WHERE id = ?').run(language, actor);
        tx.audit('person', actor, 'set_language', before, { language });
      });
      return null;
    },
    'settings.get': () => readSettings(store),
    'settings.update': (patch, call) => {
      const settings = updateSettings(store, requireActor(call), patch);
      ctx.events.publish('changed', { entity: 'settings' });
      return settings;
    },
    'audit.list': (query) => listAudit(store, query),
  };
}
