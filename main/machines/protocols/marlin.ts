import { MarlinStreamer } from '../streamer/marlin-streamer.js';
import type { ProtocolModule } from './types.js';

/** Marlin 2: numbered lines with checksums, ok/resend, `M115` to identify. */
export const marlinProtocol: ProtocolModule = {
  id: 'marlin',
  label: 'Marlin',
  streaming: 'acknowledged-lines',
  connections: ['serial', 'simulated'],
  gate: { console: 'gcode-lines', jobFile: 'gcode-lines' },
  identify: 'M115',
  lineDriver: (io, listener) => ({ kind: 'marlin', streamer: new MarlinStreamer(io, listener) }),
};
