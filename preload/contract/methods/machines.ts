import { z } from 'zod';
import { method } from '../define.js';
import { empty, id, isoInstant, optionalText, text } from '../common.js';

import { kindConnections, kindFieldProblems, machineKinds } from '../machine-kinds.js';

export { machineKinds };
/** What the Desk speaks to a machine (main/machines/protocols has one module each); `none`: it records, not drives. */
export const firmwares = ['grbl', 'marlin', 'rml', 'camm', 'none'] as const;
export const machineKind = z.enum(machineKinds);
export const firmware = z.enum(firmwares);

export const baudRates = [9600, 19200, 38400, 57600, 115200, 230400, 250000, 500000, 1000000] as const;

/** Where a machine is reached: a serial path (a typed path too: pseudo-terminals are never listed) or a simulator. */
export const machineConnection = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('serial'),
    path: z.string().trim().min(1, 'must not be empty').max(200),
    baud: z
      .number()
      .int()
      .refine((b) => (baudRates as readonly number[]).includes(b), 'not a standard baud rate'),
  }),
  z.strictObject({ type: z.literal('simulated') }),
  /** A USB printer-class device file (a Roland, or a laser behind its print driver: /dev/usb/lp0, or a printer share path): bytes go in, nothing comes back. */
  z.strictObject({
    type: z.literal('device-file'),
    path: z.string().trim().min(1, 'must not be empty').max(200),
  }),
  /** A machine on the network: recorded now, driven later. */
  z.strictObject({
    type: z.literal('network'),
    host: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(253)
      .regex(/^[A-Za-z0-9.:-]+$/, 'a host name or address: letters, digits, dots, colons and dashes'),
    port: z.number().int().min(1, 'between 1 and 65535').max(65_535, 'between 1 and 65535'),
  }),
  /** No link: the Desk records sessions on it, it does not drive it. */
  z.strictObject({ type: z.literal('manual') }),
]);

/** A kind's own fields (laser bed size, sewing machine type…), checked against the kind registry. */
export const kindFieldValues = z.record(
  z.string().max(40),
  z.union([z.number(), z.boolean(), z.string().max(80)]),
);

const mm = z.number().positive('must be more than 0').max(10_000, 'at most 10 m');
export const workArea = z.strictObject({ x: mm, y: mm, z: mm });

