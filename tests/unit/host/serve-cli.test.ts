import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publicOriginOf } from '../../../main/cli/serve.js';
import { ensureBuiltCli, runCli, startServe, type ServeProcess } from '../../helpers/built-cli.js';
import { rawRequest } from '../../helpers/http-get.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { connectDesk } from '../../helpers/ws-client.js';

/** `cp-desk serve` as a person starts it: the built CLI in its own process, stopped by signals sent to its PID. */

beforeAll(ensureBuiltCli, 120_000);

let server: ServeProcess | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  if (server !== undefined) {
    server.signal('SIGKILL');
    await server.exited;
  }
  server = undefined;
  dir?.remove();
  dir = undefined;
});

describe('cp-desk serve', () => {
  it('prints its loopback address on the first line, holds the data directory, and stops cleanly on SIGTERM', async () => {
    dir = tempDir('cp-desk-serve-');
    server = await startServe(dir.path);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(readFileSync(join(dir.path, 'desk.pid'), 'utf8')).toBe(String(server.pid));

    const socket = await connectDesk(server.wsUrl, { Origin: server.origin });
    await socket.ok('setup.createAdmin', {
      displayName: 'Ada',
      username: 'ada',
      password: 'admin-password',
      language: 'en',
    });
    const closed = new Promise<void>((resolve) => socket.ws.once('close', () => resolve()));

    // A hand-made bad request is answered, not fatal.
    expect((await rawRequest(Number(new URL(server.url).port), '/%E0%A4%A')).status).toBe(400);

    // A second Desk on the same records is refused while this one runs.
    const second = await runCli(['serve', '--port', '0', '--data', dir.path]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `The Desk is already running on ${dir.path} (process ${server.pid}). Stop it first.`,
    );

    server.signal('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await closed;
    expect(server.stdout()).toMatch(/Stopping \(SIGTERM\)…\nStopped cleanly\.\n$/);
    expect(server.stderr()).toBe('');
    // The lock is given back, and the database was closed properly: its WAL folded in and removed.
    expect(existsSync(join(dir.path, 'desk.pid'))).toBe(false);
    expect(existsSync(join(dir.path, 'desk.sqlite-wal'))).toBe(false);
    const db = new Database(join(dir.path, 'desk.sqlite'), { readonly: true });
    expect(db.prepare('SELECT username FROM accounts').pluck().all()).toEqual(['ada']);
    db.close();
  });

  it('refuses a port that is not a number', async () => {
    dir = tempDir('cp-desk-serve-');
    const r = await runCli(['serve', '--port', 'eighty', '--data', dir.path]);
    expect(r).toMatchObject({
      code: 2,
      stderr: '--port must be a whole number from 0 to 65535, not "eighty".\n',
    });
  });

  it('refuses a public address that is not a bare http(s) origin, before opening any data', async () => {
    dir = tempDir('cp-desk-serve-');
    const r = await runCli([
      'serve',
      '--port',
      '0',
      '--public-url',
      'ftp://lab.example.org',
      '--data',
      dir.path,
    ]);
    expect(r).toMatchObject({
      code: 2,
      stderr: '--public-url must start with http:// or https://, not "ftp:".\n',
    });
    expect(existsSync(join(dir.path, 'desk.sqlite'))).toBe(false);
  });
});

describe('the public address badges are verified at', () => {
  it('is an http(s) origin alone; anything with a path, query, login or another scheme is refused in words', () => {
    expect(publicOriginOf('https://lab.example.org')).toBe('https://lab.example.org');
    expect(publicOriginOf('https://lab.example.org/')).toBe('https://lab.example.org');
    expect(publicOriginOf('http://desk.local:8080')).toBe('http://desk.local:8080');
    for (const bad of [
      'lab.example.org',
      'ftp://lab.example.org',
      'https://lab.example.org/desk',
      'https://lab.example.org/?x=1',
      'https://ana:secret@lab.example.org',
      'https://lab.example.org/#top',
    ]) {
      const result = publicOriginOf(bad);
      expect(typeof result === 'object' ? result.error : result, bad).toMatch(/^--public-url /);
    }
  });
});
