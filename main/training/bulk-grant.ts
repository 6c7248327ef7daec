import type { TrainingAuthorization } from '../../preload/contract/methods/training.js';
import { DeskError } from '../kernel/errors.js';
import type { Store } from '../store/store.js';
import type { Actor } from './access.js';
import { insertGrant } from './grants-service.js';
import { labDate } from './policy.js';
import { currentDefinition, heldAuthorizations, personRow } from './rows.js';
import { insertAssessment } from './sessions-service.js';

export interface BulkGrantInput {
  definitionId: number;
  personIds: readonly number[];
  /** Who qualified these people (an instructor here or elsewhere), as written on their record. */
  qualifiedBy: string;
  /** The lab day they were qualified (not in the future). */
  qualifiedOn: string;
  note?: string | undefined;
}

export interface BulkGrantResult {
  granted: TrainingAuthorization[];
  alreadyHeld: { personId: number; displayName: string }[];
}

/**
 * Records people who are already qualified on a training, so nobody needs a staff override on a machine they were
 * trained on before it was registered: for each person a passed prior-learning assessment that names who qualified
 * them and when, then the authorization it earns, under every rule a single grant obeys (the grantor's instructor
 * right, never oneself, prerequisites, waiver). One write: a refusal for any person changes nothing for anyone.
 * People who already hold the training (active) are left alone and listed.
 */
export function grantMany(store: Store, actor: Actor, input: BulkGrantInput): BulkGrantResult {
  const qualifiedBy = input.qualifiedBy.trim();
  if (qualifiedBy === '')
    throw new DeskError('INVALID_INPUT', 'Say who qualified these people.', { field: 'qualifiedBy' });
  const today = labDate(store.clock.now());
  if (input.qualifiedOn > today) {
    throw new DeskError(
      'INVALID_INPUT',
      `The qualification date ${input.qualifiedOn} is in the future (today is ${today}).`,
      { field: 'qualifiedOn' },
    );
  }
  const statement = `Already qualified: by ${qualifiedBy} on ${input.qualifiedOn}.`;
  const note = input.note?.trim() ? `${statement} ${input.note.trim()}` : statement;
  return store.write({ actor: actor.id, reason: note }, (tx) => {
    const definition = currentDefinition(tx.db, input.definitionId);
    const granted: TrainingAuthorization[] = [];
    const alreadyHeld: BulkGrantResult['alreadyHeld'] = [];
    for (const personId of input.personIds) {
      const person = personRow(tx.db, personId);
      const holds = heldAuthorizations(tx.db, person.id).some(
        (h) => h.definitionId === definition.id && h.status === 'active',
      );
      if (holds) {
        alreadyHeld.push({ personId: person.id, displayName: person.displayName });
        continue;
      }
      const assessment = insertAssessment(tx, actor, {
        personId: person.id,
        definitionId: definition.id,
        kind: 'prior_learning',
        result: 'pass',
        notes: note,
        evidence: [{ kind: 'note', text: statement }],
      });
      granted.push(
        insertGrant(tx, actor, {
          personId: person.id,
          definitionId: definition.id,
          assessmentId: assessment.id,
          note,
        }),
      );
    }
    tx.audit('training_definition', definition.id, 'bulk_grant', null, {
      definition: definition.name,
      qualifiedBy,
      qualifiedOn: input.qualifiedOn,
      granted: granted.map((a) => ({ authorizationId: a.id, personId: a.personId })),
      alreadyHeld: alreadyHeld.map((p) => p.personId),
    });
    return { granted, alreadyHeld };
  });
}
