import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host/create-host.js';
import { memoryLogger } from '../../../main/kernel/logger.js';
import { CONTENT_SECURITY_POLICY, startWebHost, type WebHost } from '../../../main/host/web.js';
import { rawRequest } from '../../helpers/http-get.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { connectDesk, upgradeStatus, type DeskSocket } from '../../helpers/ws-client.js';

/** The web host, in-process on a free port, over a real store: token, origin, roles and the byte routes. */

const INDEX =
  '<!doctype html><html><head><title>Desk</title></head><body><div id="root"></div></body></html>';

let data: ReturnType<typeof tempDir>;
let renderer: ReturnType<typeof tempDir>;
let host: Host;
let web: WebHost;
const log = memoryLogger();
const sockets: DeskSocket[] = [];

const wsUrl = (token = web.token, path = '/ws') =>
  `ws://127.0.0.1:${web.port}${path}?token=${encodeURIComponent(token)}`;
const origin = () => `http://127.0.0.1:${web.port}`;
const count = (table: string) =>
  host.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

async function socket(): Promise<DeskSocket> {
  const s = await connectDesk(wsUrl(), { Origin: origin() });
  sockets.push(s);
  return s;
}

async function loggedIn(username: string, password: string): Promise<{ s: DeskSocket; resumeToken: string }> {
  const s = await socket();
  const session = (await s.ok('session.login', { username, password })) as { resumeToken: string };
  return { s, resumeToken: session.resumeToken };
}

let admin: DeskSocket;

beforeAll(async () => {
  data = tempDir('cp-desk-web-');
  renderer = tempDir('cp-desk-renderer-');
  writeFileSync(join(renderer.path, 'index.html'), INDEX);
  mkdirSync(join(renderer.path, 'assets'));
  writeFileSync(join(renderer.path, 'assets', 'app.js'), 'console.log("desk")');
  host = createHost({ dataDir: data.path, kind: 'web', log, timers: false });
  // A byte route of our own: it answers with the id of whoever asks.
  host.context.blobs.register('probe', (rest, who) => ({
    body: Buffer.from(`${rest} for ${who.personId}`),
    contentType: 'text/plain',
  }));
  web = await startWebHost({ host, rendererDir: renderer.path, port: 0 });

  admin = await socket();
  expect(await admin.ok('app.info', {})).toMatchObject({ needsSetup: true, host: 'web' });
  await admin.ok('setup.createAdmin', {
    displayName: 'Ada',
    username: 'ada',
    password: 'admin-password',
    language: 'en',
  });
  for (const [username, roles] of [
    ['keisha', ['trainee']],
    ['renee', ['treasurer']],
  ] as const) {
    await admin.ok('people.create', {
      displayName: username,
      roles,
      login: { username, password: `${username}-password` },
    });
  }
}, 20_000);

afterAll(async () => {
  for (const s of sockets) await s.close();
  await web.close();
  await host.close();
  data.remove();
  renderer.remove();
});

