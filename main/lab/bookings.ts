import { LAB_TIME_ZONE } from '../../preload/contract/common.js';
import type { LabBooking } from '../../preload/contract/methods/lab.js';
import type { HostContext } from '../kernel/context.js';
import { isDown, shutdownTickets } from '../jobs/maintenance.js';
import { getMachine } from '../machines/registry.js';
import type { Db, WriteTx } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { currentDefinitions } from '../training/rows.js';
import { trainingGate } from '../training/index.js';
import type { LabActor } from './sessions.js';

/**
 * Bookings: a slot on a machine for a person who is trained on it (the one training gate) or booked into a
 * training session on it; inside the lab's opening hours, outside blackouts, never on a machine that is down. The
 * store refuses overlapping live bookings of one machine (migration 058's triggers), so two shop PCs writing at
 * once cannot both take a slot. Times are 15-minute steps; instants are UTC, hours are the lab's wall clock.
 */

const MINUTE = 60_000;
export const SLOT_MINUTES = 15;
/** A booking is taken up from this long before its start (a session or a job run). */
export const BOOKING_EARLY_MINUTES = 15;
/** After this long past its start with nothing taken up, staff may mark it a no-show. */
export const NO_SHOW_AFTER_MINUTES = 15;
/** This many no-shows in the last 30 days and only staff book for the person. */
export const NO_SHOW_LIMIT = 2;
const MAX_HOURS = 8;

