import { firmwares } from '../../../preload/contract/methods/machines.js';
import { DeskError } from '../../kernel/errors.js';
import { grblProtocol } from './grbl.js';
import { marlinProtocol } from './marlin.js';
import { noneProtocol } from './none.js';
import { cammProtocol, rmlProtocol } from './roland.js';
import type { ConnectionType, Firmware, ProtocolModule } from './types.js';

export type { ConnectionType, Firmware, LineDriver, ProtocolModule, RolandProtocol } from './types.js';

/** Every protocol the Desk speaks, by the firmware name machines are registered with. */
export const protocols: Readonly<Record<Firmware, ProtocolModule>> = {
  grbl: grblProtocol,
  marlin: marlinProtocol,
  rml: rmlProtocol,
  camm: cammProtocol,
  none: noneProtocol,
};

/** The protocol of a firmware; one the contract does not know is refused in words. */
export function protocolFor(firmware: string): ProtocolModule {
  if (!(firmwares as readonly string[]).includes(firmware))
    throw new DeskError(
      'INVALID_INPUT',
      `The Desk does not speak "${firmware}": choose ${firmwares.join(', ')}.`,
    );
  return protocols[firmware as Firmware];
}

/** Firmwares whose console and job lines are G-code the firmware-config rules read (Grbl, Marlin). */
export function speaksGcodeLines(firmware: Firmware): firmware is 'grbl' | 'marlin' {
  return protocols[firmware].gate.console === 'gcode-lines';
}

/** Whether a machine of this protocol can be reached over this connection type; a sentence when not. */
export function connectionProblem(firmware: Firmware, type: ConnectionType): string | null {
  const p = protocols[firmware];
  if (p.connections.includes(type)) return null;
  if (type === 'simulated')
    return 'A simulated machine needs a firmware to simulate: choose Grbl, Marlin, RML-1 or CAMM-GL.';
  const ways = p.connections.filter((c) => c !== 'simulated').join(' or ');
  return `${p.label} is reached over ${ways}, not ${type === 'device-file' ? 'a device file' : type}.`;
}
