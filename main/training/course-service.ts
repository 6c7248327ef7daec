import type {
  Course,
  CourseProgress,
  ModuleStatus,
  Submission,
} from '../../preload/contract/methods/training.js';
import type { Db, Store } from '../store/store.js';
import { DeskError, conflict, notFound, ruleViolation } from '../kernel/errors.js';
import { isAdmin, subjectOf, type Actor } from './access.js';
import { currentDefinition, personRow } from './rows.js';

/**
 * The course track in the Fab Academy shape. Each submission is reviewed by a local instructor, then a global
 * evaluator; a module counts as accepted only after the global review. Progress is "N of M modules accepted".
 */

interface CourseRow {
  id: number;
  code: string;
  title: string;
  cycle_year: number;
}

interface ModuleRow {
  id: number;
  position: number;
  title: string;
  week_of: string;
  outcomes_json: string;
  assignments_json: string;
  proposes_definition_id: number | null;
}

function toCourse(db: Db, row: CourseRow): Course {
  const modules = db
    .prepare('SELECT * FROM training_modules WHERE course_id = ? ORDER BY position')
    .all(row.id) as ModuleRow[];
  const instructors = db
    .prepare(
      `SELECT p.id, p.display_name AS displayName FROM training_course_instructors i JOIN persons p ON p.id = i.person_id
       WHERE i.course_id = ? ORDER BY p.display_name`,
    )
    .all(row.id) as Course['instructors'];
  const enrolled = (
    db
      .prepare(`SELECT count(*) AS n FROM training_enrollments WHERE course_id = ? AND status = 'active'`)
      .get(row.id) as { n: number }
  ).n;
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    cycleYear: row.cycle_year,
    instructors,
    enrolled,
    modules: modules.map((m) => ({
      id: m.id,
      position: m.position,
      title: m.title,
      weekOf: m.week_of,
      outcomes: JSON.parse(m.outcomes_json) as string[],
      assignments: JSON.parse(m.assignments_json) as Course['modules'][number]['assignments'],
      proposesDefinitionId: m.proposes_definition_id,
    })),
  };
}

export function getCourse(db: Db, id: number): Course {
  const row = db.prepare('SELECT * FROM training_courses WHERE id = ?').get(id) as CourseRow | undefined;
  if (row === undefined) throw notFound('Course', id);
  return toCourse(db, row);
}

export function listCourses(db: Db): Course[] {
  const rows = db
    .prepare('SELECT * FROM training_courses ORDER BY cycle_year DESC, title')
    .all() as CourseRow[];
  return rows.map((r) => toCourse(db, r));
}

export function createCourse(
  store: Store,
  actor: Actor,
  input: { code: string; title: string; cycleYear: number; instructorIds: readonly number[] },
): Course {
  return store.write({ actor: actor.id }, (tx) => {
    if (tx.db.prepare('SELECT 1 FROM training_courses WHERE code = ?').get(input.code) !== undefined) {
      throw conflict(`A course with the code "${input.code}" already exists.`, { field: 'code' });
    }
    const { lastInsertRowid } = tx.db
      .prepare('INSERT INTO training_courses (code, title, cycle_year, created_at) VALUES (?, ?, ?, ?)')
      .run(input.code, input.title, input.cycleYear, tx.at);
    const id = Number(lastInsertRowid);
    const add = tx.db.prepare('INSERT INTO training_course_instructors (course_id, person_id) VALUES (?, ?)');
    for (const personId of new Set(input.instructorIds)) {
      personRow(tx.db, personId);
      add.run(id, personId);
    }
    const course = getCourse(tx.db, id);
    tx.audit('training_course', id, 'create', null, course);
    return course;
  });
}

