import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_PHOTO_MAX_BYTES } from '../../../main/lab/photos.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';
import { containing, labFixture, pass, type Lab, type Person } from './helpers.js';

/** The photo of a session's result (issue 16 item 2), over a real host, its upload area and data directory. */
describe('a photo of the result when a session stops', () => {
  let t: TestHost;
  let lab: Lab;
  beforeEach(async () => {
    t = await startTestHost({ start: '2026-12-08T16:00:00.000Z' });
    lab = await labFixture(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length, 7)]);
  const photosDir = () => join(t.host.store.dataDir, 'lab', 'photos');

  async function openSession(): Promise<number> {
    const s = await lab.trained.ok('lab.sessions.start', { machineId: lab.singer });
    await pass(t, lab, { ms: 30 * 60_000 });
    return s.id;
  }

  const blobFor = async (p: Person, url: string) => {
    const blob = await t.host.context.blobs.open(url.replace('/blob/', ''), p.conn.auth);
    if (blob === null) return null;
    const chunks: Buffer[] = [];
    if (Buffer.isBuffer(blob.body)) return { type: blob.contentType, bytes: blob.body };
    for await (const c of blob.body) chunks.push(c as Buffer);
    return { type: blob.contentType, bytes: Buffer.concat(chunks) };
  };

  it('keeps a picture of exactly 2 MiB with the note, and serves it to the person and staff only', async () => {
    const id = await openSession();
    const bytes = png(SESSION_PHOTO_MAX_BYTES);
    const photoUploadId = await uploadBytes(t, lab.trained, bytes);
    const stopped = await lab.trained.ok('lab.sessions.stop', { id, note: 'Ten masks sewn', photoUploadId });
    expect(stopped).toMatchObject({
      endKind: 'stopped',
      note: 'Ten masks sewn',
      photoUrl: `/blob/lab/session-photo/${id}`,
    });
    expect(readFileSync(join(photosDir(), String(id))).equals(bytes)).toBe(true);
    expect(await blobFor(lab.trained, stopped.photoUrl!)).toMatchObject({ type: 'image/png' });
    expect((await blobFor(lab.staff, stopped.photoUrl!))?.bytes.equals(bytes)).toBe(true);
    expect(await blobFor(lab.untrained, stopped.photoUrl!)).toBeNull();
  });

  it('refuses one byte over 2 MiB, and a file that is not a picture; the session stays open and nothing is kept', async () => {
    const id = await openSession();
    const big = await uploadBytes(t, lab.trained, png(SESSION_PHOTO_MAX_BYTES + 1));
    expect(await lab.trained.call('lab.sessions.stop', { id, photoUploadId: big })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: containing('a session photo is at most 2 MiB'),
        details: { field: 'photoUploadId' },
      },
    });
    const text = await uploadBytes(t, lab.trained, 'not a picture at all');
    expect(await lab.trained.call('lab.sessions.stop', { id, photoUploadId: text })).toMatchObject({
      ok: false,
      error: { message: 'That file is not a PNG, JPEG or WebP picture.' },
    });
    expect(readdirSync(photosDir())).toEqual([]);
    const row = t.host.store.db.prepare('SELECT ended_at, photo_type FROM lab_sessions WHERE id = ?').get(id);
    expect(row).toEqual({ ended_at: null, photo_type: null });
    // Someone else's upload is not theirs to attach.
    const staffs = await uploadBytes(t, lab.staff, png(100));
    expect(await lab.trained.call('lab.sessions.stop', { id, photoUploadId: staffs })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // A JPEG is taken; a stop without a photo has none.
    const jpeg = await uploadBytes(t, lab.trained, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    expect(await lab.trained.ok('lab.sessions.stop', { id, photoUploadId: jpeg })).toMatchObject({
      photoUrl: `/blob/lab/session-photo/${id}`,
    });
    expect(existsSync(join(photosDir(), String(id)))).toBe(true);
    const other = await lab.trained.ok('lab.sessions.start', { machineId: lab.laser });
    expect((await lab.trained.ok('lab.sessions.stop', { id: other.id })).photoUrl).toBeNull();
  });
});
