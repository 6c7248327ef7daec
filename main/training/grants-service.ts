import type { TrainingAuthorization } from '../../preload/contract/methods/training.js';
import type { Store, WriteTx } from '../store/store.js';
import { conflict, ruleViolation } from '../kernel/errors.js';
import { isAdmin, type Actor } from './access.js';
import { standing } from './authorize.js';
import { hasRight } from './definitions-service.js';
import { expiryFrom } from './policy.js';
import { currentDefinition, getAuthorization, heldAuthorizations, personRow, waiverOnFile } from './rows.js';
import { insertAssessment, type AssessmentInput } from './sessions-service.js';

/** The two rules every grant obeys: the grantor holds the instructor right, and is not the person granted. */
function requireGrantor(
  tx: WriteTx,
  actor: Actor,
  personId: number,
  definitionId: number,
  name: string,
): void {
  if (personId === actor.id) throw ruleViolation('Nobody can grant a training to themselves.');
  if (!hasRight(tx.db, actor.id, definitionId)) {
    throw ruleViolation(`You do not hold the instructor right for "${name}", so you cannot grant it.`, {
      definitionId,
    });
  }
}

interface GrantArgs {
  personId: number;
  definitionId: number;
  note?: string | undefined;
  renews?: number | undefined;
  assessmentId?: number | undefined;
}

