import type { Db, Store } from '../store/store.js';
import type { Logger } from '../kernel/logger.js';
import { DeskError } from '../kernel/errors.js';
import {
  authorize,
  mayOverride,
  missingTrainings,
  type AuthorizeFacts,
  type AuthorizeMachine,
  type Decision,
  type RefusalReason,
} from './authorize.js';
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

/** A required training the person is not in good standing on: its name and why. */
export interface MissingTraining {
  definitionId: number;
  name: string;
  reasons: RefusalReason[];
}

export interface Explained {
  decision: Decision;
  /** The required trainings that are not good for this person (all of them for an any-of requirement). */
  missing: MissingTraining[];
  /** Whether staff could override this refusal with a reason (never over a revoked authorization). */
  overridable: boolean;
  /** Whether any one or all of the required trainings are needed. */
  mode: 'any' | 'all';
}

const reasonWords: Record<RefusalReason, string> = {
  no_training: 'not trained',
  expired: 'expired',
  revoked: 'revoked',
  suspended: 'suspended',
  lapsed_unused: 'lapsed from disuse',
  prerequisite_missing: 'a prerequisite is missing',
  waiver_missing: 'no waiver on file',
  machine_down: 'the machine is down',
  person_inactive: 'the account is inactive',
};

/** The decision and, by name, which trainings are missing: pure reads, no refusal logged (for screens). */
export function explainAuthorization(
  db: Db,
  personId: number,
  machine: AuthorizeMachine,
  at: Date,
): Explained {
  const facts = loadFacts(db, personId, machine, at);
  const decision = authorize(facts, at);
  const names = new Map(currentDefinitions(db).map((d) => [d.id, d.name]));
  const missing = missingTrainings(facts, decision, at).map((t) => ({
    ...t,
    name: names.get(t.definitionId) ?? `Training ${t.definitionId}`,
  }));
  return { decision, missing, overridable: mayOverride(decision), mode: machine.requires?.mode ?? 'any' };
}

/** "needs “Laser safety” (expired)" or "no training unlocks it yet", for a refusal sentence. */
export function describeMissing(explained: Explained): string {
  const { decision, missing } = explained;
  const parts: string[] = [];
  if (decision.requires.length === 0) parts.push('no training unlocks it yet (staff must set one up)');
  else if (missing.length > 0) {
    const list = missing.map((t) => `“${t.name}” (${t.reasons.map((r) => reasonWords[r]).join(', ')})`);
    const joined =
      list.length === 1
        ? list[0]!
        : explained.mode === 'any'
          ? `one of ${list.join(', ')}`
          : `${list.slice(0, -1).join(', ')} and ${list.at(-1)!}`;
    parts.push(`it needs ${joined}`);
  }
  for (const r of decision.reasons)
    if (r === 'machine_down' || r === 'person_inactive') parts.push(reasonWords[r]);
  return parts.join('; ');
}

/** What the person asks the gate for: the sentence's verb for "staff may … it with an override". */
export type GatePurpose = 'command' | 'job' | 'session' | 'booking';

const refusedTo: Record<GatePurpose, string> = {
  command: 'to command',
  job: 'to run jobs on',
  session: 'to use',
  booking: 'to book',
};

const staffMay: Record<GatePurpose, string> = {
  command: 'command',
  job: 'start',
  session: 'start a session on',
  booking: 'book',
};

export interface TrainingGateRequest {
  /** Who will use the machine (the operator, the person at the machine, the one the slot is booked for). */
  personId: number;
  /** Who asks (the same person, or staff acting for them); refusals are logged as theirs. */
  askedBy: number;
  /** Whether the one asking is staff: only staff may override, and only with a reason. */
  askerIsStaff: boolean;
  machineId: number;
  machineName: string;
  purpose: GatePurpose;
  overrideReason: string | null;
  at?: Date;
}

/**
 * THE training gate: the one function every door asks before a person uses a machine — commanding a driven
 * machine, starting a job on it, starting a manual session, booking a slot. Allowed when the person is authorized;
 * otherwise only staff with a typed reason may go ahead, and never over a revoked authorization (nor for an
 * inactive person). Every refusal is logged (`checkAuthorization`) and thrown as one sentence naming the missing
 * training, with `details.gate = 'training'` for the screens to word it. Returns the override reason used (the
 * caller records it in the write that acts on it, so an override is audited with what it let through), or null.
 */
export function trainingGate(
  deps: AuthorizeDeps,
  input: TrainingGateRequest,
): { decision: Decision; override: string | null } {
  const reason =
    input.overrideReason === null || input.overrideReason.trim() === '' ? null : input.overrideReason.trim();
  if (reason !== null && !input.askerIsStaff)
    throw new DeskError('NOT_AUTHORIZED', 'Only staff can override a training authorization.', {
      gate: 'override-staff-only',
    });
  const at = input.at ?? deps.store.clock.now();
  const decision = checkAuthorization(deps, {
    personId: input.personId,
    machineId: input.machineId,
    askedBy: input.askedBy,
    at,
  });
  if (decision.allowed) return { decision, override: null };
  const machine = (deps.findMachine ?? lookupMachine)(deps.store.db, input.machineId);
  if (machine === null) throw new DeskError('NOT_FOUND', `Machine ${input.machineId} does not exist.`);
  const explained = explainAuthorization(deps.store.db, input.personId, machine, at);
  const details = {
    gate: 'training',
    purpose: input.purpose,
    machine: input.machineName,
    personId: input.personId,
    reasons: decision.reasons,
    trainings: explained.missing.map((t) => ({ name: t.name, reasons: t.reasons })),
    overridable: explained.overridable,
  };
  const subject =
    input.personId === input.askedBy
      ? 'You are'
      : `${personRow(deps.store.db, input.personId).displayName} is`;
  const refused = `${subject} not authorized ${refusedTo[input.purpose]} ${input.machineName}: ${describeMissing(explained)}.`;
  if (!explained.overridable) {
    throw new DeskError(
      'RULE_VIOLATION',
      `${refused} A revoked authorization cannot be overridden, not even by staff: it must be granted again.`,
      details,
    );
  }
  if (reason === null) {
    throw new DeskError(
      'RULE_VIOLATION',
      `${refused} ` +
        (input.askerIsStaff
          ? 'To go ahead anyway, give an override reason.'
          : `Staff may ${staffMay[input.purpose]} it with an override and a reason.`),
      details,
    );
  }
  return { decision, override: reason };
}
