import { ZodError } from 'zod';
import {
  isMethodName,
  methods,
  rolesGrant,
  type DeskErrorPayload,
  type Result,
} from '../../preload/contract/index.js';
import type { Connection } from '../kernel/connection.js';
import type { Sessions } from '../people/sessions.js';
import { systemClock, type Clock } from '../kernel/clock.js';
import { DeskError } from '../kernel/errors.js';
import type { Handlers } from '../kernel/handler-types.js';
import type { Logger } from '../kernel/logger.js';

export interface DispatchDeps {
  handlers: Handlers;
  sessions: Sessions;
  log: Logger;
  /** The host's clock: every answer carries its time, so screens share main's "now". */
  clock?: Clock;
}

const fail = (error: DeskErrorPayload): Result<never> => ({ ok: false, error });

function issuesOf(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
}

/** SQLite constraint failures that slip past a service's own checks still reach the user as sentences. */
function fromSqlite(error: unknown): DeskErrorPayload | null {
  if (!(error instanceof Error) || (error as { code?: unknown }).code === undefined) return null;
  const code = String((error as { code?: unknown }).code);
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'CONFLICT', message: `That change breaks a rule of the records: ${error.message}` };
  }
  if (code === 'SQLITE_BUSY') {
    return { code: 'CONFLICT', message: 'The records are busy; try again in a moment.' };
  }
  return null;
}

/**
 * The one door into main. Order matters: an unknown method or a caller without the permission learns nothing
 * about the payload's shape; only then is the input parsed, and only a parsed input reaches a handler.
 * The handler's answer is checked against the output schema too, so the renderer never draws a malformed value.
 */
export async function dispatch(
  deps: DispatchDeps,
  conn: Connection,
  method: unknown,
  input: unknown,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    // The renderer only calls contract methods, so an unknown name is a crafted message or a stale client: worth a line.
    const name = JSON.stringify(String(method)).slice(0, 80);
    deps.log.warn(
      `refused unknown method ${name} (${conn.auth === null ? 'not logged in' : `person ${conn.auth.personId}`})`,
    );
    return fail({ code: 'UNKNOWN_METHOD', message: `There is no method called ${name}.` });
  }
  const spec = methods[method];
  let actorId: number | null = null;
  try {
    deps.sessions.refresh(conn);
  } catch (error) {
    deps.log.error('session refresh failed', error);
    return fail({ code: 'INTERNAL', message: 'Something went wrong checking your login.' });
  }
  const auth = conn.auth;
  if (spec.permission !== 'public') {
    if (auth === null) return fail({ code: 'NOT_AUTHENTICATED', message: 'Log in first.' });
    if (auth.locked && spec.whileLocked !== true) {
      return fail({ code: 'SESSION_LOCKED', message: 'The screen is locked: unlock it with your password.' });
    }
    if (!rolesGrant(auth.roles, spec.permission)) {
      deps.log.warn(
        `refused ${method} for person ${auth.personId} (roles ${auth.roles.join(',') || 'none'}): needs ${spec.permission}`,
      );
      return fail({
        code: 'NOT_AUTHORIZED',
        message: `Your roles do not allow this (it needs ${spec.permission}).`,
        details: { permission: spec.permission },
      });
    }
  }
  if (auth !== null && !auth.locked) actorId = auth.personId;

  const parsed = spec.input.safeParse(input);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    return fail({
      code: 'INVALID_INPUT',
      message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      issues,
    });
  }
  try {
    const handler = deps.handlers[method] as (
      input: unknown,
      ctx: { conn: Connection; actorId: number | null },
    ) => unknown;
    const value = await handler(parsed.data, { conn, actorId });
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      deps.log.error(`${method} returned a value that fails its output schema`, checked.error);
      return fail({
        code: 'INTERNAL',
        message: 'Something went wrong preparing the answer; it has been logged.',
      });
    }
    return { ok: true, value: checked.data, at: (deps.clock ?? systemClock).now().toISOString() };
  } catch (error) {
    if (error instanceof DeskError) {
      return fail({
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      });
    }
    if (error instanceof ZodError) {
      const issues = issuesOf(error);
      return fail({
        code: 'INVALID_INPUT',
        message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
        issues,
      });
    }
    const sqlite = fromSqlite(error);
    if (sqlite) return fail(sqlite);
    deps.log.error(`${method} failed`, error);
    return fail({
      code: 'INTERNAL',
      message: 'Something went wrong; it has been logged. Nothing was changed.',
    });
  }
}
