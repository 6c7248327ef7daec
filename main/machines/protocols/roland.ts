import { openDeviceFile, openSerialFlow } from '../transport/roland-transport.js';
import type { ProtocolModule, RolandProtocol } from './types.js';

const ESC = '\x1b';

/**
 * The abort both Roland languages share, from Roland's device-control instructions (RML-1 and CAMM-GL programming
 * manuals): ESC.K "abort graphic instructions" discards what the machine holds in its buffer, ESC.R resets the
 * device-control settings. Then the language's own "safe" commands: the mill's spindle off and tool up, the
 * cutter's blade up. Sent after the job's file is closed, as a job of its own.
 */
const ROLAND_ABORT_SOURCE =
  'Roland device-control instructions ESC.K (abort graphic instructions: clear the buffer) and ESC.R (reset), ' +
  'from the RML-1 and CAMM-GL programming manuals; then spindle off / tool up in the machine’s own language.';

const openTransport: RolandProtocol['openTransport'] = (connection) =>
  connection.type === 'serial'
    ? openSerialFlow(connection.path, { baud: connection.baud ?? 9600, flow: 'rtscts' })
    : openDeviceFile(connection.path);

/** Roland RML-1 mills: SRM-20, iModela, MDX-40 over USB (0.01 mm), MDX-15/20 over RS-232 (0.025 mm). */
export const rmlProtocol: ProtocolModule = {
  id: 'rml',
  label: 'Roland RML-1',
  streaming: 'unacknowledged-bytes',
  connections: ['device-file', 'serial', 'simulated'],
  gate: { console: 'refused', jobFile: 'roland-program' },
  identify: null,
  roland: {
    language: 'rml',
    unitsPerMm: (connection) => (connection === 'serial' ? 40 : 100),
    abort: Buffer.from(`${ESC}.K${ESC}.R!MC0;PU;`, 'latin1'),
    abortSource: ROLAND_ABORT_SOURCE,
    openTransport,
  },
};

/** Roland CAMM-GL cutters: GS-24, GX-24 (0.025 mm), USB printer class. */
export const cammProtocol: ProtocolModule = {
  id: 'camm',
  label: 'Roland CAMM-GL',
  streaming: 'unacknowledged-bytes',
  connections: ['device-file', 'serial', 'simulated'],
  gate: { console: 'refused', jobFile: 'roland-program' },
  identify: null,
  roland: {
    language: 'camm',
    unitsPerMm: () => 40,
    abort: Buffer.from(`${ESC}.K${ESC}.RPU;`, 'latin1'),
    abortSource: ROLAND_ABORT_SOURCE,
    openTransport,
  },
};
