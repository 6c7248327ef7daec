import type { Machine } from '../../../preload/contract/methods/machines.js';
import type { GrblStreamer } from '../streamer/grbl-streamer.js';
import type { MarlinStreamer } from '../streamer/marlin-streamer.js';
import type { StreamerIo, StreamerListener } from '../streamer/types.js';
import type { RolandTransport } from '../transport/roland-transport.js';

export type Firmware = Machine['firmware'];
export type ConnectionType = Machine['connection']['type'];

/** A controller that answers line by line (G-code): the session builds one per connection. */
export type LineDriver =
  { kind: 'grbl'; streamer: GrblStreamer } | { kind: 'marlin'; streamer: MarlinStreamer };

/**
 * What the session, the control gate and the job gate need to know about one machine language. One module per
 * protocol in this folder; `protocolFor` is the only lookup (no `if (firmware === …)` chains elsewhere in the session).
 */
export interface ProtocolModule {
  readonly id: Firmware;
  /** For people: "Grbl", "Roland RML-1"… */
  readonly label: string;
  /**
   * How jobs go out: `acknowledged-lines` (a line at a time, the controller answers each: Grbl, Marlin),
   * `unacknowledged-bytes` (a printer-class device: bytes in, nothing back: Roland RML-1, CAMM-GL), or `none` (the
   * Desk records the machine's use, a person runs it).
   */
  readonly streaming: 'acknowledged-lines' | 'unacknowledged-bytes' | 'none';
  /** The connection types a machine of this protocol may be registered with. */
  readonly connections: readonly ConnectionType[];
  /**
   * What the gates read: console lines classified as this G-code dialect (reports and stops open, the rest needs
   * training) or no console at all; a job's file read line by line as G-code (firmware settings, heater limits) or
   * parsed whole as a Roland program (malformed commands and travel refused before a byte is written).
   */
  readonly gate: {
    readonly console: 'gcode-lines' | 'refused';
    readonly jobFile: 'gcode-lines' | 'roland-program' | 'none';
  };
  /** What the session writes to identify the controller (null: nothing comes back to identify). */
  readonly identify: string | null;
  /** Line protocols: the streamer for one connection. */
  readonly lineDriver?: (io: StreamerIo, listener: StreamerListener) => LineDriver;
  /** Byte protocols: the language, its units and the way in. */
  readonly roland?: RolandProtocol;
}

export interface RolandProtocol {
  readonly language: 'rml' | 'camm';
  /** Machine units per mm for a machine reached this way (RML: 100 over USB, 40 for the RS-232 MDX-15/20). */
  unitsPerMm(connection: ConnectionType): number;
  /** What a stop writes once the job's file is closed. */
  readonly abort: Buffer;
  /** Where that sequence comes from, for the docs and the console. */
  readonly abortSource: string;
  /** Opens the way in: a USB printer-class device file, or RS-232 with hardware flow control. */
  openTransport(connection: { type: ConnectionType; path: string; baud?: number }): Promise<RolandTransport>;
}
