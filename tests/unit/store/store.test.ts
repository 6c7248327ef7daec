import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/kernel/clock.js';
import { openStore, type Store } from '../../../main/store/store.js';
import { startTestHost } from '../../helpers/temp-host.js';
import { tempDir } from '../../helpers/temp-dir.js';

interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  entity: string;
  entity_id: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
}

const clock = manualClock('2026-11-24T15:00:00.000Z');
let dir: ReturnType<typeof tempDir>;
let store: Store;

beforeEach(() => {
  dir = tempDir('cp-desk-store-');
  store = openStore({ dataDir: dir.path, clock });
});
afterEach(() => {
  store.close();
  dir.remove();
});

const count = (table: string) => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const addPerson = (tx: { db: Store['db']; at: string }, name: string) =>
  Number(
    tx.db
      .prepare('INSERT INTO persons (display_name, language, created_at) VALUES (?, ?, ?)')
      .run(name, 'en', tx.at).lastInsertRowid,
  );

describe('the store file', () => {
  it('runs in WAL mode with foreign keys on, synchronous FULL and a busy timeout', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('enforces foreign keys: a role for a person who does not exist is refused', () => {
    expect(() =>
      store.write({ actor: null }, (tx) => {
        tx.db
          .prepare("INSERT INTO person_roles (person_id, role, granted_at) VALUES (4242, 'admin', ?)")
          .run(tx.at);
        tx.audit('person', 4242, 'set_roles', null, null);
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(count('person_roles')).toBe(0);
    expect(count('audit_log')).toBe(0);
  });
});

describe('every write leaves an audit row', () => {
  it('records actor, time, entity, id, action, before, after and reason', () => {
    const actor = store.write({ actor: null, reason: 'setup' }, (tx) => {
      const id = addPerson(tx, 'Ada');
      tx.audit('person', id, 'create', null, { name: 'Ada' });
      return id;
    });
    clock.advance(60_000);
    store.write({ actor, reason: 'typo in the name' }, (tx) => {
      tx.db.prepare('UPDATE persons SET display_name = ? WHERE id = ?').run('Ada L.', actor);
      tx.audit('person', actor, 'update', { name: 'Ada' }, { name: 'Ada L.' });
    });
    const rows = store.db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRow[];
    expect(rows).toEqual([
      {
        id: 1,
        at: '2026-11-24T15:00:00.000Z',
        actor_id: null,
        entity: 'person',
        entity_id: String(actor),
        action: 'create',
        before_json: 'null',
        after_json: '{"name":"Ada"}',
        reason: 'setup',
      },
      {
        id: 2,
        at: '2026-11-24T15:01:00.000Z',
        actor_id: actor,
        entity: 'person',
        entity_id: String(actor),
        action: 'update',
        before_json: '{"name":"Ada"}',
        after_json: '{"name":"Ada L."}',
        reason: 'typo in the name',
      },
    ]);
  });

  it('refuses a write that leaves no audit row, and nothing of it remains', () => {
    expect(() => store.write({ actor: null }, (tx) => addPerson(tx, 'Ghost'))).toThrow(/audit row/);
    expect(count('persons')).toBe(0);
    expect(count('audit_log')).toBe(0);
  });

  it('a write that fails half-way leaves nothing, its audit row included', () => {
    expect(() =>
      store.write({ actor: null }, (tx) => {
        const id = addPerson(tx, 'Half');
        tx.audit('person', id, 'create', null, null);
        throw new Error('the second half failed');
      }),
    ).toThrow('the second half failed');
    expect(count('persons')).toBe(0);
    expect(count('audit_log')).toBe(0);
  });

  it('the audit trail cannot be edited or deleted', () => {
    store.write({ actor: null }, (tx) => tx.audit('settings', 'lab', 'update', null, null));
    expect(() => store.db.prepare("UPDATE audit_log SET reason = 'nothing to see'").run()).toThrow(
      /append-only/,
    );
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(count('audit_log')).toBe(1);
  });

  it('a write inside a write is refused rather than escaping the outer transaction', () => {
    expect(() =>
      store.write({ actor: null }, (tx) => {
        tx.audit('settings', 'lab', 'outer', null, null);
        store.write({ actor: null }, (inner) => inner.audit('settings', 'lab', 'inner', null, null));
      }),
    ).toThrow(/not re-entrant/);
    expect(count('audit_log')).toBe(0);
  });

  it('numbers from a sequence are gapless: a rolled-back write gives its number back', () => {
    const take = () =>
      store.write({ actor: null }, (tx) => {
        const n = tx.nextNumber('member');
        tx.audit('sequence', 'member', 'take', null, n);
        return n;
      });
    expect(take()).toBe(1);
    expect(() =>
      store.write({ actor: null }, (tx) => {
        tx.nextNumber('member');
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(take()).toBe(2);
  });
});

describe('through the host', () => {
  it('a people change is audited with who did it, when, what it was, what it became and why', async () => {
    const t = await startTestHost();
    try {
      const staff = await t.as('staff');
      const admin = await t.admin.ok('session.whoami', {});
      t.clock.advance(5 * 60_000);
      await t.admin.ok('people.setRoles', {
        id: staff.personId,
        roles: ['staff', 'instructor'],
        reason: 'teaches the laser',
      });
      const row = t.host.store.db
        .prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1')
        .get() as AuditRow;
      expect(row).toMatchObject({
        at: t.clock.now().toISOString(),
        actor_id: admin!.person.id,
        entity: 'person',
        entity_id: String(staff.personId),
        action: 'set_roles',
        reason: 'teaches the laser',
      });
      expect(JSON.parse(row.before_json!)).toEqual({ roles: ['staff'] });
      expect(JSON.parse(row.after_json!)).toEqual({ roles: ['staff', 'instructor'] });
      // And the audit list shows it to an admin in the same words.
      const [latest] = await t.admin.ok('audit.list', {
        entity: 'person',
        entityId: String(staff.personId),
        limit: 1,
      });
      expect(latest).toMatchObject({
        action: 'set_roles',
        actorId: admin!.person.id,
        reason: 'teaches the laser',
      });
    } finally {
      await t.close();
    }
  });
});
