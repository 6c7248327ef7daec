/**
 * The kinds of machine the lab registers: one entry each, and everything that differs by kind is read from here
 * (main's rules and the screens alike). To add a kind, add an entry (plus its words in the renderer's machines
 * messages and a test): no migration, no list to find elsewhere. The database stores the kind as text and main
 * checks it against this registry, not against a SQL CHECK list.
 */

export type MaintenanceHourCounter = 'print_hours' | 'spindle_hours' | 'laser_hours' | 'use_hours';

/**
 * How the Desk reaches a machine: a serial port it drives, a USB printer-class device (a laser behind its print
 * driver), a network address (host and port; recorded now, driven later), `manual` (no link at all: the Desk records
 * sessions, it does not drive), or the built-in simulator for practice.
 */
export const connectionTypes = ['serial', 'device-file', 'network', 'manual', 'simulated'] as const;
export type ConnectionType = (typeof connectionTypes)[number];

/** One field a kind of machine carries beyond the common ones (bed size of a laser, type of a sewing machine…). */
export type KindField =
  | {
      readonly key: string;
      readonly type: 'number';
      readonly unit: 'mm' | 'W' | 'rpm' | 'count';
      readonly min: number;
      readonly max: number;
      readonly integer: boolean;
      readonly required: boolean;
    }
  | { readonly key: string; readonly type: 'boolean'; readonly required: boolean }
  | {
      readonly key: string;
      readonly type: 'choice';
      readonly choices: readonly string[];
      readonly required: boolean;
    };

export type KindFieldValue = number | boolean | string;

export interface MachineKindSpec {
  /** The firmwares a machine of this kind may speak; `none` means the Desk records its use but does not drive it. */
  readonly firmwares: readonly ('grbl' | 'marlin' | 'rml' | 'camm' | 'none')[];
  /** The maintenance counter its running time feeds, if any. */
  readonly hourCounter: MaintenanceHourCounter | null;
  /** Counts filament by weight (printers). */
  readonly countsFilament: boolean;
  /** Its rate until staff set the machine's own, in cents per hour. */
  readonly defaultHourlyCents: number;
  /** The operator confirms the bed or stock is clear before each start (a tool that cuts or burns). */
  readonly needsBedClear: boolean;
  /** M106 drives the beam (a laser on Marlin-style firmware), not a cooling fan. */
  readonly fanIsBeam: boolean;
  /** How a machine of this kind may be reached (absent: every connection type). */
  readonly connections?: readonly ConnectionType[];
  /** The fields of this kind, in the order the registration form shows them (absent: none). */
  readonly fields?: readonly KindField[];
  /** The picture shown beside its name (absent: the `other` one). */
  readonly icon?: string;
  /** An open session nobody stopped closes itself after this many minutes (absent: the default, 8 hours). */
  readonly sessionLimitMinutes?: number;
}

export const machineKindRegistry = {
  'fff-printer': {
    firmwares: ['marlin', 'grbl', 'none'],
    hourCounter: 'print_hours',
    countsFilament: true,
    defaultHourlyCents: 200,
    needsBedClear: false,
    fanIsBeam: false,
    icon: '🖨️',
    sessionLimitMinutes: 24 * 60,
  },
  'cnc-router': {
    firmwares: ['grbl', 'marlin', 'none'],
    hourCounter: 'spindle_hours',
    countsFilament: false,
    defaultHourlyCents: 1500,
    needsBedClear: true,
    fanIsBeam: false,
    icon: '🪚',
    sessionLimitMinutes: 8 * 60,
    fields: [
      {
        key: 'spindle',
        type: 'choice',
        choices: ['trim-router', 'air-cooled', 'water-cooled'],
        required: false,
      },
      {
        key: 'spindleMaxRpm',
        type: 'number',
        unit: 'rpm',
        min: 1000,
        max: 60_000,
        integer: true,
        required: false,
      },
      {
        key: 'spindleWatts',
        type: 'number',
        unit: 'W',
        min: 100,
        max: 20_000,
        integer: true,
        required: false,
      },
    ],
  },
  'cnc-mill': {
    firmwares: ['grbl', 'marlin', 'rml', 'none'],
    hourCounter: 'spindle_hours',
    countsFilament: false,
    defaultHourlyCents: 1000,
    needsBedClear: true,
    fanIsBeam: false,
    icon: '⚙️',
    sessionLimitMinutes: 8 * 60,
  },
  laser: {
    firmwares: ['grbl', 'marlin', 'none'],
    hourCounter: 'laser_hours',
    countsFilament: false,
    defaultHourlyCents: 2000,
    needsBedClear: true,
    fanIsBeam: true,
    icon: '🔆',
    sessionLimitMinutes: 4 * 60,
    fields: [
      { key: 'bedWidthMm', type: 'number', unit: 'mm', min: 10, max: 5000, integer: true, required: false },
      { key: 'bedDepthMm', type: 'number', unit: 'mm', min: 10, max: 5000, integer: true, required: false },
      { key: 'tubeWatts', type: 'number', unit: 'W', min: 1, max: 500, integer: true, required: false },
      { key: 'airAssist', type: 'boolean', required: false },
    ],
  },
  'sewing-machine': {
    firmwares: ['none'],
    hourCounter: 'use_hours',
    countsFilament: false,
    defaultHourlyCents: 300,
    needsBedClear: false,
    fanIsBeam: false,
    connections: ['manual'],
    icon: '🧵',
    sessionLimitMinutes: 4 * 60,
    fields: [
      {
        key: 'sewingType',
        type: 'choice',
        choices: ['domestic', 'industrial-straight', 'overlock', 'coverstitch', 'embroidery'],
        required: true,
      },
    ],
  },
  'electronics-bench': {
    firmwares: ['none'],
    hourCounter: 'use_hours',
    countsFilament: false,
    defaultHourlyCents: 200,
    needsBedClear: false,
    fanIsBeam: false,
    connections: ['manual'],
    icon: '🔌',
    sessionLimitMinutes: 6 * 60,
    fields: [
      { key: 'stations', type: 'number', unit: 'count', min: 1, max: 20, integer: true, required: false },
      { key: 'fumeExtraction', type: 'boolean', required: false },
    ],
  },
  'vinyl-cutter': {
    firmwares: ['camm', 'none'],
    hourCounter: null,
    countsFilament: false,
    defaultHourlyCents: 500,
    needsBedClear: true,
    fanIsBeam: false,
  },
  other: {
    firmwares: ['grbl', 'marlin', 'none'],
    hourCounter: null,
    countsFilament: false,
    defaultHourlyCents: 500,
    needsBedClear: false,
    fanIsBeam: false,
    icon: '🛠️',
  },
} as const satisfies Record<string, MachineKindSpec>;

