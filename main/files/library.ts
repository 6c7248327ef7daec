import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Role } from '../../preload/contract/roles.js';
import type { FileSummary, LibraryFile } from '../../preload/contract/methods/files.js';
import type { Blob } from '../kernel/blobs.js';
import type { Store } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { acceptedExtensions, kindFromName, type FileKind, type ParseOutcome } from './formats.js';
import { cleanFileName, kindFromContent } from './names.js';
import type { ParsePool } from './worker-pool.js';
import type { UploadArea } from './uploads.js';
import { chunkedSize, chunkedToolpath, readToolpathHeader } from './toolpath-chunks.js';

/** Bump when parser output changes: cached parses of older versions are redone on next use. */
export const PARSER_VERSION = 2;

/** Who is asking: visibility and edit rights depend on it. */
export interface Viewer {
  personId: number;
  roles: readonly Role[];
}

const SEE_ALL: readonly Role[] = ['admin', 'staff', 'instructor'];
const EDIT_ANY: readonly Role[] = ['admin', 'staff'];
const seesAll = (v: Viewer) => v.roles.some((r) => SEE_ALL.includes(r));
const editsAny = (v: Viewer) => v.roles.some((r) => EDIT_ANY.includes(r));

interface FileRow {
  id: number;
  sha256: string;
  name: string;
  original_name: string | null;
  owner_id: number;
  owner_name: string;
  notes: string;
  shared_all: number;
  created_at: string;
  updated_at: string;
  kind: FileKind;
  size: number;
  summary_json: string;
  has_thumbnail: number;
}

const SELECT = `SELECT f.id, f.sha256, f.name, f.original_name, f.owner_id, p.display_name AS owner_name, f.notes, f.shared_all,
  f.created_at, f.updated_at, c.kind, c.size, c.summary_json, c.has_thumbnail
  FROM files f JOIN file_contents c ON c.sha256 = f.sha256 JOIN persons p ON p.id = f.owner_id`;
const VISIBLE = `(f.owner_id = @me OR f.shared_all = 1
  OR EXISTS (SELECT 1 FROM file_shares s WHERE s.file_id = f.id AND s.person_id = @me))`;

export interface ImportInput {
  name: string;
  uploadId?: string | undefined;
  path?: string | undefined;
  notes?: string | undefined;
  tags: string[];
}

export interface ListFilter {
  search?: string | undefined;
  kind?: FileKind | 'gcode' | 'model' | undefined;
  tag?: string | undefined;
  scope: 'visible' | 'mine' | 'shared';
}

/**
 * The library: bytes stored once per content under dataDir/files/<sha256>, parsed once per content in a worker,
 * and library entries (owner, name, notes, tags, sharing) in the store. Trainees see their own files and those
 * shared with them; staff, instructors and admins see all.
 */
export class FileLibrary {
  readonly root: string;

  constructor(
    private readonly store: Store,
    /** Null for read-only use by other areas (they never import or parse). */
    private readonly pool: ParsePool | null,
    private readonly allowPaths: boolean,
    /** Where streamed uploads wait for `files.import` (null: this view takes paths only, or nothing). */
    private readonly uploads: UploadArea | null = null,
  ) {
    this.root = join(store.dataDir, 'files');
    for (const dir of ['', 'parsed', 'thumbs', 'incoming'])
      mkdirSync(join(this.root, dir), { recursive: true });
  }

  private requirePool(): ParsePool {
    if (this.pool === null) throw new Error('this library view cannot parse');
    return this.pool;
  }

  private rawPath = (sha: string) => join(this.root, sha);
  private parsedPath = (sha: string) => join(this.root, 'parsed', `${sha}.v${PARSER_VERSION}.bin`);
  private thumbPath = (sha: string) => join(this.root, 'thumbs', `${sha}.png`);

