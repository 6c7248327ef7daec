/**
 * What other areas may use from jobs: the dispatcher of a host (to start or follow jobs), machine hourly rates
 * (production costs machine time with the same rates the quotes use), and whether a machine is down (rule L2).
 */
export { jobDispatcherOf } from './handlers.js';
export { hourlyCentsOf, listTiers, getTier } from './catalog.js';
export { isDown } from './maintenance.js';
export { requestJob, transitionJob } from './requests.js';
export type { Actor } from './rows.js';
