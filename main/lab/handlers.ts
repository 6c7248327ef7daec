import type { labMethods } from '../../preload/contract/methods/lab.js';
import type { HostContext } from '../host/context.js';
import { requireActor, type CallContext, type HandlersFor } from '../host/handler-types.js';
import { listLabMaterials, listPresets, moveStock, saveLabMaterial, savePreset } from './materials.js';
import { LabSessions, listSessions, type LabActor } from './sessions.js';

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
  };
}
