/**
 * What other areas use from training. The jobs area asks `checkAuthorization` before a job starts (rule L1) and
 * calls `recordMachineUse` inside its own write when one does (renew-on-use, lapse-after-unused); anything that
 * already holds the facts can call the pure `authorize` directly.
 */
export {
  authorize,
  refusalReasons,
  type AuthorizeFacts,
  type AuthorizeMachine,
  type Decision,
  type RefusalReason,
} from './authorize.js';
export { checkAuthorization, loadFacts, type AuthorizeDeps } from './authorize-service.js';
export { recordMachineUse } from './grants-service.js';
export { lookupMachine } from './machine-lookup.js';
export { mayOverride, notOverridable } from './authorize.js';
export {
  authorizeOrOverride,
  describeMissing,
  explainAuthorization,
  type Explained,
  type MissingTraining,
} from './authorize-service.js';
