import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../main/host/create-host.js';
import { silentLogger } from '../../../main/kernel/logger.js';
import { ensureBuiltCli, startServe, type ServeProcess } from '../../helpers/built-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { connectDesk, type DeskSocket } from '../../helpers/ws-client.js';

/**
 * The must-hold: a Desk killed outright (SIGKILL: no handler runs, nothing is flushed on the way out) in the middle
 * of a burst of writes leaves a database that passes its integrity check and holds every write it said yes to.
 */

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

const SOCKETS = 4;
const IN_FLIGHT_PER_SOCKET = 8;
const KILL_AFTER_ACKS = 150;

describe('SIGKILL during a burst of writes', () => {
  it('leaves a sound database holding every write whose call had answered ok', async () => {
    dir = tempDir('cp-desk-crash-');
    server = await startServe(dir.path);
    const s = server;

    const first = await connectDesk(s.wsUrl, { Origin: s.origin });
    const session = (await first.ok('setup.createAdmin', {
      displayName: 'Ada',
      username: 'ada',
      password: 'admin-password',
      language: 'en',
    })) as { resumeToken: string };
    const sockets: DeskSocket[] = [first];
    while (sockets.length < SOCKETS) {
      const other = await connectDesk(s.wsUrl, { Origin: s.origin });
      await other.ok('session.resume', { resumeToken: session.resumeToken });
      sockets.push(other);
    }

    const ackedPeople: string[] = [];
    const ackedLabNames: string[] = [];
    let next = 0;
    let killedAt = -1;
    let refusals = 0;

    // Many writers per socket, each sending its next write as soon as the last one answers.
    const writer = async (socket: DeskSocket) => {
      for (;;) {
        const n = next++;
        const name = `burst ${String(n).padStart(5, '0')}`;
        const isSettings = n % 5 === 4;
        let result;
        try {
          result = isSettings
            ? await socket.call('settings.update', { labName: name })
            : await socket.call('people.create', { displayName: name, roles: ['trainee'] });
        } catch {
          return; // the connection died with the server: this call's fate is unknown, and that is allowed
        }
        if (!result.ok) {
          refusals += 1;
          continue;
        }
        (isSettings ? ackedLabNames : ackedPeople).push(name);
        if (killedAt < 0 && ackedPeople.length + ackedLabNames.length >= KILL_AFTER_ACKS) {
          killedAt = ackedPeople.length + ackedLabNames.length;
          s.signal('SIGKILL');
        }
      }
    };
    await Promise.all(
      sockets.flatMap((socket) => Array.from({ length: IN_FLIGHT_PER_SOCKET }, () => writer(socket))),
    );

    expect(await s.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(refusals).toBe(0);
    expect(killedAt).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    // Calls were still in flight when it died (otherwise this would not be a test of a crash mid-burst).
    expect(next - (ackedPeople.length + ackedLabNames.length)).toBeGreaterThan(0);

    const db = new Database(join(dir.path, 'desk.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const people = new Set(db.prepare('SELECT display_name FROM persons').pluck().all() as string[]);
      expect(ackedPeople.filter((name) => !people.has(name))).toEqual([]);
      const labNames = new Set(
        (
          db.prepare("SELECT after_json FROM audit_log WHERE entity = 'settings'").pluck().all() as string[]
        ).map((json) => (JSON.parse(json) as { labName: string }).labName),
      );
      expect(ackedLabNames.filter((name) => !labNames.has(name))).toEqual([]);
      // Whatever reached the table reached the audit trail with it (one transaction), acknowledged or not.
      const unaudited = db
        .prepare(
          `SELECT count(*) FROM persons p WHERE NOT EXISTS
             (SELECT 1 FROM audit_log a WHERE a.entity = 'person' AND a.entity_id = CAST(p.id AS TEXT) AND a.action = 'create')`,
        )
        .pluck()
        .get();
      expect(unaudited).toBe(0);
    } finally {
      db.close();
    }

    // And the Desk opens it again (taking over the dead process's lock) and shows the same people.
    const host = createHost({ dataDir: dir.path, kind: 'web', log: silentLogger, timers: false });
    try {
      const names = new Set(
        (host.store.db.prepare('SELECT display_name FROM persons').pluck().all() as string[]).filter((n) =>
          n.startsWith('burst'),
        ),
      );
      for (const name of ackedPeople) expect(names.has(name)).toBe(true);
    } finally {
      await host.close();
    }
  }, 30_000);
});
