import { listTiers } from '../jobs/index.js';
import type { Db } from '../store/store.js';

/** The tier policy of a run: every active tier, free and uncapped unless the run says otherwise. */
export function policyOf(db: Db, runId: number) {
  const rows = db
    .prepare('SELECT tier_id, price_bp, cap FROM production_tier_policies WHERE run_id = ?')
    .all(runId) as {
    tier_id: number;
    price_bp: number;
    cap: number | null;
  }[];
  return listTiers(db)
    .filter((t) => t.active || rows.some((r) => r.tier_id === t.id))
    .map((t) => {
      const p = rows.find((r) => r.tier_id === t.id);
      return { tierId: t.id, tierName: t.name, rank: t.rank, priceBp: p?.price_bp ?? 0, cap: p?.cap ?? null };
    });
}
