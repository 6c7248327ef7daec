import { randomBytes } from 'node:crypto';
import { permissionsOf, type Role, type SessionInfo } from '../../preload/contract/index.js';
import type { Connection, LoginSession } from '../kernel/connection.js';
import type { Store } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import { readSettings } from '../system/settings.js';
import { getPerson } from './people-service.js';
import { Passwords, paramsOf } from './password.js';
import { KeyedSerializer } from './serializer.js';

/** Wrong passwords in a row that lock the account; the attempt that reaches it locks it before it is checked. */
export const MAX_FAILED_ATTEMPTS = 5;
export const ACCOUNT_LOCK_MS = 5 * 60_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface AccountRow {
  person_id: number;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
}

/** What a password is being checked for: names the audit row of a right one. */
type Purpose = 'login' | 'unlock' | 'change_password';

const badCredentials = () => new DeskError('BAD_CREDENTIALS', 'That username and password do not match.');

export interface SessionsOptions {
  /** The host's password hashing (tests pass one with cheaper parameters); production parameters by default. */
  passwords?: Passwords;
}

export class Sessions {
  private readonly logins = new Map<string, LoginSession>();
  readonly passwords: Passwords;
  /** Password checks, one at a time per account and per connection. */
  private readonly attempts = new KeyedSerializer();

