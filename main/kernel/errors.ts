import type { ErrorCode } from '../../preload/contract/errors.js';

/**
 * An expected failure with a code the renderer can translate and a sentence a person can act on.
 * Services throw it; dispatch turns it into `{ ok: false, error }`. Anything else thrown is a bug (INTERNAL).
 */
export class DeskError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DeskError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, id: string | number): DeskError =>
  new DeskError('NOT_FOUND', `${what} ${String(id)} does not exist.`, { what, id });

export const conflict = (message: string, details?: Record<string, unknown>): DeskError =>
  new DeskError('CONFLICT', message, details);

export const ruleViolation = (message: string, details?: Record<string, unknown>): DeskError =>
  new DeskError('RULE_VIOLATION', message, details);
