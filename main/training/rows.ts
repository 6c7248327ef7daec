import type {
  AuthorizationState,
  TrainingAuthorization,
  TrainingDefinition,
} from '../../preload/contract/methods/training.js';
import type { Db } from '../store/store.js';
import { notFound } from '../kernel/errors.js';
import type { HeldAuthorization } from './authorize.js';
import { standing } from './authorize.js';
import { goodUntil, type Policy, type Validity } from './policy.js';

/** Row shapes and their mapping to contract values; reads only. */

export interface VersionRow {
  id: number;
  definition_id: number;
  version: number;
  name: string;
  description: string | null;
  tier: 'safety' | 'competency' | 'optional';
  validity_kind: 'never' | 'days' | 'yearly';
  validity_days: number | null;
  validity_month_day: string | null;
  renew_on_use: number;
  lapse_unused_days: number | null;
  needs_practical: number;
  needs_waiver: number;
  machine_ids_json: string;
  machine_kinds_json: string;
  prerequisites_json: string;
  created_at: string;
}

interface DefinitionRow extends VersionRow {
  code: string;
  retired_at: string | null;
}

export function validityOf(row: VersionRow): Validity {
  if (row.validity_kind === 'days') return { kind: 'days', days: row.validity_days ?? 1 };
  if (row.validity_kind === 'yearly') return { kind: 'yearly', monthDay: row.validity_month_day ?? '01-01' };
  return { kind: 'never' };
}

export function policyOf(row: VersionRow): Policy {
  return {
    validity: validityOf(row),
    renewOnUse: row.renew_on_use === 1,
    lapseUnusedDays: row.lapse_unused_days,
  };
}

const numbers = (json: string) => JSON.parse(json) as number[];
const strings = (json: string) => JSON.parse(json) as string[];

function toDefinition(row: DefinitionRow): TrainingDefinition {
  return {
    id: row.definition_id,
    code: row.code,
    versionId: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    tier: row.tier,
    validity: validityOf(row),
    renewOnUse: row.renew_on_use === 1,
    lapseUnusedDays: row.lapse_unused_days,
    needsPractical: row.needs_practical === 1,
    needsWaiver: row.needs_waiver === 1,
    machineIds: numbers(row.machine_ids_json),
    machineKinds: strings(row.machine_kinds_json),
    prerequisites: numbers(row.prerequisites_json),
    retired: row.retired_at !== null,
    createdAt: row.created_at,
  };
}

const SELECT_VERSION = `SELECT v.*, d.code, d.retired_at FROM training_definition_versions v
  JOIN training_definitions d ON d.id = v.definition_id`;
const CURRENT = `v.version = (SELECT max(version) FROM training_definition_versions WHERE definition_id = v.definition_id)`;

export function currentDefinitions(db: Db, includeRetired = true): TrainingDefinition[] {
  const rows = db
    .prepare(
      `${SELECT_VERSION} WHERE ${CURRENT} ${includeRetired ? '' : 'AND d.retired_at IS NULL'} ORDER BY d.code`,
    )
    .all() as DefinitionRow[];
  return rows.map(toDefinition);
}

export function currentDefinition(db: Db, id: number): TrainingDefinition {
  const row = db.prepare(`${SELECT_VERSION} WHERE v.definition_id = ? AND ${CURRENT}`).get(id) as
    DefinitionRow | undefined;
  if (row === undefined) throw notFound('Training', id);
  return toDefinition(row);
}

export function definitionVersions(db: Db, id: number): TrainingDefinition[] {
  const rows = db
    .prepare(`${SELECT_VERSION} WHERE v.definition_id = ? ORDER BY v.version`)
    .all(id) as DefinitionRow[];
  if (rows.length === 0) throw notFound('Training', id);
  return rows.map(toDefinition);
}

interface AuthorizationRow extends VersionRow {
  auth_id: number;
  certificate_no: number;
  person_id: number;
  person_name: string;
  code: string;
  status: 'active' | 'suspended' | 'revoked' | 'superseded';
  granted_at: string;
  granted_by: number;
  granted_by_name: string;
  expires_at: string | null;
  renews_id: number | null;
  note: string | null;
  ended_at: string | null;
  ended_by: number | null;
  end_reason: string | null;
  last_used_at: string | null;
}

