import type { InstructorDesk, TrainingMatrix, Transcript } from '../../preload/contract/methods/training.js';
import type { Db } from '../store/store.js';
import { requireCaretaker, type Actor } from './access.js';
import { coursesOf, pendingReviews } from './course-service.js';
import { rightsOf } from './definitions-service.js';
import { allAuthorizations, authorizationsOf, currentDefinitions, personRow } from './rows.js';
import { assessmentsOf, listSessions, waiversOf } from './sessions-service.js';

const DAY_MS = 86_400_000;

/** Person x training, one cell per person's current (newest, not superseded) record of each training. */
export function trainingMatrix(db: Db, actor: Actor, at: Date): TrainingMatrix {
  requireCaretaker(actor, 'the training matrix');
  const definitions = currentDefinitions(db, false).map((d) => ({
    id: d.id,
    code: d.code,
    name: d.name,
    tier: d.tier,
  }));
  const cells = new Map<string, TrainingMatrix['cells'][number]>();
  const people = new Map<number, string>();
  // allAuthorizations is newest first, so the first row seen per (person, training) is the current one.
  for (const a of allAuthorizations(db, at)) {
    if (a.status === 'superseded') continue;
    const key = `${a.personId}:${a.definitionId}`;
    if (cells.has(key)) continue;
    cells.set(key, {
      personId: a.personId,
      definitionId: a.definitionId,
      authorizationId: a.id,
      state: a.state,
      goodUntil: a.goodUntil,
    });
    people.set(a.personId, a.personName);
  }
  const trainees = db
    .prepare(
      `SELECT p.id, p.display_name AS displayName FROM persons p WHERE p.active = 1 AND (
         EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id AND r.role = 'trainee')
         OR EXISTS (SELECT 1 FROM training_enrollments e WHERE e.person_id = p.id))`,
    )
    .all() as { id: number; displayName: string }[];
  for (const t of trainees) people.set(t.id, t.displayName);
  return {
    definitions,
    people: [...people]
      .map(([id, displayName]) => ({ id, displayName }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    cells: [...cells.values()],
  };
}

export function transcriptOf(db: Db, viewer: Actor, personId: number, at: Date): Transcript {
  const person = personRow(db, personId);
  return {
    asOf: at.toISOString(),
    person,
    authorizations: authorizationsOf(db, personId, at),
    assessments: assessmentsOf(db, personId),
    sessions: listSessions(db, viewer, { from: '1970-01-01T00:00:00.000Z', personId }),
    courses: coursesOf(db, personId),
    waivers: waiversOf(db, personId),
  };
}

export function instructorDesk(db: Db, actor: Actor, at: Date): InstructorDesk {
  const rights = rightsOf(db, actor.id);
  const sessions = listSessions(db, actor, { from: new Date(at.getTime() - DAY_MS).toISOString() }).filter(
    (s) => s.status !== 'cancelled' && (s.instructorId === actor.id || rights.includes(s.definitionId)),
  );
  // A module accepted by the global evaluator that proposes a training the person does not hold: a sign-off is due.
  const proposals = db
    .prepare(
      `SELECT DISTINCT e.person_id AS personId, p.display_name AS displayName, m.proposes_definition_id AS definitionId, m.title AS moduleTitle
       FROM training_submissions s
       JOIN training_enrollments e ON e.id = s.enrollment_id
       JOIN training_modules m ON m.id = s.module_id
       JOIN persons p ON p.id = e.person_id
       WHERE s.status = 'accepted' AND m.proposes_definition_id IS NOT NULL AND p.active = 1
         AND NOT EXISTS (SELECT 1 FROM training_authorizations a WHERE a.person_id = e.person_id
                         AND a.definition_id = m.proposes_definition_id AND a.status IN ('active', 'suspended', 'revoked'))
       ORDER BY p.display_name`,
    )
    .all() as { personId: number; displayName: string; definitionId: number; moduleTitle: string }[];
  const names = new Map(currentDefinitions(db).map((d) => [d.id, d.name]));
  return {
    upcomingSessions: sessions,
    pendingReviews: pendingReviews(db, actor),
    pendingSignOffs: proposals
      .filter((p) => rights.includes(p.definitionId))
      .map((p) => ({ ...p, definitionName: names.get(p.definitionId) ?? '' })),
    rights,
  };
}
