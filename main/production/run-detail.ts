import type { Machine } from '../../preload/contract/methods/machines.js';
import type { RunDetail } from '../../preload/contract/methods/production.js';
import { hourlyCentsOf } from '../jobs/index.js';
import type { Db } from '../store/store.js';
import { machineCentsForSeconds, plannedCost, realCost } from './costing.js';
import { listDistributions } from './distribution-rows.js';
import { getRecipe } from './recipes.js';
import { runRow, runSummary } from './run-rows.js';
import { policyOf } from './tier-policy.js';
import { lotOnHand, runLotId } from './stock.js';

/** A run as its page shows it: entries, planned vs real cost side by side, tier policy, distributions. */

/** Machine time of the run's linked jobs: each finished usage session at its machine's hourly rate, half-up. */
function machineCents(db: Db, runId: number): number {
  const runs = db
    .prepare(
      `SELECT jr.duration_s, m.id, m.kind FROM production_run_jobs rj JOIN job_runs jr ON jr.job_id = rj.job_id
       JOIN machines m ON m.id = jr.machine_id WHERE rj.run_id = ? AND jr.duration_s IS NOT NULL`,
    )
    .all(runId) as { duration_s: number; id: number; kind: Machine['kind'] }[];
  return runs.reduce((total, r) => total + machineCentsForSeconds(r.duration_s, hourlyCentsOf(db, r)), 0);
}

/** What the run's own lot holds: the only stock a run's distribution draws on. */
export function runShelf(db: Db, runId: number): number {
  const lot = runLotId(db, runId);
  return lot === null ? 0 : lotOnHand(db, lot);
}

export function runDetail(db: Db, id: number): RunDetail {
  const row = runRow(db, id);
  const run = runSummary(db, id);
  const recipe = getRecipe(db, row.recipe_id);
  const materials = (
    db.prepare('SELECT * FROM production_materials WHERE run_id = ? ORDER BY id').all(id) as {
      id: number;
      name: string;
      quantity: number;
      unit: string;
      cost_cents: number;
      source: 'purchased' | 'donated';
      at: string;
    }[]
  ).map((m) => ({
    id: m.id,
    name: m.name,
    quantity: m.quantity,
    unit: m.unit,
    costCents: m.cost_cents,
    source: m.source,
    at: m.at,
  }));
  const labour = (
    db.prepare('SELECT * FROM production_labour WHERE run_id = ? ORDER BY id').all(id) as {
      id: number;
      person_id: number | null;
      name: string;
      kind: 'paid' | 'member' | 'volunteer';
      minutes: number;
      rate_cents: number;
      cost_cents: number;
      at: string;
    }[]
  ).map((l) => ({
    id: l.id,
    personId: l.person_id,
    name: l.name,
    kind: l.kind,
    minutes: l.minutes,
    rateCents: l.rate_cents,
    costCents: l.cost_cents,
    at: l.at,
  }));
  const qc = (
    db
      .prepare(
        `SELECT q.*, p.display_name AS by_name FROM production_qc q LEFT JOIN persons p ON p.id = q.by_id
         WHERE q.run_id = ? ORDER BY q.id`,
      )
      .all(id) as {
      id: number;
      check_kind: 'visual' | 'fit' | 'sanitation' | 'other';
      passed: number;
      failed: number;
      notes: string | null;
      by_name: string | null;
      at: string;
    }[]
  ).map((q) => ({
    id: q.id,
    check: q.check_kind,
    passed: q.passed,
    failed: q.failed,
    notes: q.notes,
    byName: q.by_name,
    at: q.at,
  }));
  const extensions = db
    .prepare(
      `SELECT e.id, e.extra_qty AS extraQty, e.reason, p.display_name AS byName, e.at FROM production_run_extensions e
       LEFT JOIN persons p ON p.id = e.by_id WHERE e.run_id = ? ORDER BY e.id`,
    )
    .all(id) as RunDetail['extensions'];
  const jobs = db
    .prepare(
      `SELECT j.id, j.number, j.title, j.status FROM production_run_jobs rj JOIN jobs j ON j.id = rj.job_id
       WHERE rj.run_id = ? ORDER BY j.number`,
    )
    .all(id) as { id: number; number: number; title: string; status: string }[];
  const costs = {
    materialsPerUnit: recipe.materials.reduce((s, m) => s + m.centsPerUnit, 0),
    labourMinutes: recipe.labourMinutes,
    labourRateCents: recipe.labourRateCents,
    machineMinutes: recipe.machineMinutes,
    machineRateCents: recipe.machineRateCents,
    overheadCents: recipe.overheadCents,
  };
  const labourTotal = labour.reduce((s, l) => s + l.costCents, 0);
  const real = realCost({
    materialsCents: materials.reduce((s, m) => s + m.costCents, 0),
    labourCents: labourTotal,
    machineCents: machineCents(db, id),
    overheadCents: recipe.overheadCents * row.planned_qty,
    goodQty: run.goodQty,
  });
  const cashCents =
    materials.filter((m) => m.source === 'purchased').reduce((s, m) => s + m.costCents, 0) +
    labour.filter((l) => l.kind !== 'volunteer').reduce((s, l) => s + l.costCents, 0);
  return {
    run,
    recipe,
    notes: row.notes,
    materials,
    labour,
    qc,
    extensions,
    jobs,
    planned: plannedCost(costs, row.planned_qty),
    real,
    cashCents,
    policy: policyOf(db, id),
    distributions: listDistributions(db, id),
    available: Math.max(0, Math.min(run.goodQty - run.distributedQty, runShelf(db, id))),
  };
}
