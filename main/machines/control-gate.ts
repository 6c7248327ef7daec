import type { Machine, MachineAccess } from '../../preload/contract/methods/machines.js';
import type { Logger } from '../kernel/logger.js';
import type { Store } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import { explainAuthorization, lookupMachine, trainingGate } from '../training/index.js';
import { classifyLine, unprintable, type HeatRequest } from './firmware-config.js';
import { protocolFor, speaksGcodeLines } from './protocols/index.js';

/**
 * The one gate in front of everything that can move, heat, unlock, reconfigure or start a machine.
 *
 * A request is `open` (watching, reports, hold, stop, e-stop) or a `command`. A command passes when the person is
 * authorized on the machine (training), or is staff and typed an override reason (never over a revoked
 * authorization); simulated machines are for practice and need no training. Then, for everyone:
 * firmware configuration is staff-only, and no heater target may exceed the machine's maximum. The check throws a
 * sentence naming what is missing before a single byte goes to the machine; a pass is recorded in the audit log
 * (override with its reason, or a staff firmware change) by `record()`, called once the machine is ready.
 */
export type ControlNeed =
  | { kind: 'open' }
  | {
      kind: 'command';
      /** What is asked, for the audit row: `console "G0 X150"`, `jog`, `action unlock`… */
      what: string;
      /** The word that reconfigures the firmware, or null. */
      config: string | null;
      heat: HeatRequest[];
      unreadableHeat: string | null;
    };

export interface GateActor {
  id: number;
  roles: readonly string[];
}

export interface GateDeps {
  store: Store;
  log: Logger;
}

export interface GatePass {
  /** The override reason that let this through, or null. */
  override: string | null;
  /** Writes the audit row of an override or a staff firmware change (nothing otherwise). */
  record(): void;
}

export const isStaffActor = (actor: GateActor): boolean =>
  actor.roles.includes('staff') || actor.roles.includes('admin');

const OPEN: ControlNeed = { kind: 'open' };

function command(what: string, more: Partial<Extract<ControlNeed, { kind: 'command' }>> = {}): ControlNeed {
  return { kind: 'command', what, config: null, heat: [], unreadableHeat: null, ...more };
}

/** A console line: refused outright if it is not one line of printable text; reports and stops are open. */
export function consoleNeed(machine: Machine, text: string): ControlNeed {
  const problem = unprintable(text);
  if (problem !== null) throw new DeskError('INVALID_INPUT', problem, { gate: 'printable' });
  if (!speaksGcodeLines(machine.firmware)) {
    const protocol = protocolFor(machine.firmware);
    if (protocol.streaming === 'none') return command(`console "${text}"`);
    throw new DeskError(
      'RULE_VIOLATION',
      `${machine.name} speaks ${protocol.label}, which answers nothing a console could show: send it a job instead.`,
      { gate: 'console' },
    );
  }
  const line = classifyLine(machine.firmware, text);
  if (line.kind !== 'command') return OPEN;
  return command(`console "${text}"`, {
    config: line.config,
    heat: line.heat,
    unreadableHeat: line.unreadableHeat,
  });
}

/** Hold, stop and jog cancel only stop motion; Grbl's reset is the same soft reset as the e-stop. */
export function actionNeed(machine: Machine, action: string): ControlNeed {
  if (action === 'hold' || action === 'stop' || action === 'jog-cancel') return OPEN;
  if (action === 'reset' && machine.firmware === 'grbl') return OPEN;
  // A Roland's reset is the stop's abort sequence: it only discards what the machine holds.
  if (action === 'reset' && protocolFor(machine.firmware).roland !== undefined) return OPEN;
  return command(`action ${action}`);
}

export function heatNeed(heater: 'hotend' | 'bed', celsius: number): ControlNeed {
  return command(`set ${heater} to ${celsius} °C`, {
    heat: [{ heater, celsius, word: `${heater === 'hotend' ? 'M104' : 'M140'} S${celsius}` }],
  });
}

export const commandNeed = (what: string): ControlNeed => command(what);

