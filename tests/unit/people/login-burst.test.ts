import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../preload/contract/index.js';
import { startWebHost, type WebHost } from '../../../main/host/web.js';
import { MAX_FAILED_ATTEMPTS } from '../../../main/people/sessions.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { connectDesk, type DeskSocket } from '../../helpers/ws-client.js';

/**
 * Guesses fired all at once over the web host's own WebSocket, at production scrypt cost (N=2^17), where the
 * old code read the count, spent a second in scrypt, then wrote a stale count + 1 from every attempt.
 */

const PASSWORD = 'keisha-password';

let t: TestHost;
let web: WebHost;
let renderer: ReturnType<typeof tempDir>;
const sockets: DeskSocket[] = [];

beforeEach(async () => {
  t = await startTestHost({ productionScrypt: true });
  renderer = tempDir('cp-desk-renderer-');
  writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>Desk</title>');
  web = await startWebHost({ host: t.host, rendererDir: renderer.path, port: 0 });
  await t.admin.ok('people.create', {
    displayName: 'Keisha Brown',
    roles: ['trainee'],
    login: { username: 'keisha', password: PASSWORD },
  });
}, 20_000);

afterEach(async () => {
  for (const s of sockets.splice(0)) await s.close();
  await web.close();
  await t.close();
  renderer.remove();
});

async function socket(): Promise<DeskSocket> {
  const url = `ws://127.0.0.1:${web.port}/ws?token=${encodeURIComponent(web.token)}`;
  const s = await connectDesk(url, { Origin: `http://127.0.0.1:${web.port}` });
  sockets.push(s);
  return s;
}

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const account = () =>
  t.host.store.db
    .prepare("SELECT failed_attempts, locked_until FROM accounts WHERE username = 'keisha'")
    .get() as { failed_attempts: number; locked_until: string | null };
const passwords = () => t.host.sessions.passwords;

describe('a burst of guesses at once', () => {
  it('50 wrong and then the right one over 4 sockets: the account ends locked and the right one is refused', async () => {
    const screens = await Promise.all([socket(), socket(), socket(), socket()]);
    const derivationsBefore = passwords().derivations;
    const spellings = ['keisha', 'KEISHA', ' Keisha ', 'keiSHA'];
    // Every frame goes out before any answer comes back; the right password is the last frame of the last socket.
    const wrong = Array.from({ length: 50 }, (_, i) =>
      screens[i % 4]!.call('session.login', { username: spellings[i % 4], password: `guess-${i}` }),
    );
    const right = screens[3].call('session.login', { username: 'keisha', password: PASSWORD });
    const answers = await Promise.all([...wrong, right]);

    const codes = answers.map(code);
    expect(codes.filter((c) => c === 'ok')).toEqual([]);
    expect(codes.filter((c) => c === 'BAD_CREDENTIALS')).toHaveLength(MAX_FAILED_ATTEMPTS);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(51 - MAX_FAILED_ATTEMPTS);
    expect(await right).toMatchObject({
      ok: false,
      error: {
        code: 'ACCOUNT_LOCKED',
        message: 'Too many wrong passwords: this account is locked for a few minutes.',
      },
    });
    expect(account()).toEqual({
      failed_attempts: MAX_FAILED_ATTEMPTS,
      locked_until: new Date(t.clock.now().getTime() + 5 * 60_000).toISOString(),
    });
    // Once locked, a guess is refused before scrypt: the burst cost five derivations, not fifty-one.
    expect(passwords().derivations - derivationsBefore).toBe(MAX_FAILED_ATTEMPTS);
    for (const s of screens) expect(await s.ok('session.whoami', {})).toBeNull();
    // Still locked for a fresh screen with the right password.
    expect(
      code(await (await socket()).call('session.login', { username: 'keisha', password: PASSWORD })),
    ).toBe('ACCOUNT_LOCKED');
  }, 30_000);
});
