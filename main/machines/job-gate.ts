import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { MachineSnapshot } from '../../preload/contract/methods/machines.js';
import type { HostContext } from '../kernel/context.js';
import { getPerson } from '../people/people-service.js';
import { DeskError } from '../kernel/errors.js';
import { isStaffActor } from './control-gate.js';
import { classifyLine } from './firmware-config.js';
import { getMachine } from './registry.js';
import { protocolFor, speaksGcodeLines } from './protocols/index.js';
import { checkRolandJob } from './roland-job-check.js';
import { MachineService } from './service.js';
import type { JobStart } from './session.js';

/**
 * A job's lines reach the machine without passing the console, so the rules that are not about training hold for
 * the file too (training for a job is decided where the job starts: the jobs area, or the resume method):
 * a file that writes firmware settings runs only when staff start it, and no heater target in it may exceed the
 * machine's maximum. Every job start (jobs area, practice program, resume) goes through `startJob`, so this is
 * the one place the file is read before a byte of it is sent.
 */
export class GatedMachineService extends MachineService {
  constructor(private readonly host: HostContext) {
    super(host);
  }

  override async startJob(
    id: number,
    actor: number | null,
    start: JobStart,
    resumedFrom: number | null = null,
  ): Promise<MachineSnapshot> {
    const machine = getMachine(this.store, id);
    const roland = protocolFor(machine.firmware).roland;
    if (roland !== undefined) await checkRolandJob(machine, roland, start.path, start.name);
    else if (speaksGcodeLines(machine.firmware)) {
      const staff = actor !== null && isStaffActor({ id: actor, roles: getPerson(this.store, actor).roles });
      for (const text of start.preamble ?? [])
        this.judge(machine.firmware, text, 'the resume preamble', staff, machine, start);
      let n = 0;
      const reader = createInterface({ input: createReadStream(start.path), crlfDelay: Infinity });
      for await (const text of reader) {
        n += 1;
        this.judge(machine.firmware, text, `line ${n}`, staff, machine, start);
      }
    }
    return super.startJob(id, actor, start, resumedFrom);
  }

  private get store() {
    return this.host.store;
  }

  private judge(
    firmware: 'grbl' | 'marlin',
    text: string,
    where: string,
    staff: boolean,
    machine: { name: string; maxHotendC: number; maxBedC: number },
    start: JobStart,
  ): void {
    // Firmware settings start with M (Marlin) or $ (Grbl), heater commands with M: most lines of a file (G0/G1
    // moves, with or without a ; comment) have neither before their comment and need no closer look. Measured: a
    // million commented moves (45 MB) are read in ~0.5 s this way, ~3.8 s when every line is fully parsed.
    const semicolon = text.indexOf(';');
    if (!/[Mm$]/.test(semicolon < 0 ? text : text.slice(0, semicolon))) return;
    const line = classifyLine(firmware, text);
    if (line.config !== null && !staff) {
      throw new DeskError(
        'NOT_AUTHORIZED',
        `"${start.name}" changes firmware settings (${line.config} at ${where}): only staff may start a file that ` +
          `reconfigures ${machine.name}. Remove the line, or ask staff to run it.`,
        { gate: 'firmware-config', word: line.config, where },
      );
    }
    if (line.unreadableHeat !== null) {
      throw new DeskError(
        'RULE_VIOLATION',
        `"${start.name}" sets a temperature by preset (${line.unreadableHeat} I… at ${where}), which cannot be ` +
          `checked against ${machine.name}'s heater limits. Give the temperature with S.`,
        { gate: 'max-temperature', word: line.unreadableHeat, where },
      );
    }
    for (const h of line.heat) {
      const max = h.heater === 'hotend' ? machine.maxHotendC : machine.maxBedC;
      if (h.celsius > max) {
        throw new DeskError(
          'RULE_VIOLATION',
          `"${start.name}" asks ${h.celsius} °C of the ${h.heater} (${h.word} at ${where}); ${machine.name} takes ` +
            `at most ${max} °C. Nothing was sent.`,
          { gate: 'max-temperature', heater: h.heater, celsius: h.celsius, max, where },
        );
      }
    }
  }
}