export const machine = z.object({
  id,
  name: z.string(),
  kind: machineKind,
  firmware,
  connection: machineConnection,
  workArea: z.object({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
  notes: z.string().nullable(),
  /** The highest hotend and bed targets (°C) the Desk sends this machine; higher requests are refused. */
  maxHotendC: z.number().int(),
  maxBedC: z.number().int(),
  kindFields: kindFieldValues,
  retired: z.boolean(),
  createdAt: isoInstant,
});
export type Machine = z.infer<typeof machine>;

const codeText = z.object({ code: z.number().int(), name: z.string(), description: z.string() });
const temperature = z.object({ heater: z.string(), actual: z.number(), target: z.number().nullable() });
const xyz = z.object({ x: z.number(), y: z.number(), z: z.number() });

export const jobStates = ['running', 'paused', 'completed', 'failed', 'stopped', 'interrupted'] as const;

export const jobProgress = z.object({
  name: z.string(),
  state: z.enum(jobStates),
  dryRun: z.boolean(),
  /** SHA-256 of the program's bytes: the running-job view finds the library file it came from by it. */
  sha256: z.string().optional(),
  totalBytes: z.number().int(),
  ackedLine: z.number().int(),
  /** The text of the last acknowledged line (at most 120 characters), for the running-job view. */
  ackedText: z.string().nullable().optional(),
  ackedOffset: z.number().int(),
  startLine: z.number().int(),
  startedAt: isoInstant,
  endedAt: isoInstant.nullable(),
  etaSeconds: z.number().int().nullable(),
  reason: z.string().nullable(),
  failedLine: z.number().int().nullable(),
});

/** A program line the controller still held when a job ended early. */
export const queuedLine = z.object({
  line: z.number().int(),
  text: z.string(),
  /** Switches a laser, spindle or laser fan on (or raises its power): listed first. */
  energizes: z.boolean(),
});

/**
 * A job ended (refused line, or the operator stopped a laser or spindle program) while the controller still held
 * lines: the Desk held the machine at once (Grbl `!`, Marlin M410) and asks the operator to Stop (Grbl soft reset,
 * Marlin M112) or Continue (Grbl `~`: the held lines run) with the `stop` / `resume` actions.
 */
export const queuedNotice = z.object({
  cause: z.enum(['error', 'stopped']),
  hold: z.enum(['!', 'M410']),
  /** The line the controller refused, when that is what ended the job. */
  failedLine: z.number().int().nullable(),
  /** Energizing lines first, then the rest; each group in program order. */
  lines: z.array(queuedLine),
  at: isoInstant,
});
export type QueuedNotice = z.infer<typeof queuedNotice>;

/** Pushed at ≤ 20 Hz per machine while something changes; also what `machines.snapshot` returns. */
export const machineSnapshot = z.object({
  machineId: id,
  at: isoInstant,
  connection: z.enum(['disconnected', 'connecting', 'connected', 'lost']),
  firmware,
  firmwareVersion: z.string().nullable(),
  /** Grbl: Idle, Run, Hold, Jog, Alarm, Door, Check, Home, Sleep; Marlin: Idle, Printing, Paused, Busy, Halted. */
  state: z.string(),
  subState: z.number().int().nullable(),
  alarm: codeText.nullable(),
  lastError: z.string().nullable(),
  /** Homing (or confirmation) required before the next job: position may be lost. */
  needsHoming: z.boolean(),
  workPosition: xyz.nullable(),
  machinePosition: xyz.nullable(),
  feed: z.number().nullable(),
  spindle: z.number().nullable(),
  overrides: z.object({ feed: z.number(), rapid: z.number(), spindle: z.number() }).nullable(),
  temperatures: z.array(temperature),
  stalled: z.boolean(),
  resumePending: z.boolean(),
  prompt: z.object({ text: z.string(), buttons: z.array(z.string()) }).nullable(),
  buffer: z.object({ used: z.number().int(), size: z.number().int() }).nullable(),
  job: jobProgress.nullable(),
  /** Lines held in the controller after a job ended early, waiting for Stop or Continue (absent: none). */
  queued: queuedNotice.nullable().optional(),
});
export type MachineSnapshot = z.infer<typeof machineSnapshot>;

/** One point of a machine's chart: temperatures (printers) and work position (routers, lasers). */
export const telemetryPoint = z.object({
  at: isoInstant,
  temperatures: z.array(temperature),
  workPosition: xyz.nullable(),
});
export type TelemetryPoint = z.infer<typeof telemetryPoint>;

export const consoleLine = z.object({
  seq: z.number().int(),
  at: isoInstant,
  direction: z.enum(['in', 'out', 'info']),
  text: z.string(),
});
export type ConsoleLine = z.infer<typeof consoleLine>;

export const serialPortInfo = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
});

export const resumePlan = z.object({
  machineId: id,
  name: z.string(),
  /** The first line that would run: the one after the last acknowledged line, unless the operator picks another. */
  line: z.number().int(),
  preamble: z.array(z.string()),
  fileChanged: z.boolean(),
  /**
   * The line the Desk suggests and why: the last acknowledged line, minus every acknowledged line the controller
   * may still have been carrying out (planner depth, plus Grbl's step segment buffer).
   */
  suggestion: z
    .object({
      line: z.number().int(),
      ackedLine: z.number().int(),
      linesBack: z.number().int(),
      firmware: z.enum(['grbl', 'marlin']),
      plannerBlocks: z.number().int(),
      plannerSource: z.enum(['reported', 'default']),
      segmentBlocks: z.number().int(),
      /** The back-up reached the first line this run sent. */
      atStart: z.boolean(),
      /** The line the last run failed on, if it failed on one. */
      failedLine: z.number().int().nullable(),
    })
    .optional(),
  /** Program lines around the suggestion (and up to the first unacknowledged one), to pick an earlier line. */
  nearby: z.array(z.object({ line: z.number().int(), text: z.string() })).optional(),
});

