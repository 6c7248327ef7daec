import { z } from 'zod';
import { businessDate, id, isoInstant, optionalText, text } from '../common.js';
import { machineKind } from './machines.js';

/** Value shapes of the training area: definitions, sessions, records, course track. */

export const tier = z.enum(['safety', 'competency', 'optional']);
export const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a month and day as MM-DD, e.g. 09-01');

export const validity = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('never') }),
  z.strictObject({ kind: z.literal('days'), days: z.number().int().min(1).max(3650) }),
  z.strictObject({ kind: z.literal('yearly'), monthDay }),
]);
export type ValidityInput = z.infer<typeof validity>;

/** The policy fields of a definition version: a change to any of them is a new version. */
export const policyFields = {
  name: text(120),
  description: optionalText(1000),
  tier,
  validity,
  renewOnUse: z.boolean().default(false),
  lapseUnusedDays: z.number().int().min(1).max(3650).nullable().default(null),
  needsPractical: z.boolean().default(false),
  needsWaiver: z.boolean().default(false),
  machineIds: z.array(id).max(200).default([]),
  machineKinds: z.array(machineKind).max(20).default([]),
  prerequisites: z.array(id).max(20).default([]),
};
/** What a service receives for a definition's policy (defaults filled). */
export type PolicyInput = z.output<ReturnType<typeof z.strictObject<typeof policyFields>>>;

export const definition = z.object({
  id,
  code: z.string(),
  versionId: id,
  version: z.number().int().positive(),
  name: z.string(),
  description: z.string().nullable(),
  tier,
  validity,
  renewOnUse: z.boolean(),
  lapseUnusedDays: z.number().int().nullable(),
  needsPractical: z.boolean(),
  needsWaiver: z.boolean(),
  machineIds: z.array(id),
  machineKinds: z.array(z.string()),
  prerequisites: z.array(id),
  retired: z.boolean(),
  createdAt: isoInstant,
});
export type TrainingDefinition = z.infer<typeof definition>;

export const instructorRight = z.object({
  id,
  personId: id,
  personName: z.string(),
  definitionId: id,
  grantedAt: isoInstant,
  grantedBy: id.nullable(),
  endedAt: isoInstant.nullable(),
  endReason: z.string().nullable(),
});

export const attendanceStatus = z.enum(['registered', 'attended', 'absent', 'withdrawn']);

export const session = z.object({
  id,
  definitionId: id,
  definitionName: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  location: z.string().nullable(),
  capacity: z.number().int(),
  minAttendees: z.number().int(),
  instructorId: id,
  instructorName: z.string(),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  notes: z.string().nullable(),
  /** Registered or attended, not withdrawn. */
  taken: z.number().int(),
  /** Only the caller's own row for a trainee; everyone for staff and instructors. */
  attendees: z.array(z.object({ personId: id, displayName: z.string(), status: attendanceStatus })),
});
export type TrainingSession = z.infer<typeof session>;

export const evidence = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), fileId: id, label: optionalText(200) }),
  z.strictObject({ kind: z.literal('link'), url: z.url({ protocol: /^https?$/ }), label: optionalText(200) }),
  z.strictObject({ kind: z.literal('note'), text: text(2000) }),
]);

export const assessmentKind = z.enum(['quiz', 'practical', 'documentation', 'prior_learning']);

export const assessment = z.object({
  id,
  personId: id,
  definitionId: id,
  definitionName: z.string(),
  sessionId: id.nullable(),
  kind: assessmentKind,
  result: z.enum(['pass', 'fail']),
  score: z.number().int().nullable(),
  assessorId: id,
  assessorName: z.string(),
  at: isoInstant,
  notes: z.string().nullable(),
  evidence: z.array(evidence),
});
export type TrainingAssessment = z.infer<typeof assessment>;

/** Stored status plus what time has made of it (expired, lapsed, expiring within 30 days). */
export const authorizationState = z.enum([
  'active',
  'expiring',
  'expired',
  'lapsed',
  'suspended',
  'revoked',
  'superseded',
]);
export type AuthorizationState = z.infer<typeof authorizationState>;

export const authorization = z.object({
  id,
  certificateNo: z.number().int(),
  personId: id,
  personName: z.string(),
  definitionId: id,
  code: z.string(),
  name: z.string(),
  version: z.number().int(),
  status: z.enum(['active', 'suspended', 'revoked', 'superseded']),
  state: authorizationState,
  grantedAt: isoInstant,
  grantedBy: id,
  grantedByName: z.string(),
  /** Expiry fixed at grant time (null: never). */
  expiresAt: isoInstant.nullable(),
  /** When it stops being good, counting renew-on-use and lapse-after-unused (null: never). */
  goodUntil: isoInstant.nullable(),
  lastUsedAt: isoInstant.nullable(),
  renewsId: id.nullable(),
  note: z.string().nullable(),
  endedAt: isoInstant.nullable(),
  endedBy: id.nullable(),
  endReason: z.string().nullable(),
});
export type TrainingAuthorization = z.infer<typeof authorization>;

export const reasonCode = z.enum([
  'no_training',
  'expired',
  'revoked',
  'suspended',
  'lapsed_unused',
  'prerequisite_missing',
  'waiver_missing',
  'machine_down',
  'person_inactive',
]);
export type ReasonCode = z.infer<typeof reasonCode>;

export const decision = z.object({
  allowed: z.boolean(),
  reasons: z.array(reasonCode),
  requires: z.array(id),
});

export const waiver = z.object({
  id,
  personId: id,
  signedOn: businessDate,
  expiresAt: isoInstant.nullable(),
  recordedAt: isoInstant,
  note: z.string().nullable(),
});

export const matrix = z.object({
  definitions: z.array(z.object({ id, code: z.string(), name: z.string(), tier })),
  people: z.array(z.object({ id, displayName: z.string() })),
  cells: z.array(
    z.object({
      personId: id,
      definitionId: id,
      authorizationId: id,
      state: authorizationState,
      goodUntil: isoInstant.nullable(),
    }),
  ),
});
export type TrainingMatrix = z.infer<typeof matrix>;
