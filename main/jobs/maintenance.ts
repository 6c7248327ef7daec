import { machineKindSpec } from '../../preload/contract/machine-kinds.js';
import type {
  MaintenanceCounter,
  MaintenanceOverview,
  Reminder,
  Ticket,
} from '../../preload/contract/methods/jobs.js';
import type { Machine } from '../../preload/contract/methods/machines.js';
import { getMachine, listMachines } from '../machines/registry.js';
import type { Db, Store, WriteTx } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';

/**
 * Maintenance: tickets (a safety hazard can force shutdown), usage counters fed by finished jobs, reminders at
 * thresholds and the sign-off log. Counters are stored as integers: seconds for hours, milligrams for grams.
 */

/** Which hour counter a machine's running time feeds. */
export function hourCounterOf(kind: Machine['kind']): MaintenanceCounter | null {
  return machineKindSpec(kind).hourCounter;
}

/** Stored units per shown unit: an hour is 3,600 s, a gram is 1,000 mg. */
const scale = (counter: MaintenanceCounter) => (counter === 'filament_grams' ? 1000 : 3600);

/** Feeds a finished usage session into its machine's counters (inside the write that ends it). */
export function feedCounters(
  tx: WriteTx,
  machine: Pick<Machine, 'id' | 'kind'>,
  jobRunId: number,
  seconds: number,
  milligrams: number | null,
): void {
  const insert = tx.db.prepare(
    'INSERT INTO machine_usage (machine_id, job_run_id, counter, amount, at) VALUES (?, ?, ?, ?, ?)',
  );
  const hours = hourCounterOf(machine.kind);
  if (hours !== null && seconds > 0) insert.run(machine.id, jobRunId, hours, seconds, tx.at);
  if (machineKindSpec(machine.kind).countsFilament && milligrams !== null && milligrams > 0)
    insert.run(machine.id, jobRunId, 'filament_grams', milligrams, tx.at);
}

/**
 * Feeds a manual session's time into its machine's hour counter (inside the write that ends it): exactly its
 * seconds, so reminders (laser tube, needle change) fall due from real use.
 */
export function feedSessionCounters(
  tx: WriteTx,
  machine: Pick<Machine, 'id' | 'kind'>,
  sessionId: number,
  seconds: number,
): void {
  const hours = hourCounterOf(machine.kind);
  if (hours === null || seconds <= 0) return;
  tx.db
    .prepare('INSERT INTO machine_usage (machine_id, session_id, counter, amount, at) VALUES (?, ?, ?, ?, ?)')
    .run(machine.id, sessionId, hours, seconds, tx.at);
}

function counterRaw(db: Db, machineId: number, counter: MaintenanceCounter): number {
  return (
    db
      .prepare('SELECT coalesce(sum(amount), 0) AS n FROM machine_usage WHERE machine_id = ? AND counter = ?')
      .get(machineId, counter) as { n: number }
  ).n;
}

/** Rule L2: a machine with an open ticket that forces shutdown (or marked down, or retired) is down. */
export function isDown(db: Db, machineId: number): boolean {
  const row = db.prepare('SELECT status, retired_at FROM machines WHERE id = ?').get(machineId) as
    { status: string; retired_at: string | null } | undefined;
  if (row === undefined) return true;
  if (row.status === 'down' || row.status === 'retired' || row.retired_at !== null) return true;
  return shutdownTickets(db, machineId).length > 0;
}

export function shutdownTickets(db: Db, machineId: number): { number: number; title: string }[] {
  return db
    .prepare(
      `SELECT number, title FROM maintenance_tickets WHERE machine_id = ? AND status = 'open' AND forces_shutdown = 1
       ORDER BY number`,
    )
    .all(machineId) as { number: number; title: string }[];
}

/**
 * The machines table's status is what training's authorize reads (machine_down), so a shutdown ticket marks the
 * machine down there too, and the last one resolved gives it back. The machines area owns the table; this is the
 * one column the jobs area writes, always in an audited write.
 */
function setMachineDown(tx: WriteTx, machineId: number, down: boolean): void {
  const row = tx.db.prepare('SELECT status FROM machines WHERE id = ?').get(machineId) as { status: string };
  const next = down ? 'down' : 'available';
  if (row.status === 'retired' || row.status === next) return;
  if (!down && row.status !== 'down') return;
  tx.db.prepare('UPDATE machines SET status = ? WHERE id = ?').run(next, machineId);
  tx.audit('machine', machineId, down ? 'down' : 'back-up', { status: row.status }, { status: next });
}

interface TicketRow {
  id: number;
  number: number;
  machine_id: number;
  kind: Ticket['kind'];
  title: string;
  details: string;
  forces_shutdown: number;
  status: Ticket['status'];
  opened_by: number | null;
  opened_by_name: string | null;
  opened_at: string;
  closed_at: string | null;
  closed_by_name: string | null;
  resolution: string | null;
}

