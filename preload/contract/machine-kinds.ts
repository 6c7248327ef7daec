/**
 * The kinds of machine the lab registers: one entry each, and everything that differs by kind is read from here
 * (main's rules and the screens alike). To add a kind, add an entry (plus its words in the renderer's machines
 * messages and a test): no migration, no list to find elsewhere. The database stores the kind as text and main
 * checks it against this registry, not against a SQL CHECK list.
 */

export type MaintenanceHourCounter = 'print_hours' | 'spindle_hours' | 'laser_hours';

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
}

export const machineKindRegistry = {
  'fff-printer': {
    firmwares: ['marlin', 'grbl', 'none'],
    hourCounter: 'print_hours',
    countsFilament: true,
    defaultHourlyCents: 200,
    needsBedClear: false,
    fanIsBeam: false,
  },
  'cnc-router': {
    firmwares: ['grbl', 'marlin', 'none'],
    hourCounter: 'spindle_hours',
    countsFilament: false,
    defaultHourlyCents: 1500,
    needsBedClear: true,
    fanIsBeam: false,
  },
  'cnc-mill': {
    firmwares: ['grbl', 'marlin', 'rml', 'none'],
    hourCounter: 'spindle_hours',
    countsFilament: false,
    defaultHourlyCents: 1000,
    needsBedClear: true,
    fanIsBeam: false,
  },
  laser: {
    firmwares: ['grbl', 'marlin', 'none'],
    hourCounter: 'laser_hours',
    countsFilament: false,
    defaultHourlyCents: 2000,
    needsBedClear: true,
    fanIsBeam: true,
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
