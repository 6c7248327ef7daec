import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  methodNames,
  methods,
  permissionRoles,
  rolesGrant,
  roles,
  type MethodName,
  type Role,
} from '../../../preload/contract/index.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/**
 * Every contract method × every caller, answered by the real dispatch over a real store. The payload is
 * deliberately the wrong type, so a caller who may call the method gets INVALID_INPUT (the schema ran, no handler
 * did) and one who may not gets the refusal, before the payload is even looked at. Nothing may be written either way.
 */

const WRONG_TYPE = 'not an object';

type Caller = { name: string; client: TestClient; personId: number | null; roles: readonly Role[] };

let t: TestHost;
const callers: Caller[] = [];

const countRows = (table: string) =>
  (t.host.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
/** Rows this connection has changed since it opened: any write at all moves it. */
const totalChanges = () => (t.host.store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

function expectedCode(
  caller: Caller,
  method: MethodName,
): 'INVALID_INPUT' | 'NOT_AUTHENTICATED' | 'NOT_AUTHORIZED' {
  const { permission } = methods[method];
  if (permission === 'public') return 'INVALID_INPUT';
  if (caller.personId === null) return 'NOT_AUTHENTICATED';
  return rolesGrant(caller.roles, permission) ? 'INVALID_INPUT' : 'NOT_AUTHORIZED';
}

beforeAll(async () => {
  t = await startTestHost();
  callers.push({ name: 'anonymous', client: t.client(), personId: null, roles: [] });
  for (const role of roles) {
    const client = await t.as(role);
    callers.push({ name: role, client, personId: client.personId, roles: [role] });
  }
  const everyone = await t.as(...roles);
  callers.push({ name: 'every role', client: everyone, personId: everyone.personId, roles });
}, 30_000);

afterAll(async () => {
  await t.close();
});

describe('dispatch answers every method for every caller', () => {
  it('knows the contract it is checking: every method names a real permission', () => {
    expect(methodNames.length).toBeGreaterThan(100);
    for (const name of methodNames)
      expect(Object.keys(permissionRoles), name).toContain(methods[name].permission);
  });

  it.each(['anonymous', ...roles, 'every role'])(
    'as %s: refused without the permission, INVALID_INPUT with it, nothing written',
    async (name) => {
      const caller = callers.find((c) => c.name === name)!;
      const auditBefore = countRows('audit_log');
      const changesBefore = totalChanges();
      const logBefore = t.log.lines.length;

      const wrong: string[] = [];
      const refused: MethodName[] = [];
      for (const method of methodNames) {
        const result = await caller.client.raw(method, WRONG_TYPE);
        const expected = expectedCode(caller, method);
        const got = result.ok ? 'ok' : result.error.code;
        if (got !== expected) wrong.push(`${method}: expected ${expected}, got ${got}`);
        if (expected === 'NOT_AUTHORIZED') refused.push(method);
      }
      expect(wrong).toEqual([]);

      expect(countRows('audit_log')).toBe(auditBefore);
      expect(totalChanges()).toBe(changesBefore);

      // Each role refusal is logged with the method and the person, so an admin can see who tried what.
      const logged = t.log.lines.slice(logBefore);
      for (const method of refused) {
        expect(
          logged.some((l) => l.includes(`refused ${method} for person ${String(caller.personId)}`)),
          method,
        ).toBe(true);
      }
    },
  );

  it('a caller who may call a method gets INVALID_INPUT for every payload that is not an object', async () => {
    const everyone = callers.find((c) => c.name === 'every role')!;
    const changesBefore = totalChanges();
    const wrong: string[] = [];
    for (const method of methodNames) {
      for (const input of [42, null, [], undefined, true]) {
        const result = await everyone.client.raw(method, input);
        if (result.ok || result.error.code !== 'INVALID_INPUT') wrong.push(`${method}(${String(input)})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(totalChanges()).toBe(changesBefore);
  });

  it('a locked screen refuses every method except the few meant for it (unlock, log out, switch user)', async () => {
    const locked = await t.as(...roles);
    await locked.ok('session.lock', {});
    const changesBefore = totalChanges();
    const wrong: string[] = [];
    for (const method of methodNames) {
      const spec = methods[method];
      const expected =
        spec.permission === 'public' || spec.whileLocked === true ? 'INVALID_INPUT' : 'SESSION_LOCKED';
      const result = await locked.raw(method, WRONG_TYPE);
      const got = result.ok ? 'ok' : result.error.code;
      if (got !== expected) wrong.push(`${method}: expected ${expected}, got ${got}`);
    }
    expect(wrong).toEqual([]);
    expect(totalChanges()).toBe(changesBefore);
  });
});

describe('the policy the matrix enforces, stated without the permission table', () => {
  const answer = async (name: string, method: MethodName) => {
    const result = await callers.find((c) => c.name === name)!.client.raw(method, WRONG_TYPE);
    return result.ok ? 'ok' : result.error.code;
  };

  it('before login only app info, first-run setup, login, resume and whoami are reachable', () => {
    const open = methodNames.filter((m) => methods[m].permission === 'public').sort();
    expect(open).toEqual([
      'app.info',
      'session.login',
      'session.resume',
      'session.whoami',
      'setup.createAdmin',
    ]);
  });

  it('a trainee reaches no treasury write, no people or settings change and not the audit trail', async () => {
    const forbidden = methodNames.filter(
      (m) =>
        (m.startsWith('treasury.') && m !== 'treasury.campaign') ||
        m.startsWith('people.') ||
        m === 'settings.update' ||
        m === 'audit.list',
    );
    expect(forbidden.length).toBeGreaterThan(30);
    for (const method of forbidden) expect(await answer('trainee', method), method).toBe('NOT_AUTHORIZED');
  });

  it('only a treasurer writes the books: an admin is refused treasury writes too', async () => {
    const writes = methodNames.filter((m) => methods[m].permission === 'treasury.write');
    expect(writes).toContain('treasury.journal.post');
    for (const method of writes) {
      expect(await answer('admin', method), method).toBe('NOT_AUTHORIZED');
      expect(await answer('treasurer', method), method).toBe('INVALID_INPUT');
    }
  });
});

describe('unknown methods', () => {
  const names: unknown[] = [
    'treasury.deleteEverything',
    '',
    'APP.INFO',
    'app.info ',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    42,
    null,
    undefined,
    {},
    ['app.info'],
  ];

  it('get UNKNOWN_METHOD, for anyone, whatever the name is made of, and nothing is written', async () => {
    const changesBefore = totalChanges();
    for (const caller of callers) {
      for (const name of names) {
        const result = await caller.client.raw(name, {});
        expect(result, `${caller.name} calling ${String(name)}`).toMatchObject({
          ok: false,
          error: { code: 'UNKNOWN_METHOD' },
        });
      }
    }
    expect(totalChanges()).toBe(changesBefore);
  });

  it('are logged, with the name cut short', async () => {
    const long = `treasury.${'x'.repeat(5000)}`;
    await callers[1]!.client.raw(long, {});
    const line = t.log.lines.at(-1) ?? '';
    expect(line).toMatch(/^warn refused unknown method "treasury\.x+/);
    expect(line.length).toBeLessThan(300);
  });
});
