import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, labFixture, labTables, pass, type Lab } from './helpers.js';

/**
 * Bookings (issue 16 item 5). The host starts on Tuesday 8 December 2026 at 09:00 in the lab (15:00 UTC; the lab
 * is UTC−6 in December); the lab opens Tuesday to Saturday 10:00–18:00 (16:00–24:00 UTC) until staff change it.
 */
const at = (hhmm: string, day = '2026-12-08') => `${day}T${hhmm}:00.000Z`;

describe('bookings', () => {
  let t: TestHost;
  let lab: Lab;
  beforeEach(async () => {
    t = await startTestHost({ start: '2026-12-08T15:00:00.000Z' });
    lab = await labFixture(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const book = (who: Lab['trained'], from: string, to: string, more: Record<string, unknown> = {}) =>
    who.call('lab.bookings.book', { machineId: lab.singer, startsAt: from, endsAt: to, ...more });

  it('the training gate decides a booking as it decides a session: untrained refused, staff override audited, revoked never', async () => {
    const mine = await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('17:00'),
      endsAt: at('18:00'),
      purpose: 'Mask drive',
    });
    expect(mine).toMatchObject({ status: 'booked', mine: true, personId: lab.trained.personId });
    const before = labTables(t);
    expect(await book(lab.untrained, at('19:00'), at('20:00'))).toMatchObject({
      ok: false,
      error: {
        message: containing('You are not authorized to book Singer 4423: it needs “Sewing basics”'),
        details: { gate: 'training', purpose: 'booking' },
      },
    });
    expect(
      await book(lab.staff, at('19:00'), at('20:00'), {
        personId: lab.revoked.personId,
        overrideReason: 'Supervised by staff',
      }),
    ).toMatchObject({ ok: false, error: { details: { overridable: false } } });
    expect(labTables(t)).toEqual(before);
    const override = await lab.staff.ok('lab.bookings.book', {
      machineId: lab.singer,
      personId: lab.untrained.personId,
      startsAt: at('19:00'),
      endsAt: at('20:00'),
      overrideReason: 'Supervised practice before the course',
    });
    expect(override.overrideReason).toBe('Supervised practice before the course');
    const audit = t.host.store.db
      .prepare(`SELECT actor_id FROM audit_log WHERE entity = 'booking' AND action = 'book-override'`)
      .all();
    expect(audit).toEqual([{ actor_id: lab.staff.personId }]);
  });

  it('booked into a training session on the machine is enough, inside the session’s time only', async () => {
    const course = await lab.instructor.ok('training.sessions.create', {
      definitionId: lab.sewingTraining,
      startsAt: at('20:00'),
      endsAt: at('22:00'),
      capacity: 6,
    });
    const outside = await book(lab.untrained, at('19:00'), at('20:00'), { trainingSessionId: course.id });
    expect(outside).toMatchObject({ ok: false, error: { message: containing('not registered') } });
    await lab.untrained.ok('training.sessions.register', { sessionId: course.id });
    expect(
      await book(lab.untrained, at('19:45'), at('20:30'), { trainingSessionId: course.id }),
    ).toMatchObject({
      ok: false,
      error: { message: containing('within the session') },
    });
    const inside = await lab.untrained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('20:00'),
      endsAt: at('21:00'),
      trainingSessionId: course.id,
    });
    expect(inside.trainingSessionId).toBe(course.id);
    // A training session on another machine's kind does not open the laser.
    expect(
      await lab.untrained.call('lab.bookings.book', {
        machineId: lab.laser,
        startsAt: at('20:00'),
        endsAt: at('21:00'),
        trainingSessionId: course.id,
      }),
    ).toMatchObject({ ok: false, error: { message: containing('does not teach Epilog Zing') } });
  });

  it('opening hours, blackouts and a shutdown ticket bound what can be booked (both sides of each edge)', async () => {
    expect(await book(lab.trained, at('15:45'), at('16:15'))).toMatchObject({
      ok: false,
      error: { details: { gate: 'hours' } },
    });
    await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('16:00'),
      endsAt: at('16:30'),
    });
    await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('23:30'),
      endsAt: at('00:00', '2026-12-09'),
    });
    expect(await book(lab.trained, at('23:45'), at('00:15', '2026-12-09'))).toMatchObject({
      ok: false,
      error: { details: { gate: 'hours' } },
    });
    // Monday is closed; a slot not on the quarter hour is refused.
    expect(await book(lab.trained, at('17:00', '2026-12-14'), at('18:00', '2026-12-14'))).toMatchObject({
      ok: false,
      error: { details: { gate: 'hours' } },
    });
    expect(await book(lab.trained, at('17:10'), at('18:00'))).toMatchObject({
      ok: false,
      error: { message: containing('15-minute steps') },
    });
    await lab.staff.ok('lab.bookings.setHours', { hours: [{ weekday: 1, opens: '09:00', closes: '12:00' }] });
    await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('15:00', '2026-12-14'),
      endsAt: at('16:00', '2026-12-14'),
    });
    await lab.staff.ok('lab.bookings.setHours', {
      hours: [2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '10:00', closes: '18:00' })),
    });
    await lab.staff.ok('lab.bookings.addBlackout', {
      startsAt: at('18:00'),
      endsAt: at('19:00'),
      reason: 'Open house',
    });
    expect(await book(lab.trained, at('18:30'), at('19:30'))).toMatchObject({
      ok: false,
      error: { message: containing('Open house'), details: { gate: 'blackout' } },
    });
    await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('19:00'),
      endsAt: at('19:30'),
    });
    await lab.trained.ok('jobs.maintenance.report', {
      machineId: lab.singer,
      kind: 'safety',
      title: 'Motor smells of burning',
      forcesShutdown: true,
    });
    expect(await book(lab.trained, at('20:00'), at('21:00'))).toMatchObject({
      ok: false,
      error: { message: containing('Singer 4423 is down: ticket 1 (Motor smells of burning)') },
    });
  });

  it('no double booking: overlap refused, touching allowed, a cancelled slot is free again; trainees see others only as taken', async () => {
    const first = await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('17:00'),
      endsAt: at('18:00'),
    });
    const other = lab.staff;
    const why = { overrideReason: 'Staff repair test' };
    expect(await book(other, at('17:45'), at('18:45'), why)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { gate: 'double-booking' } },
    });
    expect(await book(other, at('16:00'), at('17:15'), why)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await lab.staff.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('18:00'),
      endsAt: at('19:00'),
      overrideReason: 'Staff repair test',
    });
    const range = { machineId: lab.singer, from: at('00:00'), to: at('00:00', '2026-12-09') };
    const seenByTrainee = await lab.untrained.ok('lab.bookings.list', range);
    expect(seenByTrainee.bookings.map((b) => [b.personName, b.mine])).toEqual([
      [null, false],
      [null, false],
    ]);
    expect(seenByTrainee.hours).toHaveLength(5);
    const seenByStaff = await lab.staff.ok('lab.bookings.list', range);
    expect(seenByStaff.bookings.map((b) => b.personId)).toEqual([lab.trained.personId, lab.staff.personId]);
    await lab.trained.ok('lab.bookings.cancel', { id: first.id, reason: 'Fabric did not arrive' });
    await lab.staff.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('17:00'),
      endsAt: at('18:00'),
      overrideReason: 'Staff repair test',
    });
  });

  it('cancel before the start, no-show from 15 minutes after, two no-shows and only staff book; a booking turns into a session', async () => {
    const a = await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('16:00'),
      endsAt: at('17:00'),
    });
    const b = await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('17:00'),
      endsAt: at('18:00'),
    });
    const c = await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('18:00'),
      endsAt: at('19:00'),
    });
    await pass(t, lab, { to: at('16:14') });
    expect(await lab.trained.call('lab.bookings.cancel', { id: a.id, reason: 'late' })).toMatchObject({
      ok: false,
      error: { details: { gate: 'cancel-late' } },
    });
    expect(await lab.staff.call('lab.bookings.noShow', { id: a.id })).toMatchObject({
      ok: false,
      error: { details: { gate: 'no-show-early' } },
    });
    await pass(t, lab, { to: at('16:15') });
    await lab.staff.ok('lab.bookings.noShow', { id: a.id });
    await pass(t, lab, { to: at('17:20') });
    await lab.staff.ok('lab.bookings.noShow', { id: b.id });
    expect(await book(lab.trained, at('20:00'), at('21:00'))).toMatchObject({
      ok: false,
      error: { message: containing('2 no-shows in the last 30 days') },
    });
    await lab.staff.ok('lab.bookings.book', {
      machineId: lab.singer,
      personId: lab.trained.personId,
      startsAt: at('20:00'),
      endsAt: at('21:00'),
    });
    // 16 minutes early is too early to take up the 18:00 booking; 15 is fine.
    await pass(t, lab, { to: at('17:44') });
    expect(
      await lab.trained.call('lab.sessions.start', { machineId: lab.singer, bookingId: c.id }),
    ).toMatchObject({
      ok: false,
      error: { details: { gate: 'booking_window' } },
    });
    await pass(t, lab, { to: at('17:45') });
    const session = await lab.trained.ok('lab.sessions.start', { machineId: lab.singer, bookingId: c.id });
    expect(session.bookingId).toBe(c.id);
    const [used] = (
      await lab.trained.ok('lab.bookings.list', { machineId: lab.singer, from: at('18:00'), to: at('19:00') })
    ).bookings;
    expect(used).toMatchObject({ id: c.id, status: 'used', sessionId: session.id });
  });

  it('exports a person’s bookings as iCalendar; only staff export someone else’s', async () => {
    await lab.trained.ok('lab.bookings.book', {
      machineId: lab.singer,
      startsAt: at('17:00'),
      endsAt: at('18:30'),
      purpose: 'Masks; clinic order',
    });
    const { text, fileName } = await lab.trained.ok('lab.bookings.ics', {});
    expect(fileName).toBe(`bookings-${lab.trained.personId}.ics`);
    expect(text.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Community Production Desk//Bookings//EN',
      'CALSCALE:GREGORIAN',
      'BEGIN:VEVENT',
      'UID:booking-1@community-production-desk',
      'DTSTAMP:20261208T150000Z',
      'DTSTART:20261208T170000Z',
      'DTEND:20261208T183000Z',
      'SUMMARY:Singer 4423 (booking 1)',
      'DESCRIPTION:Masks\\; clinic order',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(await lab.untrained.call('lab.bookings.ics', { personId: lab.trained.personId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    expect((await lab.staff.ok('lab.bookings.ics', { personId: lab.trained.personId })).text).toContain(
      'BEGIN:VEVENT',
    );
  });
});

/**
 * The store itself refuses overlapping bookings: two threads, each with its own connection to the same SQLite file,
 * race to book the same hours of one machine. Whatever the interleaving, every hour ends up booked exactly once.
 */
describe('no double booking under concurrent writes', () => {
  it('two connections racing for the same slots: each slot is taken once, the other writer is refused by the store', async () => {
    const t = await startTestHost({ start: '2026-12-08T15:00:00.000Z' });
    try {
      const lab = await labFixture(t);
      const dbFile = t.host.store.file;
      const worker = (name: string) =>
        new Promise<{ ok: number; refused: number; busy: number }>((resolve, reject) => {
          const w = new Worker(
            `
            const { workerData, parentPort } = require('node:worker_threads');
            const Database = require(workerData.driver);
            const db = new Database(workerData.file);
            db.pragma('busy_timeout = 5000');
            const insert = db.prepare(
              "INSERT INTO lab_bookings (machine_id, person_id, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?)");
            let ok = 0, refused = 0, busy = 0;
            for (let i = 0; i < 200; i++) {
              const start = new Date(Date.UTC(2026, 11, 9, 0, 0) + i * 15 * 60000);
              const end = new Date(start.getTime() + 30 * 60000);
              try {
                db.transaction(() => insert.run(workerData.machine, workerData.person, start.toISOString(), end.toISOString(), workerData.name)).immediate();
                ok++;
              } catch (e) {
                if (/double booking/.test(e.message)) refused++; else if (/busy|locked/i.test(e.message)) busy++; else throw e;
              }
            }
            db.close();
            parentPort.postMessage({ ok, refused, busy });
            `,
            {
              eval: true,
              workerData: {
                driver: createRequire(import.meta.url).resolve('better-sqlite3'),
                file: dbFile,
                machine: lab.singer,
                person: lab.trained.personId,
                name,
              },
            },
          );
          w.once('message', resolve);
          w.once('error', reject);
        });
      const [a, b] = await Promise.all([worker('a'), worker('b')]);
      expect(a.busy + b.busy).toBe(0);
      expect(a.ok + a.refused).toBe(200);
      expect(b.ok + b.refused).toBe(200);
      // 30-minute bookings every 15 minutes: at most every other start fits, whoever wins each race.
      const rows = t.host.store.db
        .prepare(`SELECT starts_at, ends_at FROM lab_bookings WHERE machine_id = ? ORDER BY starts_at`)
        .all(lab.singer) as { starts_at: string; ends_at: string }[];
      expect(rows.length).toBe(a.ok + b.ok);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.starts_at >= rows[i - 1]!.ends_at).toBe(true);
      expect(rows.length).toBeGreaterThanOrEqual(100);
      // And through a second connection opened here, the same: an overlap is refused by the store.
      const second = new Database(dbFile);
      try {
        expect(() =>
          second
            .prepare(
              `INSERT INTO lab_bookings (machine_id, person_id, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, 'x')`,
            )
            .run(lab.singer, lab.trained.personId, rows[0]!.starts_at, rows[0]!.ends_at),
        ).toThrow(/double booking/);
      } finally {
        second.close();
      }
    } finally {
      await t.close();
    }
  });
});
