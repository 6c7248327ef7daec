import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../preload/contract/index.js';
import { cleanFileName, kindFromContent, MAX_FILE_NAME_LENGTH } from '../../../main/files/names.js';
import { kindFromName } from '../../../main/files/formats.js';
import { createHost, type Host } from '../../../main/host/create-host.js';
import { memoryLogger } from '../../../main/kernel/logger.js';
import type { Connection } from '../../../main/kernel/connection.js';
import { manualClock } from '../../../main/kernel/clock.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { ADMIN_PASSWORD, startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';
import { fixturesDir } from './corpus.js';

/**
 * File-name hygiene (a stored name has no control or bidi-override characters and a bounded length; the name as
 * given is kept as originalName) and import by path (staff only, desktop app only).
 */

const GCODE = 'G0 X0 Y0\nG1 X10 Y10 F600\n';

describe('cleanFileName', () => {
  it('removes NUL, C0 and C1 controls, DEL, bidi marks, overrides and isolates', () => {
    expect(cleanFileName('ben\u0000chy.gcode')).toBe('benchy.gcode');
    expect(cleanFileName('invoice\u202Edcg.gcode')).toBe('invoicedcg.gcode');
    expect(cleanFileName('\u0007bell\u001b[31m\u007f.gcode')).toBe('bell[31m.gcode');
    expect(cleanFileName('c1\u0085\u009b\u0080.stl')).toBe('c1.stl');
    expect(cleanFileName('\u2066iso\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d.obj')).toBe('iso.obj');
    expect(cleanFileName('line\u2028para\u2029\ufeff.3mf')).toBe('linepara.3mf');
    expect(cleanFileName('  señal del rack—v2 ✓.gcode ')).toBe('señal del rack—v2 ✓.gcode');
  });

  it('limits the length, keeping the extension and never splitting a character', () => {
    const exact = `${'a'.repeat(MAX_FILE_NAME_LENGTH - 4)}.stl`;
    expect(cleanFileName(exact)).toBe(exact);
    expect(cleanFileName(`a${exact}`)).toBe(exact);
    const long = cleanFileName(`${'b'.repeat(296)}.stl`);
    expect(long).toBe(`${'b'.repeat(MAX_FILE_NAME_LENGTH - 4)}.stl`);
    const emoji = cleanFileName(`${'😀'.repeat(100)}.stl`);
    expect(emoji).toBe(`${'😀'.repeat(58)}.stl`);
    expect(/[\uD800-\uDFFF]/u.test(emoji.replace(/😀/gu, ''))).toBe(false);
    // One glyph carrying 500 combining marks cannot fit and is not cut in half.
    expect(cleanFileName(`a${'\u0301'.repeat(500)}.stl`)).toBe('unnamed.stl');
  });

  it('names what is left empty "unnamed", and completes a name without extension from the kind', () => {
    expect(cleanFileName('\u0000\u202e.gcode')).toBe('unnamed.gcode');
    expect(cleanFileName('\u0000\u202e', 'gcode')).toBe('unnamed.gcode');
    expect(cleanFileName('benchy', 'stl')).toBe('benchy.stl');
    // Without a dot there is no extension to keep: the name stays whole, however short.
    expect(cleanFileName('benchy')).toBe('benchy');
    expect(cleanFileName('a')).toBe('a');
    expect(cleanFileName(' x ')).toBe('x');
  });

  it('a name announces a kind only after a dot: "stl" or "nc" alone is a name without extension', () => {
    expect(kindFromName('benchy.STL')).toBe('stl');
    expect(kindFromName('part.nc')).toBe('gcode');
    expect(kindFromName('stl')).toBe(null);
    expect(kindFromName('nc')).toBe(null);
    expect(kindFromName('benchy')).toBe(null);
    expect(kindFromName('benchy.txt')).toBe(null);
  });

  it('tells a file without extension by its content', () => {
    const bytes = (name: string) => new Uint8Array(readFileSync(join(fixturesDir, name)));
    const box = bytes('box.3mf');
    expect(kindFromContent(box, box.length)).toBe('3mf');
    const stl = bytes('EDGE_binary-truncated.stl');
    expect(kindFromContent(stl, stl.length)).toBe(null); // cut off: the count does not match the size
    const gcode = new TextEncoder().encode(GCODE);
    expect(kindFromContent(gcode, gcode.length)).toBe('gcode');
    const obj = new TextEncoder().encode('o cube\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
    expect(kindFromContent(obj, obj.length)).toBe('obj');
    const ascii = new TextEncoder().encode('solid x\n facet normal 0 0 1\n');
    expect(kindFromContent(ascii, ascii.length)).toBe('stl');
    const pdf = new TextEncoder().encode('%PDF-1.7\n');
    expect(kindFromContent(pdf, pdf.length)).toBe(null);
  });
});

describe('importing with an unsafe name', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.close();
  });

  const importAs = async (name: string, bytes: string | Uint8Array) => {
    const trainee = await t.as('trainee');
    return trainee.call('files.import', { name, uploadId: await uploadBytes(t, trainee, bytes), tags: [] });
  };
  const auditOf = (id: number) =>
    JSON.parse(
      (
        t.host.store.db
          .prepare(
            "SELECT after_json FROM audit_log WHERE entity = 'file' AND entity_id = ? AND action = 'import'",
          )
          .get(String(id)) as { after_json: string }
      ).after_json,
    ) as { name: string; originalName?: string };

  it('stores the cleaned name and keeps the original (NUL, U+202E, C0 and C1 controls) in the record', async () => {
    const raw = 'ben\u0000chy\u202Eedoc\u0007g\u009b.gcode';
    const result = await importAs(raw, GCODE);
    expect(result).toMatchObject({ ok: true, value: { name: 'benchyedocg.gcode', originalName: raw } });
    const id = (result as { value: { id: number } }).value.id;
    expect(auditOf(id)).toMatchObject({ name: 'benchyedocg.gcode', originalName: raw });
    const row = t.host.store.db.prepare('SELECT name, original_name FROM files WHERE id = ?').get(id);
    expect(row).toEqual({ name: 'benchyedocg.gcode', original_name: raw });
    // A name that needed nothing keeps no original.
    expect(await importAs('plain.gcode', GCODE)).toMatchObject({
      ok: true,
      value: { name: 'plain.gcode', originalName: null },
    });
    // Renaming cleans too.
    expect(await t.admin.ok('files.update', { id, name: 'new\u202Ename.gcode' })).toMatchObject({
      name: 'newname.gcode',
    });
  });

  it('shortens a 300-character name to the limit, extension kept, original kept', async () => {
    const raw = `${'x'.repeat(294)}.gcode`;
    const result = await importAs(raw, GCODE);
    expect(result).toMatchObject({
      ok: true,
      value: { name: `${'x'.repeat(MAX_FILE_NAME_LENGTH - 6)}.gcode`, originalName: raw },
    });
  });

  it('a name with no dot gets the extension of what the content is; content that is none of them is refused', async () => {
    expect(await importAs('benchy', GCODE)).toMatchObject({
      ok: true,
      value: { name: 'benchy.gcode', originalName: 'benchy', kind: 'gcode' },
    });
    const box = new Uint8Array(readFileSync(join(fixturesDir, 'box.3mf')));
    expect(await importAs('box', box)).toMatchObject({
      ok: true,
      value: { name: 'box.3mf', originalName: 'box', kind: '3mf' },
    });
    // A dotless name that happens to spell an extension is still a name without one: the content decides.
    expect(await importAs('stl', GCODE)).toMatchObject({
      ok: true,
      value: { name: 'stl.gcode', originalName: 'stl', kind: 'gcode' },
    });
    const before = t.host.store.db.prepare('SELECT count(*) AS n FROM files').get();
    expect(await importAs('notes', 'just some words\n')).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message:
          '"notes" has no extension, and its content is not G-code, STL, OBJ or 3MF: the library takes ' +
          '.gcode .gco .g .nc .ngc .tap .sbp .stl .obj .3mf.',
        details: { field: 'name' },
      },
    });
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM files').get()).toEqual(before);
  });
});

