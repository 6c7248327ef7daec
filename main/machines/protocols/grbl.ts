import { GrblStreamer } from '../streamer/grbl-streamer.js';
import type { ProtocolModule } from './types.js';

/** Grbl 1.1: character-counted lines, real-time bytes, `$I` to identify. */
export const grblProtocol: ProtocolModule = {
  id: 'grbl',
  label: 'Grbl',
  streaming: 'acknowledged-lines',
  connections: ['serial', 'simulated'],
  gate: { console: 'gcode-lines', jobFile: 'gcode-lines' },
  identify: '$I',
  lineDriver: (io, listener) => ({ kind: 'grbl', streamer: new GrblStreamer(io, listener) }),
};
