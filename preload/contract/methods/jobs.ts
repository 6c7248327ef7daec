import { z } from 'zod';
import { method } from '../define.js';
import { businessDate, cents, empty, id, isoInstant, optionalText, text } from '../common.js';
import { machineKind } from './machines.js';
import {
  historyRow,
  jobDetail,
  job,
  jobMaterial,
  jobStatus,
  machineRate,
  maintenanceCounter,
  maintenanceOverview,
  plainTarget,
  priorityTier,
  queueLane,
  runOutcome,
  startCheck,
  ticket,
  ticketKind,
} from './jobs-schemas.js';

export * from './jobs-schemas.js';

const reason = text(300);
const colour = z.string().trim().max(40, 'at most 40 characters').optional();

/** What a request names; `machineId` or `machineKind` (a machine picks its kind). */
const requestFields = {
  title: text(120),
  fileIds: z.array(id).min(1, 'pick at least one file from the library').max(10, 'at most 10 files'),
  machineId: id.optional(),
  machineKind: machineKind.optional(),
  materialId: id.optional(),
  colour,
  quantity: z.number().int().min(1, 'at least 1').max(500, 'at most 500'),
  tierId: id.optional(),
  dueOn: businessDate.optional(),
  notes: optionalText(2000),
};

const historyFilter = {
  from: businessDate.optional(),
  to: businessDate.optional(),
  machineId: id.optional(),
  requesterId: id.optional(),
  outcome: runOutcome.optional(),
  search: z.string().trim().max(100).optional(),
};

const jobMethods = {
  'jobs.catalog': method({
    summary: 'Priority tiers, materials and machine rates: what a request form and a quote need.',
    permission: 'jobs.request',
    input: empty,
    output: z.object({
      tiers: z.array(priorityTier),
      materials: z.array(jobMaterial),
      rates: z.array(machineRate),
    }),
  }),
  'jobs.list': method({
    summary:
      'Jobs, newest first (trainees see their own). Filter by status, machine, or only the caller’s own.',
    permission: 'jobs.request',
    input: z.strictObject({
      statuses: z.array(jobStatus).max(10).optional(),
      machineId: id.optional(),
      mine: z.boolean().default(false),
    }),
    output: z.array(job),
  }),
  'jobs.get': method({
    summary: 'One job with its transitions (who, when, why) and its usage sessions.',
    permission: 'jobs.request',
    input: z.strictObject({ id }),
    output: jobDetail,
  }),
  'jobs.request': method({
    summary:
      'Ask for a job: files from the library, a machine or machine kind, material and colour, quantity, due date. ' +
      'It is quoted from the files’ estimates and submitted (or kept as a draft). Only staff set the priority tier.',
    permission: 'jobs.request',
    input: z.strictObject({ ...requestFields, submit: z.boolean().default(true) }),
    output: jobDetail,
  }),
  'jobs.update': method({
    summary:
      'Change a job before it runs (its requester while draft or submitted; staff until it starts). Re-quoted.',
    permission: 'jobs.request',
    input: z.strictObject({
      id,
      title: text(120).optional(),
      machineId: id.nullable().optional(),
      machineKind: machineKind.optional(),
      materialId: id.nullable().optional(),
      colour,
      quantity: requestFields.quantity.optional(),
      tierId: id.optional(),
      dueOn: businessDate.nullable().optional(),
      notes: z.string().trim().max(2000, 'at most 2000 characters').optional(),
    }),
    output: jobDetail,
  }),
  'jobs.transition': method({
    summary:
      'Move a job along a plain edge: submit, approve, decline, cancel, queue (on a machine), or hand over at pickup. ' +
      'Declining and cancelling need a reason.',
    permission: 'jobs.request',
    input: z.strictObject({ id, to: plainTarget, reason: optionalText(300), machineId: id.optional() }),
    output: jobDetail,
  }),
  'jobs.queue': method({
    summary: 'The queue board: for each machine, what runs now and what waits, in order.',
    permission: 'jobs.request',
    input: z.strictObject({ machineId: id.optional() }),
    output: z.array(queueLane),
  }),
  'jobs.reorder': method({
    summary:
      'Move a queued job to another place in its machine’s queue (staff). The move is recorded with its reason.',
    permission: 'jobs.manage',
    input: z.strictObject({ id, toPosition: z.number().int().min(1), reason: optionalText(300) }),
    output: z.array(queueLane),
  }),
  'jobs.startCheck': method({
    summary:
      'What starting this job would meet: the operator’s authorization, the machine down or busy, bed/stock clear.',
    permission: 'jobs.request',
    input: z.strictObject({ id, operatorId: id.optional() }),
    output: startCheck,
  }),
  'jobs.start': method({
    summary:
      'Start the next copy of a queued job (rule L1: the operator is authorized, or staff override with a reason; ' +
      'L2: not on a machine that is down; L3: not on a busy one). Streams on serial and simulated machines.',
    permission: 'jobs.request',
    input: z.strictObject({
      id,
      operatorId: id.optional(),
      overrideReason: optionalText(300),
      bedClear: z.boolean().default(false),
      /** The tested settings preset used for this copy (the lab's library), recorded on the run. */
      presetId: id.optional(),
      /** The booking this copy runs in (it turns into this run). */
      bookingId: id.optional(),
    }),
    output: jobDetail,
  }),
  'jobs.finish': method({
    summary:
      'End the running copy of a job on a machine started by hand: outcome and material actually used. ' +
      'Streamed copies end when their machine says so.',
    permission: 'jobs.request',
    input: z.strictObject({
      id,
      outcome: runOutcome,
      materialGrams: z.number().min(0).max(100_000).optional(),
      notes: optionalText(1000),
    }),
    output: jobDetail,
  }),
  'jobs.recordMaterial': method({
    summary: 'Correct the material a usage session actually used (staff), with a reason.',
    permission: 'jobs.manage',
    input: z.strictObject({ runId: id, grams: z.number().min(0).max(100_000), reason }),
    output: jobDetail,
  }),
  'jobs.history': method({
    summary:
      'Usage sessions, newest first, filtered by dates (lab days), machine, requester, outcome or text.',
    permission: 'jobs.request',
    input: z.strictObject(historyFilter),
    output: z.array(historyRow),
  }),
  'jobs.historyCsv': method({
    summary: 'The same history as CSV text, for a spreadsheet.',
    permission: 'jobs.request',
    input: z.strictObject(historyFilter),
    output: z.object({ fileName: z.string(), csv: z.string() }),
  }),
  'jobs.tiers.save': method({
    summary:
      'Set the priority tiers in their order (first is served first). Tiers are never deleted, only made inactive.',
    permission: 'jobs.manage',
    input: z.strictObject({
      tiers: z
        .array(
          z.strictObject({
            id: id.optional(),
            code: z
              .string()
              .trim()
              .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and - (up to 40)'),
            name: text(80),
            nameEs: text(80),
            active: z.boolean().default(true),
          }),
        )
        .min(1, 'keep at least one tier')
        .max(20),
    }),
    output: z.array(priorityTier),
  }),
  'jobs.materials.save': method({
    summary: 'Add or change a material and its price per kilogram (staff).',
    permission: 'jobs.manage',
    input: z.strictObject({
      id: id.optional(),
      code: z
        .string()
        .trim()
        .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and - (up to 40)'),
      name: text(80),
      centsPerKg: cents.min(0, 'must not be negative').max(10_000_000),
      densityMgPerCm3: z.number().int().min(100).max(25_000).nullable().default(null),
      active: z.boolean().default(true),
    }),
    output: jobMaterial,
  }),
  'jobs.rates.set': method({
    summary: 'Set a machine’s hourly rate for quotes (staff).',
    permission: 'jobs.manage',
    input: z.strictObject({
      machineId: id,
      hourlyCents: cents.min(0, 'must not be negative').max(10_000_000),
    }),
    output: machineRate,
  }),
};