export function addModule(
  store: Store,
  actor: Actor,
  input: {
    courseId: number;
    title: string;
    weekOf: string;
    outcomes: readonly string[];
    assignments: readonly { kind: 'individual' | 'group'; text: string }[];
    proposesDefinitionId?: number | undefined;
  },
): Course {
  return store.write({ actor: actor.id }, (tx) => {
    const before = getCourse(tx.db, input.courseId);
    if (input.proposesDefinitionId !== undefined) currentDefinition(tx.db, input.proposesDefinitionId);
    const position = before.modules.length + 1;
    tx.db
      .prepare(
        `INSERT INTO training_modules (course_id, position, title, week_of, outcomes_json, assignments_json, proposes_definition_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.courseId,
        position,
        input.title,
        input.weekOf,
        JSON.stringify(input.outcomes),
        JSON.stringify(input.assignments),
        input.proposesDefinitionId ?? null,
      );
    const after = getCourse(tx.db, input.courseId);
    tx.audit('training_course', input.courseId, 'add_module', null, after.modules.at(-1));
    return after;
  });
}

function enrollmentOf(
  db: Db,
  courseId: number,
  personId: number,
): { id: number; status: string } | undefined {
  return db
    .prepare('SELECT id, status FROM training_enrollments WHERE course_id = ? AND person_id = ?')
    .get(courseId, personId) as { id: number; status: string } | undefined;
}

function isCourseInstructor(db: Db, courseId: number, personId: number): boolean {
  return (
    db
      .prepare('SELECT 1 FROM training_course_instructors WHERE course_id = ? AND person_id = ?')
      .get(courseId, personId) !== undefined
  );
}

export function enroll(store: Store, actor: Actor, courseId: number, personId: number): CourseProgress {
  store.write({ actor: actor.id }, (tx) => {
    getCourse(tx.db, courseId);
    const person = personRow(tx.db, personId);
    if (!isAdmin(actor) && !isCourseInstructor(tx.db, courseId, actor.id)) {
      throw ruleViolation('Only a local instructor of this course (or an admin) can enroll people.');
    }
    if (enrollmentOf(tx.db, courseId, personId) !== undefined)
      throw conflict(`${person.displayName} is already enrolled.`);
    const { lastInsertRowid } = tx.db
      .prepare('INSERT INTO training_enrollments (course_id, person_id, enrolled_at) VALUES (?, ?, ?)')
      .run(courseId, personId, tx.at);
    tx.audit('training_enrollment', Number(lastInsertRowid), 'enroll', null, { courseId, personId });
  });
  return progressOf(store.db, courseId, personId);
}

const SELECT_SUBMISSION = `
  SELECT s.id, e.course_id AS courseId, c.title AS courseTitle, e.person_id AS personId, p.display_name AS displayName,
         s.module_id AS moduleId, m.title AS moduleTitle, s.url, s.notes, s.submitted_at AS submittedAt, s.status
  FROM training_submissions s
  JOIN training_enrollments e ON e.id = s.enrollment_id
  JOIN training_courses c ON c.id = e.course_id
  JOIN persons p ON p.id = e.person_id
  LEFT JOIN training_modules m ON m.id = s.module_id`;

export function getSubmission(db: Db, id: number): Submission {
  const row = db.prepare(`${SELECT_SUBMISSION} WHERE s.id = ?`).get(id) as Submission | undefined;
  if (row === undefined) throw notFound('Submission', id);
  return row;
}

export function submit(
  store: Store,
  actor: Actor,
  input: {
    courseId: number;
    moduleId: number | null;
    url: string;
    notes?: string | undefined;
    personId?: number | undefined;
  },
): Submission {
  const personId = subjectOf(actor, input.personId);
  return store.write({ actor: actor.id }, (tx) => {
    const course = getCourse(tx.db, input.courseId);
    const enrollment = enrollmentOf(tx.db, input.courseId, personId);
    if (enrollment?.status !== 'active')
      throw ruleViolation('Only people enrolled in this course can hand in work.');
    if (input.moduleId !== null && !course.modules.some((m) => m.id === input.moduleId)) {
      throw new DeskError('NOT_FOUND', `Module ${input.moduleId} is not part of "${course.title}".`);
    }
    const done = tx.db
      .prepare(
        `SELECT 1 FROM training_submissions WHERE enrollment_id = ? AND module_id IS ? AND status IN ('accepted', 'locally_accepted', 'submitted')`,
      )
      .get(enrollment.id, input.moduleId);
    if (done !== undefined)
      throw conflict('This work is already handed in and waiting for review (or accepted).');
    const { lastInsertRowid } = tx.db
      .prepare(
        'INSERT INTO training_submissions (enrollment_id, module_id, url, notes, submitted_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(enrollment.id, input.moduleId, input.url, input.notes || null, tx.at);
    const submission = getSubmission(tx.db, Number(lastInsertRowid));
    tx.audit('training_submission', submission.id, 'submit', null, submission);
    return submission;
  });
}

/** Local review first (by a local instructor of the course), then the global evaluator's review (recorded by staff). */
export function review(
  store: Store,
  actor: Actor,
  input: {
    submissionId: number;
    stage: 'local' | 'global';
    decision: 'accept' | 'needs_work';
    comment?: string | undefined;
    evaluatorName?: string | undefined;
  },
): Submission {
  return store.write({ actor: actor.id, reason: input.comment }, (tx) => {
    const before = getSubmission(tx.db, input.submissionId);
    if (before.personId === actor.id) throw ruleViolation('Nobody reviews their own work.');
    if (!isAdmin(actor) && !isCourseInstructor(tx.db, before.courseId, actor.id)) {
      throw ruleViolation('Only a local instructor of this course (or an admin) records reviews.');
    }
    if (input.stage === 'local' && before.status !== 'submitted')
      throw conflict(`This submission is ${before.status}, not waiting for a local review.`);
    if (input.stage === 'global') {
      if (before.status !== 'locally_accepted')
        throw ruleViolation('The local instructor accepts the work before the global evaluator reviews it.');
      if (input.evaluatorName === undefined || input.evaluatorName === '') {
        throw new DeskError('INVALID_INPUT', 'Name the global evaluator whose review this is.', {
          field: 'evaluatorName',
        });
      }
    }
    tx.db
      .prepare(
        `INSERT INTO training_reviews (submission_id, stage, reviewer_id, evaluator_name, decision, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        before.id,
        input.stage,
        actor.id,
        input.evaluatorName || null,
        input.decision,
        input.comment || null,
        tx.at,
      );
    const status =
      input.decision === 'needs_work'
        ? 'needs_work'
        : input.stage === 'local'
          ? 'locally_accepted'
          : 'accepted';
    tx.db.prepare('UPDATE training_submissions SET status = ? WHERE id = ?').run(status, before.id);
    const after = getSubmission(tx.db, before.id);
    tx.audit('training_submission', before.id, `review_${input.stage}`, before, after);
    return after;
  });
}

/** The best standing of each module: accepted beats locally accepted beats submitted beats needs work. */
const RANK: Record<ModuleStatus, number> = {
  not_submitted: 0,
  needs_work: 1,
  submitted: 2,
  locally_accepted: 3,
  accepted: 4,
};

export function progressOf(db: Db, courseId: number, personId: number): CourseProgress {
  const course = getCourse(db, courseId);
  const person = personRow(db, personId);
  const enrollment = enrollmentOf(db, courseId, personId);
  if (enrollment === undefined)
    throw new DeskError('NOT_FOUND', `${person.displayName} is not enrolled in "${course.title}".`);
  const rows = db
    .prepare('SELECT module_id AS moduleId, status FROM training_submissions WHERE enrollment_id = ?')
    .all(enrollment.id) as {
    moduleId: number | null;
    status: ModuleStatus;
  }[];
  const best = (moduleId: number | null): ModuleStatus =>
    rows
      .filter((r) => r.moduleId === moduleId)
      .reduce<ModuleStatus>((b, r) => (RANK[r.status] > RANK[b] ? r.status : b), 'not_submitted');
  const modules = course.modules.map((m) => ({
    moduleId: m.id,
    position: m.position,
    title: m.title,
    status: best(m.id),
  }));
  const accepted = modules.filter((m) => m.status === 'accepted').length;
  const finalProject = best(null);
  return {
    courseId,
    courseTitle: course.title,
    cycleYear: course.cycleYear,
    personId,
    displayName: person.displayName,
    accepted,
    total: modules.length,
    finalProject,
    diplomaReady: modules.length > 0 && accepted === modules.length && finalProject === 'accepted',
    modules,
  };
}

export function coursesOf(db: Db, personId: number): CourseProgress[] {
  const ids = db
    .prepare(`SELECT course_id AS id FROM training_enrollments WHERE person_id = ? AND status = 'active'`)
    .all(personId) as {
    id: number;
  }[];
  return ids.map((r) => progressOf(db, r.id, personId));
}

export function roster(db: Db, courseId: number): CourseProgress[] {
  getCourse(db, courseId);
  const ids = db
    .prepare(`SELECT person_id AS id FROM training_enrollments WHERE course_id = ? AND status = 'active'`)
    .all(courseId) as {
    id: number;
  }[];
  return ids
    .map((r) => progressOf(db, courseId, r.id))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Submissions waiting for the caller: local reviews in courses they teach (all courses for an admin). */
export function pendingReviews(db: Db, actor: Actor): Submission[] {
  const scope = isAdmin(actor)
    ? ''
    : 'AND EXISTS (SELECT 1 FROM training_course_instructors i WHERE i.course_id = e.course_id AND i.person_id = ?)';
  const params = isAdmin(actor) ? [] : [actor.id];
  return db
    .prepare(
      `${SELECT_SUBMISSION} WHERE s.status IN ('submitted', 'locally_accepted') ${scope} ORDER BY s.submitted_at`,
    )
    .all(...params) as Submission[];
}
