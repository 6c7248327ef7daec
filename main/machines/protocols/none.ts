import type { ProtocolModule } from './types.js';

/** A machine the Desk does not drive (laser through its own driver, a manual machine): its use is recorded. */
export const noneProtocol: ProtocolModule = {
  id: 'none',
  label: 'Manual',
  streaming: 'none',
  connections: ['serial', 'device-file', 'network', 'manual'],
  gate: { console: 'refused', jobFile: 'none' },
  identify: null,
};
