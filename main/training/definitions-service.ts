import type { PolicyInput, TrainingDefinition } from '../../preload/contract/methods/training.js';
import type { Store, WriteTx, Db } from '../store/store.js';
import { DeskError, conflict, notFound, ruleViolation } from '../kernel/errors.js';
import type { Actor } from './access.js';
import { isAdmin } from './access.js';
import { isValidMonthDay } from './policy.js';
import { currentDefinition, currentDefinitions, personRow } from './rows.js';

/**
 * A training's policy decides who may run a machine, and an instructor right decides who may decide that: both belong
 * to the administrators. An instructor teaches under the policy; weakening it or passing the right on is not theirs.
 */
function requireAdmin(actor: Actor, what: string): void {
  if (!isAdmin(actor)) {
    throw new DeskError('NOT_AUTHORIZED', `Only an administrator can ${what}; instructors teach under it.`);
  }
}

function checkPolicy(db: Db, policy: PolicyInput, selfId: number | null): void {
  if (policy.validity.kind === 'yearly' && !isValidMonthDay(policy.validity.monthDay)) {
    throw new DeskError('INVALID_INPUT', `${policy.validity.monthDay} is not a day of the year.`, {
      field: 'validity',
    });
  }
  if (policy.renewOnUse && policy.validity.kind === 'never') {
    throw new DeskError(
      'INVALID_INPUT',
      'Renew on use needs a validity period: a training that never expires has nothing to renew.',
      {
        field: 'renewOnUse',
      },
    );
  }
  if (policy.machineIds.length === 0 && policy.machineKinds.length === 0 && policy.tier !== 'safety') {
    // Safety trainings are usually prerequisites rather than unlocking a machine directly; others must unlock something.
    throw new DeskError('INVALID_INPUT', 'Name the machines or machine kinds this training unlocks.', {
      field: 'machineIds',
    });
  }
  const known = new Map(currentDefinitions(db).map((d) => [d.id, d]));
  for (const pre of policy.prerequisites) {
    if (pre === selfId)
      throw new DeskError('INVALID_INPUT', 'A training cannot be its own prerequisite.', {
        field: 'prerequisites',
      });
    if (!known.has(pre))
      throw new DeskError('NOT_FOUND', `Prerequisite training ${pre} does not exist.`, {
        field: 'prerequisites',
      });
  }
  if (selfId !== null) {
    // Following prerequisites from the new list must never lead back here.
    const stack = [...policy.prerequisites];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === selfId)
        throw ruleViolation('These prerequisites would make a circle back to this training.');
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(known.get(next)?.prerequisites ?? []));
    }
  }
}

