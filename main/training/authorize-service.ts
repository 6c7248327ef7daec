import type { Db, Store } from '../store/store.js';
import type { Logger } from '../host/logger.js';
import { DeskError } from '../shared/errors.js';
import { authorize, type AuthorizeMachine, type Decision, type AuthorizeFacts } from './authorize.js';
import { lookupMachine } from './machine-lookup.js';
import { currentDefinitions, heldAuthorizations, personRow, waiverOnFile } from './rows.js';

/** Everything the pure authorize needs about one person and one machine, read in one go. */
export function loadFacts(db: Db, personId: number, machine: AuthorizeMachine, at: Date): AuthorizeFacts {
  const person = personRow(db, personId);
  return {
    person: { id: person.id, active: person.active },
    machine,
    definitions: currentDefinitions(db, false).map((d) => ({
      definitionId: d.id,
      machineIds: d.machineIds,
      machineKinds: d.machineKinds,
    })),
    authorizations: heldAuthorizations(db, personId),
    waiverOnFile: waiverOnFile(db, personId, at),
  };
}

export interface AuthorizeDeps {
  store: Store;
  log: Logger;
  /** Swappable so the machines area (or a test) can supply machines; defaults to reading their table. */
  findMachine?: (db: Db, id: number) => AuthorizeMachine | null;
}

/**
 * The service door to authorize: loads the facts, asks the pure function, and logs every refusal as an audit row
 * (entity `training_refusal`, id the person) so the shop PC's "no" is on record with its reasons.
 * `askedBy` is who asked (the person at the shop PC, or the jobs area acting for someone).
 */
export function checkAuthorization(
  deps: AuthorizeDeps,
  input: { personId: number; machineId: number; askedBy: number | null; at?: Date },
): Decision {
  const { store } = deps;
  const at = input.at ?? store.clock.now();
  const machine = (deps.findMachine ?? lookupMachine)(store.db, input.machineId);
  if (machine === null)
    throw new DeskError('NOT_FOUND', `Machine ${input.machineId} does not exist.`, { what: 'Machine' });
  const decision = authorize(loadFacts(store.db, input.personId, machine, at), at);
  if (!decision.allowed) {
    deps.log.warn(
      `training: refused person ${input.personId} on machine ${input.machineId}: ${decision.reasons.join(', ')}`,
    );
    store.write({ actor: input.askedBy, reason: 'authorization refused' }, (tx) => {
      tx.audit('training_refusal', input.personId, 'refuse', null, {
        machineId: input.machineId,
        reasons: decision.reasons,
        at: at.toISOString(),
      });
    });
  }
  return decision;
}