const machineFields = {
  name: text(80),
  kind: machineKind,
  firmware,
  connection: machineConnection,
  workArea: workArea.nullable().default(null),
  notes: optionalText(500),
  maxHotendC: z.number().int().min(0).max(500, 'at most 500 °C').default(260),
  maxBedC: z.number().int().min(0).max(200, 'at most 200 °C').default(110),
  kindFields: kindFieldValues.default({}),
};

/** The rules that tie a registration's fields to its kind: the connections it allows and its own fields. */
function checkKind(
  value: {
    kind: string;
    connection: { type: string };
    kindFields: Record<string, number | boolean | string>;
  },
  ctx: z.RefinementCtx,
): void {
  const allowed = kindConnections(value.kind);
  if (!allowed.includes(value.connection.type as (typeof allowed)[number]))
    ctx.addIssue({
      code: 'custom',
      path: ['connection', 'type'],
      message: `this kind of machine is reached by ${allowed.join(' or ')}`,
    });
  for (const p of kindFieldProblems(value.kind, value.kindFields))
    ctx.addIssue({ code: 'custom', path: ['kindFields', p.field], message: p.message });
}

/**
 * A staff member's typed reason to command a machine they are not authorized on; written to the audit log with
 * each command it lets through. Refused from anyone else, and never good over a revoked authorization.
 */
const overrideReason = z.string().trim().min(5, 'give a reason of at least 5 characters').max(300).optional();

/** Why the signed-in person may or may not command a machine: what the machine page shows beside its controls. */
export const machineAccess = z.object({
  machineId: id,
  /** A simulated machine: no training needed (practice); firmware settings and heater limits still hold. */
  practice: z.boolean(),
  mayCommand: z.boolean(),
  reasons: z.array(z.string()),
  /** The required trainings the person is not in good standing on, by name, with their reasons. */
  missing: z.array(z.object({ name: z.string(), reasons: z.array(z.string()) })),
  /** No training unlocks the machine yet. */
  noTrainingDefined: z.boolean(),
  staff: z.boolean(),
  /** Staff may go ahead with a reason (never over a revoked authorization). */
  mayOverride: z.boolean(),
  /** Firmware settings ($N=, $RST, M500, M502…) are staff-only, even for people trained on the machine. */
  mayConfigure: z.boolean(),
  maxHotendC: z.number().int(),
  maxBedC: z.number().int(),
});
export type MachineAccess = z.infer<typeof machineAccess>;

const byId = z.strictObject({ id });
const axis = z.number().min(-1000).max(1000);

