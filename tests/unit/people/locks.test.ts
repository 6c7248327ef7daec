import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FAILED_ATTEMPTS } from '../../../main/people/sessions.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/** Account lock after wrong passwords, idle lock of a screen, and switching user on a locked screen. */

const MINUTE = 60_000;
const PASSWORD = 'password-123';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.close();
});

const login = (c: TestClient, username: string, password: string) =>
  c.call('session.login', { username, password });
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('wrong passwords', () => {
  it('five in a row lock the account for five minutes, even against the right password', async () => {
    await t.as('trainee'); // user1
    const screen = t.client();
    for (let i = 1; i <= 5; i++)
      expect(code(await login(screen, 'user1', `guess-${i}`)), `attempt ${i}`).toBe('BAD_CREDENTIALS');

    const locked = await login(screen, 'user1', PASSWORD);
    expect(locked).toMatchObject({
      ok: false,
      error: {
        code: 'ACCOUNT_LOCKED',
        message: 'Too many wrong passwords: this account is locked for a few minutes.',
        details: { until: new Date(t.clock.now().getTime() + 5 * MINUTE).toISOString() },
      },
    });
    expect(
      t.host.store.db
        .prepare("SELECT action FROM audit_log WHERE entity = 'session' ORDER BY id DESC")
        .pluck()
        .get(),
    ).toBe('account_locked');

    t.clock.advance(5 * MINUTE - 1000);
    expect(code(await login(screen, 'user1', PASSWORD))).toBe('ACCOUNT_LOCKED');
    t.clock.advance(1000);
    expect(code(await login(screen, 'user1', PASSWORD))).toBe('ok');
  });

  it('the right password before the fifth clears the count', async () => {
    await t.as('trainee');
    const screen = t.client();
    for (let i = 1; i <= 4; i++) await login(screen, 'user1', 'wrong-guess');
    expect(code(await login(screen, 'user1', PASSWORD))).toBe('ok');
    for (let i = 1; i <= 4; i++)
      expect(code(await login(screen, 'user1', 'wrong-guess'))).toBe('BAD_CREDENTIALS');
    expect(code(await login(screen, 'user1', PASSWORD))).toBe('ok');
  });

  it('the boundary: one wrong password below the limit leaves the account open, exactly at the limit locks it', async () => {
    await t.as('trainee'); // user1
    await t.as('trainee'); // user2
    const account = (username: string) =>
      t.host.store.db
        .prepare('SELECT failed_attempts, locked_until FROM accounts WHERE username = ?')
        .get(username) as { failed_attempts: number; locked_until: string | null };
    const screen = t.client();

    for (let i = 1; i <= MAX_FAILED_ATTEMPTS - 1; i++) await login(screen, 'user1', `guess-${i}`);
    expect(account('user1')).toEqual({ failed_attempts: MAX_FAILED_ATTEMPTS - 1, locked_until: null });
    expect(code(await login(screen, 'user1', PASSWORD))).toBe('ok');
    expect(account('user1')).toEqual({ failed_attempts: 0, locked_until: null });

    for (let i = 1; i <= MAX_FAILED_ATTEMPTS; i++)
      expect(code(await login(screen, 'user2', `guess-${i}`))).toBe('BAD_CREDENTIALS');
    expect(account('user2')).toEqual({
      failed_attempts: MAX_FAILED_ATTEMPTS,
      locked_until: new Date(t.clock.now().getTime() + 5 * MINUTE).toISOString(),
    });
    expect(code(await login(screen, 'user2', PASSWORD))).toBe('ACCOUNT_LOCKED');
  });

  it('after a lock runs out the count starts again from zero', async () => {
    await t.as('trainee');
    const screen = t.client();
    for (let i = 1; i <= MAX_FAILED_ATTEMPTS; i++) await login(screen, 'user1', `guess-${i}`);
    t.clock.advance(5 * MINUTE);
    for (let i = 1; i <= MAX_FAILED_ATTEMPTS - 1; i++)
      expect(code(await login(screen, 'user1', `again-${i}`))).toBe('BAD_CREDENTIALS');
    expect(code(await login(screen, 'user1', PASSWORD))).toBe('ok');
  });

  it('guessing at the unlock prompt counts too', async () => {
    const trainee = await t.as('trainee');
    await trainee.ok('session.lock', {});
    for (let i = 1; i <= 5; i++)
      expect(code(await trainee.call('session.unlock', { password: `guess-${i}` }))).toBe('BAD_CREDENTIALS');
    expect(code(await trainee.call('session.unlock', { password: PASSWORD }))).toBe('ACCOUNT_LOCKED');
    expect(await trainee.ok('session.whoami', {})).toMatchObject({ locked: true });
  });
});

