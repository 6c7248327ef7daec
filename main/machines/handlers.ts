import type { machineMethods } from '../../preload/contract/methods/machines.js';
import type { HostContext } from '../kernel/context.js';
import { requireActor, type CallContext, type HandlersFor } from '../kernel/handler-types.js';
import { DeskError } from '../kernel/errors.js';
import {
  actionNeed,
  checkControl,
  commandNeed,
  consoleNeed,
  controlAccess,
  heatNeed,
  type ControlNeed,
  type GateActor,
} from './control-gate.js';
import { GatedMachineService } from './job-gate.js';
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
import { setMachineService } from './service-of.js';

/** Machines: registry, connections, live control and resume. One MachineService holds every session. */
export function machineHandlers(ctx: HostContext): HandlersFor<typeof machineMethods> {
  const { store, events } = ctx;
  const service: MachineService = new GatedMachineService(ctx);
  setMachineService(ctx, service);
  const orphans = interruptOrphanRuns(store);
  if (orphans > 0)
    ctx.log.warn(`machines: ${orphans} job(s) were streaming when the Desk stopped; marked interrupted`);
  ctx.onClose(() => service.close());
  const changed = (id: number) => events.publish('changed', { entity: 'machine', id: String(id) });

  const actorOf = (call: CallContext): GateActor => ({
    id: requireActor(call),
    roles: call.conn.auth?.roles ?? [],
  });
  /**
   * Every method that can move, heat, unlock, reconfigure or start a machine asks this one gate first (see
   * control-gate.ts): nothing is written to the machine unless it passes.
   */
  const gate = (id: number, call: CallContext, need: ControlNeed, overrideReason: string | undefined) =>
    checkControl({ store, log: ctx.log }, getMachine(store, id), actorOf(call), need, overrideReason);

  return {
    'machines.list': ({ includeRetired }) =>
      listMachines(store, includeRetired).map((machine) => ({
        machine,
        snapshot: service.snapshot(machine),
      })),
    'machines.get': ({ id }) => getMachine(store, id),
    'machines.access': ({ id }, call) =>
      controlAccess({ store, log: ctx.log }, getMachine(store, id), actorOf(call)),
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
    // Connecting only watches: anyone who may operate machines may connect; commanding is gated below.
    'machines.connect': ({ id }) => service.connect(id),
    'machines.disconnect': ({ id }) => service.disconnect(id),
    'machines.snapshot': ({ id }) => service.snapshot(getMachine(store, id)),
    'machines.console': ({ id, afterSeq, limit }) => service.consoleLines(id, afterSeq, limit),
    'machines.history': ({ id }) => {
      getMachine(store, id);
      return service.history(id);
    },
    'machines.send': ({ id, command, overrideReason }, call) => {
      const pass = gate(id, call, consoleNeed(getMachine(store, id), command), overrideReason);
      const session = service.ready(id);
      pass.record();
      session.command(command);
      return null;
    },
    'machines.jog': ({ id, x, y, z, feed, overrideReason }, call) => {
      const pass = gate(id, call, commandNeed(`jog X${x} Y${y} Z${z} F${feed}`), overrideReason);
      const session = service.ready(id);
      pass.record();
      session.jog(x, y, z, feed);
      return null;
    },
    'machines.action': ({ id, action, overrideReason }, call) => {
      const streamingOk =
        ['hold', 'resume', 'stop', 'reset', 'jog-cancel', 'break-wait'].includes(action) ||
        action.includes('+') ||
        action.includes('-');
      const pass = gate(id, call, actionNeed(getMachine(store, id), action), overrideReason);
      const session = service.ready(id, { allowStreaming: streamingOk });
      pass.record();
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
    'machines.answerPrompt': ({ id, choice, overrideReason }, call) => {
      const pass = gate(id, call, commandNeed(`answer prompt ${choice}`), overrideReason);
      const session = service.ready(id, { allowStreaming: true });
      pass.record();
      session.answerPrompt(choice);
      return null;
    },
    'machines.setTemperature': ({ id, heater, celsius, overrideReason }, call) => {
      if (getMachine(store, id).firmware !== 'marlin')
        throw new DeskError('RULE_VIOLATION', 'Only printers have heaters to set.');
      const pass = gate(id, call, heatNeed(heater, celsius), overrideReason);
      const session = service.ready(id, { allowStreaming: true });
      pass.record();
      session.setTemperature(heater, celsius);
      return null;
    },
    'machines.runDemo': ({ id, dryRun, overrideReason }, call) => {
      const pass = gate(
        id,
        call,
        commandNeed(dryRun ? 'practice dry run' : 'practice program'),
        overrideReason,
      );
      pass.record();
      return service.runDemo(id, requireActor(call), dryRun);
    },
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
    'machines.resume': async ({ id, line, overrideReason }, call) => {
      const pass = gate(id, call, commandNeed(`resume the last job from line ${line}`), overrideReason);
      service.ready(id);
      pass.record();
      return service.resume(id, requireActor(call), line);
    },
  };
}
