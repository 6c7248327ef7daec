import type { ErrorCode } from '../../preload/contract/errors.js';
import type { RefusalKey, RefusalParams } from '../../preload/contract/refusals.js';

/**
 * An expected failure with a code the renderer can translate and a sentence a person can act on.
 * Services throw it; dispatch turns it into `{ ok: false, error }`. Anything else thrown is a bug (INTERNAL).
 */
export class DeskError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  /**
   * `refusal`: a message key and its parameters, carried to the renderer in `details.refusal` so the person reads
   * it in their language (preload/contract/refusals.ts); `message` stays main's English for logs and exports.
   */
  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    refusal?: { key: RefusalKey; params?: RefusalParams },
  ) {
    super(message);
    this.name = 'DeskError';
    this.code = code;
    this.details =
      refusal === undefined
        ? details
        : { ...details, refusal: { key: refusal.key, params: refusal.params ?? {} } };
  }
}

export const notFound = (what: string, id: string | number): DeskError =>
  new DeskError('NOT_FOUND', `${what} ${String(id)} does not exist.`, { what, id });

export const conflict = (message: string, details?: Record<string, unknown>): DeskError =>
  new DeskError('CONFLICT', message, details);

export const ruleViolation = (message: string, details?: Record<string, unknown>): DeskError =>
  new DeskError('RULE_VIOLATION', message, details);
