import type { z } from 'zod';
import type { MethodSpec, Methods } from '../../preload/contract/index.js';
import type { Connection } from './connection.js';

export interface CallContext {
  conn: Connection;
  /** The logged-in person, or null on public methods called before login. */
  actorId: number | null;
}

export type HandlerOf<S extends MethodSpec> = (
  input: z.output<S['input']>,
  ctx: CallContext,
) => z.input<S['output']> | Promise<z.input<S['output']>>;

/** Handlers for a group of methods: a missing or misspelled handler is a compile error. */
export type HandlersFor<T extends Record<string, MethodSpec>> = { [K in keyof T]: HandlerOf<T[K]> };

export type Handlers = HandlersFor<Methods>;

export function requireActor(ctx: CallContext): number {
  if (ctx.actorId === null) throw new Error('handler needs a logged-in actor but the method is public');
  return ctx.actorId;
}