const TICKET_SELECT = `SELECT t.*, o.display_name AS opened_by_name, c.display_name AS closed_by_name
  FROM maintenance_tickets t LEFT JOIN persons o ON o.id = t.opened_by LEFT JOIN persons c ON c.id = t.closed_by`;

const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  number: r.number,
  machineId: r.machine_id,
  kind: r.kind,
  title: r.title,
  details: r.details,
  forcesShutdown: r.forces_shutdown === 1,
  status: r.status,
  openedById: r.opened_by,
  openedByName: r.opened_by_name,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  closedByName: r.closed_by_name,
  resolution: r.resolution,
});

function getTicket(db: Db, id: number): Ticket {
  const row = db.prepare(`${TICKET_SELECT} WHERE t.id = ?`).get(id) as TicketRow | undefined;
  if (row === undefined) throw notFound('Ticket', id);
  return toTicket(row);
}

export interface ReportInput {
  machineId: number;
  kind: Ticket['kind'];
  title: string;
  details?: string | undefined;
  forcesShutdown: boolean;
}

/** Anyone in the lab may report a problem; a hazard that forces shutdown takes the machine down at once. */
export function reportProblem(store: Store, actor: number, input: ReportInput): Ticket {
  const machine = getMachine(store, input.machineId);
  if (machine.retired) throw new DeskError('RULE_VIOLATION', `${machine.name} is retired.`);
  return store.write({ actor, reason: input.title }, (tx) => {
    const number = tx.nextNumber('maintenance_ticket');
    const id = Number(
      tx.db
        .prepare(
          `INSERT INTO maintenance_tickets (number, machine_id, kind, title, details, forces_shutdown, opened_by, opened_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          number,
          machine.id,
          input.kind,
          input.title,
          input.details ?? '',
          input.forcesShutdown ? 1 : 0,
          actor,
          tx.at,
        ).lastInsertRowid,
    );
    if (input.forcesShutdown) setMachineDown(tx, machine.id, true);
    const ticket = getTicket(tx.db, id);
    tx.audit('maintenance_ticket', id, 'open', null, ticket);
    return ticket;
  });
}

/** Staff close a ticket with a sign-off note; the last shutdown ticket closed brings the machine back. */
export function resolveTicket(
  store: Store,
  actor: number,
  input: { id: number; resolution: 'fixed' | 'no_fault'; note: string },
): Ticket {
  return store.write({ actor, reason: input.note }, (tx) => {
    const before = getTicket(tx.db, input.id);
    if (before.status !== 'open')
      throw new DeskError('CONFLICT', `Ticket ${before.number} is already closed.`);
    tx.db
      .prepare(
        'UPDATE maintenance_tickets SET status = ?, closed_by = ?, closed_at = ?, resolution = ? WHERE id = ?',
      )
      .run(input.resolution, actor, tx.at, input.note, input.id);
    tx.db
      .prepare(
        'INSERT INTO maintenance_signoffs (machine_id, ticket_id, note, by_id, at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(before.machineId, before.id, input.note, actor, tx.at);
    if (before.forcesShutdown && shutdownTickets(tx.db, before.machineId).length === 0)
      setMachineDown(tx, before.machineId, false);
    const after = getTicket(tx.db, input.id);
    tx.audit('maintenance_ticket', input.id, input.resolution, before, after);
    return after;
  });
}

interface ReminderRow {
  id: number;
  machine_id: number;
  counter: MaintenanceCounter;
  title: string;
  every_amount: number;
  baseline: number;
  active: number;
}

function reminderOf(db: Db, r: ReminderRow): Reminder {
  const last = db
    .prepare('SELECT counter_value FROM maintenance_signoffs WHERE reminder_id = ? ORDER BY id DESC LIMIT 1')
    .get(r.id) as { counter_value: number | null } | undefined;
  const base = last?.counter_value ?? r.baseline;
  const sinceRaw = counterRaw(db, r.machine_id, r.counter) - base;
  const unit = scale(r.counter);
  const state = sinceRaw >= r.every_amount ? 'due' : sinceRaw >= r.every_amount * 0.9 ? 'soon' : 'ok';
  return {
    id: r.id,
    machineId: r.machine_id,
    counter: r.counter,
    title: r.title,
    every: r.every_amount / unit,
    since: Math.round((sinceRaw / unit) * 100) / 100,
    state: r.active === 1 ? state : 'ok',
    active: r.active === 1,
  };
}

function remindersOf(db: Db, machineId: number): Reminder[] {
  return (
    db
      .prepare('SELECT * FROM maintenance_reminders WHERE machine_id = ? ORDER BY id')
      .all(machineId) as ReminderRow[]
  ).map((r) => reminderOf(db, r));
}

export function saveReminder(
  store: Store,
  actor: number,
  input: {
    id?: number | undefined;
    machineId: number;
    counter: MaintenanceCounter;
    title: string;
    every: number;
    active: boolean;
  },
): void {
  getMachine(store, input.machineId);
  const everyAmount = Math.round(input.every * scale(input.counter));
  if (everyAmount <= 0) throw new DeskError('INVALID_INPUT', 'The interval is too small to count.');
  store.write({ actor, reason: 'maintenance reminder' }, (tx) => {
    if (input.id === undefined) {
      const id = tx.db
        .prepare(
          `INSERT INTO maintenance_reminders (machine_id, counter, title, every_amount, baseline, active, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.machineId,
          input.counter,
          input.title,
          everyAmount,
          counterRaw(tx.db, input.machineId, input.counter),
          input.active ? 1 : 0,
          tx.at,
        ).lastInsertRowid;
      tx.audit('maintenance_reminder', Number(id), 'create', null, input);
      return;
    }
    const before = tx.db.prepare('SELECT * FROM maintenance_reminders WHERE id = ?').get(input.id) as
      ReminderRow | undefined;
    if (before === undefined || before.machine_id !== input.machineId) throw notFound('Reminder', input.id);
    if (before.counter !== input.counter)
      throw new DeskError(
        'INVALID_INPUT',
        'A reminder keeps its counter; set up a new one for another counter.',
      );
    tx.db
      .prepare('UPDATE maintenance_reminders SET title = ?, every_amount = ?, active = ? WHERE id = ?')
      .run(input.title, everyAmount, input.active ? 1 : 0, input.id);
    tx.audit('maintenance_reminder', input.id, 'update', before, input);
  });
}

/** Maintenance done: a line in the sign-off log; for a reminder, its count starts again from the counter now. */
export function signOffMaintenance(
  store: Store,
  actor: number,
  input: { machineId: number; reminderId?: number | undefined; note: string },
): void {
  getMachine(store, input.machineId);
  store.write({ actor, reason: input.note }, (tx) => {
    let value: number | null = null;
    if (input.reminderId !== undefined) {
      const r = tx.db.prepare('SELECT * FROM maintenance_reminders WHERE id = ?').get(input.reminderId) as
        ReminderRow | undefined;
      if (r === undefined || r.machine_id !== input.machineId) throw notFound('Reminder', input.reminderId);
      value = counterRaw(tx.db, input.machineId, r.counter);
    }
    const id = tx.db
      .prepare(
        'INSERT INTO maintenance_signoffs (machine_id, reminder_id, counter_value, note, by_id, at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(input.machineId, input.reminderId ?? null, value, input.note, actor, tx.at).lastInsertRowid;
    tx.audit('maintenance_signoff', Number(id), 'sign-off', null, { ...input, counterValue: value });
  });
}

export function maintenanceOverview(store: Store, machineId: number): MaintenanceOverview {
  const machine = getMachine(store, machineId);
  const { db } = store;
  const counters = (['print_hours', 'spindle_hours', 'laser_hours', 'use_hours', 'filament_grams'] as const)
    .filter(
      (c) =>
        c === hourCounterOf(machine.kind) ||
        (c === 'filament_grams' && machineKindSpec(machine.kind).countsFilament),
    )
    .map((counter) => ({
      counter,
      value: Math.round((counterRaw(db, machineId, counter) / scale(counter)) * 100) / 100,
    }));
  const tickets = (
    db
      .prepare(`${TICKET_SELECT} WHERE t.machine_id = ? ORDER BY t.status = 'open' DESC, t.id DESC`)
      .all(machineId) as TicketRow[]
  ).map(toTicket);
  const signOffs = (
    db
      .prepare(
        `SELECT s.*, p.display_name AS by_name FROM maintenance_signoffs s LEFT JOIN persons p ON p.id = s.by_id
         WHERE s.machine_id = ? ORDER BY s.id DESC`,
      )
      .all(machineId) as {
      id: number;
      machine_id: number;
      ticket_id: number | null;
      reminder_id: number | null;
      note: string;
      by_id: number | null;
      by_name: string | null;
      at: string;
    }[]
  ).map((s) => ({
    id: s.id,
    machineId: s.machine_id,
    ticketId: s.ticket_id,
    reminderId: s.reminder_id,
    note: s.note,
    byId: s.by_id,
    byName: s.by_name,
    at: s.at,
  }));
  return {
    machine: { id: machine.id, name: machine.name, kind: machine.kind, down: isDown(db, machineId) },
    counters,
    reminders: remindersOf(db, machineId),
    tickets,
    signOffs,
  };
}

export function maintenanceList(store: Store) {
  return listMachines(store, false).map((m) => ({
    machineId: m.id,
    name: m.name,
    down: isDown(store.db, m.id),
    openTickets: (
      store.db
        .prepare(`SELECT count(*) AS n FROM maintenance_tickets WHERE machine_id = ? AND status = 'open'`)
        .get(m.id) as {
        n: number;
      }
    ).n,
    remindersDue: remindersOf(store.db, m.id).filter((r) => r.state === 'due').length,
  }));
}
