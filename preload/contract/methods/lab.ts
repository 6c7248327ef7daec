import { z } from 'zod';
import { method } from '../define.js';
import { id, isoInstant, optionalText } from '../common.js';
import { machineKind } from './machines.js';

/**
 * The lab (issue 16): sessions on machines people use by hand (or any machine), the materials and settings
 * library, and bookings. The training gate decides sessions and bookings exactly as it decides commands and jobs.
 */

const overrideReason = z.string().trim().min(5, 'give a reason of at least 5 characters').max(300).optional();

/** What was set on the machine, as recorded (a preset's settings when one is used). */
export const settingValues = z.record(
  z.string().max(40),
  z.union([z.number(), z.string().max(120), z.boolean()]),
);

export const labSession = z.object({
  id,
  machineId: id,
  machineName: z.string(),
  machineKind,
  personId: id,
  personName: z.string(),
  startedAt: isoInstant,
  startedById: id,
  authorized: z.boolean(),
  overrideReason: z.string().nullable(),
  materialId: id.nullable(),
  materialName: z.string().nullable(),
  presetId: id.nullable(),
  presetLabel: z.string().nullable(),
  settings: settingValues,
  bookingId: id.nullable(),
  /** Material drawn from stock, in thousandths of the material's unit, and what it cost. */
  usedMilli: z.number().int().nullable(),
  costCents: z.number().int().nullable(),
  endedAt: isoInstant.nullable(),
  endKind: z.enum(['stopped', 'auto_closed']).nullable(),
  durationS: z.number().int().nullable(),
  note: z.string().nullable(),
  /** The photo of the result, by URL (`/blob/lab/session-photo/<id>`), for the person and staff; null without one. */
  photoUrl: z.string().nullable(),
  /** When an open session closes itself if nobody stops it (its kind's limit). */
  closesAt: isoInstant,
});
export type LabSession = z.infer<typeof labSession>;

/** A forgotten session closed itself: for a notice on the board and the person's screen. */
export const labNotice = z.object({
  kind: z.literal('session-auto-closed'),
  sessionId: id,
  machineId: id,
  machineName: z.string(),
  personId: id,
  minutes: z.number().int(),
  at: isoInstant,
});