export const machineMethods = {
  'machines.list': method({
    summary: 'Every machine in the lab with its live state (retired ones on request).',
    permission: 'machines.read',
    input: z.strictObject({ includeRetired: z.boolean().default(false) }),
    output: z.array(z.object({ machine, snapshot: machineSnapshot })),
  }),
  'machines.get': method({
    summary: 'One machine.',
    permission: 'machines.read',
    input: byId,
    output: machine,
  }),
  'machines.create': method({
    summary: 'Register a machine: name, kind, firmware, how it is reached, work area.',
    permission: 'machines.manage',
    input: z.strictObject(machineFields).superRefine(checkKind),
    output: machine,
  }),
  'machines.update': method({
    summary: "Change a machine's registration (disconnect it first to change how it is reached).",
    permission: 'machines.manage',
    input: z.strictObject({ id, ...machineFields }).superRefine(checkKind),
    output: machine,
  }),
  'machines.retire': method({
    summary: 'Take a machine out of service (its history stays).',
    permission: 'machines.manage',
    input: z.strictObject({ id, reason: text(200) }),
    output: machine,
  }),
  'machines.ports': method({
    summary:
      'Serial ports the system lists (type a path for anything not listed, such as a pseudo-terminal).',
    permission: 'machines.manage',
    input: empty,
    output: z.array(serialPortInfo),
  }),
  'machines.access': method({
    summary:
      'Whether you may command a machine, and if not why: the trainings you miss, staff override, firmware settings, heater limits.',
    permission: 'machines.read',
    input: byId,
    output: machineAccess,
  }),
  'machines.connect': method({
    summary: 'Open the connection to a machine (to watch it: commanding it needs training).',
    permission: 'machines.operate',
    input: byId,
    output: machineSnapshot,
  }),
  'machines.disconnect': method({
    summary: 'Close the connection (refused while a job runs).',
    permission: 'machines.operate',
    input: byId,
    output: machineSnapshot,
  }),
  'machines.snapshot': method({
    summary: 'Live state of one machine.',
    permission: 'machines.read',
    input: byId,
    output: machineSnapshot,
  }),
  'machines.console': method({
    summary: 'Recent console lines, optionally only those after a sequence number.',
    permission: 'machines.read',
    input: z.strictObject({
      id,
      afterSeq: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).default(300),
    }),
    output: z.array(consoleLine),
  }),
  'machines.history': method({
    summary:
      'Temperatures and position since the machine was connected (half an hour at about a point a second), so a ' +
      'page opened mid-job charts what came before it.',
    permission: 'machines.read',
    input: byId,
    output: z.array(telemetryPoint),
  }),
  'machines.send': method({
    summary:
      'Send one console command (refused while a job streams). Needs training on the machine (or a staff override), ' +
      'except reports and stops; firmware settings are staff-only; heater targets at most the machine’s maximum.',
    permission: 'machines.operate',
    input: z.strictObject({ id, command: z.string().trim().min(1).max(120), overrideReason }),
    output: z.null(),
  }),
  'machines.jog': method({
    summary: 'Jog by a distance in mm at a feed (mm/min).',
    permission: 'machines.operate',
    input: z.strictObject({
      id,
      x: axis.default(0),
      y: axis.default(0),
      z: axis.default(0),
      feed: z.number().positive().max(20_000),
      overrideReason,
    }),
    output: z.null(),
  }),
  'machines.action': method({
    summary:
      'Home, unlock, hold, resume, stop, reset, jog cancel, or an override step. Hold, stop and jog cancel are open to ' +
      'anyone (and reset on Grbl, which is the e-stop); the rest need training on the machine or a staff override.',
    permission: 'machines.operate',
    input: z.strictObject({
      id,
      action: z.enum([
        'home',
        'unlock',
        'hold',
        'resume',
        'stop',
        'reset',
        'jog-cancel',
        'feed+10',
        'feed-10',
        'feed-reset',
        'rapid-100',
        'rapid-50',
        'rapid-25',
        'spindle+10',
        'spindle-10',
        'spindle-reset',
        'break-wait',
      ]),
      overrideReason,
    }),
    output: machineSnapshot,
  }),
  'machines.estop': method({
    summary: 'Emergency stop: Grbl soft reset or Marlin M112, at once.',
    permission: 'machines.operate',
    input: byId,
    output: machineSnapshot,
  }),
  'machines.answerPrompt': method({
    summary: "Answer the printer's prompt (M876).",
    permission: 'machines.operate',
    input: z.strictObject({ id, choice: z.number().int().min(0).max(9), overrideReason }),
    output: z.null(),
  }),
  'machines.setTemperature': method({
    summary: "Set a heater target (0 switches it off), at most the machine's maximum for that heater.",
    permission: 'machines.operate',
    input: z.strictObject({
      id,
      heater: z.enum(['hotend', 'bed']),
      celsius: z.number().int().min(0).max(500),
      overrideReason,
    }),
    output: z.null(),
  }),
  'machines.runDemo': method({
    summary: 'Stream the built-in practice program to a simulated machine.',
    permission: 'machines.operate',
    input: z.strictObject({ id, dryRun: z.boolean().default(false), overrideReason }),
    output: machineSnapshot,
  }),
  'machines.resumePlan': method({
    summary: 'What a resume of the last interrupted job would run: the line and the modal state replay.',
    permission: 'machines.operate',
    input: z.strictObject({ id, line: z.number().int().positive().optional() }),
    output: resumePlan,
  }),
  'machines.resume': method({
    summary:
      'Resume the last interrupted job from a line, after the operator confirmed homing and work zero.',
    permission: 'machines.operate',
    input: z.strictObject({
      id,
      line: z.number().int().positive(),
      confirmedHomed: z.literal(true, 'confirm homing and work zero first'),
      overrideReason,
    }),
    output: machineSnapshot,
  }),
};