describe('import by path', () => {
  let dir: ReturnType<typeof tempDir>;
  let host: Host;
  let admin: Connection;
  const call = (conn: Connection, method: string, input: unknown) => host.call(conn, method, input);
  const ok = async <T>(conn: Connection, method: string, input: unknown): Promise<T> => {
    const result: Result<unknown> = await call(conn, method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  const loginAs = async (role: 'trainee' | 'staff' | 'instructor', n: number) => {
    await ok(admin, 'people.create', {
      displayName: `Path ${role}`,
      roles: [role],
      login: { username: `path${n}`, password: 'password-123' },
    });
    const conn = host.connect('electron', () => undefined);
    await ok(conn, 'session.login', { username: `path${n}`, password: 'password-123' });
    return conn;
  };

  beforeEach(async () => {
    dir = tempDir();
    host = createHost({
      dataDir: dir.path,
      kind: 'electron',
      timers: false,
      clock: manualClock('2026-11-24T15:00:00.000Z'),
      log: memoryLogger(),
    });
    admin = host.connect('electron', () => undefined);
    await ok(admin, 'setup.createAdmin', {
      displayName: 'Ada Admin',
      username: 'ada',
      password: ADMIN_PASSWORD,
      language: 'en',
    });
  });
  afterEach(async () => {
    await host.close();
    dir.remove();
  });

  it('in the desktop app, a trainee or instructor naming a path is refused; staff and admins may', async () => {
    const path = join(fixturesDir, 'box.3mf');
    const refused = {
      ok: false,
      error: {
        code: 'NOT_AUTHORIZED',
        message:
          'Only staff can add a file by its path on this computer: choose or drop the file in the library instead.',
        details: { field: 'path' },
      },
    };
    expect(await call(await loginAs('trainee', 1), 'files.import', { name: 'box.3mf', path })).toEqual(
      refused,
    );
    expect(await call(await loginAs('instructor', 2), 'files.import', { name: 'box.3mf', path })).toEqual(
      refused,
    );
    expect(host.store.db.prepare('SELECT count(*) AS n FROM files').get()).toEqual({ n: 0 });
    const staff = await loginAs('staff', 3);
    expect(await call(staff, 'files.import', { name: 'box.3mf', path })).toMatchObject({
      ok: true,
      value: { name: 'box.3mf', kind: '3mf' },
    });
    expect(await call(admin, 'files.import', { name: 'box.3mf', path })).toMatchObject({ ok: true });
  });

  it('in the web host, not even staff may name a path', async () => {
    const t = await startTestHost();
    try {
      const staff = await t.as('staff');
      expect(
        await staff.call('files.import', { name: 'box.3mf', path: join(fixturesDir, 'box.3mf'), tags: [] }),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: /only in the desktop app/ } });
    } finally {
      await t.close();
    }
  });
});
