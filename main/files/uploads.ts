import { createHash, randomUUID } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_UPLOAD_BYTES } from '../../preload/contract/methods/files.js';
import { permissionsOf } from '../../preload/contract/roles.js';
import type { HostContext } from '../kernel/context.js';
import type { LoginSession } from '../kernel/connection.js';
import { DeskError } from '../kernel/errors.js';
import { systemClock, type Clock } from '../kernel/clock.js';

/** Never-imported uploads older than this (by the host's clock) are removed. */
export const UPLOAD_MAX_AGE_MS = 60 * 60_000;
/** How often a running Desk sweeps the upload area (every upload sweeps it too). */
export const UPLOAD_SWEEP_EVERY_MS = 5 * 60_000;
/** What one person may have waiting to be imported (received and still arriving): bytes and uploads. */
export const UPLOAD_QUOTA_BYTES = 1024 * 1024 * 1024;
export const UPLOAD_QUOTA_COUNT = 20;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAME = /^([0-9a-f-]{36})\.(part|bin|json)$/;

/** A finished upload waiting for `files.import`: its bytes sit at `files/uploads/<id>.bin`. */
export interface StagedUpload {
  uploadId: string;
  personId: number;
  size: number;
  sha256: string;
}

/** The record beside the bytes: when it was staged, by the host's clock. */
interface StagedRecord extends StagedUpload {
  stagedAtMs: number;
}

/** What a host answers an upload request with (the web host and Electron's app:// handler both send it as is). */
export interface UploadReply {
  status: number;
  /** JSON for 200, a sentence otherwise. */
  body: StagedUpload | string;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MB = 1024 * 1024;
const sizeText = (bytes: number) =>
  bytes >= MB ? `${Math.floor(bytes / MB)} MB` : `${Math.floor(bytes / 1024)} KB`;

/**
 * Library uploads by stream, never through RPC: the host writes the request body to `dataDir/files/uploads` while
 * hashing it, and `files.import` then takes the upload id (only from the person who sent it) and moves the bytes
 * into the content-addressed store. An upload is a `.part` while it arrives and a `.bin` with a `.json` record when
 * it is whole. Each person may have `quotaBytes` / `quotaCount` waiting; anything not imported within an hour of
 * the host's clock (a closed tab, a refused import) is swept: at start-up, on every upload, on a timer while the
 * Desk runs, and on close.
 */
export class UploadArea {
  readonly dir: string;
  /** Largest body taken; tests lower it to exercise the refusal without sending half a gigabyte. */
  maxBytes = MAX_UPLOAD_BYTES;
  quotaBytes = UPLOAD_QUOTA_BYTES;
  quotaCount = UPLOAD_QUOTA_COUNT;
  /** Uploads arriving now: id → whose and how many bytes so far. */
  private readonly arriving = new Map<string, { personId: number; bytes: number }>();
  /** Staged uploads by id (whose, how large): rebuilt from the records by every sweep, kept as they come and go. */
  private readonly staged = new Map<string, { personId: number; bytes: number }>();

  constructor(
    dataDir: string,
    private readonly clock: Clock = systemClock,
  ) {
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
    if (declaredLength !== null && declaredLength > this.maxBytes) return this.tooLarge();
    this.sweep();
    try {
      this.checkQuota(who.personId, declaredLength ?? 0, true);
    } catch (error) {
      if (error instanceof Refused) return { status: error.status, body: error.message };
      throw error;
    }
    if (body === null) return { status: 400, body: 'The upload has no body.' };
    try {
      return { status: 200, body: await this.receive(body, who.personId) };
    } catch (error) {
      if (error instanceof Refused) return { status: error.status, body: error.message };
      throw error;
    }
  }

  private tooLarge(): { status: number; body: string } {
    return {
      status: 413,
      body: `The file is larger than ${Math.floor(this.maxBytes / MB)} MB, the most the library takes.`,
    };
  }

  /** What this person has waiting: staged records plus uploads still arriving. */
  usage(personId: number): { bytes: number; count: number } {
    let bytes = 0;
    let count = 0;
    for (const upload of [...this.staged.values(), ...this.arriving.values()]) {
      if (upload.personId !== personId) continue;
      bytes += upload.bytes;
      count += 1;
    }
    return { bytes, count };
  }