describe('the page', () => {
  it('is served on loopback with a strict Content-Security-Policy and no token in it', async () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`);
    const res = await rawRequest(web.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toContain(web.token);
  });

  it('serves the assets, and nothing outside the renderer folder', async () => {
    expect((await rawRequest(web.port, '/assets/app.js')).body).toBe('console.log("desk")');
    for (const path of [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
    ]) {
      const res = await rawRequest(web.port, path);
      expect(res.body, path).not.toMatch(/root:/);
    }
  });

  it('answers a malformed address with 400 and keeps serving', async () => {
    const res = await rawRequest(web.port, '/%E0%A4%A');
    expect(res.status).toBe(400);
    expect((await rawRequest(web.port, '/')).status).toBe(200);
  });

  it('accepts only GET and HEAD', async () => {
    expect((await rawRequest(web.port, '/', { method: 'POST' })).status).toBe(405);
    expect((await rawRequest(web.port, '/', { method: 'HEAD' })).status).toBe(200);
  });
});

describe('the WebSocket door', () => {
  it('needs the token', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${web.port}/ws`)).toBe(401);
    expect(await upgradeStatus(wsUrl('not-the-token'))).toBe(401);
    expect(await upgradeStatus(wsUrl(web.token.slice(0, -1)))).toBe(401);
    expect(await upgradeStatus(wsUrl(web.token, '/other'))).toBe(401);
    expect(await upgradeStatus(wsUrl())).toBe(101);
  });

  it('refuses a page from another site even with the token (cross-site WebSocket hijacking)', async () => {
    expect(await upgradeStatus(wsUrl(), { Origin: 'http://evil.example' })).toBe(401);
    expect(await upgradeStatus(wsUrl(), { Origin: `http://127.0.0.1:${web.port + 1}` })).toBe(401);
    expect(await upgradeStatus(wsUrl(), { Origin: 'null' })).toBe(401);
    expect(await upgradeStatus(wsUrl(), { Origin: origin() })).toBe(101);
  });

  it('carries calls: app info and login answer over the socket', async () => {
    const s = await socket();
    expect(await s.call('app.info', {})).toMatchObject({
      ok: true,
      value: { name: 'Community Production Desk', needsSetup: false },
    });
    expect(await s.call('session.login', { username: 'keisha', password: 'wrong-password' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_CREDENTIALS' },
    });
    expect(await s.call('session.login', { username: 'keisha', password: 'keisha-password' })).toMatchObject({
      ok: true,
      value: { roles: ['trainee'], resumeToken: expect.any(String) as unknown },
    });
  });

  it('answers a message that is not JSON, or not a call, with a typed error', async () => {
    const s = await socket();
    expect(await s.sendRaw('{not json')).toEqual({
      id: null,
      result: { ok: false, error: { code: 'INVALID_INPUT', message: 'The message is not JSON.' } },
    });
    expect(await s.sendRaw('42')).toMatchObject({
      id: null,
      result: { ok: false, error: { code: 'UNKNOWN_METHOD' } },
    });
    expect(await s.sendRaw('null')).toMatchObject({
      id: null,
      result: { ok: false, error: { code: 'UNKNOWN_METHOD' } },
    });
  });

  it('a broken frame closes that socket only; the server keeps serving', async () => {
    const s = await socket();
    const closed = new Promise<number>((resolve) => s.ws.once('close', (code: number) => resolve(code)));
    s.ws.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false }); // a text frame that is not UTF-8
    expect(await closed).toBe(1007);
    const other = await socket();
    expect((await other.call('app.info', {})).ok).toBe(true);
  });

  it('a trainee crafting a treasury write by hand is refused and nothing is written; a treasurer’s identical message works', async () => {
    const { s: trainee } = await loggedIn('keisha', 'keisha-password');
    const before = { parties: count('treasury_parties'), audit: count('audit_log') };
    const message = JSON.stringify({
      id: 'crafted',
      method: 'treasury.parties.create',
      input: { kind: 'organisation', name: 'Totally Legit Donor LLC' },
    });
    const refused = await trainee.sendRaw(message);
    expect(refused).toEqual({
      id: 'crafted',
      result: {
        ok: false,
        error: {
          code: 'NOT_AUTHORIZED',
          message: 'Your roles do not allow this (it needs treasury.write).',
          details: { permission: 'treasury.write' },
        },
      },
    });
    expect({ parties: count('treasury_parties'), audit: count('audit_log') }).toEqual(before);
    expect(
      log.lines.some((l) => /refused treasury\.parties\.create for person \d+ \(roles trainee\)/.test(l)),
    ).toBe(true);

    const { s: treasurer } = await loggedIn('renee', 'renee-password');
    const accepted = await treasurer.sendRaw(message);
    expect(accepted).toMatchObject({ id: 'crafted', result: { ok: true } });
    expect(count('treasury_parties')).toBe(before.parties + 1);
  });
});

describe('the byte routes', () => {
  it('need the token and a live login', async () => {
    const { s, resumeToken } = await loggedIn('keisha', 'keisha-password');
    const me = (await s.ok('session.whoami', {})) as { person: { id: number } };
    const path = (q: string) => `/blob/probe/drawing.svg${q}`;

    expect((await rawRequest(web.port, path(`?login=${resumeToken}`))).status).toBe(401);
    expect((await rawRequest(web.port, path(`?token=wrong&login=${resumeToken}`))).status).toBe(401);
    expect((await rawRequest(web.port, path(`?token=${web.token}`))).status).toBe(404);
    expect((await rawRequest(web.port, path(`?token=${web.token}&login=not-a-login`))).status).toBe(404);

    const ok = await rawRequest(web.port, path(`?token=${web.token}&login=${resumeToken}`));
    expect(ok).toMatchObject({ status: 200, body: `drawing.svg for ${me.person.id}` });
    expect(ok.headers['cache-control']).toBe('private, no-store');
    const byHeader = await rawRequest(web.port, path(''), {
      headers: { Authorization: `Bearer ${web.token}`, 'X-Desk-Login': resumeToken },
    });
    expect(byHeader.status).toBe(200);

    await s.ok('session.lock', {});
    expect((await rawRequest(web.port, path(`?token=${web.token}&login=${resumeToken}`))).status).toBe(404);
    await s.ok('session.unlock', { password: 'keisha-password' });
    expect((await rawRequest(web.port, path(`?token=${web.token}&login=${resumeToken}`))).status).toBe(200);
    await s.ok('session.logout', {});
    expect((await rawRequest(web.port, path(`?token=${web.token}&login=${resumeToken}`))).status).toBe(404);
  });
});
