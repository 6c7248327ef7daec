import type { trainingMethods } from '../../preload/contract/methods/training.js';
import type { CallContext, HandlersFor } from '../kernel/handler-types.js';
import type { HostContext } from '../kernel/context.js';
import { readSettings } from '../system/settings.js';
import { actorOf, isCaretaker, subjectOf } from './access.js';
import { checkAuthorization } from './authorize-service.js';
import {
  addModule,
  createCourse,
  enroll,
  getCourse,
  listCourses,
  progressOf,
  review,
  roster,
  submit,
} from './course-service.js';
import {
  createDefinition,
  endRight,
  grantRight,
  listRights,
  reviseDefinition,
} from './definitions-service.js';
import {
  badgeDocuments,
  badgeUrls,
  CREDENTIAL_NOTE,
  openBadgeCredential,
  publicBadgeSource,
  publishBadge,
} from './badges.js';
import { certificatePdf, credentialFacts } from './documents.js';
import { grantMany } from './bulk-grant.js';
import { changeStatus, grant, recordMachineUse, renew, signOff } from './grants-service.js';
import { lookupMachine } from './machine-lookup.js';
import { authorizationsOf, currentDefinitions, definitionVersions, getAuthorization } from './rows.js';
import {
  cancelSession,
  createSession,
  listSessions,
  recordAssessment,
  recordAttendance,
  recordWaiver,
  register,
  withdraw,
} from './sessions-service.js';
import { instructorDesk, trainingMatrix, transcriptOf } from './views.js';
import { DeskError, notFound } from '../kernel/errors.js';

const DAY_MS = 86_400_000;

