import { sessionLimitMinutes } from '../../preload/contract/machine-kinds.js';
import type { LabSession } from '../../preload/contract/methods/lab.js';
import type { HostContext } from '../kernel/context.js';
import { feedSessionCounters, isDown, shutdownTickets } from '../jobs/maintenance.js';
import { getMachine } from '../machines/registry.js';
import type { Db } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { recordMachineUse, trainingGate } from '../training/index.js';
import { bookingToTakeUp, markBookingUsed } from './bookings.js';
import { drawStock, getLabMaterial, getPreset, refuseForbidden } from './materials.js';
import { takeSessionPhoto, type SessionPhoto } from './photos.js';
import { rmSync } from 'node:fs';

/**
 * Sessions: a person uses a machine from a start to a stop — a sewing machine, the bench, a laser on its print
 * driver, or any machine run by hand. The start passes the one training gate (as commands, jobs and bookings do);
 * the stop records the time (fed exactly into the machine's hour counter), the material drawn from stock and its
 * cost, and a note on the result. A session nobody stops closes itself at its kind's limit, with a notice.
 */

export interface LabActor {
  id: number;
  staff: boolean;
}

interface SessionRow {
  id: number;
  machine_id: number;
  machine_name: string;
  machine_kind: LabSession['machineKind'];
  person_id: number;
  person_name: string;
  started_by: number;
  started_at: string;
  authorized: number;
  override_reason: string | null;
  material_id: number | null;
  material_name: string | null;
  preset_id: number | null;
  preset_operation: string | null;
  preset_version: number | null;
  settings_json: string;
  booking_id: number | null;
  used_milli: number | null;
  cost_cents: number | null;
  ended_at: string | null;
  end_kind: LabSession['endKind'];
  duration_s: number | null;
  note: string | null;
  photo_type: string | null;
}

const SELECT = `SELECT s.*, m.name AS machine_name, m.kind AS machine_kind, p.display_name AS person_name,
  mat.name AS material_name, pr.operation AS preset_operation, pr.version AS preset_version
  FROM lab_sessions s JOIN machines m ON m.id = s.machine_id JOIN persons p ON p.id = s.person_id
  LEFT JOIN job_materials mat ON mat.id = s.material_id LEFT JOIN lab_presets pr ON pr.id = s.preset_id`;

const MINUTE = 60_000;

function toSession(r: SessionRow): LabSession {
  const limit = sessionLimitMinutes(r.machine_kind);
  return {
    id: r.id,
    machineId: r.machine_id,
    machineName: r.machine_name,
    machineKind: r.machine_kind,
    personId: r.person_id,
    personName: r.person_name,
    startedAt: r.started_at,
    startedById: r.started_by,
    authorized: r.authorized === 1,
    overrideReason: r.override_reason,
    materialId: r.material_id,
    materialName: r.material_name,
    presetId: r.preset_id,
    presetLabel:
      r.preset_id === null ? null : `${r.preset_operation ?? ''} v${String(r.preset_version ?? '')}`.trim(),
    settings: JSON.parse(r.settings_json) as LabSession['settings'],
    bookingId: r.booking_id,
    usedMilli: r.used_milli,
    costCents: r.cost_cents,
    endedAt: r.ended_at,
    endKind: r.end_kind,
    durationS: r.duration_s,
    note: r.note,
    photoUrl: r.photo_type === null ? null : `/blob/lab/session-photo/${r.id}`,
    closesAt: new Date(Date.parse(r.started_at) + limit * MINUTE).toISOString(),
  };
}

export function getSession(db: Db, id: number): LabSession {
  const row = db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as SessionRow | undefined;
  if (row === undefined) throw notFound('Session', id);
  return toSession(row);
}

export function listSessions(
  db: Db,
  actor: LabActor,
  filter: { open: boolean; machineId?: number | undefined; limit: number },
): LabSession[] {
  const where: string[] = [];
  const args: number[] = [];
  if (filter.open) where.push('s.ended_at IS NULL');
  if (filter.machineId !== undefined) {
    where.push('s.machine_id = ?');
    args.push(filter.machineId);
  }
  // Open sessions are the board's (who is at which machine); past ones are each person's own unless staff.
  if (!actor.staff && !filter.open) {
    where.push('s.person_id = ?');
    args.push(actor.id);
  }
  const rows = db
    .prepare(
      `${SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.started_at DESC, s.id DESC LIMIT ?`,
    )
    .all(...args, filter.limit) as SessionRow[];
  return rows.map(toSession);
}