  /**
   * Adds a file: its name cleaned (names.ts) and, when it had no extension, completed from what the content is;
   * the name as given is kept as `originalName` when it had to change. Parsed before it is stored; a refusal
   * stores nothing.
   */
  async importFile(viewer: Viewer, input: ImportInput): Promise<LibraryFile> {
    let name = cleanFileName(input.name);
    let kind = kindFromName(name);
    if (kind === null && name.includes('.')) {
      throw new DeskError(
        'INVALID_INPUT',
        `"${name}" is not a file the library takes: use ${acceptedExtensions.join(' ')}.`,
        { field: 'name' },
      );
    }
    const incoming = join(this.root, 'incoming', randomUUID());
    try {
      const { sha, size } = await this.stageInput(viewer, input, incoming);
      if (kind === null) {
        kind = kindFromContent(readHead(incoming), size);
        if (kind === null) {
          throw new DeskError(
            'INVALID_INPUT',
            `"${name}" has no extension, and its content is not G-code, STL, OBJ or 3MF: the library takes ` +
              `${acceptedExtensions.join(' ')}.`,
            { field: 'name' },
          );
        }
        name = cleanFileName(input.name, kind);
      }
      const cached = this.store.db.prepare('SELECT parser FROM file_contents WHERE sha256 = ?').get(sha) as
        { parser: number } | undefined;
      let outcome: ParseOutcome | null = null;
      if (cached?.parser !== PARSER_VERSION || !existsSync(this.parsedPath(sha))) {
        outcome = await this.requirePool().parse(kind, incoming, name, viewer.personId);
        if (!outcome.ok) throw new DeskError('INVALID_INPUT', outcome.message, { field: 'content' });
        this.writeParsed(sha, outcome);
      }
      if (!existsSync(this.rawPath(sha))) renameSync(incoming, this.rawPath(sha));
      const id = this.record(
        viewer,
        {
          name,
          originalName: name === input.name ? null : input.name,
          kind,
          sha,
          size,
          notes: input.notes ?? '',
          tags: input.tags,
        },
        outcome,
      );
      return this.get(viewer, id);
    } finally {
      if (existsSync(incoming)) unlinkSync(incoming);
    }
  }

  /** Adds bytes already parsed here (demo data: a few small files generated at first start). */
  addParsed(
    owner: number,
    name: string,
    bytes: Uint8Array,
    outcome: ParseOutcome,
    extra: { tags: string[]; notes: string; sharedAll: boolean },
  ): number {
    if (!outcome.ok) throw new Error(outcome.message);
    const sha = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(this.rawPath(sha), bytes);
    this.writeParsed(sha, outcome);
    const viewer = { personId: owner, roles: [] };
    const id = this.record(
      viewer,
      {
        name,
        originalName: null,
        kind: outcome.kind,
        sha,
        size: bytes.length,
        notes: extra.notes,
        tags: extra.tags,
      },
      outcome,
    );
    if (extra.sharedAll) this.share({ personId: owner, roles: [] }, { id, withAll: true, personIds: [] });
    return id;
  }

