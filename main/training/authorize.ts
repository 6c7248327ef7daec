import { effectiveExpiry, lapsesAt, type Policy } from './policy.js';

/**
 * `authorize(person, machine, at)`: the one rule every door asks (the queue, the start button, the trainee's page).
 * Pure: it reads only the plain data it is given, so the service, the tests and any other area get the same answer.
 */

export const refusalReasons = [
  'no_training',
  'expired',
  'revoked',
  'suspended',
  'lapsed_unused',
  'prerequisite_missing',
  'waiver_missing',
  'machine_down',
  'person_inactive',
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export interface AuthorizePerson {
  id: number;
  active: boolean;
}

/** What authorize needs to know of a machine; the machines area owns the rest. */
export interface AuthorizeMachine {
  id: number;
  kind: string;
  status: 'available' | 'in_use' | 'down' | 'retired';
  /** The trainings the machine itself names; absent: the trainings whose current version unlocks it. */
  requires?: { mode: 'any' | 'all'; definitionIds: readonly number[] } | undefined;
}

/** The current version of a definition: which machines it unlocks (for machines that name no trainings). */
export interface DefinitionUnlocks {
  definitionId: number;
  machineIds: readonly number[];
  machineKinds: readonly string[];
}

/** One authorization row of the person, with the policy of the version it was granted under. */
export interface HeldAuthorization {
  id: number;
  definitionId: number;
  status: 'active' | 'suspended' | 'revoked' | 'superseded';
  grantedAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  policy: Policy;
  needsWaiver: boolean;
  prerequisites: readonly number[];
}

export interface AuthorizeFacts {
  person: AuthorizePerson;
  machine: AuthorizeMachine;
  definitions: readonly DefinitionUnlocks[];
  /** Every authorization row of this person (closed ones too: the newest per definition decides). */
  authorizations: readonly HeldAuthorization[];
  /** Whether the person has a waiver on file that is good at `at`. */
  waiverOnFile: boolean;
}

export interface Decision {
  allowed: boolean;
  /** Sorted in the order of `refusalReasons`, no duplicates; empty when allowed. */
  reasons: RefusalReason[];
  /** The trainings considered (what the machine requires). */
  requires: number[];
}

/** The row that speaks for a person's standing in one training: the newest one that was not replaced by a renewal. */
export function currentRow(
  rows: readonly HeldAuthorization[],
  definitionId: number,
): HeldAuthorization | undefined {
  let best: HeldAuthorization | undefined;
  for (const row of rows) {
    if (row.definitionId !== definitionId || row.status === 'superseded') continue;
    if (
      best === undefined ||
      row.grantedAt > best.grantedAt ||
      (row.grantedAt === best.grantedAt && row.id > best.id)
    ) {
      best = row;
    }
  }
  return best;
}

/** Reasons one training is not good for this person at `at` (empty: it is good). */
export function standing(
  facts: Pick<AuthorizeFacts, 'authorizations' | 'waiverOnFile'>,
  definitionId: number,
  at: Date,
  seen: ReadonlySet<number> = new Set(),
): RefusalReason[] {
  const row = currentRow(facts.authorizations, definitionId);
  if (row === undefined) return ['no_training'];
  const reasons: RefusalReason[] = [];
  if (row.status === 'revoked') return ['revoked'];
  if (row.status === 'suspended') reasons.push('suspended');
  const expiry = effectiveExpiry(row.policy, row);
  if (expiry !== null && expiry <= at) reasons.push('expired');
  const lapse = lapsesAt(row.policy, row);
  if (lapse !== null && lapse <= at) reasons.push('lapsed_unused');
  if (row.needsWaiver && !facts.waiverOnFile) reasons.push('waiver_missing');
  // A prerequisite is checked under the policy of its own current row; a cycle in the data counts as missing.
  const next = new Set(seen).add(definitionId);
  for (const prerequisite of row.prerequisites) {
    if (next.has(prerequisite) || standing(facts, prerequisite, at, next).length > 0) {
      reasons.push('prerequisite_missing');
      break;
    }
  }
  return reasons;
}

function requiredTrainings(facts: AuthorizeFacts): { mode: 'any' | 'all'; ids: number[] } {
  const { machine } = facts;
  if (machine.requires !== undefined)
    return { mode: machine.requires.mode, ids: [...machine.requires.definitionIds] };
  const ids = facts.definitions
    .filter((d) => d.machineIds.includes(machine.id) || d.machineKinds.includes(machine.kind))
    .map((d) => d.definitionId);
  return { mode: 'any', ids };
}

function ordered(reasons: Iterable<RefusalReason>): RefusalReason[] {
  const set = new Set(reasons);
  return refusalReasons.filter((r) => set.has(r));
}

/**
 * May this person use this machine at this instant? Every reason that applies is listed, so the screen can say
 * all of what is missing at once. A machine no training unlocks is refused (no_training): the lab fails closed.
 * For an any-of requirement the person is judged on the trainings they hold something of; if they hold nothing
 * relevant the answer is no_training.
 */
export function authorize(facts: AuthorizeFacts, at: Date): Decision {
  const reasons: RefusalReason[] = [];
  if (!facts.person.active) reasons.push('person_inactive');
  if (facts.machine.status === 'down' || facts.machine.status === 'retired') reasons.push('machine_down');
  const { mode, ids } = requiredTrainings(facts);
  if (ids.length === 0) {
    reasons.push('no_training');
  } else if (mode === 'all') {
    for (const id of ids) reasons.push(...standing(facts, id, at));
  } else {
    const standings = ids.map((id) => standing(facts, id, at));
    if (!standings.some((s) => s.length === 0)) {
      const held = standings.filter((s) => !(s.length === 1 && s[0] === 'no_training'));
      for (const s of held.length > 0 ? held : standings) reasons.push(...s);
    }
  }
  const sorted = ordered(reasons);
  return { allowed: sorted.length === 0, reasons: sorted, requires: ids };
}

/**
 * Refusals staff may not override with a reason: a revoked authorization is a decision about this person on this
 * training (it has to be granted again), and an inactive person may not act at all.
 */
export const notOverridable: readonly RefusalReason[] = ['revoked', 'person_inactive'];

/** Whether staff may override this refusal with a typed reason (never when it includes a revoked authorization). */
export function mayOverride(decision: { allowed: boolean; reasons: readonly string[] }): boolean {
  return (
    !decision.allowed && !decision.reasons.some((r) => (notOverridable as readonly string[]).includes(r))
  );
}

/** Each required training the person is not in good standing on, with its own reasons (empty when allowed). */
export function missingTrainings(
  facts: AuthorizeFacts,
  decision: Decision,
  at: Date,
): { definitionId: number; reasons: RefusalReason[] }[] {
  if (decision.allowed) return [];
  return decision.requires
    .map((definitionId) => ({ definitionId, reasons: standing(facts, definitionId, at) }))
    .filter((t) => t.reasons.length > 0);
}
