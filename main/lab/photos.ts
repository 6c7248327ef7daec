import { mkdirSync, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HostContext } from '../kernel/context.js';
import type { Blob } from '../kernel/blobs.js';
import { createReadStream } from 'node:fs';
import { DeskError } from '../kernel/errors.js';
import { uploadsOf } from '../files/uploads.js';

/**
 * The photo of a session's result: sent first as an upload (the hosts' upload route, as library files are), then
 * named by the stop. It must be a small image: PNG, JPEG or WebP (told by its first bytes, not its name), at most
 * 2 MiB. It is kept at `<data dir>/lab/photos/<session id>` and served at `/blob/lab/session-photo/<id>` to the
 * session's person and to staff.
 */
export const SESSION_PHOTO_MAX_BYTES = 2 * 1024 * 1024;

export interface SessionPhoto {
  path: string;
  type: 'image/png' | 'image/jpeg' | 'image/webp';
  bytes: number;
}

export const photosDir = (ctx: HostContext) => join(ctx.store.dataDir, 'lab', 'photos');

function imageType(head: Buffer): SessionPhoto['type'] | null {
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  return null;
}

/**
 * Takes the person's upload as the photo of `sessionId`, or refuses it (too large, not an image) and deletes it:
 * nothing about the session changes then, and the person sends another picture.
 */
export function takeSessionPhoto(
  ctx: HostContext,
  uploadId: string,
  personId: number,
  sessionId: number,
): SessionPhoto {
  const dir = photosDir(ctx);
  mkdirSync(dir, { recursive: true });
  const incoming = join(dir, `${sessionId}.incoming`);
  uploadsOf(ctx).take(uploadId, personId, incoming);
  const bytes = statSync(incoming).size;
  const refuse = (message: string): never => {
    rmSync(incoming, { force: true });
    throw new DeskError('INVALID_INPUT', message, { field: 'photoUploadId' });
  };
  if (bytes > SESSION_PHOTO_MAX_BYTES)
    refuse(
      `The photo is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a session photo is at most 2 MiB: send a smaller picture.`,
    );
  if (bytes === 0) refuse('The photo is empty: send the picture again.');
  const head = Buffer.alloc(12);
  const fd = openSync(incoming, 'r');
  try {
    readSync(fd, head, 0, 12, 0);
  } finally {
    closeSync(fd);
  }
  const type = imageType(head) ?? refuse('That file is not a PNG, JPEG or WebP picture.');
  const path = join(dir, String(sessionId));
  renameSync(incoming, path);
  return { path, type, bytes };
}

/** The blob route's answer for `session-photo/<id>`: the person's own session's photo, or any for staff. */
export function sessionPhotoBlob(
  ctx: HostContext,
  rest: string,
  who: { personId: number; roles: readonly string[] },
): Blob | null {
  const m = /^session-photo\/(\d+)$/.exec(rest);
  if (m === null) return null;
  const row = ctx.store.db
    .prepare('SELECT person_id, photo_type, photo_bytes FROM lab_sessions WHERE id = ?')
    .get(Number(m[1])) as
    { person_id: number; photo_type: string | null; photo_bytes: number | null } | undefined;
  if (row?.photo_type == null || row.photo_bytes === null) return null;
  const staff = who.roles.includes('staff') || who.roles.includes('admin');
  if (!staff && who.personId !== row.person_id) return null;
  return {
    body: createReadStream(join(photosDir(ctx), m[1]!)),
    contentType: row.photo_type,
    size: row.photo_bytes,
  };
}
