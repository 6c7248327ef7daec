import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UPLOAD_MAX_AGE_MS, UPLOAD_SWEEP_EVERY_MS, uploadsOf } from '../../../main/files/uploads.js';
import { createHost } from '../../../main/host/create-host.js';
import { startWebHost, type WebHost } from '../../../main/host/web.js';
import { manualClock } from '../../../main/kernel/clock.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { connectDesk, type DeskSocket } from '../../helpers/ws-client.js';
import { fixturesDir } from './corpus.js';

/**
 * Library uploads through the real web host: bytes by `POST /upload` (streamed to disk, hashed, capped), then
 * `files.import` with the upload id over the WebSocket. Nothing is written for a refused upload.
 */

let t: TestHost;
let web: WebHost;
let renderer: ReturnType<typeof tempDir>;
const sockets: DeskSocket[] = [];

interface Reply {
  status: number;
  body: string;
}

/** A POST written by hand: chunked unless a Content-Length is given; an early answer is read, a reset ignored. */
function post(path: string, chunks: Buffer[], headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ host: '127.0.0.1', port: web.port, path, method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const uploadDir = () => join(t.dataDir, 'files', 'uploads');
const leftovers = () => readdirSync(uploadDir());

async function loggedIn(username: string, password = 'password-123') {
  const s = await connectDesk(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`, {
    Origin: `http://127.0.0.1:${web.port}`,
  });
  sockets.push(s);
  const session = (await s.ok('session.login', { username, password })) as { resumeToken: string };
  return { s, login: session.resumeToken };
}

/** A trainee logged in over the socket, as the page would be. */
async function trainee() {
  const { personId } = await t.as('trainee');
  return { ...(await loggedIn(`user${sockets.length + 1}`)), personId };
}

const uploadPath = (login: string, token = web.token) =>
  `/upload?token=${encodeURIComponent(token)}&login=${encodeURIComponent(login)}`;

beforeEach(async () => {
  t = await startTestHost();
  renderer = tempDir('cp-desk-renderer-');
  writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>Desk</title>');
  web = await startWebHost({ host: t.host, rendererDir: renderer.path, port: 0 });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) await s.close();
  await web.close();
  await t.close();
  renderer.remove();
});

