import type { jobsMethods, QueueLane } from '../../preload/contract/methods/jobs.js';
import type { HostContext } from '../kernel/context.js';
import { requireActor, type CallContext, type HandlersFor } from '../kernel/handler-types.js';
import { getMachine, listMachines } from '../machines/registry.js';
import { labDate } from '../kernel/lab-dates.js';
import { listMaterials, listRates, listTiers, saveMaterial, saveTiers, setRate } from './catalog.js';
import { JobDispatcher } from './dispatcher.js';
import { history, historyCsv } from './history.js';
import {
  maintenanceList,
  maintenanceOverview,
  reportProblem,
  resolveTicket,
  saveReminder,
  signOffMaintenance,
} from './maintenance.js';
import { moveInQueue, queuedOn } from './queue.js';
import { requestJob, transitionJob, updateJob } from './requests.js';
import {
  assertStaff,
  jobDetail,
  jobRow,
  JOB_SELECT,
  listJobs,
  seesAll,
  toJob,
  visibleJobRow,
  type Actor,
  type JobRow,
} from './rows.js';

const dispatchers = new WeakMap<HostContext, JobDispatcher>();

/** The jobs dispatcher of a host (the production area and the demo seeder use it). */
export function jobDispatcherOf(ctx: HostContext): JobDispatcher | undefined {
  return dispatchers.get(ctx);
}

/** Jobs: requests, the queue per machine, starting with gates, history, maintenance. */
export function jobsHandlers(ctx: HostContext): HandlersFor<typeof jobsMethods> {
  const { store, events } = ctx;
  const dispatcher = new JobDispatcher(ctx);
  dispatchers.set(ctx, dispatcher);
  const actorOf = (call: CallContext): Actor => ({
    id: requireActor(call),
    roles: call.conn.auth?.roles ?? [],
  });
  const changed = (entity: string, id: number) => events.publish('changed', { entity, id: String(id) });

  const lanes = (actor: Actor, machineId?: number): QueueLane[] => {
    const machines = machineId === undefined ? listMachines(store, false) : [getMachine(store, machineId)];
    const own = (r: JobRow) => seesAll(actor) || r.requester_id === actor.id;
    return machines.map((machine) => {
      const running = (
        store.db
          .prepare(`${JOB_SELECT} WHERE j.machine_id = ? AND j.status = 'running'`)
          .all(machine.id) as JobRow[]
      ).filter(own);
      const queued = queuedOn(store.db, machine.id)
        .map((r) => jobRow(store.db, r.id))
        .filter(own);
      return {
        machine: {
          id: machine.id,
          name: machine.name,
          kind: machine.kind,
          firmware: machine.firmware,
          simulated: machine.connection.type === 'simulated',
          ...dispatcher.queueFacts(machine),
        },
        running: running.map((r) => toJob(store.db, r)),
        queued: queued.map((r) => toJob(store.db, r)),
      };
    });
  };

  return {
    'jobs.catalog': () => ({
      tiers: listTiers(store.db),
      materials: listMaterials(store.db),
      rates: listRates(store),
    }),
    'jobs.list': (input, call) => listJobs(store.db, actorOf(call), input),
    'jobs.get': ({ id }, call) => jobDetail(store.db, visibleJobRow(store.db, actorOf(call), id).id),
    'jobs.request': (input, call) => {
      const job = requestJob(store, actorOf(call), input);
      changed('job', job.id);
      return job;
    },
    'jobs.update': (input, call) => {
      const job = updateJob(store, actorOf(call), input);
      changed('job', job.id);
      return job;
    },
    'jobs.transition': (input, call) => {
      const job = transitionJob(store, actorOf(call), input);
      changed('job', job.id);
      return job;
    },
    'jobs.queue': ({ machineId }, call) => lanes(actorOf(call), machineId),
    'jobs.reorder': ({ id, toPosition, reason }, call) => {
      const actor = actorOf(call);
      assertStaff(actor, 'reorder a queue');
      store.write({ actor: actor.id, reason: reason ?? 'queue reordered' }, (tx) =>
        moveInQueue(tx, id, toPosition, reason ?? null),
      );
      changed('job', id);
      return lanes(actor, jobRow(store.db, id).machine_id ?? undefined);
    },
    'jobs.startCheck': ({ id, operatorId }, call) => dispatcher.startCheck(actorOf(call), id, operatorId),
    'jobs.start': (input, call) => dispatcher.start(actorOf(call), input),
    'jobs.finish': (input, call) => dispatcher.finish(actorOf(call), input),
    'jobs.recordMaterial': (input, call) => dispatcher.recordMaterial(actorOf(call), input),
    'jobs.history': (input, call) => history(store.db, actorOf(call), input),
    'jobs.historyCsv': (input, call) => ({
      fileName: `job-history-${labDate(ctx.clock.now())}.csv`,
      csv: historyCsv(history(store.db, actorOf(call), input)),
    }),
    'jobs.tiers.save': ({ tiers }, call) => {
      const saved = saveTiers(store, requireActor(call), tiers);
      changed('priority_tier', 0);
      return saved;
    },
    'jobs.materials.save': (input, call) => {
      const material = saveMaterial(store, requireActor(call), input);
      changed('job_material', material.id);
      return material;
    },
    'jobs.rates.set': ({ machineId, hourlyCents }, call) => {
      const rate = setRate(store, requireActor(call), machineId, hourlyCents);
      changed('job_machine_rate', machineId);
      return rate;
    },
    'jobs.maintenance.list': () => maintenanceList(store),
    'jobs.maintenance.get': ({ machineId }) => maintenanceOverview(store, machineId),
    'jobs.maintenance.report': (input, call) => {
      const ticket = reportProblem(store, requireActor(call), input);
      changed('maintenance', input.machineId);
      changed('machine', input.machineId);
      return ticket;
    },
    'jobs.maintenance.resolve': (input, call) => {
      const ticket = resolveTicket(store, requireActor(call), input);
      changed('maintenance', ticket.machineId);
      changed('machine', ticket.machineId);
      return ticket;
    },
    'jobs.maintenance.saveReminder': (input, call) => {
      saveReminder(store, requireActor(call), input);
      changed('maintenance', input.machineId);
      return maintenanceOverview(store, input.machineId);
    },
    'jobs.maintenance.signOff': (input, call) => {
      signOffMaintenance(store, requireActor(call), input);
      changed('maintenance', input.machineId);
      return maintenanceOverview(store, input.machineId);
    },
  };
}
