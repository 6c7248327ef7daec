import type { machineMethods } from '../../preload/contract/methods/machines.js';
import type { HostContext } from '../host/context.js';
import { requireActor, type HandlersFor } from '../host/handler-types.js';
import { DeskError } from '../shared/errors.js';
import { checkAuthorization } from '../training/index.js';
import { listSerialPorts } from './link.js';
import {
  createMachine,
  getMachine,
  interruptOrphanRuns,
  listMachines,
  retireMachine,
  updateMachine,
} from './registry.js';
import { MachineService } from './service.js';

/** Machines: registry, connections, live control and resume. One MachineService holds every session. */
const services = new WeakMap<HostContext, MachineService>();

/** The machines service of a host, for other areas (the jobs area starts jobs through `startJob`). */
export function machineServiceOf(ctx: HostContext): MachineService | undefined {
  return services.get(ctx);
}

export function machineHandlers(ctx: HostContext): HandlersFor<typeof machineMethods> {
  const { store, events } = ctx;
  const service = new MachineService(ctx);
  services.set(ctx, service);
  const orphans = interruptOrphanRuns(store);
  if (orphans > 0)
    ctx.log.warn(`machines: ${orphans} job(s) were streaming when the Desk stopped; marked interrupted`);
  ctx.onClose(() => service.close());
  const changed = (id: number) => events.publish('changed', { entity: 'machine', id: String(id) });

  /** Motion on a real machine is for people trained on it (simulated machines are for practice). */
  const mayRun = (machineId: number, actor: number) => {
    const machine = getMachine(store, machineId);
    if (machine.connection.type === 'simulated') return;
    const decision = checkAuthorization(
      { store, log: ctx.log },
      { personId: actor, machineId, askedBy: actor },
    );
    if (!decision.allowed) {
      throw new DeskError(
        'RULE_VIOLATION',
        `You are not authorised to run ${machine.name}: ${decision.reasons.join(', ')}.`,
        { reasons: decision.reasons },
      );
    }
  };

  return {
    'machines.list': ({ includeRetired }) =>
      listMachines(store, includeRetired).map((machine) => ({
        machine,
        snapshot: service.snapshot(machine),
      })),
    'machines.get': ({ id }) => getMachine(store, id),
    'machines.create': (input, call) => {
      const machine = createMachine(store, requireActor(call), input);
      changed(machine.id);
      return machine;
    },
    'machines.update': ({ id, ...input }, call) => {
      const session = service.session(id);
      const before = getMachine(store, id);
      if (
        session !== undefined &&
        session.connection === 'connected' &&
        JSON.stringify(before.connection) !== JSON.stringify(input.connection)
      ) {
        throw new DeskError('CONFLICT', `Disconnect ${before.name} before changing how it is reached.`);
      }
      const machine = updateMachine(store, requireActor(call), id, input);
      changed(id);
      return machine;
    },
    'machines.retire': async ({ id, reason }, call) => {
      await service.disconnect(id);
      const machine = retireMachine(store, requireActor(call), id, reason);
      changed(id);
      return machine;
    },
    'machines.ports': () => listSerialPorts(),
    'machines.connect': ({ id }) => service.connect(id),
    'machines.disconnect': ({ id }) => service.disconnect(id),
    'machines.snapshot': ({ id }) => service.snapshot(getMachine(store, id)),
    'machines.console': ({ id, afterSeq, limit }) => service.consoleLines(id, afterSeq, limit),
    'machines.send': ({ id, command }) => {
      service.ready(id).command(command);
      return null;
    },
    'machines.jog': ({ id, x, y, z, feed }, call) => {
      mayRun(id, requireActor(call));
      service.ready(id).jog(x, y, z, feed);
      return null;
    },
    'machines.action': ({ id, action }, call) => {
      const streamingOk =
        ['hold', 'resume', 'stop', 'reset', 'jog-cancel', 'break-wait'].includes(action) ||
        action.includes('+') ||
        action.includes('-');
      if (action === 'home') mayRun(id, requireActor(call));
      const session = service.ready(id, { allowStreaming: streamingOk });
      session.action(action);
      return session.snapshot();
    },
    // Never refused for lack of training or a job in progress: anyone may stop a machine.
    'machines.estop': ({ id }) => {
      const session = service.session(id);
      if (session === undefined || session.connection !== 'connected')
        return service.snapshot(getMachine(store, id));
      session.estop();
      return session.snapshot();
    },
    'machines.answerPrompt': ({ id, choice }) => {
      service.ready(id, { allowStreaming: true }).answerPrompt(choice);
      return null;
    },
    'machines.setTemperature': ({ id, heater, celsius }) => {
      const session = service.ready(id, { allowStreaming: true });
      if (session.firmware !== 'marlin')
        throw new DeskError('RULE_VIOLATION', 'Only printers have heaters to set.');
      session.setTemperature(heater, celsius);
      return null;
    },
    'machines.runDemo': ({ id, dryRun }, call) => service.runDemo(id, requireActor(call), dryRun),
    'machines.resumePlan': async ({ id, line }) => {
      const plan = await service.resumePlan(id, line);
      return {
        machineId: id,
        name: plan.name,
        line: plan.line,
        preamble: plan.preamble,
        fileChanged: plan.fileChanged,
        suggestion: plan.suggestion,
        nearby: plan.nearby,
      };
    },
    'machines.resume': async ({ id, line }, call) => {
      const actor = requireActor(call);
      mayRun(id, actor);
      return service.resume(id, actor, line);
    },
  };
}
