import { z } from 'zod';
import { method } from '../define.js';
import { businessDate, empty, id, isoInstant, optionalText, text } from '../common.js';
import {
  assessment,
  assessmentKind,
  authorization,
  decision,
  definition,
  evidence,
  instructorRight,
  matrix,
  policyFields,
  session,
  waiver,
} from './training-schemas.js';
import { courseMethods, progress, submission } from './training-course.js';

export * from './training-schemas.js';
export * from './training-course.js';

const reason = text(300);
/** Absent: the caller. A trainee may only name themselves; the service refuses anyone else. */
const personIdOptional = id.optional();
/** The web address a badge is issued to when the person has no email (or prefers a page they own). */
const badgeRecipientUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .optional();
const badgeExport = z.object({
  assertion: z.record(z.string(), z.unknown()),
  badgeClass: z.record(z.string(), z.unknown()),
  issuer: z.record(z.string(), z.unknown()),
  assertionUrl: z.string(),
  /** The badge image with the assertion baked in (a public address on the Desk). */
  bakedImageUrl: z.string(),
  credential: z.record(z.string(), z.unknown()),
  credentialNote: z.string(),
});

export const transcript = z.object({
  /** The host's clock when the states were judged: countdowns count from it, never from the screen's own clock. */
  asOf: isoInstant,
  person: z.object({ id, displayName: z.string(), active: z.boolean() }),
  authorizations: z.array(authorization),
  assessments: z.array(assessment),
  sessions: z.array(session),
  courses: z.array(progress),
  waivers: z.array(waiver),
});
export type Transcript = z.infer<typeof transcript>;

export const instructorDesk = z.object({
  upcomingSessions: z.array(session),
  pendingReviews: z.array(submission),
  /** Modules accepted that propose an authorization the person does not hold yet: waiting for a practical sign-off. */
  pendingSignOffs: z.array(
    z.object({
      personId: id,
      displayName: z.string(),
      definitionId: id,
      definitionName: z.string(),
      moduleTitle: z.string(),
    }),
  ),
  /** The trainings the caller may grant. */
  rights: z.array(id),
});
export type InstructorDesk = z.infer<typeof instructorDesk>;

