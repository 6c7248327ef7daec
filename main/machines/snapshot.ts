import type { MachineSnapshot } from '../../preload/contract/methods/machines.js';
import { grblAlarmText } from './drivers/grbl-codes.js';
import type { Clock } from '../kernel/clock.js';
import type { JobRunner } from './job-runner.js';
import type { GrblStreamer } from './streamer/grbl-streamer.js';
import type { MarlinStreamer } from './streamer/marlin-streamer.js';
import type { RolandStreamer } from './streamer/roland-streamer.js';

/**
 * What a snapshot reads of a machine's session. The session satisfies it without this file importing the session
 * (which builds snapshots), so the two never import each other.
 */
export interface SnapshotSource {
  readonly internals: {
    grbl: GrblStreamer | null;
    marlin: MarlinStreamer | null;
    roland: RolandStreamer | null;
    /** The protocol's name for people ("Roland RML-1"). */
    label: string;
    lastError: string | null;
    clock: Clock;
  };
  readonly job: JobRunner | null;
  readonly lastJob: JobRunner | null;
  readonly target: { machineId: number };
  readonly connection: MachineSnapshot['connection'];
  readonly firmware: MachineSnapshot['firmware'];
  readonly needsHoming: boolean;
  readonly queued: MachineSnapshot['queued'];
}

function triple(values: number[] | null): { x: number; y: number; z: number } | null {
  if (values === null || values.length < 3) return null;
  return { x: values[0]!, y: values[1]!, z: values[2]! };
}

/** The telemetry part of a snapshot when the machine has told us nothing (offline, or not identified yet). */
export const NO_TELEMETRY = {
  firmwareVersion: null,
  state: 'Offline',
  subState: null,
  alarm: null,
  workPosition: null,
  machinePosition: null,
  feed: null,
  spindle: null,
  overrides: null,
  temperatures: [],
  stalled: false,
  resumePending: false,
  prompt: null,
  buffer: null,
} as const satisfies Partial<MachineSnapshot>;

/** What the renderer sees of a session: one JSON-safe object, pushed at ≤ 20 Hz. */
export function buildSnapshot(session: SnapshotSource): MachineSnapshot {
  const { grbl, marlin, roland, label, lastError, clock } = session.internals;
  const job = session.job ?? session.lastJob;
  const base = {
    machineId: session.target.machineId,
    at: clock.now().toISOString(),
    connection: session.connection,
    firmware: session.firmware,
    needsHoming: session.needsHoming,
    lastError,
    queued: session.queued,
    job:
      job === null
        ? null
        : {
            ...job.record,
            state:
              job === session.job &&
              (grbl?.status?.state === 'Hold' || marlin?.paused === true || roland?.paused === true)
                ? ('paused' as const)
                : job.record.state,
            etaSeconds: job === session.job ? job.etaSeconds(performance.now()) : null,
            ackedText: job.ackedText,
          },
  };
  const empty = NO_TELEMETRY;
  if (grbl !== null) {
    const s = grbl.status;
    return {
      ...base,
      ...empty,
      firmwareVersion: grbl.version,
      state: s?.state ?? 'Unknown',
      subState: s?.subState ?? null,
      alarm: grbl.alarm === null ? null : grblAlarmText(grbl.alarm),
      lastError: lastError ?? grbl.lastError?.text ?? null,
      workPosition: triple(s?.wpos ?? null),
      machinePosition: triple(s?.mpos ?? null),
      feed: s?.feed ?? null,
      spindle: s?.spindle ?? null,
      overrides: grbl.overrides,
      stalled: grbl.stalled,
      resumePending: grbl.resumePending,
      buffer: { used: grbl.bufferedBytes, size: grbl.rxSize },
    };
  }
  if (marlin !== null) {
    const state =
      marlin.fatal !== null
        ? 'Halted'
        : marlin.jobRunning
          ? marlin.paused
            ? 'Paused'
            : 'Printing'
          : marlin.busy
            ? 'Busy'
            : 'Idle';
    return {
      ...base,
      ...empty,
      firmwareVersion: marlin.firmwareName,
      state,
      lastError: lastError ?? marlin.fatal?.text ?? null,
      temperatures: marlin.temps,
      stalled: marlin.stalled,
      prompt: marlin.prompt,
      buffer: { used: marlin.inFlightCount, size: marlin.window },
    };
  }
  if (roland !== null) {
    // A Roland tells nothing: the state is what the Desk is doing with it.
    return {
      ...base,
      ...empty,
      firmwareVersion: label,
      state: roland.jobRunning ? (roland.paused ? 'Paused' : 'Sending') : 'Idle',
    };
  }
  return { ...base, ...empty };
}