describe('POST /upload', () => {
  it('streams a file to disk, then files.import with the id parses and stores it; the id works once', async () => {
    const { s, login } = await trainee();
    const name = '3DBenchy_cargo-box_binary.stl';
    const bytes = readFileSync(join(fixturesDir, name));
    const half = Math.floor(bytes.length / 2);
    const reply = await post(uploadPath(login), [bytes.subarray(0, half), bytes.subarray(half)]);
    expect(reply.status).toBe(200);
    const staged = JSON.parse(reply.body) as { uploadId: string; size: number; sha256: string };
    expect(staged.size).toBe(bytes.length);

    const file = (await s.ok('files.import', { name, uploadId: staged.uploadId, tags: [] })) as {
      sha256: string;
      size: number;
      name: string;
    };
    expect(file).toMatchObject({ name, size: bytes.length, sha256: staged.sha256 });
    expect(readFileSync(join(t.dataDir, 'files', staged.sha256))).toEqual(bytes);
    expect(leftovers()).toEqual([]);

    const again = await s.call('files.import', { name, uploadId: staged.uploadId, tags: [] });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a wrong token, no login, a locked or ended login and another site, writing nothing', async () => {
    const { s, login } = await trainee();
    const body = [Buffer.from('G1 X1\n')];
    expect((await post(uploadPath(login, 'wrong-token'), body)).status).toBe(401);
    expect((await post(`/upload?token=${web.token}`, body)).status).toBe(401);
    expect((await post(uploadPath('not-a-login'), body)).status).toBe(401);
    const foreign = await post(uploadPath(login), body, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const get = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: web.port, path: uploadPath(login) }, (res) =>
        resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(get).toBe(405);
    await s.ok('session.lock', {});
    const locked = await post(uploadPath(login), body);
    expect(locked).toMatchObject({ status: 401, body: expect.stringMatching(/locked/) as unknown });
    await s.ok('session.unlock', { password: 'password-123' });
    await s.ok('session.logout', {});
    expect((await post(uploadPath(login), body)).status).toBe(401);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a body over the cap with 413, by its declared size or as it streams, leaving nothing', async () => {
    const { login } = await trainee();
    // Declared: refused before a byte is read.
    const declared = await post(uploadPath(login), [Buffer.alloc(10)], {
      'Content-Length': String(600 * 1024 * 1024),
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toBe('The file is larger than 512 MB, the most the library takes.');
    // Chunked (no declared size): stopped when it passes the cap.
    uploadsOf(t.host.context).maxBytes = 64 * 1024;
    const chunks = Array.from({ length: 8 }, () => Buffer.alloc(16 * 1024, 0x47));
    const streamed = await post(uploadPath(login), chunks);
    expect(streamed.status).toBe(413);
    expect(streamed.body).toMatch(/larger than/);
    expect(leftovers()).toEqual([]);
  });

  it("refuses someone else's upload id and leaves it for its owner", async () => {
    const ana = await trainee();
    const ben = await trainee();
    const bytes = readFileSync(join(fixturesDir, 'box.3mf'));
    const { uploadId } = JSON.parse((await post(uploadPath(ana.login), [bytes])).body) as {
      uploadId: string;
    };
    const stolen = await ben.s.call('files.import', { name: 'box.3mf', uploadId, tags: [] });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ben.s.call('files.import', { name: 'x.3mf', uploadId: '../../x', tags: [] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await ana.s.ok('files.import', { name: 'box.3mf', uploadId, tags: [] })).toMatchObject({
      name: 'box.3mf',
    });
  });

  it('a refused import discards the upload', async () => {
    const { s, login } = await trainee();
    const bad = JSON.parse(
      (await post(uploadPath(login), [readFileSync(join(fixturesDir, 'EDGE_binary-truncated.stl'))])).body,
    ) as { uploadId: string };
    const refused = await s.call('files.import', {
      name: 'EDGE_binary-truncated.stl',
      uploadId: bad.uploadId,
      tags: [],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(leftovers()).toEqual([]);
  });

  it('an upload not imported within an hour of the host clock is swept while the desk runs', async () => {
    const ana = await trainee();
    const ben = await trainee();
    const staged = JSON.parse((await post(uploadPath(ana.login), [Buffer.from('G1 X1\n')])).body) as {
      uploadId: string;
    };
    // Exactly an hour later it is still there: another upload (which sweeps) leaves it.
    t.clock.advance(UPLOAD_MAX_AGE_MS);
    expect((await post(uploadPath(ben.login), [Buffer.from('G1 X2\n')])).status).toBe(200);
    expect(leftovers()).toContain(`${staged.uploadId}.bin`);
    // A millisecond past the hour, the next upload sweeps it; its id is then unknown.
    t.clock.advance(1);
    expect((await post(uploadPath(ben.login), [Buffer.from('G1 X3\n')])).status).toBe(200);
    expect(leftovers().filter((f) => f.startsWith(staged.uploadId))).toEqual([]);
    await ana.s.ok('session.unlock', { password: 'password-123' }); // idle past the hour, the screen locked
    const late = await ana.s.call('files.import', { name: 'a.gcode', uploadId: staged.uploadId, tags: [] });
    expect(late).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a .part left by a crash and aged uploads go at start-up and on close; fresh ones stay', async () => {
    const { login } = await trainee();
    const fresh = JSON.parse((await post(uploadPath(login), [Buffer.from('G1 X1\n')])).body) as {
      uploadId: string;
    };
    const crashed = join(uploadDir(), '00000000-0000-4000-8000-000000000000.part');
    writeFileSync(crashed, 'half a file');
    await web.close();
    await t.host.close();
    expect(existsSync(crashed)).toBe(false);
    expect(leftovers().sort()).toEqual([`${fresh.uploadId}.bin`, `${fresh.uploadId}.json`]);
    // At start-up, two hours later by the new host's clock: the aged upload goes too.
    writeFileSync(crashed, 'half a file');
    const later = manualClock(new Date(t.clock.now().getTime() + 2 * 60 * 60_000));
    const again = createHost({ dataDir: t.dataDir, kind: 'web', timers: false, clock: later });
    expect(leftovers()).toEqual([]);
    await again.close();
    // afterEach would close these again: it only removes the folder now.
    const dataDir = t.dataDir;
    web = { ...web, close: () => Promise.resolve() };
    t = {
      ...t,
      close: () => {
        rmSync(dataDir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  });

  it('with its timers on, a running desk sweeps aged uploads every few minutes, without any upload', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = tempDir();
    try {
      const clock = manualClock('2026-11-24T15:00:00.000Z');
      const host = createHost({ dataDir: dir.path, kind: 'web', timers: true, clock });
      try {
        const area = uploadsOf(host.context);
        const staged = await area.receive(Readable.from([Buffer.from('G1 X1\n')]), 1);
        clock.advance(UPLOAD_MAX_AGE_MS + 1);
        expect(readdirSync(area.dir)).toContain(`${staged.uploadId}.bin`);
        vi.advanceTimersByTime(UPLOAD_SWEEP_EVERY_MS - 1);
        expect(readdirSync(area.dir)).toContain(`${staged.uploadId}.bin`);
        vi.advanceTimersByTime(1);
        expect(readdirSync(area.dir)).toEqual([]);
      } finally {
        await host.close();
      }
    } finally {
      vi.useRealTimers();
      dir.remove();
    }
  });

  it("a person's waiting uploads are capped in bytes and in number; someone else is not held by it", async () => {
    const ana = await trainee();
    const ben = await trainee();
    const area = uploadsOf(t.host.context);
    area.quotaBytes = 100 * 1024;
    area.quotaCount = 3;
    const kb = (n: number) => Buffer.alloc(n * 1024, 0x47);
    const first = JSON.parse((await post(uploadPath(ana.login), [kb(60)])).body) as { uploadId: string };
    // Declared: 60 + 41 KB > 100 KB is refused before a byte is read; 60 + 40 fits.
    const declared = await post(uploadPath(ana.login), [kb(41)], { 'Content-Length': String(41 * 1024) });
    expect(declared).toEqual({
      status: 413,
      body:
        'This upload would make your waiting uploads larger than 100 KB, the most one person may have waiting: ' +
        'add them to the library, or they are cleared an hour after they were sent.',
    });
    // Chunked: stopped as it passes the quota, nothing left behind.
    const streamed = await post(uploadPath(ana.login), [kb(20), kb(20), kb(20)]);
    expect(streamed.status).toBe(413);
    expect(leftovers().filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(area.usage(ana.personId)).toEqual({ bytes: 60 * 1024, count: 1 });
    expect((await post(uploadPath(ana.login), [kb(40)])).status).toBe(200);
    // Ben is not held by Ana's quota.
    expect((await post(uploadPath(ben.login), [kb(90)])).status).toBe(200);
    // Exactly at the byte cap it stands. Count: the third fits, the fourth is refused; after one is imported
    // there is room again.
    expect(area.usage(ana.personId)).toEqual({ bytes: 100 * 1024, count: 2 });
    area.quotaBytes = 1024 * 1024;
    expect((await post(uploadPath(ana.login), [Buffer.from('G1 X1\n')])).status).toBe(200);
    const fourth = await post(uploadPath(ana.login), [Buffer.from('G1 X2\n')]);
    expect(fourth).toEqual({
      status: 429,
      body:
        'You already have 3 uploads waiting, the most one person may have: add them to the library, or they are ' +
        'cleared an hour after they were sent.',
    });
    await ana.s.ok('files.import', { name: 'a.gcode', uploadId: first.uploadId, tags: [] });
    expect((await post(uploadPath(ana.login), [Buffer.from('G1 X2\n')])).status).toBe(200);
  });
});
