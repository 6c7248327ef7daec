import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../preload/contract/index.js';
import {
  PRODUCTION_SCRYPT,
  Passwords,
  hashPasswordSync,
  maxmemFor,
  parseHash,
} from '../../../main/people/password.js';
import { MAX_FAILED_ATTEMPTS } from '../../../main/people/sessions.js';
import { ADMIN_PASSWORD, startTestHost, type TestHost } from '../../helpers/temp-host.js';

/** The password hashing the Desk really uses (no test-only option): its cost, the dummy, the count, the rehash. */

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ productionScrypt: true });
}, 30_000);
afterAll(async () => {
  await t.close();
});

const passwords = () => t.host.sessions.passwords;
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const stored = (username: string) =>
  t.host.store.db
    .prepare('SELECT password_hash FROM accounts WHERE username = ?')
    .pluck()
    .get(username) as string;
const account = (username: string) =>
  t.host.store.db
    .prepare('SELECT failed_attempts, locked_until FROM accounts WHERE username = ?')
    .get(username) as { failed_attempts: number; locked_until: string | null };
/** Yields to the event loop (no timer) until a derivation is running. */
async function untilDeriving(): Promise<void> {
  while (passwords().inFlight === 0) await new Promise((r) => setImmediate(r));
}

let people = 0;
async function person(password = 'password-123'): Promise<string> {
  people += 1;
  const username = `member${people}`;
  await t.admin.ok('people.create', {
    displayName: `Member ${people}`,
    roles: ['trainee'],
    login: { username, password },
  });
  return username;
}

describe('production parameters', () => {
  it('are scrypt N=2^17, r=8, p=1, with maxmem sized to fit, written into every new hash', async () => {
    expect(PRODUCTION_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    expect(new Passwords().params).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(passwords().params).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    // OpenSSL needs 128·r·(N+2+p) bytes: a little over 128 MiB, more than Node's 32 MiB default allows.
    expect(maxmemFor(PRODUCTION_SCRYPT)).toBe(128 * 8 * (2 ** 17 + 3));
    expect(stored('ada')).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(parseHash(stored('ada'))).toMatchObject({ params: PRODUCTION_SCRYPT });
    const before = passwords().derivations;
    expect(code(await t.client().call('session.login', { username: 'ada', password: ADMIN_PASSWORD }))).toBe(
      'ok',
    );
    expect(passwords().derivations - before).toBe(1);
    expect(passwords().lastParams).toEqual(PRODUCTION_SCRYPT);
  });
});

describe('an unknown username', () => {
  it('costs exactly one derivation, with the same parameters as a real account, and gets the same answer', async () => {
    const username = await person();
    const unknown = passwords().derivations;
    const a = await t
      .client()
      .call('session.login', { username: 'no-such-person', password: 'password-123' });
    expect(passwords().derivations - unknown).toBe(1);
    expect(passwords().lastParams).toEqual(PRODUCTION_SCRYPT);

    const known = passwords().derivations;
    const b = await t.client().call('session.login', { username, password: 'not-the-password' });
    expect(passwords().derivations - known).toBe(1);
    expect(passwords().lastParams).toEqual(PRODUCTION_SCRYPT);
    expect(a).toEqual(b);
    expect(a).toEqual({
      ok: false,
      error: { code: 'BAD_CREDENTIALS', message: 'That username and password do not match.' },
    });
  });
});

describe('the failure count', () => {
  it('is written before scrypt runs: while the check is in flight it is already there', async () => {
    const username = await person();
    const pending = t.client().call('session.login', { username, password: 'guess' });
    await untilDeriving();
    expect(account(username)).toEqual({ failed_attempts: 1, locked_until: null });
    expect(code(await pending)).toBe('BAD_CREDENTIALS');
    expect(account(username)).toEqual({ failed_attempts: 1, locked_until: null });
  });

  it('the attempt that reaches the limit locks the account while it is checked; the right password opens it again', async () => {
    const username = await person();
    t.host.store.db
      .prepare('UPDATE accounts SET failed_attempts = ? WHERE username = ?')
      .run(MAX_FAILED_ATTEMPTS - 1, username);
    const pending = t.client().call('session.login', { username, password: 'password-123' });
    await untilDeriving();
    expect(account(username)).toEqual({
      failed_attempts: MAX_FAILED_ATTEMPTS,
      locked_until: new Date(t.clock.now().getTime() + 5 * 60_000).toISOString(),
    });
    expect(code(await pending)).toBe('ok');
    expect(account(username)).toEqual({ failed_attempts: 0, locked_until: null });
  });
});

describe('a hash made with older parameters', () => {
  it('is replaced with N=2^17 at the next right password, not at a wrong one, and only once', async () => {
    const username = await person();
    // As the Desk stored passwords before this change: N=2^15.
    const old = hashPasswordSync('password-123', { N: 2 ** 15, r: 8, p: 1 });
    t.host.store.db.prepare('UPDATE accounts SET password_hash = ? WHERE username = ?').run(old, username);
    expect(passwords().needsRehash(old)).toBe(true);

    expect(code(await t.client().call('session.login', { username, password: 'wrong-one' }))).toBe(
      'BAD_CREDENTIALS',
    );
    expect(stored(username)).toBe(old);

    let before = passwords().derivations;
    expect(code(await t.client().call('session.login', { username, password: 'password-123' }))).toBe('ok');
    expect(passwords().derivations - before).toBe(2); // the check with the old parameters, then the new hash
    const fresh = stored(username);
    expect(parseHash(fresh)).toMatchObject({ params: PRODUCTION_SCRYPT });
    expect(passwords().needsRehash(fresh)).toBe(false);
    const audit = t.host.store.db
      .prepare("SELECT action, after_json FROM audit_log WHERE entity = 'session' ORDER BY id DESC")
      .get() as { action: string; after_json: string };
    expect(audit.action).toBe('login');
    expect(JSON.parse(audit.after_json)).toEqual({
      rehashed: { from: { N: 32768, r: 8, p: 1 }, to: { N: 131072, r: 8, p: 1 } },
    });
    expect(audit.after_json).not.toContain(fresh.split('$')[5]);

    before = passwords().derivations;
    expect(code(await t.client().call('session.login', { username, password: 'password-123' }))).toBe('ok');
    expect(passwords().derivations - before).toBe(1);
    expect(stored(username)).toBe(fresh);
  });
});