const SELECT_AUTH = `
  SELECT v.*, a.id AS auth_id, a.certificate_no, a.person_id, p.display_name AS person_name, d.code, a.status,
         a.granted_at, a.granted_by, g.display_name AS granted_by_name, a.expires_at, a.renews_id, a.note,
         a.ended_at, a.ended_by, a.end_reason,
         (SELECT max(u.at) FROM training_uses u WHERE u.authorization_id = a.id) AS last_used_at
  FROM training_authorizations a
  JOIN training_definition_versions v ON v.id = a.version_id
  JOIN training_definitions d ON d.id = a.definition_id
  JOIN persons p ON p.id = a.person_id
  JOIN persons g ON g.id = a.granted_by`;

/** Held rows (with their granted policy) for the pure authorize. */
function toHeld(row: AuthorizationRow): HeldAuthorization {
  return {
    id: row.auth_id,
    definitionId: row.definition_id,
    status: row.status,
    grantedAt: row.granted_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    policy: policyOf(row),
    needsWaiver: row.needs_waiver === 1,
    prerequisites: numbers(row.prerequisites_json),
  };
}

const EXPIRING_MS = 30 * 86_400_000;

/** What time has made of a row: stored status first, then expiry and lapse, then "expiring within 30 days". */
export function stateOf(held: HeldAuthorization, at: Date): AuthorizationState {
  if (held.status !== 'active') return held.status;
  const reasons = standing({ authorizations: [held], waiverOnFile: true }, held.definitionId, at);
  if (reasons.includes('expired')) return 'expired';
  if (reasons.includes('lapsed_unused')) return 'lapsed';
  const until = goodUntil(held.policy, held);
  if (until !== null && until.getTime() - at.getTime() <= EXPIRING_MS) return 'expiring';
  return 'active';
}

function toAuthorization(row: AuthorizationRow, at: Date): TrainingAuthorization {
  const held = toHeld(row);
  // Prerequisites are judged by authorize, not by the row's own state.
  const bare = { ...held, prerequisites: [] };
  const until = goodUntil(held.policy, held);
  return {
    id: row.auth_id,
    certificateNo: row.certificate_no,
    personId: row.person_id,
    personName: row.person_name,
    definitionId: row.definition_id,
    code: row.code,
    name: row.name,
    version: row.version,
    status: row.status,
    state: stateOf(bare, at),
    grantedAt: row.granted_at,
    grantedBy: row.granted_by,
    grantedByName: row.granted_by_name,
    expiresAt: row.expires_at,
    goodUntil: until === null ? null : until.toISOString(),
    lastUsedAt: row.last_used_at,
    renewsId: row.renews_id,
    note: row.note,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    endReason: row.end_reason,
  };
}

export function authorizationRows(db: Db, where: string, ...params: unknown[]): AuthorizationRow[] {
  return db
    .prepare(`${SELECT_AUTH} WHERE ${where} ORDER BY a.granted_at DESC, a.id DESC`)
    .all(...params) as AuthorizationRow[];
}

export function heldAuthorizations(db: Db, personId: number): HeldAuthorization[] {
  return authorizationRows(db, 'a.person_id = ?', personId).map(toHeld);
}

export function authorizationsOf(db: Db, personId: number, at: Date): TrainingAuthorization[] {
  return authorizationRows(db, 'a.person_id = ?', personId).map((r) => toAuthorization(r, at));
}

export function allAuthorizations(db: Db, at: Date): TrainingAuthorization[] {
  return authorizationRows(db, '1 = 1').map((r) => toAuthorization(r, at));
}

export function getAuthorization(db: Db, id: number, at: Date): TrainingAuthorization {
  const row = authorizationRows(db, 'a.id = ?', id)[0];
  if (row === undefined) throw notFound('Authorization', id);
  return toAuthorization(row, at);
}

/** Whether the person has a waiver on file that is good at `at`. */
export function waiverOnFile(db: Db, personId: number, at: Date): boolean {
  const row = db
    .prepare(
      'SELECT 1 FROM training_waivers WHERE person_id = ? AND (expires_at IS NULL OR expires_at > ?) LIMIT 1',
    )
    .get(personId, at.toISOString());
  return row !== undefined;
}

export function personRow(db: Db, id: number): { id: number; displayName: string; active: boolean } {
  const row = db.prepare('SELECT id, display_name, active FROM persons WHERE id = ?').get(id) as
    { id: number; display_name: string; active: number } | undefined;
  if (row === undefined) throw notFound('Person', id);
  return { id: row.id, displayName: row.display_name, active: row.active === 1 };
}
