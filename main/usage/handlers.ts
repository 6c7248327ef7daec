import type { usageMethods } from '../../preload/contract/methods/usage.js';
import type { HostContext } from '../kernel/context.js';
import type { HandlersFor } from '../kernel/handler-types.js';
import { usageReport } from './report.js';

/** Usage and impact reports: read-only sums over the records of jobs, training, production and maintenance. */
export function usageHandlers(ctx: HostContext): HandlersFor<typeof usageMethods> {
  return {
    'usage.report': ({ from, to }) => usageReport(ctx.store.db, from, to),
  };
}