export const labSessionMethods = {
  'lab.sessions.list': method({
    summary:
      'Sessions on machines: the open ones (for the Machines board) or recent ones; trainees see their own, staff all.',
    permission: 'machines.read',
    input: z.strictObject({
      open: z.boolean().default(false),
      machineId: id.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(labSession),
  }),
  'lab.sessions.start': method({
    summary:
      'Start a session on a machine: the training gate decides as for driven machines (staff override with a reason).',
    permission: 'machines.operate',
    input: z.strictObject({
      machineId: id,
      /** Staff start a session for someone else; everyone else for themselves. */
      personId: id.optional(),
      materialId: id.optional(),
      presetId: id.optional(),
      settings: settingValues.default({}),
      bookingId: id.optional(),
      overrideReason,
    }),
    output: labSession,
  }),
  'lab.sessions.stop': method({
    summary: 'Stop a session, with an optional note on the result and the material used (drawn from stock).',
    permission: 'machines.operate',
    input: z.strictObject({
      id,
      note: optionalText(1000),
      /** Material used, in the material's unit (3 sheets, 0.25 kg, 1.5 m). */
      used: z.number().min(0, 'cannot be negative').max(1_000_000).optional(),
      /** A photo of the result sent first as an upload: PNG, JPEG or WebP, at most 2 MiB. */
      photoUploadId: z.string().max(64).optional(),
    }),
    output: labSession,
  }),
};

// ——— Materials and settings library ———

export const materialUnits = ['kg', 'sheet', 'm', 'm2', 'piece', 'roll'] as const;
export type MaterialUnit = (typeof materialUnits)[number];

export const labMaterial = z.object({
  id,
  code: z.string(),
  name: z.string(),
  unit: z.enum(materialUnits),
  /** Cost of one unit in cents (for a material sold by the kg, its kg price). */
  unitCents: z.number().int(),
  tracksStock: z.boolean(),
  /** In thousandths of the unit. */
  stockMilli: z.number().int(),
  /** Kinds of machine that must never take it, with the reason a person is told. */
  forbidden: z.array(z.object({ kind: z.string(), reason: z.string() })),
  active: z.boolean(),
});
export type LabMaterial = z.infer<typeof labMaterial>;

export const presetOperations = [
  'cut',
  'engrave',
  'score',
  'profile',
  'pocket',
  'drill',
  'vinyl-cut',
  'sew',
  'other',
] as const;
export type PresetOperation = (typeof presetOperations)[number];

const positive = (max: number, unit: string) =>
  z.number().positive('must be more than 0').max(max, `at most ${max} ${unit}`);

/** A laser's settings for one operation: power and speed, pulse frequency, passes. */
export const laserSettings = z.strictObject({
  powerPct: z.number().min(1, 'at least 1 %').max(100, 'at most 100 %'),
  speedMmS: positive(1000, 'mm/s'),
  frequencyHz: z.number().int().min(100, 'at least 100 Hz').max(100_000, 'at most 100000 Hz').optional(),
  passes: z.number().int().min(1, 'at least 1').max(20, 'at most 20'),
});
/** A router's or mill's feeds and speeds, and the bit. */
export const routerSettings = z.strictObject({
  bit: z.string().trim().min(1, 'name the bit').max(80),
  feedMmMin: positive(20_000, 'mm/min'),
  plungeMmMin: positive(10_000, 'mm/min'),
  spindleRpm: z.number().int().min(1000, 'at least 1000 rpm').max(60_000, 'at most 60000 rpm'),
  stepdownMm: positive(50, 'mm'),
});
/** A vinyl cutter's blade force and speed. */
export const vinylSettings = z.strictObject({
  forceGf: z.number().int().min(1, 'at least 1 gf').max(600, 'at most 600 gf'),
  speedCmS: z.number().int().min(1, 'at least 1 cm/s').max(100, 'at most 100 cm/s'),
});

/** Which settings a preset of a kind of machine holds. */
export function presetSettingsSchema(
  kind: string,
): z.ZodType<Record<string, number | string | boolean | undefined>> {
  if (kind === 'laser') return laserSettings;
  if (kind === 'cnc-router' || kind === 'cnc-mill') return routerSettings;
  if (kind === 'vinyl-cutter') return vinylSettings;
  return settingValues;
}

export const labPreset = z.object({
  id,
  machineId: id,
  machineName: z.string(),
  materialId: id,
  materialName: z.string(),
  operation: z.enum(presetOperations),
  version: z.number().int(),
  settings: settingValues,
  testedById: id,
  testedByName: z.string(),
  testedOn: z.iso.date(),
  testNote: z.string(),
  createdAt: isoInstant,
  /** The newest version for its machine, material and operation. */
  latest: z.boolean(),
});
export type LabPreset = z.infer<typeof labPreset>;

const code = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40)
  .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes');

export const labMaterialMethods = {
  'lab.materials.list': method({
    summary: 'Materials with their unit, cost, stock and the machines that must never take them.',
    permission: 'machines.read',
    input: z.strictObject({}),
    output: z.array(labMaterial),
  }),
  'lab.materials.save': method({
    summary:
      'Add or change a material (staff): unit, cost per unit in cents, stock kept, forbidden machine kinds.',
    permission: 'machines.manage',
    input: z.strictObject({
      id: id.optional(),
      code,
      name: z.string().trim().min(1, 'must not be empty').max(80),
      unit: z.enum(materialUnits),
      unitCents: z.number().int('whole cents').min(0, 'cannot be negative').max(10_000_000),
      tracksStock: z.boolean().default(true),
      forbidden: z
        .array(z.strictObject({ kind: machineKind, reason: z.string().trim().min(5, 'say why').max(300) }))
        .default([]),
      active: z.boolean().default(true),
    }),
    output: labMaterial,
  }),
  'lab.materials.stock': method({
    summary: 'Record stock received (or a count that corrects it); stock never goes below zero.',
    permission: 'machines.manage',
    input: z.strictObject({
      materialId: id,
      kind: z.enum(['received', 'adjusted']),
      quantity: z.number().min(-1_000_000).max(1_000_000),
      costCents: z.number().int('whole cents').min(0).default(0),
      reason: z.string().trim().min(1, 'must not be empty').max(200),
    }),
    output: labMaterial,
  }),
  'lab.presets.list': method({
    summary: 'Settings presets per machine and material (latest versions, or every version).',
    permission: 'machines.read',
    input: z.strictObject({
      machineId: id.optional(),
      materialId: id.optional(),
      allVersions: z.boolean().default(false),
    }),
    output: z.array(labPreset),
  }),
  'lab.presets.save': method({
    summary:
      'Save a tested preset as the next version (staff or instructors): settings, tester, date, test-cut note.',
    permission: 'machines.manage',
    input: z.strictObject({
      machineId: id,
      materialId: id,
      operation: z.enum(presetOperations),
      settings: z.record(z.string(), z.unknown()),
      testedById: id,
      testedOn: z.iso.date(),
      testNote: z.string().trim().min(5, 'say what the test cut showed').max(1000),
    }),
    output: labPreset,
  }),
};

// ——— Bookings ———

export const bookingStatuses = ['booked', 'used', 'cancelled', 'no_show'] as const;

export const labBooking = z.object({
  id,
  machineId: id,
  machineName: z.string(),
  /** Null on someone else's booking unless you are staff: the calendar shows the time as taken, not by whom. */
  personId: id.nullable(),
  personName: z.string().nullable(),
  mine: z.boolean(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  status: z.enum(bookingStatuses),
  trainingSessionId: id.nullable(),
  overrideReason: z.string().nullable(),
  purpose: z.string().nullable(),
  closeReason: z.string().nullable(),
  /** What the booking turned into. */
  sessionId: id.nullable(),
  jobRunId: id.nullable(),
});
export type LabBooking = z.infer<typeof labBooking>;

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time like 09:30');
export const openingHour = z.strictObject({
  weekday: z.number().int().min(0).max(6),
  opens: hhmm,
  closes: hhmm,
});

export const labBlackout = z.object({
  id,
  machineId: id.nullable(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  reason: z.string(),
});

export const labBookingMethods = {
  'lab.bookings.list': method({
    summary:
      "Bookings in a time range (a machine's week or day): staff see everyone's, others their own and the rest as taken.",
    permission: 'machines.read',
    input: z.strictObject({
      machineId: id.optional(),
      from: isoInstant,
      to: isoInstant,
      mineOnly: z.boolean().default(false),
    }),
    output: z.object({
      bookings: z.array(labBooking),
      hours: z.array(openingHour),
      blackouts: z.array(labBlackout),
    }),
  }),
  'lab.bookings.book': method({
    summary:
      'Book a slot on a machine: trained (the training gate; staff may override with a reason) or booked into a training session on it; within opening hours, outside blackouts; never overlapping another booking.',
    permission: 'machines.operate',
    input: z.strictObject({
      machineId: id,
      personId: id.optional(),
      startsAt: isoInstant,
      endsAt: isoInstant,
      trainingSessionId: id.optional(),
      overrideReason,
      purpose: optionalText(200),
    }),
    output: labBooking,
  }),
  'lab.bookings.cancel': method({
    summary: 'Cancel an open booking before it starts (staff: until it ends).',
    permission: 'machines.operate',
    input: z.strictObject({ id, reason: z.string().trim().min(1, 'must not be empty').max(200) }),
    output: labBooking,
  }),
  'lab.bookings.noShow': method({
    summary: 'Staff mark a booking nobody took up, from 15 minutes after its start.',
    permission: 'machines.manage',
    input: z.strictObject({ id }),
    output: labBooking,
  }),
  'lab.bookings.ics': method({
    summary: 'Your bookings (staff: anyone’s) as an iCalendar file.',
    permission: 'machines.read',
    input: z.strictObject({ personId: id.optional() }),
    output: z.object({ fileName: z.string(), text: z.string() }),
  }),
  'lab.bookings.setHours': method({
    summary: 'Staff set the opening hours (the days listed are open; the rest closed).',
    permission: 'machines.manage',
    input: z.strictObject({ hours: z.array(openingHour).max(7) }),
    output: z.array(openingHour),
  }),
  'lab.bookings.addBlackout': method({
    summary: 'Staff block a time on one machine or the whole lab (an event, a holiday, a service visit).',
    permission: 'machines.manage',
    input: z.strictObject({
      machineId: id.optional(),
      startsAt: isoInstant,
      endsAt: isoInstant,
      reason: z.string().trim().min(3, 'say why').max(200),
    }),
    output: labBlackout,
  }),
};

export const labMethods = { ...labSessionMethods, ...labMaterialMethods, ...labBookingMethods };