function maxFor(machine: Machine, heater: HeatRequest['heater']): number {
  // A chamber is held to the bed's limit: the Desk keeps no separate one, and chambers run cooler than beds.
  return heater === 'hotend' ? machine.maxHotendC : machine.maxBedC;
}

/** Checks one request; throws a sentence (with `details.gate`) or returns the pass to record once it is sent. */
export function checkControl(
  deps: GateDeps,
  machine: Machine,
  actor: GateActor,
  need: ControlNeed,
  overrideReason: string | undefined,
): GatePass {
  const staff = isStaffActor(actor);
  const reason = overrideReason === undefined || overrideReason.trim() === '' ? null : overrideReason.trim();
  if (need.kind === 'open') {
    if (reason !== null && !staff)
      throw new DeskError('NOT_AUTHORIZED', 'Only staff can override a training authorization.', {
        gate: 'override-staff-only',
      });
    return { override: null, record: () => undefined };
  }
  let override: string | null = null;
  if (machine.connection.type === 'simulated') {
    if (reason !== null && !staff)
      throw new DeskError('NOT_AUTHORIZED', 'Only staff can override a training authorization.', {
        gate: 'override-staff-only',
      });
  } else {
    override = trainingGate(deps, {
      personId: actor.id,
      askedBy: actor.id,
      askerIsStaff: staff,
      machineId: machine.id,
      machineName: machine.name,
      purpose: 'command',
      overrideReason: reason,
    }).override;
  }
  if (need.config !== null && !staff) {
    throw new DeskError(
      'NOT_AUTHORIZED',
      `Firmware settings are for staff only: ${need.config} changes how ${machine.name} is set up for everyone, ` +
        'even in the hands of someone trained on it. Ask staff to make the change.',
      { gate: 'firmware-config', word: need.config },
    );
  }
  if (need.unreadableHeat !== null) {
    throw new DeskError(
      'RULE_VIOLATION',
      `Give the temperature with S: ${need.unreadableHeat} with a preset index cannot be checked against ` +
        `${machine.name}'s heater limits.`,
      { gate: 'max-temperature', word: need.unreadableHeat },
    );
  }
  for (const h of need.heat) {
    const max = maxFor(machine, h.heater);
    if (h.celsius > max) {
      throw new DeskError(
        'RULE_VIOLATION',
        `${machine.name} takes at most ${max} °C on its ${h.heater}: ${h.celsius} °C (${h.word}) was refused.`,
        { gate: 'max-temperature', heater: h.heater, celsius: h.celsius, max },
      );
    }
  }
  const audited = override !== null || need.config !== null;
  return {
    override,
    record: () => {
      if (!audited) return;
      deps.store.write(
        { actor: actor.id, reason: override ?? `firmware configuration (${need.config ?? ''})` },
        (tx) => {
          tx.audit('machine_control', machine.id, override !== null ? 'override' : 'configure', null, {
            machine: machine.name,
            what: need.what,
            config: need.config,
            override,
          });
        },
      );
    },
  };
}

/** What the machine page shows: whether this person may command the machine, and if not, why. No refusal logged. */
export function controlAccess(deps: GateDeps, machine: Machine, actor: GateActor): MachineAccess {
  const staff = isStaffActor(actor);
  const base = {
    machineId: machine.id,
    staff,
    mayConfigure: staff,
    maxHotendC: machine.maxHotendC,
    maxBedC: machine.maxBedC,
  };
  if (machine.connection.type === 'simulated') {
    return {
      ...base,
      practice: true,
      mayCommand: true,
      reasons: [],
      missing: [],
      noTrainingDefined: false,
      mayOverride: false,
    };
  }
  const facts = lookupMachine(deps.store.db, machine.id);
  if (facts === null) throw new DeskError('NOT_FOUND', `Machine ${machine.id} does not exist.`);
  const explained = explainAuthorization(deps.store.db, actor.id, facts, deps.store.clock.now());
  return {
    ...base,
    practice: false,
    mayCommand: explained.decision.allowed,
    reasons: [...explained.decision.reasons],
    missing: explained.missing.map((m) => ({ name: m.name, reasons: [...m.reasons] })),
    noTrainingDefined: explained.decision.requires.length === 0,
    mayOverride: staff && explained.overridable,
  };
}
