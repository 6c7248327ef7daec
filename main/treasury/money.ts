import { DeskError } from '../kernel/errors.js';
import { MAX_AMOUNT_CENTS as MAX } from '../../preload/contract/methods/treasury-money.js';

/**
 * The money core lives in the contract (pure, import-free) so that the renderer's preview and main's booking use
 * one parser; main code imports it from here.
 */
export {
  parseAmount,
  formatCents,
  plainCents,
  MAX_AMOUNT_CENTS,
  type AmountParse,
} from '../../preload/contract/methods/treasury-money.js';

/**
 * The services' own check on an amount (the contract already parses typed amounts): whole cents, not negative,
 * zero only where it makes sense, and at most the largest amount the parser accepts. Refused in words.
 */
export function assertCents(cents: number, what: string, options: { zero?: boolean } = {}): void {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX || (cents === 0 && options.zero !== true)) {
    throw new DeskError(
      'INVALID_INPUT',
      `${what} must be ${options.zero === true ? 'zero or more' : 'more than zero'}, in whole cents.`,
      { field: what },
    );
  }
}