const maintenanceMethods = {
  'jobs.maintenance.list': method({
    summary: 'Every machine’s maintenance at a glance: down or not, open tickets, reminders due.',
    permission: 'jobs.request',
    input: empty,
    output: z.array(
      z.object({
        machineId: id,
        name: z.string(),
        down: z.boolean(),
        openTickets: z.number().int(),
        remindersDue: z.number().int(),
      }),
    ),
  }),
  'jobs.maintenance.get': method({
    summary: 'A machine’s maintenance tab: usage counters, reminders, tickets and the sign-off log.',
    permission: 'jobs.request',
    input: z.strictObject({ machineId: id }),
    output: maintenanceOverview,
  }),
  'jobs.maintenance.report': method({
    summary:
      'Report a problem on a machine (anyone in the lab). A safety hazard that forces shutdown takes the machine ' +
      'down until staff resolve it.',
    permission: 'jobs.request',
    input: z.strictObject({
      machineId: id,
      kind: ticketKind,
      title: text(160),
      details: optionalText(2000),
      forcesShutdown: z.boolean().default(false),
    }),
    output: ticket,
  }),
  'jobs.maintenance.resolve': method({
    summary: 'Close a ticket as fixed or no fault found, with a sign-off note (staff).',
    permission: 'jobs.manage',
    input: z.strictObject({ id, resolution: z.enum(['fixed', 'no_fault']), note: text(1000) }),
    output: ticket,
  }),
  'jobs.maintenance.saveReminder': method({
    summary: 'Set up (or change) a reminder every so many hours or grams on a machine’s counter (staff).',
    permission: 'jobs.manage',
    input: z.strictObject({
      id: id.optional(),
      machineId: id,
      counter: maintenanceCounter,
      title: text(160),
      every: z.number().positive('must be more than 0').max(1_000_000),
      active: z.boolean().default(true),
    }),
    output: maintenanceOverview,
  }),
  'jobs.maintenance.signOff': method({
    summary: 'Sign off maintenance done on a machine (staff): a reminder’s count starts again from here.',
    permission: 'jobs.manage',
    input: z.strictObject({ machineId: id, reminderId: id.optional(), note: text(1000) }),
    output: maintenanceOverview,
  }),
};

export const jobsMethods = { ...jobMethods, ...maintenanceMethods };

/** Pushed when a job's copy finishes or fails, for a notification on the screens that care. */
export const jobNotice = z.object({
  jobId: id,
  number: z.number().int(),
  title: z.string(),
  requesterId: id,
  machineName: z.string(),
  outcome: z.enum(['done', 'copy_done', 'failed']),
  at: isoInstant,
});
export type JobNotice = z.infer<typeof jobNotice>;