/** Inserts a new authorization row under the definition's current version, with its expiry fixed now. */
export function insertGrant(tx: WriteTx, actor: Actor, args: GrantArgs): TrainingAuthorization {
  const person = personRow(tx.db, args.personId);
  const definition = currentDefinition(tx.db, args.definitionId);
  requireGrantor(tx, actor, person.id, definition.id, definition.name);
  if (definition.retired) throw ruleViolation(`"${definition.name}" is retired and is no longer granted.`);
  if (!person.active)
    throw ruleViolation(`${person.displayName} is inactive and cannot be granted a training.`);
  const now = new Date(tx.at);
  const held = heldAuthorizations(tx.db, person.id);
  const open = held.find(
    (h) => h.definitionId === definition.id && (h.status === 'active' || h.status === 'suspended'),
  );
  if (args.renews === undefined && open !== undefined) {
    throw conflict(
      `${person.displayName} already holds "${definition.name}" (record ${open.id}): renew it instead.`,
    );
  }
  const facts = { authorizations: held, waiverOnFile: waiverOnFile(tx.db, person.id, now) };
  const missing = definition.prerequisites.filter((pre) => standing(facts, pre, now).length > 0);
  if (missing.length > 0) {
    const names = missing.map((pre) => `"${currentDefinition(tx.db, pre).name}"`).join(', ');
    throw ruleViolation(`${person.displayName} needs ${names} first.`, { prerequisites: missing });
  }
  if (definition.needsWaiver && !facts.waiverOnFile) {
    throw ruleViolation(`"${definition.name}" needs a signed waiver on file for ${person.displayName}.`);
  }
  let assessmentId = args.assessmentId ?? null;
  if (definition.needsPractical && assessmentId === null && args.renews === undefined) {
    // The practical must be passed after the last time this person held (or lost) the training.
    const since = held.find((h) => h.definitionId === definition.id)?.grantedAt ?? '';
    const passed = tx.db
      .prepare(
        `SELECT id FROM training_assessments WHERE person_id = ? AND definition_id = ? AND result = 'pass'
         AND kind IN ('practical', 'prior_learning') AND at >= ? ORDER BY at DESC LIMIT 1`,
      )
      .get(person.id, definition.id, since) as { id: number } | undefined;
    if (passed === undefined) {
      throw ruleViolation(`"${definition.name}" needs a passed practical sign-off before it is granted.`);
    }
    assessmentId = passed.id;
  }
  const expires = expiryFrom(definition.validity, now);
  const certificateNo = tx.nextNumber('training-certificate');
  const { lastInsertRowid } = tx.db
    .prepare(
      `INSERT INTO training_authorizations (certificate_no, person_id, definition_id, version_id, status, granted_at, granted_by,
         expires_at, assessment_id, renews_id, note) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      certificateNo,
      person.id,
      definition.id,
      definition.versionId,
      tx.at,
      actor.id,
      expires?.toISOString() ?? null,
      assessmentId,
      args.renews ?? null,
      args.note || null,
    );
  const id = Number(lastInsertRowid);
  addEvent(tx, id, args.renews === undefined ? 'grant' : 'renew', args.note);
  const after = getAuthorization(tx.db, id, now);
  tx.audit('training_authorization', id, args.renews === undefined ? 'grant' : 'renew', null, after);
  return after;
}

function addEvent(tx: WriteTx, authorizationId: number, action: string, reason: string | undefined): void {
  tx.db
    .prepare(
      'INSERT INTO training_authorization_events (authorization_id, at, actor_id, action, reason) VALUES (?, ?, ?, ?, ?)',
    )
    .run(authorizationId, tx.at, tx.actor, action, reason ?? null);
}

export function grant(
  store: Store,
  actor: Actor,
  input: { personId: number; definitionId: number; note?: string | undefined },
) {
  return store.write({ actor: actor.id, reason: input.note }, (tx) => insertGrant(tx, actor, input));
}

/** A practical sign-off: the passed practical and the grant it earns, in one write (both or neither). */
export function signOff(
  store: Store,
  actor: Actor,
  input: Omit<AssessmentInput, 'kind' | 'result'>,
): TrainingAuthorization {
  return store.write({ actor: actor.id, reason: 'practical sign-off' }, (tx) => {
    const assessment = insertAssessment(tx, actor, { ...input, kind: 'practical', result: 'pass' });
    return insertGrant(tx, actor, {
      personId: input.personId,
      definitionId: input.definitionId,
      assessmentId: assessment.id,
    });
  });
}

/** A renewal is a new row under the current version; the old row is closed as superseded, never edited into the new one. */
export function renew(
  store: Store,
  actor: Actor,
  authorizationId: number,
  note: string | undefined,
): TrainingAuthorization {
  return store.write({ actor: actor.id, reason: note }, (tx) => {
    const before = getAuthorization(tx.db, authorizationId, new Date(tx.at));
    if (before.status === 'revoked')
      throw ruleViolation('A revoked authorization is never renewed or made active again.');
    if (before.status === 'superseded')
      throw conflict('This authorization was already renewed: renew the newest record.');
    if (before.status === 'suspended')
      throw ruleViolation('Reinstate the suspended authorization before renewing it.');
    requireGrantor(tx, actor, before.personId, before.definitionId, before.name);
    tx.db
      .prepare(
        `UPDATE training_authorizations SET status = 'superseded', ended_at = ?, ended_by = ?, end_reason = 'renewed' WHERE id = ?`,
      )
      .run(tx.at, actor.id, authorizationId);
    addEvent(tx, authorizationId, 'superseded', note);
    tx.audit(
      'training_authorization',
      authorizationId,
      'supersede',
      before,
      getAuthorization(tx.db, authorizationId, new Date(tx.at)),
    );
    return insertGrant(tx, actor, {
      personId: before.personId,
      definitionId: before.definitionId,
      note,
      renews: authorizationId,
    });
  });
}

type StatusChange = 'suspend' | 'reinstate' | 'revoke';

/** Suspend, reinstate or revoke: by an instructor of that training (or an admin), never on oneself, always with a reason. */
export function changeStatus(
  store: Store,
  actor: Actor,
  authorizationId: number,
  change: StatusChange,
  reason: string,
) {
  return store.write({ actor: actor.id, reason }, (tx) => {
    const at = new Date(tx.at);
    const before = getAuthorization(tx.db, authorizationId, at);
    if (before.personId === actor.id)
      throw ruleViolation('Nobody changes the standing of their own authorization.');
    if (!isAdmin(actor) && !hasRight(tx.db, actor.id, before.definitionId)) {
      throw ruleViolation(`You do not hold the instructor right for "${before.name}".`);
    }
    if (before.status === 'revoked')
      throw ruleViolation('This authorization was revoked; it never becomes active again.');
    if (before.status === 'superseded') throw conflict('This record was renewed: act on the newest record.');
    if (change === 'suspend' && before.status !== 'active')
      throw conflict('Only an active authorization can be suspended.');
    if (change === 'reinstate' && before.status !== 'suspended')
      throw conflict('Only a suspended authorization can be reinstated.');
    if (change === 'revoke') {
      tx.db
        .prepare(
          `UPDATE training_authorizations SET status = 'revoked', ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?`,
        )
        .run(tx.at, actor.id, reason, authorizationId);
    } else {
      tx.db
        .prepare('UPDATE training_authorizations SET status = ? WHERE id = ?')
        .run(change === 'suspend' ? 'suspended' : 'active', authorizationId);
    }
    addEvent(tx, authorizationId, change, reason);
    const after = getAuthorization(tx.db, authorizationId, at);
    tx.audit('training_authorization', authorizationId, change, before, after);
    return after;
  });
}

/**
 * Records a use of a machine against every open authorization of the person that unlocks it, inside the caller's
 * write (the jobs area calls this when a job starts). Returns the authorization ids that counted.
 */
export function recordMachineUse(
  tx: WriteTx,
  personId: number,
  machine: { id: number; kind: string },
): number[] {
  const counted: number[] = [];
  for (const held of heldAuthorizations(tx.db, personId)) {
    if (held.status !== 'active') continue;
    const definition = currentDefinition(tx.db, held.definitionId);
    if (!definition.machineIds.includes(machine.id) && !definition.machineKinds.includes(machine.kind))
      continue;
    tx.db
      .prepare('INSERT INTO training_uses (authorization_id, machine_id, at) VALUES (?, ?, ?)')
      .run(held.id, machine.id, tx.at);
    counted.push(held.id);
  }
  tx.audit('training_use', personId, 'use', null, { machineId: machine.id, counted });
  return counted;
}