export type MachineKindId = keyof typeof machineKindRegistry;

/** Every kind, in the registry's order (the order forms list them in). */
export const machineKinds = Object.keys(machineKindRegistry) as [MachineKindId, ...MachineKindId[]];

export function isMachineKind(value: string): value is MachineKindId {
  return Object.hasOwn(machineKindRegistry, value);
}

/** The spec of a kind; a kind not in the registry (a row from a newer Desk) is treated as `other`. */
export function machineKindSpec(kind: string): MachineKindSpec {
  return isMachineKind(kind) ? machineKindRegistry[kind] : machineKindRegistry.other;
}

const DEFAULT_SESSION_LIMIT_MINUTES = 8 * 60;

/** The connection types a kind allows (every type when its entry names none). */
export function kindConnections(kind: string): readonly ConnectionType[] {
  return machineKindSpec(kind).connections ?? connectionTypes;
}

export function kindFields(kind: string): readonly KindField[] {
  return machineKindSpec(kind).fields ?? [];
}

export function kindIcon(kind: string): string {
  return machineKindSpec(kind).icon ?? machineKindRegistry.other.icon;
}

/** Minutes after which a forgotten session on a machine of this kind closes itself. */
export function sessionLimitMinutes(kind: string): number {
  return machineKindSpec(kind).sessionLimitMinutes ?? DEFAULT_SESSION_LIMIT_MINUTES;
}

/**
 * What is wrong with a machine's kind fields, one problem per field (empty: they are good). Used by the contract's
 * schema and by main for every other caller, so a form, the CLI and the demo seeder meet the same rule.
 */
export function kindFieldProblems(
  kind: string,
  values: Readonly<Record<string, KindFieldValue>>,
): { field: string; message: string }[] {
  const fields = kindFields(kind);
  const problems: { field: string; message: string }[] = [];
  for (const key of Object.keys(values)) {
    if (!fields.some((f) => f.key === key))
      problems.push({ field: key, message: `a ${kind} machine has no field "${key}"` });
  }
  for (const f of fields) {
    const value = values[f.key];
    if (value === undefined) {
      if (f.required) problems.push({ field: f.key, message: 'is required for this kind of machine' });
      continue;
    }
    if (f.type === 'boolean') {
      if (typeof value !== 'boolean') problems.push({ field: f.key, message: 'must be yes or no' });
    } else if (f.type === 'choice') {
      if (typeof value !== 'string' || !f.choices.includes(value))
        problems.push({ field: f.key, message: `must be one of ${f.choices.join(', ')}` });
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field: f.key, message: 'must be a number' });
    } else if (f.integer && !Number.isInteger(value)) {
      problems.push({ field: f.key, message: 'must be a whole number' });
    } else if (value < f.min || value > f.max) {
      problems.push({ field: f.key, message: `must be between ${f.min} and ${f.max} ${f.unit}` });
    }
  }
  return problems;
}
