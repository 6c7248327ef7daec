import { readFile } from 'node:fs/promises';
import type { Machine } from '../../preload/contract/methods/machines.js';
import { DeskError } from '../kernel/errors.js';
import { CammReader } from '../toolpaths/camm.js';
import { CommandError } from '../toolpaths/commands.js';
import { RmlReader, type MachineProgram } from '../toolpaths/rml.js';
import type { RolandProtocol } from './protocols/index.js';

/**
 * What the job gate reads in a Roland file before a byte of it is sent: every command must be one the machine
 * takes (a malformed one would stop the machine mid-job with its error light, leaving a half-cut board), and no
 * move may leave the machine's work area (when staff set one). Nothing is sent when either fails.
 */
export async function checkRolandJob(
  machine: Machine,
  roland: RolandProtocol,
  path: string,
  name: string,
): Promise<MachineProgram> {
  const units = roland.unitsPerMm(machine.connection.type);
  const reader = roland.language === 'rml' ? new RmlReader(units) : new CammReader(units);
  let program: MachineProgram;
  try {
    reader.feed((await readFile(path)).toString('latin1'));
    program = reader.end();
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    throw new DeskError(
      'RULE_VIOLATION',
      `"${name}" cannot be sent to ${machine.name}: ${error.message} Nothing was sent.`,
      { gate: 'program', at: error.at },
    );
  }
  const area = machine.workArea;
  if (area !== null) {
    for (const m of program.moves) {
      if (m.x < -1e-6 || m.y < -1e-6 || m.x > area.x + 1e-6 || m.y > area.y + 1e-6) {
        throw new DeskError(
          'RULE_VIOLATION',
          `"${name}" moves to X ${m.x.toFixed(2)} Y ${m.y.toFixed(2)} mm, outside ${machine.name}'s travel ` +
            `(${area.x} × ${area.y} mm). Nothing was sent.`,
          { gate: 'travel', x: m.x, y: m.y },
        );
      }
    }
  }
  return program;
}
