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