const wall = new Intl.DateTimeFormat('en-US', {
  timeZone: LAB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The lab's wall clock at an instant: date, weekday (0 Sunday) and HH:MM. */
export function labWall(at: Date): { date: string; weekday: number; time: string } {
  const p = Object.fromEntries(wall.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    date: `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''}`,
    weekday: weekdays.indexOf(p.weekday ?? ''),
    time: `${p.hour ?? ''}:${p.minute ?? ''}`,
  };
}

interface BookingRow {
  id: number;
  machine_id: number;
  machine_name: string;
  person_id: number;
  person_name: string;
  starts_at: string;
  ends_at: string;
  status: LabBooking['status'];
  training_session_id: number | null;
  override_reason: string | null;
  purpose: string | null;
  close_reason: string | null;
  session_id: number | null;
  job_run_id: number | null;
}

const SELECT = `SELECT b.*, m.name AS machine_name, p.display_name AS person_name,
  (SELECT s.id FROM lab_sessions s WHERE s.booking_id = b.id) AS session_id,
  (SELECT r.id FROM job_runs r WHERE r.booking_id = b.id) AS job_run_id
  FROM lab_bookings b JOIN machines m ON m.id = b.machine_id JOIN persons p ON p.id = b.person_id`;

/** A booking as this person may see it: their own and (for staff) everyone's in full; others' only as taken. */
function toBooking(r: BookingRow, actor: LabActor): LabBooking {
  const visible = actor.staff || r.person_id === actor.id;
  return {
    id: r.id,
    machineId: r.machine_id,
    machineName: r.machine_name,
    personId: visible ? r.person_id : null,
    personName: visible ? r.person_name : null,
    mine: r.person_id === actor.id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    status: r.status,
    trainingSessionId: visible ? r.training_session_id : null,
    overrideReason: visible ? r.override_reason : null,
    purpose: visible ? r.purpose : null,
    closeReason: visible ? r.close_reason : null,
    sessionId: visible ? r.session_id : null,
    jobRunId: visible ? r.job_run_id : null,
  };
}

export function getBookingRow(db: Db, id: number): BookingRow {
  const row = db.prepare(`${SELECT} WHERE b.id = ?`).get(id) as BookingRow | undefined;
  if (row === undefined) throw notFound('Booking', id);
  return row;
}

/**
 * The bookings between two instants. Staff see every booking; anyone else sees their own in full and others' as
 * taken time only (no name), so the calendar shows what is free without telling who booked what.
 */
export function listBookings(
  db: Db,
  actor: LabActor,
  filter: { machineId?: number | undefined; from: string; to: string; mineOnly: boolean },
): LabBooking[] {
  const where = ['b.starts_at < ?', 'b.ends_at > ?'];
  const args: (string | number)[] = [filter.to, filter.from];
  if (filter.machineId !== undefined) {
    where.push('b.machine_id = ?');
    args.push(filter.machineId);
  }
  if (filter.mineOnly) {
    where.push('b.person_id = ?');
    args.push(actor.id);
  }
  const rows = db
    .prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY b.starts_at, b.id`)
    .all(...args) as BookingRow[];
  return rows
    .filter((r) => actor.staff || r.person_id === actor.id || r.status === 'booked' || r.status === 'used')
    .map((r) => toBooking(r, actor));
}

export function openingHours(db: Db): { weekday: number; opens: string; closes: string }[] {
  return db.prepare('SELECT weekday, opens, closes FROM lab_opening_hours ORDER BY weekday').all() as {
    weekday: number;
    opens: string;
    closes: string;
  }[];
}

function step(iso: string, field: string): Date {
  const at = new Date(iso);
  if (at.getUTCSeconds() !== 0 || at.getUTCMilliseconds() !== 0 || at.getUTCMinutes() % SLOT_MINUTES !== 0)
    throw new DeskError(
      'INVALID_INPUT',
      `Bookings run in ${SLOT_MINUTES}-minute steps (:00, :15, :30, :45).`,
      {
        field,
      },
    );
  return at;
}

export interface BookInput {
  machineId: number;
  personId?: number | undefined;
  startsAt: string;
  endsAt: string;
  trainingSessionId?: number | undefined;
  overrideReason?: string | undefined;
  purpose?: string | undefined;
}

export class LabBookings {
  constructor(private readonly ctx: HostContext) {}

  private get store() {
    return this.ctx.store;
  }

  book(actor: LabActor, input: BookInput): LabBooking {
    const { store } = this;
    const start = step(input.startsAt, 'startsAt');
    const end = step(input.endsAt, 'endsAt');
    if (end <= start)
      throw new DeskError('INVALID_INPUT', 'A booking ends after it starts.', { field: 'endsAt' });
    if (end.getTime() - start.getTime() > MAX_HOURS * 60 * MINUTE)
      throw new DeskError('INVALID_INPUT', `A booking is at most ${MAX_HOURS} hours.`, { field: 'endsAt' });
    const now = this.ctx.clock.now();
    if (start < now)
      throw new DeskError('RULE_VIOLATION', 'That time has passed: book a slot that is still ahead.', {
        field: 'startsAt',
      });
    const personId = input.personId ?? actor.id;
    if (personId !== actor.id && !actor.staff)
      throw new DeskError('NOT_AUTHORIZED', 'Only staff book for someone else.');
    const machine = getMachine(store, input.machineId);
    if (machine.retired) throw new DeskError('RULE_VIOLATION', `${machine.name} is retired.`);
    if (isDown(store.db, machine.id)) {
      const tickets = shutdownTickets(store.db, machine.id).map((t) => `ticket ${t.number} (${t.title})`);
      throw new DeskError(
        'RULE_VIOLATION',
        `${machine.name} is down${tickets.length > 0 ? `: ${tickets.join(', ')}` : ''}: it takes no bookings until staff resolve it.`,
        { gate: 'machine_down' },
      );
    }
    this.checkHours(start, end);
    this.checkBlackouts(machine, start, end);
    if (!actor.staff) {
      const since = new Date(now.getTime() - 30 * 24 * 60 * MINUTE).toISOString();
      const noShows = store.db
        .prepare(
          `SELECT count(*) FROM lab_bookings WHERE person_id = ? AND status = 'no_show' AND starts_at >= ?`,
        )
        .pluck()
        .get(personId, since) as number;
      if (noShows >= NO_SHOW_LIMIT)
        throw new DeskError(
          'RULE_VIOLATION',
          `${noShows} no-shows in the last 30 days: for now, staff book for you.`,
          { gate: 'no-shows', noShows },
        );
    }
    let override: string | null = null;
    let authorized = true;
    if (input.trainingSessionId !== undefined) {
      this.checkTrainingSession(input.trainingSessionId, personId, machine, start, end);
    } else {
      // The one training gate, as for commanding a machine, a job and a session.
      const gate = trainingGate(
        { store, log: this.ctx.log },
        {
          personId,
          askedBy: actor.id,
          askerIsStaff: actor.staff,
          machineId: machine.id,
          machineName: machine.name,
          purpose: 'booking',
          overrideReason: input.overrideReason ?? null,
        },
      );
      override = gate.override;
      authorized = gate.decision.allowed;
    }
    let id: number;
    try {
      id = store.write(
        {
          actor: actor.id,
          reason: override === null ? `booking on ${machine.name}` : `staff override: ${override}`,
        },
        (tx) => {
          const bookingId = Number(
            tx.db
              .prepare(
                `INSERT INTO lab_bookings (machine_id, person_id, starts_at, ends_at, training_session_id,
                   override_reason, purpose, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              )
              .run(
                machine.id,
                personId,
                start.toISOString(),
                end.toISOString(),
                input.trainingSessionId ?? null,
                override,
                input.purpose ?? null,
                actor.id,
                tx.at,
              ).lastInsertRowid,
          );
          tx.audit('booking', bookingId, override === null ? 'book' : 'book-override', null, {
            machineId: machine.id,
            personId,
            startsAt: start.toISOString(),
            endsAt: end.toISOString(),
            authorized,
            override,
            trainingSessionId: input.trainingSessionId ?? null,
          });
          return bookingId;
        },
      );
    } catch (error) {
      if (error instanceof Error && /double booking/.test(error.message))
        throw new DeskError(
          'CONFLICT',
          `${machine.name} is already booked in part of that time: pick another slot.`,
          { gate: 'double-booking' },
        );
      throw error;
    }
    this.changed(id);
    return toBooking(getBookingRow(store.db, id), actor);
  }

  /** Inside one day's opening hours, on the lab's wall clock. */
  private checkHours(start: Date, end: Date): void {
    const a = labWall(start);
    const b = labWall(new Date(end.getTime() - 1));
    const hours = openingHours(this.store.db).find((h) => h.weekday === a.weekday);
    const endTime = labWall(end).time === '00:00' ? '24:00' : labWall(end).time;
    if (hours === undefined || a.date !== b.date || a.time < hours.opens || endTime > hours.closes)
      throw new DeskError(
        'RULE_VIOLATION',
        hours === undefined
          ? `The lab is closed on ${weekdays[a.weekday] ?? ''}days.`
          : `The lab is open ${hours.opens}–${hours.closes} that day: book inside those hours.`,
        { gate: 'hours' },
      );
  }

  private checkBlackouts(machine: { id: number; name: string }, start: Date, end: Date): void {
    const row = this.store.db
      .prepare(
        `SELECT reason, starts_at, ends_at FROM lab_blackouts WHERE (machine_id IS NULL OR machine_id = ?)
         AND starts_at < ? AND ends_at > ? ORDER BY starts_at LIMIT 1`,
      )
      .get(machine.id, end.toISOString(), start.toISOString()) as
      { reason: string; starts_at: string; ends_at: string } | undefined;
    if (row !== undefined)
      throw new DeskError(
        'RULE_VIOLATION',
        `${machine.name} is blocked from ${row.starts_at} to ${row.ends_at}: ${row.reason}.`,
        { gate: 'blackout', reason: row.reason },
      );
  }

  /** Booked into a training session: registered on it, it teaches this machine, and the slot lies within it. */
  private checkTrainingSession(
    sessionId: number,
    personId: number,
    machine: { id: number; kind: string; name: string },
    start: Date,
    end: Date,
  ): void {
    const { db } = this.store;
    const row = db
      .prepare(
        `SELECT s.definition_id, s.starts_at, s.ends_at, s.status, a.status AS attendee
         FROM training_sessions s LEFT JOIN training_session_attendees a ON a.session_id = s.id AND a.person_id = ?
         WHERE s.id = ?`,
      )
      .get(personId, sessionId) as
      | { definition_id: number; starts_at: string; ends_at: string; status: string; attendee: string | null }
      | undefined;
    if (row === undefined) throw notFound('Training session', sessionId);
    const definition = currentDefinitions(db, false).find((d) => d.id === row.definition_id);
    const teaches =
      definition !== undefined &&
      (definition.machineIds.includes(machine.id) || definition.machineKinds.includes(machine.kind));
    const registered = row.attendee === 'registered' || row.attendee === 'attended';
    const within = Date.parse(row.starts_at) <= start.getTime() && end.getTime() <= Date.parse(row.ends_at);
    if (row.status === 'cancelled' || !registered || !teaches || !within)
      throw new DeskError(
        'RULE_VIOLATION',
        !registered
          ? 'You are not registered in that training session: register first, or book once trained.'
          : !teaches
            ? `That training session does not teach ${machine.name}.`
            : row.status === 'cancelled'
              ? 'That training session was cancelled.'
              : 'A booking for a training session lies within the session’s time.',
        { gate: 'training-session' },
      );
  }

  cancel(actor: LabActor, input: { id: number; reason: string }): LabBooking {
    const row = getBookingRow(this.store.db, input.id);
    if (!actor.staff && row.person_id !== actor.id) throw notFound('Booking', input.id);
    if (row.status !== 'booked')
      throw new DeskError(
        'RULE_VIOLATION',
        `Booking ${row.id} is ${row.status.replace('_', '-')}: only an open booking is cancelled.`,
      );
    const now = this.ctx.clock.now().getTime();
    if (!actor.staff && now >= Date.parse(row.starts_at))
      throw new DeskError(
        'RULE_VIOLATION',
        'The slot has started: it can no longer be cancelled by you (staff can, or it becomes a no-show).',
        { gate: 'cancel-late' },
      );
    if (now >= Date.parse(row.ends_at))
      throw new DeskError('RULE_VIOLATION', 'The slot is over: mark it a no-show instead.');
    return this.close(actor, row, 'cancelled', input.reason);
  }

  noShow(actor: LabActor, input: { id: number }): LabBooking {
    if (!actor.staff) throw new DeskError('NOT_AUTHORIZED', 'Only staff mark a no-show.');
    const row = getBookingRow(this.store.db, input.id);
    if (row.status !== 'booked')
      throw new DeskError(
        'RULE_VIOLATION',
        `Booking ${row.id} is ${row.status.replace('_', '-')}, not open.`,
      );
    const after = Date.parse(row.starts_at) + NO_SHOW_AFTER_MINUTES * MINUTE;
    if (this.ctx.clock.now().getTime() < after)
      throw new DeskError(
        'RULE_VIOLATION',
        `A no-show is marked from ${NO_SHOW_AFTER_MINUTES} minutes after the start (${new Date(after).toISOString()}).`,
        { gate: 'no-show-early' },
      );
    return this.close(actor, row, 'no_show', 'nobody came');
  }

  private close(
    actor: LabActor,
    row: BookingRow,
    status: 'cancelled' | 'no_show',
    reason: string,
  ): LabBooking {
    this.store.write({ actor: actor.id, reason }, (tx) => {
      tx.db
        .prepare(
          'UPDATE lab_bookings SET status = ?, closed_by = ?, closed_at = ?, close_reason = ? WHERE id = ?',
        )
        .run(status, actor.id, tx.at, reason, row.id);
      tx.audit('booking', row.id, status, { status: row.status }, { status });
    });
    this.changed(row.id);
    return toBooking(getBookingRow(this.store.db, row.id), actor);
  }

  setHours(actor: LabActor, hours: { weekday: number; opens: string; closes: string }[]): void {
    if (!actor.staff) throw new DeskError('NOT_AUTHORIZED', 'Only staff set opening hours.');
    const seen = new Set<number>();
    for (const h of hours) {
      if (seen.has(h.weekday))
        throw new DeskError('INVALID_INPUT', 'A day is listed twice.', { field: 'hours' });
      seen.add(h.weekday);
      if (h.closes <= h.opens)
        throw new DeskError('INVALID_INPUT', `Closing (${h.closes}) comes after opening (${h.opens}).`, {
          field: 'hours',
        });
    }
    this.store.write({ actor: actor.id, reason: 'opening hours' }, (tx) => {
      const before = openingHours(tx.db);
      tx.db.prepare('DELETE FROM lab_opening_hours').run();
      const insert = tx.db.prepare('INSERT INTO lab_opening_hours (weekday, opens, closes) VALUES (?, ?, ?)');
      for (const h of hours) insert.run(h.weekday, h.opens, h.closes);
      tx.audit('opening_hours', 'lab', 'set', before, hours);
    });
    this.ctx.events.publish('changed', { entity: 'booking' });
  }

  addBlackout(
    actor: LabActor,
    input: { machineId?: number | undefined; startsAt: string; endsAt: string; reason: string },
  ): number {
    if (!actor.staff) throw new DeskError('NOT_AUTHORIZED', 'Only staff block time.');
    if (Date.parse(input.endsAt) <= Date.parse(input.startsAt))
      throw new DeskError('INVALID_INPUT', 'A blackout ends after it starts.', { field: 'endsAt' });
    if (input.machineId !== undefined) getMachine(this.store, input.machineId);
    const id = this.store.write({ actor: actor.id, reason: input.reason }, (tx) => {
      const blackout = Number(
        tx.db
          .prepare(
            'INSERT INTO lab_blackouts (machine_id, starts_at, ends_at, reason, by_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(input.machineId ?? null, input.startsAt, input.endsAt, input.reason, actor.id, tx.at)
          .lastInsertRowid,
      );
      tx.audit('blackout', blackout, 'create', null, input);
      return blackout;
    });
    this.ctx.events.publish('changed', { entity: 'booking' });
    return id;
  }

  private changed(id: number): void {
    this.ctx.events.publish('changed', { entity: 'booking', id: String(id) });
  }
}

