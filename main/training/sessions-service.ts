import type { z } from 'zod';
import type {
  evidence,
  TrainingAssessment,
  TrainingSession,
} from '../../preload/contract/methods/training.js';
import type { Db, Store, WriteTx } from '../store/store.js';
import { DeskError, conflict, notFound, ruleViolation } from '../kernel/errors.js';
import { isCaretaker, subjectOf, type Actor } from './access.js';
import { hasRight } from './definitions-service.js';
import { currentDefinition, personRow } from './rows.js';

type Evidence = z.output<typeof evidence>;

interface SessionRow {
  id: number;
  definition_id: number;
  definition_name: string;
  starts_at: string;
  ends_at: string;
  location: string | null;
  capacity: number;
  min_attendees: number;
  instructor_id: number;
  instructor_name: string;
  status: 'scheduled' | 'held' | 'cancelled';
  notes: string | null;
}

const SELECT_SESSION = `
  SELECT s.*, p.display_name AS instructor_name,
    (SELECT v.name FROM training_definition_versions v WHERE v.definition_id = s.definition_id ORDER BY v.version DESC LIMIT 1)
      AS definition_name
  FROM training_sessions s JOIN persons p ON p.id = s.instructor_id`;

function toSession(db: Db, row: SessionRow, viewer: Actor | null): TrainingSession {
  const attendees = db
    .prepare(
      `SELECT a.person_id AS personId, p.display_name AS displayName, a.status FROM training_session_attendees a
       JOIN persons p ON p.id = a.person_id WHERE a.session_id = ? ORDER BY p.display_name`,
    )
    .all(row.id) as TrainingSession['attendees'];
  const taken = attendees.filter((a) => a.status !== 'withdrawn').length;
  return {
    id: row.id,
    definitionId: row.definition_id,
    definitionName: row.definition_name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    location: row.location,
    capacity: row.capacity,
    minAttendees: row.min_attendees,
    instructorId: row.instructor_id,
    instructorName: row.instructor_name,
    status: row.status,
    notes: row.notes,
    taken,
    // A trainee sees the head count but only their own name on the list.
    attendees:
      viewer === null || isCaretaker(viewer) ? attendees : attendees.filter((a) => a.personId === viewer.id),
  };
}

export function getSession(db: Db, id: number, viewer: Actor | null): TrainingSession {
  const row = db.prepare(`${SELECT_SESSION} WHERE s.id = ?`).get(id) as SessionRow | undefined;
  if (row === undefined) throw notFound('Session', id);
  return toSession(db, row, viewer);
}

export function listSessions(
  db: Db,
  viewer: Actor,
  filter: {
    from: string;
    to?: string | undefined;
    definitionId?: number | undefined;
    personId?: number | undefined;
  },
): TrainingSession[] {
  const clauses = ['s.starts_at >= ?'];
  const params: unknown[] = [filter.from];
  if (filter.to !== undefined) {
    clauses.push('s.starts_at < ?');
    params.push(filter.to);
  }
  if (filter.definitionId !== undefined) {
    clauses.push('s.definition_id = ?');
    params.push(filter.definitionId);
  }
  if (filter.personId !== undefined) {
    clauses.push(
      'EXISTS (SELECT 1 FROM training_session_attendees a WHERE a.session_id = s.id AND a.person_id = ?)',
    );
    params.push(filter.personId);
  }
  const rows = db
    .prepare(`${SELECT_SESSION} WHERE ${clauses.join(' AND ')} ORDER BY s.starts_at, s.id`)
    .all(...params) as SessionRow[];
  return rows.map((r) => toSession(db, r, viewer));
}

function requireTeacher(db: Db, actor: Actor, definitionId: number, personId?: number): void {
  if (personId === actor.id) throw ruleViolation('Nobody assesses or signs off their own training.');
  if (!hasRight(db, actor.id, definitionId)) {
    const name = currentDefinition(db, definitionId).name;
    throw ruleViolation(`You do not hold the instructor right for "${name}".`, { definitionId });
  }
}