export function trainingHandlers(context: HostContext): HandlersFor<typeof trainingMethods> {
  const { store, events, clock } = context;
  const changed = (entity: string, id: number) => events.publish('changed', { entity, id: String(id) });
  const now = () => clock.now();

  // Certificates by URL: /blob/training/certificate/<authorizationId>.pdf, for the holder and caretakers only.
  context.blobs.register('training', async (rest, who) => {
    const match = /^certificate\/(\d+)\.pdf$/.exec(rest);
    if (match === null) return null;
    const id = Number(match[1]);
    const row = store.db.prepare('SELECT person_id FROM training_authorizations WHERE id = ?').get(id) as
      { person_id: number } | undefined;
    if (row === undefined) return null;
    if (row.person_id !== who.personId && !isCaretaker({ id: who.personId, roles: who.roles })) return null;
    const authorization = getAuthorization(store.db, id, now());
    const bytes = await certificatePdf(credentialFacts(store.db, authorization, readSettings(store).labName));
    return {
      body: Buffer.from(bytes),
      contentType: 'application/pdf',
      size: bytes.byteLength,
      fileName: `certificate-${authorization.certificateNo}.pdf`,
    };
  });

  // Open Badges: what a verifier fetches, at /public/training/… on the web host (no token, no login).
  context.blobs.registerPublic(
    'training',
    publicBadgeSource(store, clock, () => readSettings(store).labName),
  );

  /** Publishes the badge and builds its documents on the Desk's web address (refused when nothing serves it). */
  const exportBadge = (authorizationId: number, recipientUrl: string | undefined, ctx: CallContext) => {
    const actor = actorOf(ctx);
    const authorization = getAuthorization(store.db, authorizationId, now());
    subjectOf(actor, authorization.personId);
    const origin = context.blobs.publicOrigin;
    if (origin === null) {
      throw new DeskError(
        'RULE_VIOLATION',
        'An Open Badge is verified at the Desk’s web address, and this Desk is not served on the web: start it with `cp-desk serve` and export the badge there.',
      );
    }
    const row = publishBadge(store, actor, authorizationId, recipientUrl, now());
    const docs = badgeDocuments(store.db, origin, readSettings(store).labName, authorization, row);
    return { ...docs, urls: badgeUrls(origin), publicId: row.publicId };
  };

  return {
    'training.definitions.list': ({ includeRetired }) => currentDefinitions(store.db, includeRetired),
    'training.definitions.versions': ({ id }) => definitionVersions(store.db, id),
    'training.definitions.create': (input, ctx) => {
      const d = createDefinition(store, actorOf(ctx), input);
      changed('training_definition', d.id);
      return d;
    },
    'training.definitions.revise': (input, ctx) => {
      const d = reviseDefinition(store, actorOf(ctx), input);
      changed('training_definition', d.id);
      return d;
    },
    'training.rights.list': ({ definitionId }) => listRights(store.db, definitionId),
    'training.rights.grant': ({ personId, definitionId }, ctx) => {
      const r = grantRight(store, actorOf(ctx), personId, definitionId);
      changed('training_right', r.id);
      return r;
    },
    'training.rights.end': ({ rightId, reason }, ctx) => {
      const r = endRight(store, actorOf(ctx), rightId, reason);
      changed('training_right', r.id);
      return r;
    },
    'training.sessions.list': ({ from, to, definitionId }, ctx) =>
      listSessions(store.db, actorOf(ctx), {
        from: from ?? new Date(now().getTime() - 30 * DAY_MS).toISOString(),
        to,
        definitionId,
      }),
    'training.sessions.create': (input, ctx) => {
      const s = createSession(store, actorOf(ctx), input);
      changed('training_session', s.id);
      return s;
    },
    'training.sessions.register': ({ sessionId, personId }, ctx) => {
      const s = register(store, actorOf(ctx), sessionId, personId);
      changed('training_session', s.id);
      return s;
    },
    'training.sessions.withdraw': ({ sessionId, personId }, ctx) => {
      const s = withdraw(store, actorOf(ctx), sessionId, personId);
      changed('training_session', s.id);
      return s;
    },
    'training.sessions.recordAttendance': ({ sessionId, attendance }, ctx) => {
      const s = recordAttendance(store, actorOf(ctx), sessionId, attendance);
      changed('training_session', s.id);
      return s;
    },
    'training.sessions.cancel': ({ sessionId, reason }, ctx) => {
      const s = cancelSession(store, actorOf(ctx), sessionId, reason);
      changed('training_session', s.id);
      return s;
    },
    'training.assessments.record': (input, ctx) => {
      const a = recordAssessment(store, actorOf(ctx), input);
      changed('training_assessment', a.id);
      return a;
    },
    'training.waivers.record': (input, ctx) => {
      const w = recordWaiver(store, actorOf(ctx), input);
      changed('training_waiver', w.id);
      return w;
    },
    'training.authorizations.list': ({ personId }, ctx) =>
      authorizationsOf(store.db, subjectOf(actorOf(ctx), personId), now()),
    'training.authorizations.grant': (input, ctx) => {
      const a = grant(store, actorOf(ctx), input);
      changed('training_authorization', a.id);
      return a;
    },
    'training.authorizations.grantMany': (input, ctx) => {
      const result = grantMany(store, actorOf(ctx), input);
      for (const a of result.granted) changed('training_authorization', a.id);
      return result;
    },
    'training.authorizations.signOff': (input, ctx) => {
      const a = signOff(store, actorOf(ctx), input);
      changed('training_authorization', a.id);
      return a;
    },
    'training.authorizations.renew': ({ authorizationId, note }, ctx) => {
      const a = renew(store, actorOf(ctx), authorizationId, note);
      changed('training_authorization', a.id);
      return a;
    },
    'training.authorizations.suspend': ({ authorizationId, reason }, ctx) => {
      const a = changeStatus(store, actorOf(ctx), authorizationId, 'suspend', reason);
      changed('training_authorization', a.id);
      return a;
    },
    'training.authorizations.reinstate': ({ authorizationId, reason }, ctx) => {
      const a = changeStatus(store, actorOf(ctx), authorizationId, 'reinstate', reason);
      changed('training_authorization', a.id);
      return a;
    },
    'training.authorizations.revoke': ({ authorizationId, reason }, ctx) => {
      const a = changeStatus(store, actorOf(ctx), authorizationId, 'revoke', reason);
      changed('training_authorization', a.id);
      return a;
    },
    'training.authorize': ({ machineId, personId }, ctx) => {
      const actor = actorOf(ctx);
      return checkAuthorization(context, {
        personId: subjectOf(actor, personId),
        machineId,
        askedBy: actor.id,
      });
    },
    'training.recordUse': ({ machineId, personId }, ctx) => {
      const machine = lookupMachine(store.db, machineId);
      if (machine === null) throw notFound('Machine', machineId);
      const counted = store.write({ actor: actorOf(ctx).id }, (tx) =>
        recordMachineUse(tx, personId, machine),
      );
      changed('training_authorization', personId);
      return { counted };
    },
    'training.matrix': (_input, ctx) => trainingMatrix(store.db, actorOf(ctx), now()),
    'training.transcript': ({ personId }, ctx) => {
      const actor = actorOf(ctx);
      return transcriptOf(store.db, actor, subjectOf(actor, personId), now());
    },
    'training.instructorDesk': (_input, ctx) => instructorDesk(store.db, actorOf(ctx), now()),
    'training.badge': ({ authorizationId, recipientUrl }, ctx) => {
      const badge = exportBadge(authorizationId, recipientUrl, ctx);
      changed('training_badge', authorizationId);
      return badge.assertion;
    },
    'training.badges.export': ({ authorizationId, recipientUrl }, ctx) => {
      const { assertion, badgeClass, issuer, urls, publicId } = exportBadge(
        authorizationId,
        recipientUrl,
        ctx,
      );
      changed('training_badge', authorizationId);
      return {
        assertion,
        badgeClass,
        issuer,
        assertionUrl: urls.assertion(publicId),
        bakedImageUrl: urls.baked(publicId),
        credential: openBadgeCredential(assertion, badgeClass, issuer),
        credentialNote: CREDENTIAL_NOTE,
      };
    },
    'training.courses.list': () => listCourses(store.db),
    'training.courses.create': (input, ctx) => {
      const c = createCourse(store, actorOf(ctx), input);
      changed('training_course', c.id);
      return c;
    },
    'training.courses.addModule': (input, ctx) => {
      const c = addModule(store, actorOf(ctx), input);
      changed('training_course', c.id);
      return c;
    },
    'training.courses.enroll': ({ courseId, personId }, ctx) => {
      const p = enroll(store, actorOf(ctx), courseId, personId);
      changed('training_course', courseId);
      return p;
    },
    'training.courses.submit': (input, ctx) => {
      const s = submit(store, actorOf(ctx), input);
      changed('training_submission', s.id);
      return s;
    },
    'training.courses.review': (input, ctx) => {
      const s = review(store, actorOf(ctx), input);
      changed('training_submission', s.id);
      return s;
    },
    'training.courses.progress': ({ courseId, personId }, ctx) => {
      getCourse(store.db, courseId);
      return progressOf(store.db, courseId, subjectOf(actorOf(ctx), personId));
    },
    'training.courses.roster': ({ courseId }, ctx) => {
      if (!isCaretaker(actorOf(ctx)))
        throw new DeskError('NOT_AUTHORIZED', 'Only staff and instructors see a course roster.');
      return roster(store.db, courseId);
    },
  };
}
