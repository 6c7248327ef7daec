import { randomBytes } from 'node:crypto';
import { permissionsOf, type EventTopic, type Role, type SessionInfo } from '../../preload/contract/index.js';
import type { Store } from '../store/store.js';
import { DeskError } from '../shared/errors.js';
import { readSettings } from '../system/settings.js';
import { getPerson } from './people-service.js';
import { hashPassword, verifyPassword } from './password.js';

/**
 * A login. Several connections may share one (a browser tab that reloads picks it back up with the resume
 * token), so an idle lock survives a reload: reloading is not a way around the lock screen.
 */
export interface LoginSession {
  readonly token: string;
  readonly personId: number;
  roles: Role[];
  lastActivityMs: number;
  locked: boolean;
  /** Logged out (or replaced by another person's login on the same screen): every connection sharing it drops it. */
  ended: boolean;
}

/** One caller: an Electron window or a WebSocket. Transports create them; dispatch reads them. */
export interface Connection {
  readonly id: string;
  readonly kind: 'electron' | 'web';
  auth: LoginSession | null;
  push(topic: EventTopic, payload: unknown): void;
}

const MAX_FAILED_ATTEMPTS = 5;
const ACCOUNT_LOCK_MS = 5 * 60_000;

interface AccountRow {
  person_id: number;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
}

export class Sessions {
  private readonly logins = new Map<string, LoginSession>();

  constructor(private readonly store: Store) {}

  private now(): number {
    return this.store.clock.now().getTime();
  }

  private rolesOf(personId: number): Role[] {
    return getPerson(this.store, personId).roles;
  }

  info(conn: Connection): SessionInfo | null {
    const auth = conn.auth;
    if (auth === null) return null;
    const person = getPerson(this.store, auth.personId);
    return {
      person: { id: person.id, displayName: person.displayName, language: person.language },
      roles: auth.roles,
      permissions: permissionsOf(auth.roles),
      locked: auth.locked,
      lockAfterMinutes: readSettings(this.store).lockAfterMinutes,
      ...(conn.kind === 'web' ? { resumeToken: auth.token } : {}),
    };
  }

  private start(conn: Connection, personId: number): SessionInfo {
    if (conn.auth) this.end(conn.auth);
    const login: LoginSession = {
      token: randomBytes(24).toString('base64url'),
      personId,
      roles: this.rolesOf(personId),
      lastActivityMs: this.now(),
      locked: false,
      ended: false,
    };
    this.logins.set(login.token, login);
    conn.auth = login;
    return this.info(conn)!;
  }

  /** Checks a username and password; counts failures and locks the account for a while after too many. */
  private async check(username: string, password: string): Promise<number> {
    const row = this.store.db
      .prepare(
        `SELECT a.person_id, a.password_hash, a.failed_attempts, a.locked_until, p.active
         FROM accounts a JOIN persons p ON p.id = a.person_id WHERE a.username = ?`,
      )
      .get(username) as AccountRow | undefined;
    if (row === undefined) {
      // Spend the same time as a real check, so response time does not reveal which usernames exist.
      await verifyPassword(password, await hashPassword('not-a-real-account'));
      throw new DeskError('BAD_CREDENTIALS', 'That username and password do not match.');
    }
    if (row.locked_until !== null && Date.parse(row.locked_until) > this.now()) {
      throw new DeskError(
        'ACCOUNT_LOCKED',
        'Too many wrong passwords: this account is locked for a few minutes.',
        {
          until: row.locked_until,
        },
      );
    }
    const ok = await verifyPassword(password, row.password_hash);
    if (!ok) {
      const attempts = row.failed_attempts + 1;
      const lockedUntil =
        attempts >= MAX_FAILED_ATTEMPTS ? new Date(this.now() + ACCOUNT_LOCK_MS).toISOString() : null;
      this.store.write({ actor: null, reason: 'wrong password' }, (tx) => {
        tx.db
          .prepare('UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE person_id = ?')
          .run(lockedUntil ? 0 : attempts, lockedUntil, row.person_id);
        tx.audit('session', row.person_id, lockedUntil ? 'account_locked' : 'login_failed', null, {
          attempts,
        });
      });
      throw new DeskError('BAD_CREDENTIALS', 'That username and password do not match.');
    }
    if (row.active !== 1) {
      throw new DeskError(
        'NOT_AUTHORIZED',
        'This person is deactivated; an administrator can reactivate them.',
      );
    }
    if (row.failed_attempts > 0 || row.locked_until !== null) {
      this.store.write({ actor: row.person_id }, (tx) => {
        tx.db
          .prepare('UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE person_id = ?')
          .run(row.person_id);
        tx.audit('session', row.person_id, 'failures_cleared', null, null);
      });
    }
    return row.person_id;
  }

