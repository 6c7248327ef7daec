import type { Db } from '../../store/store.js';
import { col, type ReportParams, type ReportTable } from '../report-table.js';
import { campaignSummary } from '../campaign.js';

/** The campaign and its tranches, computed from the books. */
export function campaign(db: Db, _p: ReportParams): ReportTable {
  const c = campaignSummary(db);
  return {
    kind: 'campaign',
    title: c?.name ?? 'Campaign',
    subtitle: 'Computed from the books',
    columns: [
      col('tranche', 'Tranche'),
      col('goal', 'Goal', 'money'),
      col('raised', 'Raised', 'money'),
      col('count', 'Count', 'number'),
      col('countTarget', 'Count target', 'number'),
    ],
    rows: (c?.tranches ?? []).map((t) => ({
      tranche: t.name,
      goal: t.goalCents,
      raised: t.raisedCents,
      count: t.count,
      countTarget: t.countTarget,
    })),
    totals: c === null ? null : { goal: c.goalCents, raised: c.raisedCents },
  };
}