export function createSession(
  store: Store,
  actor: Actor,
  input: {
    definitionId: number;
    startsAt: string;
    endsAt: string;
    location?: string | undefined;
    capacity: number;
    minAttendees: number;
    instructorId?: number | undefined;
    notes?: string | undefined;
  },
): TrainingSession {
  // Checked before the write so bad input changes nothing and says exactly what is wrong.
  if (input.endsAt <= input.startsAt) {
    throw new DeskError('INVALID_INPUT', 'The session must end after it starts.', { field: 'endsAt' });
  }
  if (input.minAttendees > input.capacity) {
    throw new DeskError(
      'INVALID_INPUT',
      'The minimum number of attendees cannot be more than the capacity.',
      { field: 'minAttendees' },
    );
  }
  return store.write({ actor: actor.id }, (tx) => {
    const definition = currentDefinition(tx.db, input.definitionId);
    const instructorId = input.instructorId ?? actor.id;
    const instructor = personRow(tx.db, instructorId);
    if (!hasRight(tx.db, instructorId, definition.id)) {
      throw ruleViolation(
        `${instructor.displayName} does not hold the instructor right for "${definition.name}".`,
      );
    }
    const { lastInsertRowid } = tx.db
      .prepare(
        `INSERT INTO training_sessions (definition_id, starts_at, ends_at, location, capacity, min_attendees, instructor_id,
           notes, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        definition.id,
        input.startsAt,
        input.endsAt,
        input.location || null,
        input.capacity,
        input.minAttendees,
        instructorId,
        input.notes || null,
        tx.at,
        actor.id,
      );
    const session = getSession(tx.db, Number(lastInsertRowid), null);
    tx.audit('training_session', session.id, 'create', null, session);
    return session;
  });
}

export function register(
  store: Store,
  actor: Actor,
  sessionId: number,
  personId: number | undefined,
): TrainingSession {
  const subject = subjectOf(actor, personId);
  return store.write({ actor: actor.id }, (tx) => {
    const session = getSession(tx.db, sessionId, null);
    const person = personRow(tx.db, subject);
    if (session.status !== 'scheduled')
      throw ruleViolation(`This session is ${session.status}: registration is closed.`);
    if (session.startsAt <= tx.at)
      throw ruleViolation('This session has already started: registration is closed.');
    if (!person.active) throw ruleViolation(`${person.displayName} is inactive.`);
    const existing = session.attendees.find((a) => a.personId === subject);
    if (existing !== undefined && existing.status !== 'withdrawn')
      throw conflict(`${person.displayName} is already registered.`);
    if (session.taken >= session.capacity)
      throw ruleViolation(`This session is full (${session.capacity} places).`);
    tx.db
      .prepare(
        `INSERT INTO training_session_attendees (session_id, person_id, registered_at, registered_by, status)
         VALUES (?, ?, ?, ?, 'registered')
         ON CONFLICT (session_id, person_id) DO UPDATE SET status = 'registered', registered_at = excluded.registered_at,
           registered_by = excluded.registered_by, marked_at = NULL, marked_by = NULL`,
      )
      .run(sessionId, subject, tx.at, actor.id);
    tx.audit('training_session', sessionId, 'register', null, { personId: subject });
    return getSession(tx.db, sessionId, actor);
  });
}

export function withdraw(
  store: Store,
  actor: Actor,
  sessionId: number,
  personId: number | undefined,
): TrainingSession {
  const subject = subjectOf(actor, personId);
  return store.write({ actor: actor.id }, (tx) => {
    const session = getSession(tx.db, sessionId, null);
    const row = session.attendees.find((a) => a.personId === subject);
    if (row === undefined || row.status !== 'registered')
      throw conflict('There is no open registration to withdraw.');
    if (session.status !== 'scheduled') throw ruleViolation(`This session is ${session.status}.`);
    tx.db
      .prepare(
        `UPDATE training_session_attendees SET status = 'withdrawn', marked_at = ?, marked_by = ? WHERE session_id = ? AND person_id = ?`,
      )
      .run(tx.at, actor.id, sessionId, subject);
    tx.audit(
      'training_session',
      sessionId,
      'withdraw',
      { personId: subject, status: 'registered' },
      { personId: subject, status: 'withdrawn' },
    );
    return getSession(tx.db, sessionId, actor);
  });
}

/** Attendance marks the session held. Walk-ins are added (capacity still holds). */
export function recordAttendance(
  store: Store,
  actor: Actor,
  sessionId: number,
  attendance: readonly { personId: number; status: 'attended' | 'absent' }[],
): TrainingSession {
  return store.write({ actor: actor.id }, (tx) => {
    const before = getSession(tx.db, sessionId, null);
    if (before.status === 'cancelled') throw ruleViolation('This session was cancelled.');
    if (before.instructorId !== actor.id) requireTeacher(tx.db, actor, before.definitionId);
    if (before.startsAt > tx.at)
      throw ruleViolation('Attendance can be recorded once the session has started.');
    const upsert = tx.db.prepare(
      `INSERT INTO training_session_attendees (session_id, person_id, registered_at, registered_by, status, marked_at, marked_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id, person_id) DO UPDATE SET status = excluded.status, marked_at = excluded.marked_at,
         marked_by = excluded.marked_by`,
    );
    for (const entry of attendance) {
      personRow(tx.db, entry.personId);
      upsert.run(sessionId, entry.personId, tx.at, actor.id, entry.status, tx.at, actor.id);
    }
    const present = (
      tx.db
        .prepare(
          `SELECT count(*) AS n FROM training_session_attendees WHERE session_id = ? AND status IN ('attended', 'registered')`,
        )
        .get(sessionId) as { n: number }
    ).n;
    if (present > before.capacity)
      throw ruleViolation(`That is more people than the session's ${before.capacity} places.`);
    tx.db.prepare(`UPDATE training_sessions SET status = 'held' WHERE id = ?`).run(sessionId);
    const after = getSession(tx.db, sessionId, null);
    tx.audit('training_session', sessionId, 'attendance', before, after);
    return after;
  });
}

export function cancelSession(
  store: Store,
  actor: Actor,
  sessionId: number,
  reason: string,
): TrainingSession {
  return store.write({ actor: actor.id, reason }, (tx) => {
    const before = getSession(tx.db, sessionId, null);
    if (before.status !== 'scheduled') throw ruleViolation(`This session is already ${before.status}.`);
    if (before.instructorId !== actor.id) requireTeacher(tx.db, actor, before.definitionId);
    tx.db.prepare(`UPDATE training_sessions SET status = 'cancelled' WHERE id = ?`).run(sessionId);
    const after = getSession(tx.db, sessionId, null);
    tx.audit('training_session', sessionId, 'cancel', before, after);
    return after;
  });
}

interface AssessmentRow {
  id: number;
  person_id: number;
  definition_id: number;
  definition_name: string;
  session_id: number | null;
  kind: TrainingAssessment['kind'];
  result: 'pass' | 'fail';
  score: number | null;
  assessor_id: number;
  assessor_name: string;
  at: string;
  notes: string | null;
  evidence_json: string;
}

const SELECT_ASSESSMENT = `
  SELECT a.*, p.display_name AS assessor_name,
    (SELECT v.name FROM training_definition_versions v WHERE v.definition_id = a.definition_id ORDER BY v.version DESC LIMIT 1)
      AS definition_name
  FROM training_assessments a JOIN persons p ON p.id = a.assessor_id`;

function toAssessment(row: AssessmentRow): TrainingAssessment {
  return {
    id: row.id,
    personId: row.person_id,
    definitionId: row.definition_id,
    definitionName: row.definition_name,
    sessionId: row.session_id,
    kind: row.kind,
    result: row.result,
    score: row.score,
    assessorId: row.assessor_id,
    assessorName: row.assessor_name,
    at: row.at,
    notes: row.notes,
    evidence: JSON.parse(row.evidence_json) as Evidence[],
  };
}

export function assessmentsOf(db: Db, personId: number): TrainingAssessment[] {
  return (
    db
      .prepare(`${SELECT_ASSESSMENT} WHERE a.person_id = ? ORDER BY a.at DESC, a.id DESC`)
      .all(personId) as AssessmentRow[]
  ).map(toAssessment);
}

export interface AssessmentInput {
  personId: number;
  definitionId: number;
  kind: TrainingAssessment['kind'];
  result: 'pass' | 'fail';
  score?: number | undefined;
  sessionId?: number | undefined;
  notes?: string | undefined;
  evidence: readonly Evidence[];
}

/** Inside a write: the assessor needs the instructor right and is never the person assessed. */
export function insertAssessment(tx: WriteTx, actor: Actor, input: AssessmentInput): TrainingAssessment {
  const person = personRow(tx.db, input.personId);
  currentDefinition(tx.db, input.definitionId);
  requireTeacher(tx.db, actor, input.definitionId, person.id);
  if (input.sessionId !== undefined) {
    const session = getSession(tx.db, input.sessionId, null);
    if (session.definitionId !== input.definitionId)
      throw new DeskError('INVALID_INPUT', 'That session taught a different training.');
  }
  const fileIds = input.evidence.flatMap((e) => (e.kind === 'file' ? [e.fileId] : []));
  const hasFiles =
    tx.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'files'`).get() !== undefined;
  for (const fileId of hasFiles ? fileIds : []) {
    if (tx.db.prepare('SELECT 1 FROM files WHERE id = ?').get(fileId) === undefined)
      throw notFound('File', fileId);
  }
  const { lastInsertRowid } = tx.db
    .prepare(
      `INSERT INTO training_assessments (person_id, definition_id, session_id, kind, result, score, assessor_id, at, notes, evidence_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      input.personId,
      input.definitionId,
      input.sessionId ?? null,
      input.kind,
      input.result,
      input.score ?? null,
      actor.id,
      tx.at,
      input.notes || null,
      JSON.stringify(input.evidence),
    );
  const row = tx.db
    .prepare(`${SELECT_ASSESSMENT} WHERE a.id = ?`)
    .get(Number(lastInsertRowid)) as AssessmentRow;
  const assessment = toAssessment(row);
  tx.audit('training_assessment', assessment.id, 'record', null, assessment);
  return assessment;
}

export function recordAssessment(store: Store, actor: Actor, input: AssessmentInput): TrainingAssessment {
  return store.write({ actor: actor.id }, (tx) => insertAssessment(tx, actor, input));
}

export function recordWaiver(
  store: Store,
  actor: Actor,
  input: { personId: number; signedOn: string; expiresAt?: string | undefined; note?: string | undefined },
) {
  if (input.expiresAt !== undefined && input.expiresAt.slice(0, 10) <= input.signedOn) {
    throw new DeskError('INVALID_INPUT', 'The waiver must expire after the day it was signed.', {
      field: 'expiresAt',
    });
  }
  return store.write({ actor: actor.id }, (tx) => {
    const person = personRow(tx.db, input.personId);
    if (input.signedOn > tx.at.slice(0, 10))
      throw new DeskError('INVALID_INPUT', 'A waiver cannot be signed in the future.');
    const { lastInsertRowid } = tx.db
      .prepare(
        'INSERT INTO training_waivers (person_id, signed_on, expires_at, recorded_at, recorded_by, note) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(person.id, input.signedOn, input.expiresAt ?? null, tx.at, actor.id, input.note || null);
    const waiver = waiversOf(tx.db, person.id).find((w) => w.id === Number(lastInsertRowid))!;
    tx.audit('training_waiver', waiver.id, 'record', null, waiver);
    return waiver;
  });
}

export function waiversOf(db: Db, personId: number) {
  return db
    .prepare(
      `SELECT id, person_id AS personId, signed_on AS signedOn, expires_at AS expiresAt, recorded_at AS recordedAt, note
       FROM training_waivers WHERE person_id = ? ORDER BY signed_on DESC, id DESC`,
    )
    .all(personId) as {
    id: number;
    personId: number;
    signedOn: string;
    expiresAt: string | null;
    recordedAt: string;
    note: string | null;
  }[];
}
