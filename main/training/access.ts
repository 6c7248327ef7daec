import type { Role } from '../../preload/contract/index.js';
import type { CallContext } from '../kernel/handler-types.js';
import { requireActor } from '../kernel/handler-types.js';
import { DeskError } from '../kernel/errors.js';

/** The caller as the training services see them: who, and which roles they hold right now. */
export interface Actor {
  id: number;
  roles: readonly Role[];
}

export function actorOf(ctx: CallContext): Actor {
  return { id: requireActor(ctx), roles: ctx.conn.auth?.roles ?? [] };
}

/** Roles that look after other people's training records (the shop PC, instructors, the admin). */
const CARETAKERS: readonly Role[] = ['admin', 'staff', 'instructor'];

export function isCaretaker(actor: Actor): boolean {
  return actor.roles.some((r) => CARETAKERS.includes(r));
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes('admin');
}

/**
 * Whose records a call is about: the caller when no person is named; someone else only for caretakers.
 * Trainees (and the treasurer) read their own training records and nobody else's.
 */
export function subjectOf(actor: Actor, personId: number | undefined): number {
  if (personId === undefined || personId === actor.id) return actor.id;
  if (!isCaretaker(actor)) {
    throw new DeskError('NOT_AUTHORIZED', 'You can see and change only your own training records.', {
      personId,
    });
  }
  return personId;
}

export function requireCaretaker(actor: Actor, what: string): void {
  if (!isCaretaker(actor))
    throw new DeskError('NOT_AUTHORIZED', `Only staff, instructors and admins can see ${what}.`);
}
