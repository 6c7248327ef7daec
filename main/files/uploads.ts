import { createHash, randomUUID } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_UPLOAD_BYTES } from '../../preload/contract/methods/files.js';
import { permissionsOf } from '../../preload/contract/roles.js';
import type { HostContext } from '../host/context.js';
import type { LoginSession } from '../people/sessions.js';
import { DeskError } from '../shared/errors.js';

/** Unfinished or never-imported uploads older than this are removed at start-up and on close. */
export const UPLOAD_MAX_AGE_MS = 60 * 60_000;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A finished upload waiting for `files.import`: its bytes sit at `files/uploads/<id>.bin`. */
export interface StagedUpload {
  uploadId: string;
  personId: number;
  size: number;
  sha256: string;
}

/** What a host answers an upload request with (the web host and Electron's app:// handler both send it as is). */
export interface UploadReply {
  status: number;
  /** JSON for 200, a sentence otherwise. */
  body: StagedUpload | string;
}

class TooLarge extends Error {}

/**
 * Library uploads by stream, never through RPC: the host writes the request body to `dataDir/files/uploads` while
 * hashing it, and `files.import` then takes the upload id (only from the person who sent it) and moves the bytes
 * into the content-addressed store. An upload is a `.part` while it arrives and a `.bin` with a `.json` record when
 * it is whole; anything left over (a closed tab, a refused import) is swept after an hour.
 */
export class UploadArea {
  readonly dir: string;
  /** Largest body taken; tests lower it to exercise the refusal without sending half a gigabyte. */
  maxBytes = MAX_UPLOAD_BYTES;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'files', 'uploads');
    mkdirSync(this.dir, { recursive: true });
  }

  /**
   * The whole request: who may upload, the size they declare, then the bytes. Never throws; a refusal writes
   * nothing that stays behind.
   */
  async accept(
    body: Readable | AsyncIterable<Uint8Array> | null,
    who: LoginSession | null,
    declaredLength: number | null,
  ): Promise<UploadReply> {
    if (who === null || who.ended)
      return { status: 401, body: 'Log in on this screen before uploading a file.' };
    if (who.locked) return { status: 401, body: 'This screen is locked: unlock it, then upload again.' };
    if (!permissionsOf(who.roles).includes('files.write'))
      return { status: 403, body: 'Your roles do not let you add files to the library.' };
    const tooLarge = {
      status: 413,
      body: `The file is larger than ${Math.floor(this.maxBytes / (1024 * 1024))} MB, the most the library takes.`,
    };
    if (declaredLength !== null && declaredLength > this.maxBytes) return tooLarge;
    if (body === null) return { status: 400, body: 'The upload has no body.' };
    try {
      return { status: 200, body: await this.receive(body, who.personId) };
    } catch (error) {
      if (error instanceof TooLarge) return tooLarge;
      throw error;
    }
  }

  /** Streams `body` to disk while hashing it; over `maxBytes`, stops and removes what was written. */
  async receive(body: Readable | AsyncIterable<Uint8Array>, personId: number): Promise<StagedUpload> {
    const uploadId = randomUUID();
    const part = join(this.dir, `${uploadId}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const max = this.maxBytes;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > max) {
          done(new TooLarge());
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body instanceof Readable ? body : Readable.from(body), count, createWriteStream(part));
    } catch (error) {
      rmSync(part, { force: true });
      throw error;
    }
    const staged: StagedUpload = { uploadId, personId, size, sha256: hash.digest('hex') };
    renameSync(part, join(this.dir, `${uploadId}.bin`));
    writeFileSync(join(this.dir, `${uploadId}.json`), JSON.stringify(staged));
    return staged;
  }

  /**
   * Hands a finished upload of this person's to the caller, who moves its bytes to `target`. Someone else's id, an
   * unknown one and one already imported are refused alike and leave the upload as it was.
   */
  take(uploadId: string, personId: number, target: string): StagedUpload {
    const missing = new DeskError(
      'NOT_FOUND',
      'That upload is not here (it was already added, it expired, or it is not yours): upload the file again.',
      { field: 'uploadId' },
    );
    if (!ID.test(uploadId)) throw missing;
    const record = join(this.dir, `${uploadId}.json`);
    if (!existsSync(record)) throw missing;
    const staged = JSON.parse(readFileSync(record, 'utf8')) as StagedUpload;
    if (staged.personId !== personId) throw missing;
    renameSync(join(this.dir, `${uploadId}.bin`), target);
    unlinkSync(record);
    return staged;
  }

  /** Removes uploads (whole or partial) last written more than `maxAgeMs` ago; returns how many files went. */
  sweep(maxAgeMs = UPLOAD_MAX_AGE_MS, nowMs = Date.now()): number {
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      try {
        if (nowMs - statSync(path).mtimeMs > maxAgeMs) {
          rmSync(path, { force: true, recursive: true });
          removed += 1;
        }
      } catch {
        // gone already (imported meanwhile)
      }
    }
    return removed;
  }
}

const areas = new WeakMap<HostContext, UploadArea>();

/**
 * The host's upload area, made on first use and swept then and on close. Both hosts' upload routes and the files
 * handlers share it.
 */
export function uploadsOf(context: HostContext): UploadArea {
  let area = areas.get(context);
  if (area === undefined) {
    const made = new UploadArea(context.store.dataDir);
    made.sweep();
    context.onClose(() => {
      made.sweep();
    });
    areas.set(context, made);
    area = made;
  }
  return area;
}

/** Content-Length as a number, or null when absent or unreadable (the stream is still capped). */
export function declaredLength(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}