  /** Throws `Refused` when `more` bytes (and, for a new upload, one more upload) would pass the person's quota. */
  private checkQuota(personId: number, more: number, newUpload: boolean): void {
    const { bytes, count } = this.usage(personId);
    const waiting = 'add them to the library, or they are cleared an hour after they were sent';
    if (newUpload && count >= this.quotaCount) {
      throw new Refused(
        429,
        `You already have ${count} uploads waiting, the most one person may have: ${waiting}.`,
      );
    }
    if (bytes + more > this.quotaBytes) {
      throw new Refused(
        413,
        `This upload would make your waiting uploads larger than ${sizeText(this.quotaBytes)}, ` +
          `the most one person may have waiting: ${waiting}.`,
      );
    }
  }

  /** Streams `body` to disk while hashing it; over `maxBytes` or the quota, stops and removes what was written. */
  async receive(body: Readable | AsyncIterable<Uint8Array>, personId: number): Promise<StagedUpload> {
    const uploadId = randomUUID();
    const part = join(this.dir, `${uploadId}.part`);
    const hash = createHash('sha256');
    const progress = { personId, bytes: 0 };
    const max = this.maxBytes;
    const tooLarge = this.tooLarge().body;
    const quota = (more: number) => this.checkQuota(personId, more, false);
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (progress.bytes + chunk.length > max) {
          done(new Refused(413, tooLarge));
          return;
        }
        try {
          quota(chunk.length);
        } catch (error) {
          done(error as Error);
          return;
        }
        progress.bytes += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    this.arriving.set(uploadId, progress);
    try {
      await pipeline(body instanceof Readable ? body : Readable.from(body), count, createWriteStream(part));
    } catch (error) {
      rmSync(part, { force: true });
      throw error;
    } finally {
      this.arriving.delete(uploadId);
    }
    const staged: StagedUpload = { uploadId, personId, size: progress.bytes, sha256: hash.digest('hex') };
    const record: StagedRecord = { ...staged, stagedAtMs: this.clock.now().getTime() };
    renameSync(part, join(this.dir, `${uploadId}.bin`));
    writeFileSync(join(this.dir, `${uploadId}.json`), JSON.stringify(record));
    this.staged.set(uploadId, { personId, bytes: staged.size });
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
    const staged = JSON.parse(readFileSync(record, 'utf8')) as StagedRecord;
    if (staged.personId !== personId) throw missing;
    renameSync(join(this.dir, `${uploadId}.bin`), target);
    unlinkSync(record);
    this.staged.delete(uploadId);
    return { uploadId: staged.uploadId, personId: staged.personId, size: staged.size, sha256: staged.sha256 };
  }

  /**
   * Removes uploads staged more than `maxAgeMs` ago by the host's clock, and anything that is not an upload in
   * progress or a staged one with its record (a `.part` left by a crash, a `.bin` without its record, a stray
   * file). Returns how many files went.
   */
  sweep(maxAgeMs = UPLOAD_MAX_AGE_MS): number {
    const now = this.clock.now().getTime();
    const fresh = new Set<string>();
    this.staged.clear();
    for (const name of readdirSync(this.dir)) {
      const m = NAME.exec(name);
      if (m?.[2] !== 'json') continue;
      try {
        const record = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as Partial<StagedRecord>;
        const at = typeof record.stagedAtMs === 'number' ? record.stagedAtMs : NaN;
        if (now - at <= maxAgeMs && typeof record.personId === 'number' && typeof record.size === 'number') {
          fresh.add(m[1]!);
          this.staged.set(m[1]!, { personId: record.personId, bytes: record.size });
        }
      } catch {
        // unreadable: swept below
      }
    }
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      const id = NAME.exec(name)?.[1];
      if (id !== undefined && (fresh.has(id) || this.arriving.has(id))) continue;
      try {
        rmSync(join(this.dir, name), { force: true, recursive: true });
        removed += 1;
      } catch {
        // gone already (imported meanwhile)
      }
    }
    return removed;
  }
}

const areas = new WeakMap<HostContext, UploadArea>();

/**
 * The host's upload area, made on first use and swept then, on every upload, every few minutes while the host
 * runs its timers, and on close. Both hosts' upload routes and the files
 * handlers share it.
 */
export function uploadsOf(context: HostContext): UploadArea {
  let area = areas.get(context);
  if (area === undefined) {
    const made = new UploadArea(context.store.dataDir, context.clock);
    made.sweep();
    if (context.timers === true) {
      const timer = setInterval(() => made.sweep(), UPLOAD_SWEEP_EVERY_MS);
      timer.unref();
      context.onClose(() => clearInterval(timer));
    }
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
