import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/**
 * A resume token lets a reloaded tab pick its login back up. It stops working once no screen has held or used
 * the login for the idle time, and once the login is older than its lifetime (both lab settings).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.close();
});

/** Logs in on a new screen and closes it, as a tab that is shut: returns the token it was handed. */
async function closedTab(): Promise<string> {
  const tab = t.client();
  const session = await tab.ok('session.login', { username: 'ada', password: ADMIN_PASSWORD });
  t.host.disconnect(tab.conn);
  return session.resumeToken!;
}

const resume = (tab: TestClient, resumeToken: string) => tab.call('session.resume', { resumeToken });

describe('idle time', () => {
  it('a token unused for the idle time minus 1 ms still works; at the idle time it is refused, saying why', async () => {
    expect(await t.admin.ok('settings.get', {})).toMatchObject({
      resumeIdleMinutes: 30,
      resumeLifetimeHours: 12,
    });
    const token = await closedTab();
    t.clock.advance(30 * MINUTE - 1);
    const reopened = t.client();
    expect(await resume(reopened, token)).toMatchObject({
      ok: true,
      value: { person: { displayName: 'Ada Admin' } },
    });
    t.host.disconnect(reopened.conn);

    // The idle time counts again from that resume.
    t.clock.advance(30 * MINUTE);
    const late = t.client();
    expect(await resume(late, token)).toEqual({
      ok: false,
      error: {
        code: 'NOT_AUTHENTICATED',
        message:
          'This login went unused for 30 minutes and cannot be picked up again: log in with your password.',
        details: { expired: 'idle', minutes: 30 },
      },
    });
    expect(await late.ok('session.whoami', {})).toBeNull();
    // Forgotten: the same token now opens nothing, and the person logs in with the password as usual.
    expect(await resume(t.client(), token)).toMatchObject({ ok: true, value: null });
    expect(
      await t.client().call('session.login', { username: 'ada', password: ADMIN_PASSWORD }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('follows the setting', async () => {
    await t.admin.ok('settings.update', { resumeIdleMinutes: 5 });
    const token = await closedTab();
    t.clock.advance(5 * MINUTE - 1);
    expect((await resume(t.client(), token)).ok).toBe(true);
    const second = await closedTab();
    t.clock.advance(5 * MINUTE);
    expect(await resume(t.client(), second)).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHENTICATED', details: { expired: 'idle', minutes: 5 } },
    });
  });

  it('a screen that stays open keeps its token alive (the sweep sees it), so a reload after an hour works', async () => {
    const open = t.client();
    const { resumeToken } = await open.ok('session.login', { username: 'ada', password: ADMIN_PASSWORD });
    for (let i = 0; i < 4; i++) {
      t.clock.advance(15 * MINUTE);
      t.host.sweepIdle();
    }
    // Idle-locked by now (10 minutes without a click), but still the same login: the reload finds it locked.
    expect(await resume(t.client(), resumeToken!)).toMatchObject({ ok: true, value: { locked: true } });
  });
});

describe('lifetime', () => {
  it('however busy the login, the token stops working when it is older than the lifetime', async () => {
    await t.admin.ok('settings.update', { resumeLifetimeHours: 2 });
    const tab = t.client();
    const { resumeToken } = await tab.ok('session.login', { username: 'ada', password: ADMIN_PASSWORD });
    const busy = async (ms: number) => {
      for (let spent = 0; spent < ms; spent += 5 * MINUTE) {
        t.clock.advance(Math.min(5 * MINUTE, ms - spent));
        await tab.ok('session.touch', {});
      }
    };
    await busy(2 * HOUR - 1);
    expect((await resume(t.client(), resumeToken!)).ok).toBe(true);
    await busy(1);
    expect(await resume(t.client(), resumeToken!)).toEqual({
      ok: false,
      error: {
        code: 'NOT_AUTHENTICATED',
        message:
          'This login is more than 2 hours old and cannot be picked up again: log in with your password.',
        details: { expired: 'lifetime', hours: 2 },
      },
    });
    // The screen that has it open is not thrown out: it is connected, and the idle lock guards it.
    expect(await tab.ok('session.whoami', {})).toMatchObject({ person: { displayName: 'Ada Admin' } });
  });
});

describe('the settings', () => {
  it('refuse a zero or fractional time and change nothing', async () => {
    const before = await t.admin.ok('settings.get', {});
    for (const patch of [{ resumeIdleMinutes: 0 }, { resumeLifetimeHours: 0 }, { resumeIdleMinutes: 1.5 }]) {
      expect(await t.admin.call('settings.update', patch)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    expect(await t.admin.ok('settings.get', {})).toEqual(before);
  });

  it('are for those who manage settings only', async () => {
    const trainee = await t.as('trainee');
    expect(await trainee.call('settings.update', { resumeIdleMinutes: 600 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
  });
});