  constructor(
    private readonly store: Store,
    options: SessionsOptions = {},
  ) {
    this.passwords = options.passwords ?? new Passwords();
  }

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
    this.forgetExpired();
    const now = this.now();
    const login: LoginSession = {
      token: randomBytes(24).toString('base64url'),
      personId,
      roles: this.rolesOf(personId),
      lastActivityMs: now,
      startedMs: now,
      lastSeenMs: now,
      locked: false,
      ended: false,
    };
    this.logins.set(login.token, login);
    conn.auth = login;
    return this.info(conn)!;
  }

  /**
   * Checks a password, one check at a time per account (whatever username spelling) and per connection, so a
   * burst of guesses from several screens is counted one by one and the lock holds against all of them.
   */
  private check(conn: Connection, username: string, password: string, purpose: Purpose): Promise<number> {
    const account = `account:${username.trim().toLowerCase()}`;
    return this.attempts.run([account, `conn:${conn.id}`], () => this.checkNow(username, password, purpose));
  }

  /**
   * The failure count goes up in the same write transaction that reads it, before the password is checked, and
   * the attempt that reaches the limit locks the account right then; a right password puts both back. So
   * attempts in flight can never all see a stale count, and a crash during the check still leaves it counted.
   * An unknown username costs exactly what a known one does: one derivation (against a dummy hash with the
   * current parameters) between two audited writes.
   */
  private async checkNow(username: string, password: string, purpose: Purpose): Promise<number> {
    const begun = this.store.write({ actor: null, reason: 'password check' }, (tx) => {
      const row = tx.db
        .prepare(
          `SELECT a.person_id, a.password_hash, a.failed_attempts, a.locked_until, p.active
           FROM accounts a JOIN persons p ON p.id = a.person_id WHERE a.username = ?`,
        )
        .get(username) as AccountRow | undefined;
      if (row === undefined) {
        tx.audit('session', 'unknown-username', 'password_attempt', null, { for: purpose });
        return null;
      }
      const now = Date.parse(tx.at);
      const lockedUntil = row.locked_until === null ? null : Date.parse(row.locked_until);
      if (lockedUntil !== null && lockedUntil > now) {
        throw new DeskError(
          'ACCOUNT_LOCKED',
          'Too many wrong passwords: this account is locked for a few minutes.',
          { until: row.locked_until },
        );
      }
      // A lock that has run out starts the count again.
      const attempts = (lockedUntil === null ? row.failed_attempts : 0) + 1;
      const locks = attempts >= MAX_FAILED_ATTEMPTS ? new Date(now + ACCOUNT_LOCK_MS).toISOString() : null;
      tx.db
        .prepare('UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE person_id = ?')
        .run(attempts, locks, row.person_id);
      tx.audit('session', row.person_id, 'password_attempt', null, { for: purpose, attempts });
      return { row, attempts, locks };
    });

    if (begun === null) {
      await this.passwords.verifyUnknown(password);
      this.store.write({ actor: null, reason: 'unknown username' }, (tx) =>
        tx.audit('session', 'unknown-username', 'login_failed', null, { for: purpose }),
      );
      throw badCredentials();
    }

    const { row, attempts, locks } = begun;
    if (!(await this.passwords.verify(password, row.password_hash))) {
      this.store.write({ actor: null, reason: 'wrong password' }, (tx) =>
        tx.audit(
          'session',
          row.person_id,
          locks === null ? 'login_failed' : 'account_locked',
          null,
          locks === null ? { attempts } : { attempts, until: locks },
        ),
      );
      throw badCredentials();
    }

    const active = row.active === 1;
    // The password is right: a hash made with older parameters is replaced now, while the password is at hand.
    const rehash =
      active && this.passwords.needsRehash(row.password_hash) ? await this.passwords.hash(password) : null;
    this.store.write({ actor: row.person_id }, (tx) => {
      tx.db
        .prepare('UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE person_id = ?')
        .run(row.person_id);
      // Only if nobody set a new password meanwhile.
      const rehashed =
        rehash !== null &&
        tx.db
          .prepare('UPDATE accounts SET password_hash = ? WHERE person_id = ? AND password_hash = ?')
          .run(rehash, row.person_id, row.password_hash).changes === 1;
      tx.audit(
        'session',
        row.person_id,
        active ? purpose : 'login_refused_deactivated',
        null,
        rehashed ? { rehashed: { from: paramsOf(row.password_hash), to: this.passwords.params } } : null,
      );
    });
    if (!active) {
      throw new DeskError(
        'NOT_AUTHORIZED',
        'This person is deactivated; an administrator can reactivate them.',
      );
    }
    return row.person_id;
  }

  async login(conn: Connection, username: string, password: string): Promise<SessionInfo> {
    const personId = await this.check(conn, username, password, 'login');
    return this.start(conn, personId);
  }

  /** Logs a person in directly (first-run setup, after creating them). */
  loginAs(conn: Connection, personId: number): SessionInfo {
    return this.start(conn, personId);
  }

  /** Why a login's resume token no longer opens it, or null while it still does. */
  private expiry(
    login: LoginSession,
    { resumeIdleMinutes, resumeLifetimeHours } = readSettings(this.store),
    now = this.now(),
  ): { message: string; details: Record<string, unknown> } | null {
    if (now - login.startedMs >= resumeLifetimeHours * HOUR) {
      return {
        message: `This login is more than ${resumeLifetimeHours} hours old and cannot be picked up again: log in with your password.`,
        details: { expired: 'lifetime', hours: resumeLifetimeHours },
      };
    }
    if (now - login.lastSeenMs >= resumeIdleMinutes * MINUTE) {
      return {
        message: `This login went unused for ${resumeIdleMinutes} minutes and cannot be picked up again: log in with your password.`,
        details: { expired: 'idle', minutes: resumeIdleMinutes },
      };
    }
    return null;
  }

  /**
   * Drops the resume tokens that have expired. Their logins stay on the screens that still hold them (they are
   * connected, and the idle lock guards them), but no new connection can pick them up.
   */
  private forgetExpired(): void {
    const settings = readSettings(this.store);
    const now = this.now();
    for (const [token, login] of this.logins) {
      if (this.expiry(login, settings, now) !== null) this.logins.delete(token);
    }
  }

  /**
   * Picks a login back up with its resume token. null for a token that opens nothing (never issued, logged
   * out); a token that has expired (idle or too old, see settings) is refused with why and forgotten.
   */
  resume(conn: Connection, token: string): SessionInfo | null {
    const login = this.logins.get(token);
    if (login === undefined) return null;
    const expired = this.expiry(login);
    if (expired !== null) {
      this.logins.delete(token);
      throw new DeskError('NOT_AUTHENTICATED', expired.message, expired.details);
    }
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
    await this.check(conn, row.username, password, 'unlock');
    auth.locked = false;
    auth.lastActivityMs = this.now();
    return this.info(conn)!;
  }

  touch(conn: Connection): void {
    if (conn.auth && !conn.auth.locked) conn.auth.lastActivityMs = this.now();
  }

  /**
   * Brings a connection's login up to date before a call: roles as they are now (a role removed takes effect at
   * once), logged out if the login ended elsewhere or the person was deactivated, locked if idle too long; and
   * seen now, which keeps its resume token alive (the sweep refreshes every connection, so a screen that is open
   * keeps it alive without a click). Returns true if the lock state changed.
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
    auth.lastSeenMs = this.now();
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
    await this.check(conn, row.username, current, 'change_password');
    const hash = await this.passwords.hash(next);
    this.store.write({ actor: auth.personId }, (tx) => {
      tx.db
        .prepare('UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE person_id = ?')
        .run(hash, tx.at, auth.personId);
      tx.audit('person', auth.personId, 'change_password', null, null);
    });
  }
}