function insertVersion(tx: WriteTx, definitionId: number, version: number, p: PolicyInput): void {
  tx.db
    .prepare(
      `INSERT INTO training_definition_versions (definition_id, version, name, description, tier, validity_kind, validity_days,
         validity_month_day, renew_on_use, lapse_unused_days, needs_practical, needs_waiver, machine_ids_json,
         machine_kinds_json, prerequisites_json, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      definitionId,
      version,
      p.name,
      p.description || null,
      p.tier,
      p.validity.kind,
      p.validity.kind === 'days' ? p.validity.days : null,
      p.validity.kind === 'yearly' ? p.validity.monthDay : null,
      p.renewOnUse ? 1 : 0,
      p.lapseUnusedDays,
      p.needsPractical ? 1 : 0,
      p.needsWaiver ? 1 : 0,
      JSON.stringify([...new Set(p.machineIds)]),
      JSON.stringify([...new Set(p.machineKinds)]),
      JSON.stringify([...new Set(p.prerequisites)]),
      tx.at,
      tx.actor,
    );
}

export function createDefinition(
  store: Store,
  actor: Actor,
  input: PolicyInput & { code: string },
): TrainingDefinition {
  requireAdmin(actor, 'create a training policy');
  return store.write({ actor: actor.id }, (tx) => {
    const taken = tx.db.prepare('SELECT id FROM training_definitions WHERE code = ?').get(input.code);
    if (taken !== undefined)
      throw conflict(`A training with the code "${input.code}" already exists.`, { field: 'code' });
    checkPolicy(tx.db, input, null);
    const { lastInsertRowid } = tx.db
      .prepare('INSERT INTO training_definitions (code, created_at, created_by) VALUES (?, ?, ?)')
      .run(input.code, tx.at, actor.id);
    const id = Number(lastInsertRowid);
    insertVersion(tx, id, 1, input);
    const after = currentDefinition(tx.db, id);
    tx.audit('training_definition', id, 'create', null, after);
    return after;
  });
}

/** A policy change is a new version: authorizations already granted keep pointing at the version they were granted under. */
export function reviseDefinition(
  store: Store,
  actor: Actor,
  input: PolicyInput & { id: number; reason: string },
): TrainingDefinition {
  requireAdmin(actor, 'change a training policy');
  return store.write({ actor: actor.id, reason: input.reason }, (tx) => {
    const before = currentDefinition(tx.db, input.id);
    checkPolicy(tx.db, input, input.id);
    insertVersion(tx, input.id, before.version + 1, input);
    const after = currentDefinition(tx.db, input.id);
    tx.audit('training_definition', input.id, 'revise', before, after);
    return after;
  });
}

export interface RightView {
  id: number;
  personId: number;
  personName: string;
  definitionId: number;
  grantedAt: string;
  grantedBy: number | null;
  endedAt: string | null;
  endReason: string | null;
}

const SELECT_RIGHT = `SELECT r.id, r.person_id AS personId, p.display_name AS personName, r.definition_id AS definitionId,
  r.granted_at AS grantedAt, r.granted_by AS grantedBy, r.ended_at AS endedAt, r.end_reason AS endReason
  FROM training_instructor_rights r JOIN persons p ON p.id = r.person_id`;

export function listRights(db: Db, definitionId?: number): RightView[] {
  const where = definitionId === undefined ? '' : 'AND r.definition_id = ?';
  const params = definitionId === undefined ? [] : [definitionId];
  return db
    .prepare(`${SELECT_RIGHT} WHERE r.ended_at IS NULL ${where} ORDER BY p.display_name, r.id`)
    .all(...params) as RightView[];
}

export function hasRight(db: Db, personId: number, definitionId: number): boolean {
  return (
    db
      .prepare(
        'SELECT 1 FROM training_instructor_rights WHERE person_id = ? AND definition_id = ? AND ended_at IS NULL',
      )
      .get(personId, definitionId) !== undefined
  );
}

export function rightsOf(db: Db, personId: number): number[] {
  return (
    db
      .prepare(
        'SELECT definition_id AS id FROM training_instructor_rights WHERE person_id = ? AND ended_at IS NULL',
      )
      .all(personId) as {
      id: number;
    }[]
  ).map((r) => r.id);
}

/** Only an administrator gives the right to grant a training, and never to themselves. */
export function grantRight(store: Store, actor: Actor, personId: number, definitionId: number): RightView {
  requireAdmin(actor, 'give the right to grant a training');
  return store.write({ actor: actor.id }, (tx) => {
    const person = personRow(tx.db, personId);
    const definition = currentDefinition(tx.db, definitionId);
    if (personId === actor.id)
      throw ruleViolation('Nobody can give themselves the right to grant a training.');
    if (!person.active) throw ruleViolation(`${person.displayName} is inactive.`);
    if (hasRight(tx.db, personId, definitionId))
      throw conflict(`${person.displayName} can already grant "${definition.name}".`);
    const { lastInsertRowid } = tx.db
      .prepare(
        'INSERT INTO training_instructor_rights (person_id, definition_id, granted_at, granted_by) VALUES (?, ?, ?, ?)',
      )
      .run(personId, definitionId, tx.at, actor.id);
    const right = tx.db.prepare(`${SELECT_RIGHT} WHERE r.id = ?`).get(Number(lastInsertRowid)) as RightView;
    tx.audit('training_right', right.id, 'grant', null, right);
    return right;
  });
}

export function endRight(store: Store, actor: Actor, rightId: number, reason: string): RightView {
  return store.write({ actor: actor.id, reason }, (tx) => {
    const before = tx.db.prepare(`${SELECT_RIGHT} WHERE r.id = ?`).get(rightId) as RightView | undefined;
    if (before === undefined) throw notFound('Instructor right', rightId);
    if (before.endedAt !== null) throw conflict('That right has already ended.');
    if (!isAdmin(actor) && !hasRight(tx.db, actor.id, before.definitionId)) {
      throw ruleViolation('You can end a right to grant a training only if you hold that right yourself.');
    }
    tx.db
      .prepare(
        'UPDATE training_instructor_rights SET ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?',
      )
      .run(tx.at, actor.id, reason, rightId);
    const after = tx.db.prepare(`${SELECT_RIGHT} WHERE r.id = ?`).get(rightId) as RightView;
    tx.audit('training_right', rightId, 'end', before, after);
    return after;
  });
}
