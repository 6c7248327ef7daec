import type { labMethods } from '../../preload/contract/methods/lab.js';
import type { HostContext } from '../kernel/context.js';
import { requireActor, type CallContext, type HandlersFor } from '../kernel/handler-types.js';
import { listLabMaterials, listPresets, moveStock, saveLabMaterial, savePreset } from './materials.js';
import { LabSessions, listSessions, type LabActor } from './sessions.js';
import { DeskError } from '../kernel/errors.js';
import { sessionPhotoBlob } from './photos.js';
import { LabBookings, bookingsIcs, listBookings, openingHours } from './bookings.js';

/** The lab area: sessions on machines, the materials and settings library, bookings. */
const services = new WeakMap<HostContext, LabSessions>();

/** The lab's sessions of a host (the demo seeder and the timer use it). */
export function labSessionsOf(ctx: HostContext): LabSessions | undefined {
  return services.get(ctx);
}

export function labActor(call: CallContext): LabActor {
  const roles = call.conn.auth?.roles ?? [];
  return { id: requireActor(call), staff: roles.includes('staff') || roles.includes('admin') };
}

export function labHandlers(ctx: HostContext): HandlersFor<typeof labMethods> {
  const { store } = ctx;
  const sessions = new LabSessions(ctx);
  const bookings = new LabBookings(ctx);
  services.set(ctx, sessions);
  if (ctx.timers === true) {
    // Forgotten sessions close themselves within a minute of their limit (tests call closeForgotten by hand).
    const timer = setInterval(() => {
      try {
        sessions.closeForgotten();
      } catch (error) {
        ctx.log.error('lab: could not close forgotten sessions', error);
      }
    }, 60_000);
    timer.unref();
    ctx.onClose(() => clearInterval(timer));
  }
  // Photos of sessions' results: /blob/lab/session-photo/<id>, for the session's person and staff.
  ctx.blobs.register('lab', (rest, who) => sessionPhotoBlob(ctx, rest, who));
  return {
    'lab.sessions.list': (input, call) => {
      sessions.closeForgotten();
      return listSessions(store.db, labActor(call), input);
    },
    'lab.sessions.start': (input, call) => sessions.start(labActor(call), input),
    'lab.sessions.stop': (input, call) => sessions.stop(labActor(call), input),
    'lab.materials.list': () => listLabMaterials(store.db),
    'lab.materials.save': (input, call) => saveLabMaterial(store, requireActor(call), input),
    'lab.materials.stock': (input, call) => moveStock(store, requireActor(call), input),
    'lab.presets.list': (input) => listPresets(store.db, input),
    'lab.presets.save': (input, call) => savePreset(store, requireActor(call), input),
    'lab.bookings.list': (input, call) => ({
      bookings: listBookings(store.db, labActor(call), input),
      hours: openingHours(store.db),
      blackouts: blackoutsBetween(input.from, input.to, input.machineId),
    }),
    'lab.bookings.book': (input, call) => bookings.book(labActor(call), input),
    'lab.bookings.cancel': (input, call) => bookings.cancel(labActor(call), input),
    'lab.bookings.noShow': (input, call) => bookings.noShow(labActor(call), input),
    'lab.bookings.ics': ({ personId }, call) => {
      const actor = labActor(call);
      const who = personId ?? actor.id;
      if (who !== actor.id && !actor.staff)
        throw new DeskError('NOT_AUTHORIZED', 'Only staff export someone else’s bookings.');
      return { fileName: `bookings-${who}.ics`, text: bookingsIcs(store.db, who, ctx.clock.now()) };
    },
    'lab.bookings.setHours': ({ hours }, call) => {
      bookings.setHours(labActor(call), hours);
      return openingHours(store.db);
    },
    'lab.bookings.addBlackout': (input, call) => {
      const id = bookings.addBlackout(labActor(call), input);
      return blackoutsBetween(input.startsAt, input.endsAt, input.machineId).find((b) => b.id === id)!;
    },
  };

  function blackoutsBetween(from: string, to: string, machineId: number | undefined) {
    const rows = store.db
      .prepare(
        `SELECT id, machine_id, starts_at, ends_at, reason FROM lab_blackouts WHERE starts_at < ? AND ends_at > ?
         AND (? IS NULL OR machine_id IS NULL OR machine_id = ?) ORDER BY starts_at`,
      )
      .all(to, from, machineId ?? null, machineId ?? null) as {
      id: number;
      machine_id: number | null;
      starts_at: string;
      ends_at: string;
      reason: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      machineId: r.machine_id,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      reason: r.reason,
    }));
  }
}