  private record(
    viewer: Viewer,
    file: {
      name: string;
      originalName: string | null;
      kind: FileKind;
      sha: string;
      size: number;
      notes: string;
      tags: string[];
    },
    outcome: ParseOutcome | null,
  ): number {
    return this.store.write({ actor: viewer.personId, reason: 'import' }, (tx) => {
      if (outcome?.ok === true) {
        tx.db
          .prepare(
            `INSERT INTO file_contents (sha256, kind, size, summary_json, has_thumbnail, parser, parsed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (sha256) DO UPDATE SET kind = excluded.kind, summary_json = excluded.summary_json,
               has_thumbnail = excluded.has_thumbnail, parser = excluded.parser, parsed_at = excluded.parsed_at`,
          )
          .run(
            file.sha,
            outcome.kind,
            file.size,
            JSON.stringify(outcome.summary),
            outcome.thumbnail === null ? 0 : 1,
            PARSER_VERSION,
            tx.at,
          );
      }
      const row = tx.db
        .prepare(
          `INSERT INTO files (sha256, name, original_name, owner_id, notes, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .get(file.sha, file.name, file.originalName, viewer.personId, file.notes, tx.at, tx.at) as {
        id: number;
      };
      this.writeTags(tx.db, row.id, file.tags);
      tx.audit('file', row.id, 'import', null, {
        name: file.name,
        ...(file.originalName === null ? {} : { originalName: file.originalName }),
        sha256: file.sha,
        kind: file.kind,
        size: file.size,
        tags: file.tags,
      });
      return row.id;
    });
  }

  /** Puts the bytes to import at `target` (an upload moved, or a copy of a path) and says what they are. */
  private async stageInput(
    viewer: Viewer,
    input: ImportInput,
    target: string,
  ): Promise<{ sha: string; size: number }> {
    const given = (input.uploadId === undefined ? 0 : 1) + (input.path === undefined ? 0 : 1);
    if (given !== 1)
      throw new DeskError(
        'INVALID_INPUT',
        'Give the file either as an upload or as a path, not both or neither.',
      );
    if (input.uploadId !== undefined) {
      if (this.uploads === null) throw new Error('this library view cannot take uploads');
      const staged = this.uploads.take(input.uploadId, viewer.personId, target);
      return { sha: staged.sha256, size: staged.size };
    }
    if (!this.allowPaths) {
      throw new DeskError(
        'INVALID_INPUT',
        'Importing by path works only in the desktop app; upload the file instead.',
        { field: 'path' },
      );
    }
    // A path reads any file this computer's account can read: only staff may name one.
    if (!editsAny(viewer)) {
      throw new DeskError(
        'NOT_AUTHORIZED',
        'Only staff can add a file by its path on this computer: choose or drop the file in the library instead.',
        { field: 'path' },
      );
    }
    const path = input.path!;
    if (!existsSync(path) || !statSync(path).isFile())
      throw new DeskError('NOT_FOUND', `There is no file at ${path}.`, { field: 'path' });
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    copyFileSync(path, target);
    return { sha: hash.digest('hex'), size: statSync(target).size };
  }

  private writeParsed(sha: string, outcome: Extract<ParseOutcome, { ok: true }>): void {
    const target = this.parsedPath(sha);
    const temp = `${target}.${randomUUID()}.tmp`;
    writeFileSync(temp, outcome.data);
    renameSync(temp, target);
    if (outcome.thumbnail !== null) writeFileSync(this.thumbPath(sha), outcome.thumbnail);
  }

  private writeTags(db: Store['db'], id: number, tags: readonly string[]): void {
    db.prepare('DELETE FROM file_tags WHERE file_id = ?').run(id);
    const insert = db.prepare('INSERT OR IGNORE INTO file_tags (file_id, tag) VALUES (?, ?)');
    for (const tag of tags) insert.run(id, tag);
  }

  list(viewer: Viewer, filter: ListFilter): LibraryFile[] {
    const where = ['f.removed_at IS NULL'];
    const params: Record<string, unknown> = { me: viewer.personId };
    if (filter.scope === 'mine') where.push('f.owner_id = @me');
    else if (filter.scope === 'shared') where.push(`f.owner_id <> @me AND ${VISIBLE}`);
    else if (!seesAll(viewer)) where.push(VISIBLE);
    if (filter.kind === 'model') where.push("c.kind IN ('stl', 'obj', '3mf')");
    else if (filter.kind !== undefined) {
      where.push('c.kind = @kind');
      params.kind = filter.kind;
    }
    if (filter.tag !== undefined) {
      where.push('EXISTS (SELECT 1 FROM file_tags t WHERE t.file_id = f.id AND t.tag = @tag)');
      params.tag = filter.tag;
    }
    if (filter.search !== undefined && filter.search !== '') {
      where.push(`(f.name LIKE @like ESCAPE '\\' OR f.notes LIKE @like ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM file_tags t WHERE t.file_id = f.id AND t.tag LIKE @like ESCAPE '\\'))`);
      params.like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const rows = this.store.db
      .prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY f.created_at DESC, f.id DESC`)
      .all(params) as FileRow[];
    return rows.map((row) => this.toFile(viewer, row));
  }

  get(viewer: Viewer, id: number): LibraryFile {
    return this.toFile(viewer, this.visibleRow(viewer, id));
  }

  private visibleRow(viewer: Viewer, id: number): FileRow {
    const row = this.store.db.prepare(`${SELECT} WHERE f.id = @id AND f.removed_at IS NULL`).get({ id }) as
      FileRow | undefined;
    // A file you may not see is reported as missing, so ids do not leak what others keep.
    if (row === undefined || !this.canSee(viewer, row)) throw notFound('File', id);
    return row;
  }

  private canSee(viewer: Viewer, row: FileRow): boolean {
    if (seesAll(viewer) || row.owner_id === viewer.personId || row.shared_all === 1) return true;
    return (
      this.store.db
        .prepare('SELECT 1 FROM file_shares WHERE file_id = ? AND person_id = ?')
        .get(row.id, viewer.personId) !== undefined
    );
  }

  private editableRow(viewer: Viewer, id: number): FileRow {
    const row = this.visibleRow(viewer, id);
    if (row.owner_id !== viewer.personId && !editsAny(viewer)) {
      throw new DeskError(
        'NOT_AUTHORIZED',
        `Only ${row.owner_name} (who added it) or staff can change "${row.name}".`,
      );
    }
    return row;
  }

  update(
    viewer: Viewer,
    input: { id: number; name?: string | undefined; notes?: string | undefined; tags?: string[] | undefined },
  ): LibraryFile {
    const before = this.get(viewer, input.id);
    this.editableRow(viewer, input.id);
    if (input.name !== undefined) input = { ...input, name: cleanFileName(input.name) };
    if (input.name !== undefined && kindFromName(input.name) !== before.kind) {
      throw new DeskError(
        'INVALID_INPUT',
        `Keep the ${before.kind} extension when renaming "${before.name}".`,
        { field: 'name' },
      );
    }
    this.store.write({ actor: viewer.personId }, (tx) => {
      tx.db
        .prepare('UPDATE files SET name = ?, notes = ?, updated_at = ? WHERE id = ?')
        .run(input.name ?? before.name, input.notes ?? before.notes, tx.at, input.id);
      if (input.tags !== undefined) this.writeTags(tx.db, input.id, input.tags);
      tx.audit(
        'file',
        input.id,
        'update',
        { name: before.name, notes: before.notes, tags: before.tags },
        {
          name: input.name ?? before.name,
          notes: input.notes ?? before.notes,
          tags: input.tags ?? before.tags,
        },
      );
    });
    return this.get(viewer, input.id);
  }

  share(viewer: Viewer, input: { id: number; withAll: boolean; personIds: number[] }): LibraryFile {
    const before = this.get(viewer, input.id);
    this.editableRow(viewer, input.id);
    const people = [...new Set(input.personIds)];
    for (const personId of people) {
      if (this.store.db.prepare('SELECT 1 FROM persons WHERE id = ?').get(personId) === undefined)
        throw notFound('Person', personId);
    }
    this.store.write({ actor: viewer.personId }, (tx) => {
      tx.db
        .prepare('UPDATE files SET shared_all = ?, updated_at = ? WHERE id = ?')
        .run(input.withAll ? 1 : 0, tx.at, input.id);
      tx.db.prepare('DELETE FROM file_shares WHERE file_id = ?').run(input.id);
      const insert = tx.db.prepare('INSERT INTO file_shares (file_id, person_id) VALUES (?, ?)');
      for (const personId of people) insert.run(input.id, personId);
      tx.audit(
        'file',
        input.id,
        'share',
        { withAll: before.sharedWithAll, personIds: before.sharedWith },
        { withAll: input.withAll, personIds: people },
      );
    });
    return this.get(viewer, input.id);
  }

  remove(viewer: Viewer, id: number): void {
    const row = this.editableRow(viewer, id);
    this.store.write({ actor: viewer.personId }, (tx) => {
      tx.db.prepare('UPDATE files SET removed_at = ?, updated_at = ? WHERE id = ?').run(tx.at, tx.at, id);
      tx.audit('file', id, 'remove', { name: row.name, sha256: row.sha256 }, null);
    });
  }

  tags(viewer: Viewer): string[] {
    const rows = this.list(viewer, { scope: 'visible' });
    return [...new Set(rows.flatMap((f) => f.tags))].sort((a, b) => a.localeCompare(b));
  }

  private toFile(viewer: Viewer, row: FileRow): LibraryFile {
    const tags = this.store.db
      .prepare('SELECT tag FROM file_tags WHERE file_id = ? ORDER BY tag')
      .pluck()
      .all(row.id) as string[];
    const sharedWith = this.store.db
      .prepare('SELECT person_id FROM file_shares WHERE file_id = ? ORDER BY person_id')
      .pluck()
      .all(row.id) as number[];
    return {
      id: row.id,
      name: row.name,
      originalName: row.original_name,
      kind: row.kind,
      size: row.size,
      sha256: row.sha256,
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      notes: row.notes,
      tags,
      sharedWithAll: row.shared_all === 1,
      sharedWith,
      canEdit: row.owner_id === viewer.personId || editsAny(viewer),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      summary: JSON.parse(row.summary_json) as FileSummary,
      dataPath: `files/${row.sha256}/data`,
      thumbnailPath: row.has_thumbnail === 1 ? `files/${row.sha256}/thumbnail` : null,
    };
  }

  /**
   * Blob route `files/<sha256>/data|chunks|thumbnail`: only for someone who can see a file with that content.
   * `chunks` is a toolpath in layer order a chunk at a time (toolpath-chunks.ts), for drawing while it arrives.
   */
  async openBlob(rest: string, viewer: Viewer): Promise<Blob | null> {
    const m = /^([0-9a-f]{64})\/(data|chunks|thumbnail)$/.exec(rest);
    if (m === null) return null;
    const sha = m[1]!;
    const rows = this.store.db
      .prepare(`${SELECT} WHERE f.sha256 = ? AND f.removed_at IS NULL`)
      .all(sha) as FileRow[];
    const row = rows.find((r) => this.canSee(viewer, r));
    if (row === undefined) return null;
    if (m[2] === 'thumbnail') {
      const path = this.thumbPath(sha);
      if (!existsSync(path)) return null;
      return { body: readFileSync(path), contentType: 'image/png' };
    }
    const path = this.parsedPath(sha);
    if (!existsSync(path)) {
      // The cache was cleared or the parser changed: parse again from the stored original.
      const outcome = await this.requirePool().parse(row.kind, this.rawPath(sha), row.name, viewer.personId);
      if (!outcome.ok) return null;
      this.writeParsed(sha, outcome);
    }
    if (m[2] === 'chunks') {
      const header = await readToolpathHeader(path);
      if (header === null) return null;
      return {
        body: Readable.from(chunkedToolpath(path)),
        contentType: 'application/octet-stream',
        size: chunkedSize(header.segments, header.layers),
      };
    }
    return {
      body: createReadStream(path),
      contentType: 'application/octet-stream',
      size: statSync(path).size,
    };
  }
}

/**
 * For other areas (jobs, machines): a library file the person may see, with the path of its original bytes on
 * disk to stream from. Throws NOT_FOUND for a file that does not exist or is not theirs to see.
 */
export function openLibraryFile(
  store: Store,
  viewer: Viewer,
  id: number,
): { file: LibraryFile; path: string } {
  const file = new FileLibrary(store, null, false).get(viewer, id);
  return { file, path: join(store.dataDir, 'files', file.sha256) };
}

/** The first 64 KB of a file, for telling what it is. */
function readHead(path: string): Uint8Array {
  const head = new Uint8Array(64 * 1024);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}
