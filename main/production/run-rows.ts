import type { RunSummary } from '../../preload/contract/methods/production.js';
import type { Db } from '../store/store.js';
import { notFound } from '../kernel/errors.js';
import { getRecipe } from './recipes.js';

/**
 * A production run's row and its counts (made, checked, passed, distributed): read by the run's rules (runs.ts)
 * and by its detail (run-detail.ts), kept apart so neither imports the other in a circle.
 */

export interface RunRow {
  id: number;
  number: number;
  recipe_id: number;
  title: string;
  planned_qty: number;
  status: 'open' | 'completed';
  started_on: string;
  completed_on: string | null;
  notes: string;
}

export function runRow(db: Db, id: number): RunRow {
  const row = db.prepare('SELECT * FROM production_runs WHERE id = ?').get(id) as RunRow | undefined;
  if (row === undefined) throw notFound('Production run', id);
  return row;
}

const sum = (db: Db, sql: string, id: number): number =>
  (db.prepare(sql).get(id) as { n: number | null }).n ?? 0;

export const qcPassed = (db: Db, runId: number) =>
  sum(db, 'SELECT sum(passed) AS n FROM production_qc WHERE run_id = ?', runId);
export const distributed = (db: Db, runId: number) =>
  sum(db, 'SELECT sum(quantity) AS n FROM production_distributions WHERE run_id = ?', runId);
export const madeQty = (db: Db, runId: number) =>
  sum(db, 'SELECT sum(quantity) AS n FROM production_made WHERE run_id = ?', runId);
export const extraQty = (db: Db, runId: number) =>
  sum(db, 'SELECT sum(extra_qty) AS n FROM production_run_extensions WHERE run_id = ?', runId);
export const checkedQty = (db: Db, runId: number) =>
  sum(db, 'SELECT sum(passed + failed) AS n FROM production_qc WHERE run_id = ?', runId);

export function runSummary(db: Db, id: number): RunSummary {
  const row = runRow(db, id);
  const recipe = getRecipe(db, row.recipe_id);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    recipeId: recipe.id,
    recipeCode: recipe.code,
    recipeVersion: recipe.version,
    productId: recipe.productId,
    productName: recipe.productName,
    status: row.status,
    plannedQty: row.planned_qty,
    extraQty: extraQty(db, id),
    madeQty: madeQty(db, id),
    goodQty: qcPassed(db, id),
    rejectedQty: sum(db, 'SELECT sum(failed) AS n FROM production_qc WHERE run_id = ?', id),
    distributedQty: distributed(db, id),
    startedOn: row.started_on,
    completedOn: row.completed_on,
  };
}