/**
 * A booking taken up by its own person on its own machine — by a session or a job run — from a little before its
 * slot until its end. Returns the booking's id; throws a sentence otherwise.
 */
export function bookingToTakeUp(
  db: Db,
  now: Date,
  bookingId: number,
  machine: { id: number; name: string },
  personId: number,
): number {
  const row = getBookingRow(db, bookingId);
  if (row.machine_id !== machine.id || row.person_id !== personId)
    throw new DeskError(
      'INVALID_INPUT',
      `Booking ${bookingId} is not this person's booking of ${machine.name}.`,
      {
        field: 'bookingId',
      },
    );
  if (row.status !== 'booked')
    throw new DeskError(
      'RULE_VIOLATION',
      `Booking ${bookingId} is ${row.status.replace('_', '-')}, not open.`,
    );
  const t = now.getTime();
  if (t < Date.parse(row.starts_at) - BOOKING_EARLY_MINUTES * MINUTE || t >= Date.parse(row.ends_at))
    throw new DeskError(
      'RULE_VIOLATION',
      `Booking ${bookingId} runs ${row.starts_at} to ${row.ends_at}: it is taken up from ${BOOKING_EARLY_MINUTES} minutes before its start until its end.`,
      { gate: 'booking_window' },
    );
  return row.id;
}

