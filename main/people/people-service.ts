import type { Person, Role } from '../../preload/contract/index.js';
import type { Store, WriteTx } from '../store/store.js';
import { DeskError, conflict, notFound, ruleViolation } from '../kernel/errors.js';
import type { Passwords } from './password.js';

interface PersonRow {
  id: number;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: 'en' | 'es';
  active: number;
  created_at: string;
  username: string | null;
  roles: string | null;
}

const SELECT_PERSON = `
  SELECT p.id, p.display_name, p.email, p.phone, p.language, p.active, p.created_at, a.username,
         (SELECT group_concat(role) FROM person_roles r WHERE r.person_id = p.id) AS roles
  FROM persons p LEFT JOIN accounts a ON a.person_id = p.id`;

const ROLE_ORDER: readonly Role[] = ['admin', 'staff', 'instructor', 'trainee', 'treasurer'];

function toPerson(row: PersonRow): Person {
  const held = (row.roles ?? '')
    .split(',')
    .filter((r): r is Role => (ROLE_ORDER as readonly string[]).includes(r));
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    language: row.language,
    active: row.active === 1,
    roles: ROLE_ORDER.filter((r) => held.includes(r)),
    username: row.username,
    createdAt: row.created_at,
  };
}

export function getPerson(store: Pick<Store, 'db'>, id: number): Person {
  const row = store.db.prepare(`${SELECT_PERSON} WHERE p.id = ?`).get(id) as PersonRow | undefined;
  if (row === undefined) throw notFound('Person', id);
  return toPerson(row);
}

export function listPeople(store: Store, includeInactive: boolean): Person[] {
  const rows = store.db
    .prepare(
      `${SELECT_PERSON} ${includeInactive ? '' : 'WHERE p.active = 1'} ORDER BY p.display_name COLLATE NOCASE, p.id`,
    )
    .all() as PersonRow[];
  return rows.map(toPerson);
}

