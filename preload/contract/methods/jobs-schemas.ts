import { z } from 'zod';
import { businessDate, cents, id, isoInstant } from '../common.js';
import { machineKind } from './machines.js';

/** Value shapes of the jobs area: the queue from request to pickup, usage sessions, maintenance. */

/**
 * The job status graph (DOMAIN.md): draft → submitted → approved → queued → running → done → picked_up, with side
 * exits declined / cancelled / failed, and failed → queued for a retry. A job of quantity N goes running → queued
 * after each copy until the last one is done. `jobs.transition` moves along the plain edges; `jobs.start` (gates)
 * and `jobs.finish` (or the machine itself) are the only ways into and out of running.
 */
export const jobStatuses = [
  'draft',
  'submitted',
  'approved',
  'queued',
  'running',
  'done',
  'picked_up',
  'declined',
  'cancelled',
  'failed',
] as const;
export const jobStatus = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof jobStatus>;

export const jobEdges: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  draft: ['submitted', 'cancelled'],
  submitted: ['approved', 'declined', 'cancelled'],
  approved: ['queued', 'cancelled'],
  queued: ['running', 'cancelled'],
  running: ['done', 'failed', 'queued'],
  failed: ['queued', 'cancelled'],
  done: ['picked_up'],
  picked_up: [],
  declined: [],
  cancelled: [],
};

/** Targets `jobs.transition` takes; running, done and failed come only from starting and finishing. */
export const plainTargets = [
  'submitted',
  'approved',
  'declined',
  'cancelled',
  'queued',
  'picked_up',
] as const;
export const plainTarget = z.enum(plainTargets);

/** How a usage session ended (DOMAIN.md): normal, failed, interrupted (the link or the app went), aborted. */
export const runOutcomes = ['normal', 'failed', 'interrupted', 'aborted'] as const;
export const runOutcome = z.enum(runOutcomes);
export type RunOutcome = z.infer<typeof runOutcome>;

export const priorityTier = z.object({
  id,
  code: z.string(),
  name: z.string(),
  nameEs: z.string(),
  /** 1 is served first. */
  rank: z.number().int().positive(),
  active: z.boolean(),
});
export type PriorityTier = z.infer<typeof priorityTier>;

export const jobMaterial = z.object({
  id,
  code: z.string(),
  name: z.string(),
  /** Price of the material, in cents per kilogram (PLA at $25/kg is 2500). */
  centsPerKg: cents,
  /** For a model (STL/OBJ/3MF) the quote turns volume into grams with this density, in mg per cm³ (PLA 1240). */
  densityMgPerCm3: z.number().int().positive().nullable(),
  active: z.boolean(),
});
export type JobMaterial = z.infer<typeof jobMaterial>;

export const machineRate = z.object({
  machineId: id,
  machineName: z.string(),
  kind: machineKind,
  /** Machine time, in cents per hour. */
  hourlyCents: cents,
});

export const quote = z.object({
  /** Material for all copies, from the parser's estimate (G-code filament, or model volume × density). */
  grams: z.number().nullable(),
  /** Machine time for all copies, from the parser's estimate. */
  seconds: z.number().int().nullable(),
  centsPerKg: cents,
  hourlyCents: cents,
  materialCents: cents,
  machineCents: cents,
  totalCents: cents,
  /** What the estimate could not see (no time estimate in the file, no material chosen...). */
  notes: z.array(z.string()),
});
export type Quote = z.infer<typeof quote>;

export const jobFile = z.object({ id, name: z.string(), kind: z.string(), sha256: z.string() });

