import type { z } from 'zod';
import type { Permission } from './roles.js';

/**
 * One method of the contract. Inputs are always objects (possibly empty) so that a payload of the wrong shape —
 * a string, an array, a missing field — is rejected by the schema before any handler runs.
 */
export interface MethodSpec<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  permission: Permission;
  /** What it does, for the method list and the docs. */
  summary: string;
  /** May be called while the session is idle-locked (unlock, logout, whoami). */
  whileLocked?: boolean;
}

export function method<I extends z.ZodObject, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
  permission: Permission;
  summary: string;
}

export function event<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}
