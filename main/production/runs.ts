import type { RunSummary } from '../../preload/contract/methods/production.js';
import { listTiers } from '../jobs/index.js';
import type { Db, Store } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { labourCents, VOLUNTEER_SHADOW_CENTS_PER_HOUR } from './costing.js';
import { policyOf } from './tier-policy.js';
import { getRecipe } from './recipes.js';
import { moveStock, runLot } from './stock.js';
import { fixLotCost } from './inventory.js';
import { runDetail } from './run-detail.js';
import { checkedQty, extraQty, madeQty, runRow, runSummary, type RunRow } from './run-rows.js';

export { distributed, extraQty, madeQty, qcPassed, runRow, runSummary } from './run-rows.js';

/** Production runs: what was planned, issued, worked, checked and linked; planned vs real cost side by side. */

export function listRuns(db: Db): RunSummary[] {
  return (db.prepare('SELECT id FROM production_runs ORDER BY id DESC').all() as { id: number }[]).map((r) =>
    runSummary(db, r.id),
  );
}

function openRun(db: Db, id: number): RunRow {
  const row = runRow(db, id);
  if (row.status !== 'open')
    throw new DeskError('RULE_VIOLATION', `Run ${row.number} is completed; production entries are closed.`);
  return row;
}

export function createRun(
  store: Store,
  actor: number,
  input: {
    recipeId: number;
    title: string;
    plannedQty: number;
    startedOn: string;
    notes?: string | undefined;
  },
): number {
  const recipe = getRecipe(store.db, input.recipeId);
  if (recipe.status !== 'active')
    throw new DeskError(
      'RULE_VIOLATION',
      `Version ${recipe.version} of ${recipe.code} is ${recipe.status}; runs use the active version.`,
    );
  return store.write({ actor, reason: 'production run' }, (tx) => {
    const number = tx.nextNumber('production_run');
    const id = Number(
      tx.db
        .prepare(
          `INSERT INTO production_runs (number, recipe_id, title, planned_qty, started_on, notes, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          number,
          recipe.id,
          input.title,
          input.plannedQty,
          input.startedOn,
          input.notes ?? '',
          actor,
          tx.at,
        ).lastInsertRowid,
    );
    tx.audit('production_run', id, 'create', null, { number, ...input });
    return id;
  });
}

export function linkJob(store: Store, actor: number, runId: number, jobId: number): void {
  openRun(store.db, runId);
  const job = store.db.prepare('SELECT number, status FROM jobs WHERE id = ?').get(jobId) as
    { number: number; status: string } | undefined;
  if (job === undefined) throw notFound('Job', jobId);
  const linked = store.db.prepare('SELECT run_id FROM production_run_jobs WHERE job_id = ?').get(jobId) as
    { run_id: number } | undefined;
  if (linked !== undefined)
    throw new DeskError('CONFLICT', `Job ${job.number} already belongs to a production run.`);
  if (job.status === 'declined' || job.status === 'cancelled')
    throw new DeskError('RULE_VIOLATION', `Job ${job.number} is ${job.status}.`);
  store.write({ actor, reason: 'job linked to run' }, (tx) => {
    tx.db.prepare('INSERT INTO production_run_jobs (run_id, job_id) VALUES (?, ?)').run(runId, jobId);
    tx.audit('production_run', runId, 'link-job', null, { jobId });
  });
}

export function issueMaterial(
  store: Store,
  actor: number,
  input: {
    runId: number;
    name: string;
    quantity: number;
    unit: string;
    costCents: number;
    source: 'purchased' | 'donated';
  },
): void {
  openRun(store.db, input.runId);
  store.write({ actor, reason: 'material issued' }, (tx) => {
    const id = tx.db
      .prepare(
        `INSERT INTO production_materials (run_id, name, quantity, unit, cost_cents, source, by_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.runId,
        input.name,
        input.quantity,
        input.unit,
        input.costCents,
        input.source,
        actor,
        tx.at,
      ).lastInsertRowid;
    tx.audit('production_material', Number(id), 'issue', null, input);
  });
}

export function addLabour(
  store: Store,
  actor: number,
  input: {
    runId: number;
    personId?: number | undefined;
    name: string;
    kind: 'paid' | 'member' | 'volunteer';
    minutes: number;
    rateCents?: number | undefined;
  },
): void {
  const row = openRun(store.db, input.runId);
  if (
    input.personId !== undefined &&
    store.db.prepare('SELECT 1 FROM persons WHERE id = ?').get(input.personId) === undefined
  )
    throw notFound('Person', input.personId);
  const rate =
    input.rateCents ??
    (input.kind === 'volunteer'
      ? VOLUNTEER_SHADOW_CENTS_PER_HOUR
      : getRecipe(store.db, row.recipe_id).labourRateCents);
  const cost = labourCents(input.minutes, rate);
  store.write({ actor, reason: `${input.kind} labour` }, (tx) => {
    const id = tx.db
      .prepare(
        `INSERT INTO production_labour (run_id, person_id, name, kind, minutes, rate_cents, cost_cents, by_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.runId,
        input.personId ?? null,
        input.name,
        input.kind,
        input.minutes,
        rate,
        cost,
        actor,
        tx.at,
      ).lastInsertRowid;
    tx.audit('production_labour', Number(id), 'add', null, { ...input, rateCents: rate, costCents: cost });
  });
}

/**
 * Units made in the run. In all, never more than planned plus what extensions (each with a reason) allowed: a run of
 * 20 that makes 40 would halve its unit cost on paper, so the extra 20 must be owned up to first.
 */
export function recordMade(
  store: Store,
  actor: number,
  input: { runId: number; quantity: number; notes?: string | undefined },
): void {
  const row = openRun(store.db, input.runId);
  const made = madeQty(store.db, row.id);
  const extra = extraQty(store.db, row.id);
  const allowed = row.planned_qty + extra;
  if (made + input.quantity > allowed) {
    const plan =
      extra === 0
        ? `planned for ${row.planned_qty}`
        : `planned for ${row.planned_qty} and extended to ${allowed}`;
    throw new DeskError(
      'RULE_VIOLATION',
      `Run ${row.number} was ${plan}, and ${made} are made: ${input.quantity} more would be ${made + input.quantity}. Extend the run with a reason first.`,
      { field: 'quantity', allowed: allowed - made },
    );
  }
  store.write({ actor, reason: 'units made' }, (tx) => {
    const id = tx.db
      .prepare('INSERT INTO production_made (run_id, quantity, notes, by_id, at) VALUES (?, ?, ?, ?, ?)')
      .run(row.id, input.quantity, input.notes ?? null, actor, tx.at).lastInsertRowid;
    tx.audit(
      'production_made',
      Number(id),
      'make',
      { madeQty: made },
      { madeQty: made + input.quantity, ...input },
    );
  });
}

/** Lets a run make more than planned: by a number of units, with the reason, kept beside the run. */
export function extendRun(
  store: Store,
  actor: number,
  input: { runId: number; extraQty: number; reason: string },
): void {
  const row = openRun(store.db, input.runId);
  if (input.reason.trim() === '')
    throw new DeskError('INVALID_INPUT', 'Say why the run makes more than planned.', { field: 'reason' });
  store.write({ actor, reason: input.reason }, (tx) => {
    const before = row.planned_qty + extraQty(tx.db, row.id);
    const id = tx.db
      .prepare(
        'INSERT INTO production_run_extensions (run_id, extra_qty, reason, by_id, at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(row.id, input.extraQty, input.reason.trim(), actor, tx.at).lastInsertRowid;
    tx.audit(
      'production_run',
      row.id,
      'extend',
      { allowed: before },
      { allowed: before + input.extraQty, extensionId: Number(id) },
    );
  });
}

/**
 * A QC or sanitation check of units made: the units that pass go into the run's lot, the ones that fail are rejects.
 * Passed + failed over every check never exceed the units made.
 */
export function recordQc(
  store: Store,
  actor: number,
  input: {
    runId: number;
    check: 'visual' | 'fit' | 'sanitation' | 'other';
    passed: number;
    failed: number;
    notes?: string | undefined;
  },
): void {
  const row = openRun(store.db, input.runId);
  if (input.passed + input.failed === 0)
    throw new DeskError('INVALID_INPUT', 'A check covers at least one unit (passed or failed).');
  const made = madeQty(store.db, row.id);
  const checked = checkedQty(store.db, row.id);
  if (checked + input.passed + input.failed > made) {
    throw new DeskError(
      'RULE_VIOLATION',
      `Run ${row.number} has ${made - checked} units made and not yet checked (${made} made, ${checked} checked): ` +
        `a check of ${input.passed + input.failed} (${input.passed} good, ${input.failed} rejected) is more than that. ` +
        'Record the units made first.',
      { field: 'passed', waiting: made - checked },
    );
  }
  const productId = getRecipe(store.db, row.recipe_id).productId;
  store.write({ actor, reason: `QC ${input.check}` }, (tx) => {
    const id = tx.db
      .prepare(
        'INSERT INTO production_qc (run_id, check_kind, passed, failed, notes, by_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        input.runId,
        input.check,
        input.passed,
        input.failed,
        input.notes ?? null,
        actor,
        tx.at,
      ).lastInsertRowid;
    tx.audit('production_qc', Number(id), 'check', null, input);
    if (input.passed > 0) {
      const lotId = runLot(tx, input.runId, productId);
      fixLotCost(tx, lotId, runDetail(tx.db, input.runId).planned);
      moveStock(tx, {
        productId,
        kind: 'produced',
        quantity: input.passed,
        runId: input.runId,
        lotId,
        reason: `QC ${input.check}`,
      });
    }
  });
}

export function setPolicy(
  store: Store,
  actor: number,
  runId: number,
  tiers: readonly { tierId: number; priceBp: number; cap: number | null }[],
): void {
  runRow(store.db, runId);
  const known = new Set(listTiers(store.db).map((t) => t.id));
  const seen = new Set<number>();
  for (const t of tiers) {
    if (!known.has(t.tierId)) throw notFound('Priority tier', t.tierId);
    if (seen.has(t.tierId)) throw new DeskError('INVALID_INPUT', 'A tier is listed twice.');
    seen.add(t.tierId);
  }
  store.write({ actor, reason: 'distribution policy' }, (tx) => {
    const before = policyOf(tx.db, runId);
    for (const t of tiers) {
      tx.db
        .prepare(
          `INSERT INTO production_tier_policies (run_id, tier_id, price_bp, cap) VALUES (?, ?, ?, ?)
           ON CONFLICT (run_id, tier_id) DO UPDATE SET price_bp = excluded.price_bp, cap = excluded.cap`,
        )
        .run(runId, t.tierId, t.priceBp, t.cap);
    }
    tx.audit('production_run', runId, 'policy', before, policyOf(tx.db, runId));
  });
}

export function completeRun(store: Store, actor: number, id: number, on: string): void {
  const row = openRun(store.db, id);
  if (on < row.started_on)
    throw new DeskError('INVALID_INPUT', `A run cannot end (${on}) before it started (${row.started_on}).`);
  store.write({ actor, reason: 'run completed' }, (tx) => {
    tx.db
      .prepare(`UPDATE production_runs SET status = 'completed', completed_on = ? WHERE id = ?`)
      .run(on, id);
    tx.audit('production_run', id, 'complete', { status: 'open' }, { status: 'completed', completedOn: on });
  });
}