/** Marks a booking used (inside the write that starts its session or job run). */
export function markBookingUsed(
  tx: WriteTx,
  bookingId: number,
  by: { sessionId?: number; jobRunId?: number },
): void {
  tx.db.prepare(`UPDATE lab_bookings SET status = 'used' WHERE id = ?`).run(bookingId);
  tx.audit('booking', bookingId, 'used', { status: 'booked' }, { status: 'used', ...by });
}

/** One person's live bookings as an iCalendar file (RFC 5545), to put in their own calendar. */
export function bookingsIcs(db: Db, personId: number, now: Date): string {
  const rows = db
    .prepare(`${SELECT} WHERE b.person_id = ? AND b.status IN ('booked', 'used') ORDER BY b.starts_at`)
    .all(personId) as BookingRow[];
  const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const escape = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Community Production Desk//Bookings//EN',
    'CALSCALE:GREGORIAN',
  ];
  for (const r of rows) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:booking-${r.id}@community-production-desk`,
      `DTSTAMP:${stamp(now.toISOString())}`,
      `DTSTART:${stamp(r.starts_at)}`,
      `DTEND:${stamp(r.ends_at)}`,
      `SUMMARY:${escape(`${r.machine_name} (booking ${r.id})`)}`,
      ...(r.purpose === null ? [] : [`DESCRIPTION:${escape(r.purpose)}`]),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
