import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadsOf } from '../../../main/files/uploads.js';
import { createHost } from '../../../main/host/create-host.js';
import { startWebHost, type WebHost } from '../../../main/host/web.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { connectDesk, type DeskSocket } from '../../helpers/ws-client.js';
import { corpusDir, fixturesDir, hasCorpus } from './corpus.js';

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
  await t.as('trainee');
  return loggedIn(`user${sockets.length + 1}`);
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
    const name = hasCorpus ? '3DBenchy_cargo-box_binary.stl' : 'box.3mf';
    const bytes = readFileSync(hasCorpus ? join(corpusDir, 'models-stl', name) : join(fixturesDir, name));
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

  it('a refused import discards the upload; leftovers older than an hour go at start-up and on close', async () => {
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

    const fresh = JSON.parse((await post(uploadPath(login), [Buffer.from('G1 X1\n')])).body) as {
      uploadId: string;
    };
    const stale = join(uploadDir(), '00000000-0000-4000-8000-000000000000.part');
    writeFileSync(stale, 'half a file');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    await web.close();
    await t.host.close();
    expect(existsSync(stale)).toBe(false);
    expect(leftovers().sort()).toEqual([`${fresh.uploadId}.bin`, `${fresh.uploadId}.json`]);
    // At start-up: a new area over the same folder sweeps what has aged meanwhile.
    for (const f of leftovers()) utimesSync(join(uploadDir(), f), twoHoursAgo, twoHoursAgo);
    writeFileSync(stale, 'half a file');
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    const again = createHost({ dataDir: t.dataDir, kind: 'web', timers: false });
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
});