export interface StartInput {
  machineId: number;
  personId?: number | undefined;
  materialId?: number | undefined;
  presetId?: number | undefined;
  settings: Record<string, number | string | boolean>;
  bookingId?: number | undefined;
  overrideReason?: string | undefined;
}

export class LabSessions {
  constructor(private readonly ctx: HostContext) {}

  private get store() {
    return this.ctx.store;
  }

  /** Starts a session, or says which rule refuses it; nothing is written on a refusal but the training one. */
  start(actor: LabActor, input: StartInput): LabSession {
    this.closeForgotten();
    const { store } = this;
    const machine = getMachine(store, input.machineId);
    if (machine.retired) throw new DeskError('RULE_VIOLATION', `${machine.name} is retired.`);
    if (isDown(store.db, machine.id)) {
      const tickets = shutdownTickets(store.db, machine.id).map((t) => `ticket ${t.number} (${t.title})`);
      throw new DeskError(
        'RULE_VIOLATION',
        `${machine.name} is down${tickets.length > 0 ? `: ${tickets.join(', ')}` : ''}. Nobody uses it until staff resolve it.`,
        { gate: 'machine_down' },
      );
    }
    const personId = input.personId ?? actor.id;
    if (personId !== actor.id && !actor.staff)
      throw new DeskError('NOT_AUTHORIZED', 'Only staff start a session for someone else.');
    const open = store.db
      .prepare(`${SELECT} WHERE s.machine_id = ? AND s.ended_at IS NULL`)
      .get(machine.id) as SessionRow | undefined;
    if (open !== undefined)
      throw new DeskError(
        'CONFLICT',
        `${machine.name} is in use by ${open.person_name} since ${open.started_at} (session ${open.id}): ` +
          'they stop it first.',
        { gate: 'machine_busy', sessionId: open.id },
      );
    let materialId = input.materialId ?? null;
    let settings = input.settings;
    if (input.presetId !== undefined) {
      const preset = getPreset(store.db, input.presetId);
      if (preset.machineId !== machine.id)
        throw new DeskError(
          'INVALID_INPUT',
          `That preset is for ${preset.machineName}, not ${machine.name}.`,
          {
            field: 'presetId',
          },
        );
      if (materialId !== null && materialId !== preset.materialId)
        throw new DeskError(
          'INVALID_INPUT',
          `That preset is for ${preset.materialName}, not the material chosen.`,
          {
            field: 'presetId',
          },
        );
      materialId = preset.materialId;
      settings = { ...preset.settings, ...settings };
    }
    if (materialId !== null) {
      const material = getLabMaterial(store.db, materialId);
      if (!material.active)
        throw new DeskError('RULE_VIOLATION', `${material.name} is no longer offered.`, {
          field: 'materialId',
        });
      refuseForbidden(store.db, materialId, machine);
    }
    const booking =
      input.bookingId === undefined
        ? null
        : bookingToTakeUp(store.db, this.ctx.clock.now(), input.bookingId, machine, personId);
    // The one training gate, exactly as for commanding a machine, a job and a booking.
    const { decision, override } = trainingGate(
      { store, log: this.ctx.log },
      {
        personId,
        askedBy: actor.id,
        askerIsStaff: actor.staff,
        machineId: machine.id,
        machineName: machine.name,
        purpose: 'session',
        overrideReason: input.overrideReason ?? null,
      },
    );
    const id = store.write(
      {
        actor: actor.id,
        reason: override === null ? `session on ${machine.name}` : `staff override: ${override}`,
      },
      (tx) => {
        const sessionId = Number(
          tx.db
            .prepare(
              `INSERT INTO lab_sessions (machine_id, person_id, started_by, started_at, authorized, override_reason,
                 material_id, preset_id, settings_json, booking_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              machine.id,
              personId,
              actor.id,
              tx.at,
              decision.allowed ? 1 : 0,
              override,
              materialId,
              input.presetId ?? null,
              JSON.stringify(settings),
              booking,
            ).lastInsertRowid,
        );
        if (booking !== null) markBookingUsed(tx, booking, { sessionId });
        tx.audit('lab_session', sessionId, override === null ? 'start' : 'start-override', null, {
          machineId: machine.id,
          personId,
          authorized: decision.allowed,
          reasons: decision.reasons,
          override,
          materialId,
          presetId: input.presetId ?? null,
        });
        if (decision.allowed) recordMachineUse(tx, personId, machine);
        return sessionId;
      },
    );
    this.changed(id);
    return getSession(store.db, id);
  }

  /** Stops a session: its person, whoever started it, or staff. Time, material and cost are recorded at once. */
  stop(
    actor: LabActor,
    input: {
      id: number;
      note?: string | undefined;
      used?: number | undefined;
      photoUploadId?: string | undefined;
    },
  ): LabSession {
    this.closeForgotten();
    const { store } = this;
    const session = getSession(store.db, input.id);
    if (session.endedAt !== null)
      throw new DeskError(
        'RULE_VIOLATION',
        session.endKind === 'auto_closed'
          ? `Session ${session.id} already closed itself at ${session.endedAt}: nobody stopped it in time.`
          : `Session ${session.id} has already ended.`,
      );
    if (!actor.staff && actor.id !== session.personId && actor.id !== session.startedById)
      throw new DeskError('NOT_AUTHORIZED', 'Only the person at the machine (or staff) stops their session.');
    if (input.used !== undefined && session.materialId === null)
      throw new DeskError(
        'INVALID_INPUT',
        'This session recorded no material: there is nothing to draw from stock.',
        {
          field: 'used',
        },
      );
    const now = this.ctx.clock.now();
    const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(session.startedAt)) / 1000));
    const machine = { id: session.machineId, kind: session.machineKind };
    const photo =
      input.photoUploadId === undefined
        ? null
        : takeSessionPhoto(this.ctx, input.photoUploadId, actor.id, session.id);
    try {
      this.record(actor, session, seconds, machine, input, photo);
    } catch (error) {
      if (photo !== null) rmSync(photo.path, { force: true });
      throw error;
    }
    this.changed(session.id);
    return getSession(store.db, session.id);
  }

  private record(
    actor: LabActor,
    session: LabSession,
    seconds: number,
    machine: { id: number; kind: LabSession['machineKind'] },
    input: { note?: string | undefined; used?: number | undefined },
    photo: SessionPhoto | null,
  ): void {
    this.store.write({ actor: actor.id, reason: `session on ${session.machineName} stopped` }, (tx) => {
      const milli = input.used === undefined ? null : Math.round(input.used * 1000);
      const cost =
        milli === null || session.materialId === null
          ? null
          : drawStock(tx, session.materialId, milli, { sessionId: session.id });
      tx.db
        .prepare(
          `UPDATE lab_sessions SET ended_at = ?, ended_by = ?, end_kind = 'stopped', duration_s = ?, note = ?,
             used_milli = ?, cost_cents = ?, photo_type = ?, photo_bytes = ? WHERE id = ?`,
        )
        .run(
          tx.at,
          actor.id,
          seconds,
          input.note ?? null,
          milli,
          cost,
          photo?.type ?? null,
          photo?.bytes ?? null,
          session.id,
        );
      feedSessionCounters(tx, machine, session.id, seconds);
      tx.audit('lab_session', session.id, 'stop', null, {
        seconds,
        usedMilli: milli,
        costCents: cost,
        photoBytes: photo?.bytes ?? null,
      });
    });
  }

  /**
   * Closes every session left open past its kind's limit: it ends at the limit (the time counted is the limit, not
   * however long nobody noticed), and a notice goes out. Runs before every session call and on the host's timer.
   */
  closeForgotten(): number {
    const { store } = this;
    const now = this.ctx.clock.now().getTime();
    const open = store.db.prepare(`${SELECT} WHERE s.ended_at IS NULL`).all() as SessionRow[];
    let closed = 0;
    for (const row of open) {
      const minutes = sessionLimitMinutes(row.machine_kind);
      const endsAt = Date.parse(row.started_at) + minutes * MINUTE;
      if (now < endsAt) continue;
      const endedAt = new Date(endsAt).toISOString();
      const hours = minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
      store.write({ actor: null, reason: `session left open past ${hours}` }, (tx) => {
        tx.db
          .prepare(
            `UPDATE lab_sessions SET ended_at = ?, end_kind = 'auto_closed', duration_s = ?, note = ? WHERE id = ?`,
          )
          .run(endedAt, minutes * 60, `Closed by the Desk after ${hours}: nobody stopped it.`, row.id);
        feedSessionCounters(tx, { id: row.machine_id, kind: row.machine_kind }, row.id, minutes * 60);
        tx.audit('lab_session', row.id, 'auto-close', null, { minutes, endedAt });
      });
      closed += 1;
      this.ctx.events.publish('lab.notice', {
        kind: 'session-auto-closed',
        sessionId: row.id,
        machineId: row.machine_id,
        machineName: row.machine_name,
        personId: row.person_id,
        minutes,
        at: new Date(now).toISOString(),
      });
      this.changed(row.id);
    }
    return closed;
  }

  private changed(id: number): void {
    this.ctx.events.publish('changed', { entity: 'lab_session', id: String(id) });
  }
}