  async login(conn: Connection, username: string, password: string): Promise<SessionInfo> {
    const personId = await this.check(username, password);
    return this.start(conn, personId);
  }

  /** Logs a person in directly (first-run setup, after creating them). */
  loginAs(conn: Connection, personId: number): SessionInfo {
    return this.start(conn, personId);
  }

  resume(conn: Connection, token: string): SessionInfo | null {
    const login = this.logins.get(token);
    if (login === undefined) return null;
    conn.auth = login;
    // refresh() drops the login when the person was deactivated or lost every role meanwhile.
    this.refresh(conn);
    return (conn.auth as Connection['auth']) === null ? null : this.info(conn);
  }

  private end(login: LoginSession): void {
    this.logins.delete(login.token);
    login.ended = true;
  }

  /** Ends the login, for this connection and any other (a second tab) that picked it up with the resume token. */
  logout(conn: Connection): void {
    if (conn.auth) this.end(conn.auth);
    conn.auth = null;
  }

  lock(conn: Connection): SessionInfo {
    if (conn.auth) conn.auth.locked = true;
    return this.info(conn)!;
  }

  async unlock(conn: Connection, password: string): Promise<SessionInfo> {
    const auth = conn.auth;
    if (auth === null) throw new DeskError('NOT_AUTHENTICATED', 'Nobody is logged in.');
    const row = this.store.db
      .prepare('SELECT username FROM accounts WHERE person_id = ?')
      .get(auth.personId) as { username: string } | undefined;
    if (row === undefined) throw new DeskError('NOT_AUTHENTICATED', 'This login has no account any more.');
    await this.check(row.username, password);
    auth.locked = false;
    auth.lastActivityMs = this.now();
    return this.info(conn)!;
  }

  touch(conn: Connection): void {
    if (conn.auth && !conn.auth.locked) conn.auth.lastActivityMs = this.now();
  }

  /**
   * Brings a connection's login up to date before a call: roles as they are now (a role removed takes effect at
   * once), logged out if the login ended elsewhere or the person was deactivated, locked if idle too long. Returns true if the lock state changed.
   */
  refresh(conn: Connection): boolean {
    const auth = conn.auth;
    if (auth === null) return false;
    if (auth.ended) {
      conn.auth = null;
      return true;
    }
    const row = this.store.db.prepare('SELECT active FROM persons WHERE id = ?').get(auth.personId) as
      { active: number } | undefined;
    if (row?.active !== 1) {
      this.logout(conn);
      return true;
    }
    auth.roles = this.rolesOf(auth.personId);
    const lockAfter = readSettings(this.store).lockAfterMinutes;
    if (!auth.locked && lockAfter > 0 && this.now() - auth.lastActivityMs >= lockAfter * 60_000) {
      auth.locked = true;
      return true;
    }
    return false;
  }

  async changePassword(conn: Connection, current: string, next: string): Promise<void> {
    const auth = conn.auth;
    if (auth === null) throw new DeskError('NOT_AUTHENTICATED', 'Nobody is logged in.');
    const row = this.store.db
      .prepare('SELECT username FROM accounts WHERE person_id = ?')
      .get(auth.personId) as { username: string };
    await this.check(row.username, current);
    const hash = await hashPassword(next);
    this.store.write({ actor: auth.personId }, (tx) => {
      tx.db
        .prepare('UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE person_id = ?')
        .run(hash, tx.at, auth.personId);
      tx.audit('person', auth.personId, 'change_password', null, null);
    });
  }
}