export const job = z.object({
  id,
  /** Gapless, never reused: "Job 12". */
  number: z.number().int().positive(),
  title: z.string(),
  requesterId: id,
  requesterName: z.string(),
  files: z.array(jobFile),
  machineId: id.nullable(),
  machineName: z.string().nullable(),
  machineKind,
  materialId: id.nullable(),
  materialName: z.string().nullable(),
  colour: z.string().nullable(),
  quantity: z.number().int().positive(),
  copiesDone: z.number().int().nonnegative(),
  tierId: id,
  tierName: z.string(),
  tierRank: z.number().int(),
  dueOn: businessDate.nullable(),
  notes: z.string(),
  status: jobStatus,
  quote,
  /** 1-based place in its machine's queue while queued. */
  queuePosition: z.number().int().positive().nullable(),
  /** The running copy's progress (0 to 1) while it streams, else null. */
  progress: z.number().min(0).max(1).nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type Job = z.infer<typeof job>;

export const jobTransition = z.object({
  id,
  from: jobStatus.nullable(),
  to: jobStatus,
  at: isoInstant,
  actorId: id.nullable(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
});

/** A usage session: who ran which machine for which copy of the job, and how it ended. */
export const jobRun = z.object({
  id,
  jobId: id,
  copy: z.number().int().positive(),
  machineId: id,
  machineName: z.string(),
  operatorId: id,
  operatorName: z.string(),
  startedById: id.nullable(),
  startedAt: isoInstant,
  endedAt: isoInstant.nullable(),
  outcome: runOutcome.nullable(),
  durationSeconds: z.number().int().nullable(),
  materialGrams: z.number().nullable(),
  /** Streamed through the machine's session (serial or simulated), not started by hand. */
  streamed: z.boolean(),
  machineRunId: id.nullable(),
  /** Authorization held when it started; when false, `overrideReason` says why staff let it start. */
  authorized: z.boolean(),
  overrideReason: z.string().nullable(),
  bedClearConfirmed: z.boolean(),
  notes: z.string().nullable(),
});
export type JobRun = z.infer<typeof jobRun>;

export const jobDetail = job.extend({
  transitions: z.array(jobTransition),
  runs: z.array(jobRun),
  /** Where the job may go next (for the buttons). */
  next: z.array(jobStatus),
  /** A G-code file the viewer can show (the one that streams), else the first file. */
  previewFileId: id.nullable(),
});
export type JobDetail = z.infer<typeof jobDetail>;

export const queueMachine = z.object({
  id,
  name: z.string(),
  kind: machineKind,
  firmware: z.string(),
  /** Streams through a session (serial or simulated); false: started and finished by hand. */
  streams: z.boolean(),
  simulated: z.boolean(),
  down: z.boolean(),
  busy: z.boolean(),
  /** CNC and laser: the operator confirms the bed or stock is clear before each start. */
  needsBedClear: z.boolean(),
});

export const queueLane = z.object({
  machine: queueMachine,
  running: z.array(job),
  queued: z.array(job),
});
export type QueueLane = z.infer<typeof queueLane>;

export const startCheck = z.object({
  jobId: id,
  operatorId: id,
  operatorName: z.string(),
  /** Training's authorize(operator, machine) answer. */
  authorized: z.boolean(),
  reasons: z.array(z.string()),
  machineDown: z.boolean(),
  machineBusy: z.boolean(),
  needsBedClear: z.boolean(),
  /** The caller may record a staff override. */
  canOverride: z.boolean(),
  /** Copy number this start would be. */
  copy: z.number().int().positive(),
});

export const historyRow = z.object({
  runId: id,
  jobId: id,
  jobNumber: z.number().int(),
  title: z.string(),
  copy: z.number().int(),
  quantity: z.number().int(),
  machineId: id,
  machineName: z.string(),
  operatorName: z.string(),
  requesterId: id,
  requesterName: z.string(),
  startedAt: isoInstant,
  endedAt: isoInstant.nullable(),
  durationSeconds: z.number().int().nullable(),
  materialGrams: z.number().nullable(),
  outcome: runOutcome.nullable(),
  overrideReason: z.string().nullable(),
});
export type HistoryRow = z.infer<typeof historyRow>;

export const maintenanceCounters = [
  'print_hours',
  'spindle_hours',
  'laser_hours',
  'use_hours',
  'filament_grams',
] as const;
export const maintenanceCounter = z.enum(maintenanceCounters);
export type MaintenanceCounter = z.infer<typeof maintenanceCounter>;

export const ticketKinds = ['broken', 'needs_check', 'safety'] as const;
export const ticketKind = z.enum(ticketKinds);

export const ticket = z.object({
  id,
  number: z.number().int().positive(),
  machineId: id,
  kind: ticketKind,
  title: z.string(),
  details: z.string(),
  /** An open ticket that forces shutdown keeps the machine down: nothing starts on it (rule L2). */
  forcesShutdown: z.boolean(),
  status: z.enum(['open', 'fixed', 'no_fault']),
  openedById: id.nullable(),
  openedByName: z.string().nullable(),
  openedAt: isoInstant,
  closedAt: isoInstant.nullable(),
  closedByName: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type Ticket = z.infer<typeof ticket>;

export const reminder = z.object({
  id,
  machineId: id,
  counter: maintenanceCounter,
  title: z.string(),
  /** Every so many hours (or grams for filament). */
  every: z.number().positive(),
  /** Hours (or grams) since the last sign-off of this reminder (or since it was set up). */
  since: z.number(),
  state: z.enum(['ok', 'soon', 'due']),
  active: z.boolean(),
});
export type Reminder = z.infer<typeof reminder>;

export const signOff = z.object({
  id,
  machineId: id,
  ticketId: id.nullable(),
  reminderId: id.nullable(),
  note: z.string(),
  byId: id.nullable(),
  byName: z.string().nullable(),
  at: isoInstant,
});

export const maintenanceOverview = z.object({
  machine: z.object({ id, name: z.string(), kind: machineKind, down: z.boolean() }),
  /** Hours for the hour counters, grams for filament. */
  counters: z.array(z.object({ counter: maintenanceCounter, value: z.number() })),
  reminders: z.array(reminder),
  tickets: z.array(ticket),
  signOffs: z.array(signOff),
});
export type MaintenanceOverview = z.infer<typeof maintenanceOverview>;