describe('password checks run one at a time per account and per connection', () => {
  const passwords = () => t.host.sessions.passwords;
  const peakOf = async (attempts: () => Promise<unknown>[]) => {
    passwords().peakConcurrent = 0;
    await Promise.all(attempts());
    return passwords().peakConcurrent;
  };

  it('one account from four screens at once: never two checks together, whatever the spelling', async () => {
    await t.as('trainee'); // user1
    const screens = [t.client(), t.client(), t.client(), t.client()];
    const spellings = ['user1', 'USER1', 'User1', 'uSeR1'];
    const peak = await peakOf(() => screens.map((s, i) => login(s, spellings[i]!, PASSWORD)));
    expect(peak).toBe(1);
  });

  it('one screen trying four names at once: never two checks together', async () => {
    const screen = t.client();
    const peak = await peakOf(() => [1, 2, 3, 4].map((i) => login(screen, `nobody${i}`, PASSWORD)));
    expect(peak).toBe(1);
  });

  it('four screens, four names: checks run side by side, but never more than two across the host', async () => {
    const peak = await peakOf(() => [1, 2, 3, 4].map((i) => login(t.client(), `nobody${i}`, PASSWORD)));
    expect(peak).toBe(2);
  });
});

describe('idle lock', () => {
  it('locks after the configured minutes without activity, and the password unlocks it', async () => {
    await t.admin.ok('settings.update', { lockAfterMinutes: 3 });
    const trainee = await t.as('trainee');
    expect(await trainee.ok('session.whoami', {})).toMatchObject({ locked: false, lockAfterMinutes: 3 });

    t.clock.advance(3 * MINUTE - 1000);
    expect(code(await trainee.call('settings.get', {}))).toBe('ok');
    t.clock.advance(1000);
    expect(await trainee.call('settings.get', {})).toMatchObject({
      ok: false,
      error: { code: 'SESSION_LOCKED', message: 'The screen is locked: unlock it with your password.' },
    });
    expect(await trainee.ok('session.whoami', {})).toMatchObject({ locked: true });
    // Moving the mouse is not a way in: touch is refused while locked.
    expect(code(await trainee.call('session.touch', {}))).toBe('SESSION_LOCKED');

    expect(code(await trainee.call('session.unlock', { password: 'not-mine' }))).toBe('BAD_CREDENTIALS');
    expect(await trainee.ok('session.whoami', {})).toMatchObject({ locked: true });
    expect(await trainee.ok('session.unlock', { password: PASSWORD })).toMatchObject({ locked: false });
    expect(code(await trainee.call('settings.get', {}))).toBe('ok');
  });

  it('activity restarts the idle timer', async () => {
    const trainee = await t.as('trainee'); // default: 10 minutes
    for (let i = 0; i < 5; i++) {
      t.clock.advance(9 * MINUTE);
      expect(await trainee.ok('session.touch', {})).toEqual({ locked: false });
    }
    t.clock.advance(10 * MINUTE);
    expect(code(await trainee.call('settings.get', {}))).toBe('SESSION_LOCKED');
  });

  it('the sweep locks idle screens and tells them', async () => {
    const trainee = await t.as('trainee');
    t.clock.advance(10 * MINUTE);
    t.host.sweepIdle();
    const pushed = trainee.pushed.filter((p) => p.topic === 'session.changed');
    expect(pushed).toEqual([
      { topic: 'session.changed', payload: expect.objectContaining({ locked: true }) as unknown },
    ]);
  });

  it('0 minutes turns the idle lock off', async () => {
    await t.admin.ok('settings.update', { lockAfterMinutes: 0 });
    const trainee = await t.as('trainee');
    t.clock.advance(24 * 60 * MINUTE);
    expect(code(await trainee.call('settings.get', {}))).toBe('ok');
  });

  it('reloading the page is not a way around the lock', async () => {
    const trainee = await t.as('trainee');
    const session = await trainee.ok('session.whoami', {});
    t.clock.advance(10 * MINUTE);
    expect(code(await trainee.call('settings.get', {}))).toBe('SESSION_LOCKED');
    const reloaded = t.client();
    expect(await reloaded.ok('session.resume', { resumeToken: session!.resumeToken! })).toMatchObject({
      locked: true,
    });
    expect(code(await reloaded.call('settings.get', {}))).toBe('SESSION_LOCKED');
  });
});

describe('switching user on a locked screen', () => {
  it('another person logs in over the lock; the locked login ends and its owner logs in again elsewhere', async () => {
    const trainee = await t.as('trainee'); // user1
    await t.as('staff'); // user2
    const before = await trainee.ok('session.whoami', {});
    await trainee.ok('session.lock', {});

    const switched = await trainee.ok('session.login', { username: 'user2', password: PASSWORD });
    expect(switched).toMatchObject({ roles: ['staff'], locked: false });
    expect(code(await trainee.call('people.list', {}))).toBe('ok');
    // The trainee's login is over: its resume token opens nothing.
    expect(await t.client().ok('session.resume', { resumeToken: before!.resumeToken! })).toBeNull();
    expect(code(await login(t.client(), 'user1', PASSWORD))).toBe('ok');
  });

  it('a wrong password on the switch leaves the screen locked as it was', async () => {
    const trainee = await t.as('trainee');
    await t.as('staff');
    await trainee.ok('session.lock', {});
    expect(code(await login(trainee, 'user2', 'wrong-password'))).toBe('BAD_CREDENTIALS');
    expect(await trainee.ok('session.whoami', {})).toMatchObject({ roles: ['trainee'], locked: true });
  });
});