export function countAccounts(store: Store): number {
  return (store.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
}

function activeAdmins(tx: WriteTx): number[] {
  return (
    tx.db
      .prepare(
        `SELECT p.id FROM persons p JOIN person_roles r ON r.person_id = p.id AND r.role = 'admin'
         JOIN accounts a ON a.person_id = p.id WHERE p.active = 1`,
      )
      .all() as { id: number }[]
  ).map((r) => r.id);
}

function assertUsernameFree(tx: WriteTx, username: string, exceptPerson?: number): void {
  const taken = tx.db.prepare('SELECT person_id FROM accounts WHERE username = ?').get(username) as
    { person_id: number } | undefined;
  if (taken !== undefined && taken.person_id !== exceptPerson) {
    throw conflict(`The username "${username}" is already taken.`, { field: 'username' });
  }
}

export interface NewPerson {
  displayName: string;
  email?: string | undefined;
  phone?: string | undefined;
  language: 'en' | 'es';
  roles: Role[];
  /** Pre-hashed: hashing is async and must happen before the write transaction starts. */
  login?: { username: string; passwordHash: string } | undefined;
}

/** Inserts a person (and account and roles) inside an existing write. */
export function insertPerson(tx: WriteTx, input: NewPerson): Person {
  if (input.login) assertUsernameFree(tx, input.login.username);
  const { lastInsertRowid } = tx.db
    .prepare(
      'INSERT INTO persons (display_name, email, phone, language, active, created_at) VALUES (?, ?, ?, ?, 1, ?)',
    )
    .run(input.displayName, input.email || null, input.phone || null, input.language, tx.at);
  const id = Number(lastInsertRowid);
  if (input.login) {
    tx.db
      .prepare(
        'INSERT INTO accounts (person_id, username, password_hash, password_changed_at) VALUES (?, ?, ?, ?)',
      )
      .run(id, input.login.username, input.login.passwordHash, tx.at);
  }
  const addRole = tx.db.prepare(
    'INSERT INTO person_roles (person_id, role, granted_at, granted_by) VALUES (?, ?, ?, ?)',
  );
  for (const role of new Set(input.roles)) addRole.run(id, role, tx.at, tx.actor);
  const person = getPerson(tx, id);
  tx.audit('person', id, 'create', null, person);
  return person;
}

export async function createPerson(
  store: Store,
  passwords: Passwords,
  actor: number | null,
  input: Omit<NewPerson, 'login'> & {
    login?: { username: string; password: string } | undefined;
  },
): Promise<Person> {
  const login = input.login
    ? { username: input.login.username, passwordHash: await passwords.hash(input.login.password) }
    : undefined;
  return store.write({ actor }, (tx) => insertPerson(tx, { ...input, login }));
}

export function updatePerson(
  store: Store,
  actor: number,
  input: {
    id: number;
    displayName?: string | undefined;
    email?: string | undefined;
    phone?: string | undefined;
    language?: 'en' | 'es' | undefined;
  },
): Person {
  return store.write({ actor }, (tx) => {
    const before = getPerson(tx, input.id);
    tx.db
      .prepare(
        `UPDATE persons SET display_name = coalesce(?, display_name), email = CASE WHEN ? THEN ? ELSE email END,
         phone = CASE WHEN ? THEN ? ELSE phone END, language = coalesce(?, language) WHERE id = ?`,
      )
      .run(
        input.displayName ?? null,
        input.email === undefined ? 0 : 1,
        input.email || null,
        input.phone === undefined ? 0 : 1,
        input.phone || null,
        input.language ?? null,
        input.id,
      );
    const after = getPerson(tx, input.id);
    tx.audit('person', input.id, 'update', before, after);
    return after;
  });
}

export function setRoles(store: Store, actor: number, id: number, roles: Role[], reason?: string): Person {
  return store.write({ actor, reason }, (tx) => {
    const before = getPerson(tx, id);
    if (before.roles.includes('admin') && !roles.includes('admin') && before.active) {
      const admins = activeAdmins(tx);
      if (admins.length <= 1 && admins.includes(id)) {
        throw ruleViolation('This is the last active administrator: give someone else the admin role first.');
      }
    }
    tx.db
      .prepare(
        'DELETE FROM person_roles WHERE person_id = ? AND role NOT IN (SELECT value FROM json_each(?))',
      )
      .run(id, JSON.stringify(roles));
    const add = tx.db.prepare(
      'INSERT OR IGNORE INTO person_roles (person_id, role, granted_at, granted_by) VALUES (?, ?, ?, ?)',
    );
    for (const role of new Set(roles)) add.run(id, role, tx.at, actor);
    const after = getPerson(tx, id);
    tx.audit('person', id, 'set_roles', { roles: before.roles }, { roles: after.roles });
    return after;
  });
}

export async function setLogin(
  store: Store,
  passwords: Passwords,
  actor: number,
  id: number,
  username: string,
  password: string,
): Promise<Person> {
  const passwordHash = await passwords.hash(password);
  return store.write({ actor }, (tx) => {
    const before = getPerson(tx, id);
    assertUsernameFree(tx, username, id);
    tx.db
      .prepare(
        `INSERT INTO accounts (person_id, username, password_hash, password_changed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET username = excluded.username, password_hash = excluded.password_hash,
           password_changed_at = excluded.password_changed_at, failed_attempts = 0, locked_until = NULL`,
      )
      .run(id, username, passwordHash, tx.at);
    const after = getPerson(tx, id);
    // The hash itself never goes into the audit trail.
    tx.audit(
      'person',
      id,
      before.username === null ? 'create_login' : 'reset_password',
      { username: before.username },
      { username },
    );
    return after;
  });
}

export function setActive(store: Store, actor: number, id: number, active: boolean, reason: string): Person {
  return store.write({ actor, reason }, (tx) => {
    const before = getPerson(tx, id);
    if (before.active === active) return before;
    if (!active) {
      if (id === actor) throw ruleViolation('You cannot deactivate yourself.');
      const admins = activeAdmins(tx);
      if (admins.length <= 1 && admins.includes(id)) {
        throw ruleViolation('This is the last active administrator and cannot be deactivated.');
      }
    }
    tx.db.prepare('UPDATE persons SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
    const after = getPerson(tx, id);
    tx.audit('person', id, active ? 'reactivate' : 'deactivate', { active: before.active }, { active });
    return after;
  });
}

export function roleCounts(store: Store): Record<Role, number> {
  const counts = Object.fromEntries(ROLE_ORDER.map((r) => [r, 0])) as Record<Role, number>;
  const rows = store.db
    .prepare(
      'SELECT r.role, count(*) AS n FROM person_roles r JOIN persons p ON p.id = r.person_id WHERE p.active = 1 GROUP BY r.role',
    )
    .all() as { role: Role; n: number }[];
  for (const row of rows) counts[row.role] = row.n;
  return counts;
}

export function assertPersonExists(store: Pick<Store, 'db'>, id: number): void {
  const row = store.db.prepare('SELECT 1 FROM persons WHERE id = ?').get(id);
  if (row === undefined)
    throw new DeskError('NOT_FOUND', `Person ${id} does not exist.`, { what: 'Person', id });
}
