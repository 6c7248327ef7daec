/**
 * What other areas use from training. Every door that lets a person use a machine — commanding it, starting a job,
 * a manual session, a booking — asks the one `trainingGate` (rule L1, with the staff override), and calls
 * `recordMachineUse` inside its own write when the use happens (renew-on-use, lapse-after-unused); screens that
 * only show the answer call the pure `authorize` or `explainAuthorization`.
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
  trainingGate,
  type GatePurpose,
  type TrainingGateRequest,
  describeMissing,
  explainAuthorization,
  type Explained,
  type MissingTraining,
} from './authorize-service.js';