const recordMethods = {
  'training.definitions.list': method({
    summary: 'Training definitions at their current version.',
    permission: 'training.read',
    input: z.strictObject({ includeRetired: z.boolean().default(false) }),
    output: z.array(definition),
  }),
  'training.definitions.versions': method({
    summary: 'Every version of one definition, oldest first.',
    permission: 'training.read',
    input: z.strictObject({ id }),
    output: z.array(definition),
  }),
  'training.definitions.create': method({
    summary:
      'Define a training: code, tier, what it unlocks, prerequisites, validity, sign-off and waiver needs.',
    permission: 'training.manage',
    input: z.strictObject({
      code: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'letters, digits, - _ . (up to 40)'),
      ...policyFields,
    }),
    output: definition,
  }),
  'training.definitions.revise': method({
    summary:
      'Change a training policy as a new version; past grants keep the version they were granted under.',
    permission: 'training.manage',
    input: z.strictObject({ id, reason, ...policyFields }),
    output: definition,
  }),
  'training.rights.list': method({
    summary: 'Who may grant which training (open rights).',
    permission: 'training.read',
    input: z.strictObject({ definitionId: id.optional() }),
    output: z.array(instructorRight),
  }),
  'training.rights.grant': method({
    summary:
      'Let a person grant a training (not yourself; you need the right yourself unless you are an admin).',
    permission: 'training.manage',
    input: z.strictObject({ personId: id, definitionId: id }),
    output: instructorRight,
  }),
  'training.rights.end': method({
    summary: 'Take away a right to grant (closed with who and why).',
    permission: 'training.manage',
    input: z.strictObject({ rightId: id, reason }),
    output: instructorRight,
  }),
  'training.sessions.list': method({
    summary: 'Sessions starting in a window (default: from 30 days ago on).',
    permission: 'training.read',
    input: z.strictObject({
      from: isoInstant.optional(),
      to: isoInstant.optional(),
      definitionId: id.optional(),
    }),
    output: z.array(session),
  }),
  'training.sessions.create': method({
    summary: 'Schedule a session with capacity and minimum attendees.',
    permission: 'training.teach',
    input: z.strictObject({
      definitionId: id,
      startsAt: isoInstant,
      endsAt: isoInstant,
      location: optionalText(120),
      capacity: z.number().int().min(1).max(500),
      minAttendees: z.number().int().min(0).max(500).default(1),
      instructorId: id.optional(),
      notes: optionalText(1000),
    }),
    output: session,
  }),
  'training.sessions.register': method({
    summary: 'Register for a session (yourself, or someone else if you teach).',
    permission: 'training.read',
    input: z.strictObject({ sessionId: id, personId: personIdOptional }),
    output: session,
  }),
  'training.sessions.withdraw': method({
    summary: 'Withdraw a registration.',
    permission: 'training.read',
    input: z.strictObject({ sessionId: id, personId: personIdOptional }),
    output: session,
  }),
  'training.sessions.recordAttendance': method({
    summary: 'Record who attended; the session is marked held.',
    permission: 'training.teach',
    input: z.strictObject({
      sessionId: id,
      attendance: z
        .array(z.strictObject({ personId: id, status: z.enum(['attended', 'absent']) }))
        .min(1)
        .max(500),
    }),
    output: session,
  }),
  'training.sessions.cancel': method({
    summary: 'Cancel a session that has not been held.',
    permission: 'training.teach',
    input: z.strictObject({ sessionId: id, reason }),
    output: session,
  }),
  'training.assessments.record': method({
    summary: 'Record an assessment (quiz, practical, documentation review, prior learning) with evidence.',
    permission: 'training.teach',
    input: z.strictObject({
      personId: id,
      definitionId: id,
      kind: assessmentKind,
      result: z.enum(['pass', 'fail']),
      score: z.number().int().min(0).max(100).optional(),
      sessionId: id.optional(),
      notes: optionalText(2000),
      evidence: z.array(evidence).max(20).default([]),
    }),
    output: assessment,
  }),
  'training.waivers.record': method({
    summary: 'Record a signed waiver on file for a person.',
    permission: 'training.teach',
    input: z.strictObject({
      personId: id,
      signedOn: businessDate,
      expiresAt: isoInstant.optional(),
      note: optionalText(300),
    }),
    output: waiver,
  }),
  'training.authorizations.list': method({
    summary: 'Authorizations of one person (default: yourself), closed ones included.',
    permission: 'training.read',
    input: z.strictObject({ personId: personIdOptional }),
    output: z.array(authorization),
  }),
  'training.authorizations.grant': method({
    summary:
      'Grant an authorization (needs your instructor right; never to yourself; practical and waiver as defined).',
    permission: 'training.teach',
    input: z.strictObject({ personId: id, definitionId: id, note: optionalText(500) }),
    output: authorization,
  }),
  'training.authorizations.signOff': method({
    summary: 'Practical sign-off: record the passed practical and grant the authorization in one step.',
    permission: 'training.teach',
    input: z.strictObject({
      personId: id,
      definitionId: id,
      sessionId: id.optional(),
      notes: optionalText(2000),
      evidence: z.array(evidence).max(20).default([]),
    }),
    output: authorization,
  }),
  'training.authorizations.grantMany': method({
    summary:
      'Record who is already qualified on a training (at machine registration, from the People screen): for each ' +
      'person a passed prior-learning assessment naming who qualified them and when, and the authorization it earns, ' +
      'all in one write (all or none). People who already hold it are left as they are and listed. Needs your ' +
      'instructor right; never yourself; prerequisites and waiver as defined.',
    permission: 'training.teach',
    input: z.strictObject({
      definitionId: id,
      personIds: z
        .array(id)
        .min(1, 'pick at least one person')
        .max(200, 'at most 200 people at once')
        .refine((ids) => new Set(ids).size === ids.length, 'each person only once'),
      qualifiedBy: text(120),
      qualifiedOn: businessDate,
      note: optionalText(500),
    }),
    output: z.object({
      granted: z.array(authorization),
      alreadyHeld: z.array(z.object({ personId: id, displayName: z.string() })),
    }),
  }),
  'training.authorizations.renew': method({
    summary: 'Renew an authorization as a new row under the current version (the old row is closed).',
    permission: 'training.teach',
    input: z.strictObject({ authorizationId: id, note: optionalText(500) }),
    output: authorization,
  }),
  'training.authorizations.suspend': method({
    summary: 'Suspend an authorization (it can be reinstated).',
    permission: 'training.teach',
    input: z.strictObject({ authorizationId: id, reason }),
    output: authorization,
  }),
  'training.authorizations.reinstate': method({
    summary: 'Lift a suspension.',
    permission: 'training.teach',
    input: z.strictObject({ authorizationId: id, reason }),
    output: authorization,
  }),
  'training.authorizations.revoke': method({
    summary: 'Revoke an authorization for good (it never becomes active again).',
    permission: 'training.teach',
    input: z.strictObject({ authorizationId: id, reason }),
    output: authorization,
  }),
  'training.authorize': method({
    summary: 'May this person use this machine now? Every refusal is logged.',
    permission: 'training.read',
    input: z.strictObject({ machineId: id, personId: personIdOptional }),
    output: decision,
  }),
  'training.recordUse': method({
    summary: 'Record that a person used a machine (counts for renew-on-use and lapse-after-unused).',
    permission: 'machines.manage',
    input: z.strictObject({ machineId: id, personId: id }),
    output: z.object({ counted: z.array(id) }),
  }),
  'training.matrix': method({
    summary: 'Person x training: active, expiring within 30 days, expired, suspended, revoked.',
    permission: 'training.read',
    input: empty,
    output: matrix,
  }),
  'training.transcript': method({
    summary: "A person's training record: authorizations, assessments, sessions, courses, waivers.",
    permission: 'training.read',
    input: z.strictObject({ personId: personIdOptional }),
    output: transcript,
  }),
  'training.instructorDesk': method({
    summary: "An instructor's desk: upcoming sessions, reviews and sign-offs waiting.",
    permission: 'training.teach',
    input: empty,
    output: instructorDesk,
  }),
  'training.badge': method({
    summary:
      'An authorization as an Open Badges 2.0 assertion (JSON, hosted verification on the Desk’s web address). ' +
      'Publishes the badge on first use, to the person’s email or to recipientUrl.',
    permission: 'training.read',
    input: z.strictObject({ authorizationId: id, recipientUrl: badgeRecipientUrl }),
    output: z.record(z.string(), z.unknown()),
  }),
  'training.badges.export': method({
    summary:
      'Publish an authorization as an Open Badge and answer its Open Badges 2.0 assertion, badge class and issuer, ' +
      'the address of the PNG with the assertion baked in, and an unsigned Open Badges 3.0 credential with a note ' +
      'on what it lacks.',
    permission: 'training.read',
    input: z.strictObject({ authorizationId: id, recipientUrl: badgeRecipientUrl }),
    output: badgeExport,
  }),
};

export const trainingMethods = { ...recordMethods, ...courseMethods };
