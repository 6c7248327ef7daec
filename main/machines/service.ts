import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ConsoleLine,
  Machine,
  MachineSnapshot,
  TelemetryPoint,
} from '../../preload/contract/methods/machines.js';
import type { HostContext } from '../kernel/context.js';
import { DeskError } from '../kernel/errors.js';
import { demoProgram } from './demo-programs.js';
import { hashFile, modalBefore, resumeSuggestionFor } from './job-runner.js';
import { openSerialLink } from './link.js';
import { getMachine, lastResumableRun, recordRunEnd, recordRunProgress, recordRunStart } from './registry.js';
import { MachineSession, type JobStart } from './session.js';
import { NO_TELEMETRY } from './snapshot.js';
import { simulatedLinkOpener } from './sim/sim-link.js';
import { protocolFor } from './protocols/index.js';
import type { RolandStreamerOptions } from './streamer/roland-streamer.js';
import { startRolandDevice, type RolandDevice } from '../toolpaths/roland-sim.js';
import { resumePreamble } from './streamer/modal.js';
import {
  GRBL_DEFAULT_PLANNER_BLOCKS,
  GRBL_SEGMENT_BLOCKS,
  MARLIN_DEFAULT_BLOCK_BUFFER,
  type ControllerDepth,
} from './streamer/queued.js';

/** The snapshot of a machine nobody is connected to. */
export function offlineSnapshot(machine: Machine, at: string): MachineSnapshot {
  return {
    ...NO_TELEMETRY,
    temperatures: [],
    machineId: machine.id,
    at,
    connection: 'disconnected',
    firmware: machine.firmware,
    lastError: null,
    needsHoming: false,
    job: null,
  };
}

/**
 * Every machine's session, one each, all in this process. Publishes snapshots (≤ 20 Hz) and console batches on
 * the event bus, and writes job progress to the store: start and end audited, progress in between twice a second.
 */
export class MachineService {
  private readonly sessions = new Map<number, MachineSession>();
  private readonly runIds = new Map<number, number>();
  private readonly simulatedRolands = new Map<number, RolandDevice>();
  /** Chunk size, pause and waits of Roland sends (tests pace them by events); the defaults otherwise. */
  rolandOptions: Omit<RolandStreamerOptions, 'abort'> | undefined;

  constructor(private readonly ctx: HostContext) {}

  session(id: number): MachineSession | undefined {
    return this.sessions.get(id);
  }

  /** The simulated Roland standing in for a machine registered as simulated, while it is connected. */
  simulatedRoland(id: number): RolandDevice | undefined {
    return this.simulatedRolands.get(id);
  }

  snapshot(machine: Machine): MachineSnapshot {
    return (
      this.sessions.get(machine.id)?.snapshot() ??
      offlineSnapshot(machine, this.ctx.clock.now().toISOString())
    );
  }

  async connect(id: number): Promise<MachineSnapshot> {
    const machine = getMachine(this.ctx.store, id);
    if (machine.retired)
      throw new DeskError('RULE_VIOLATION', `${machine.name} is retired.`, undefined, {
        key: 'machine.retired',
        params: { name: machine.name },
      });
    if (
      machine.connection.type === 'manual' ||
      machine.connection.type === 'network' ||
      (machine.connection.type === 'device-file' && machine.firmware === 'none')
    )
      throw new DeskError(
        'RULE_VIOLATION',
        machine.connection.type === 'manual'
          ? `${machine.name} is used by hand: the Desk records its sessions, it does not connect to it.`
          : `${machine.name} is reached by ${machine.connection.type}, which the Desk records but does not drive yet: start a session on it instead.`,
        { gate: 'not-driven' },
      );
    if (machine.firmware === 'none')
      throw new DeskError(
        'RULE_VIOLATION',
        `${machine.name} has no firmware the Desk can talk to.`,
        undefined,
        {
          key: 'machine.noFirmware',
          params: { name: machine.name },
        },
      );
    const existing = this.sessions.get(id);
    if (
      existing !== undefined &&
      (existing.connection === 'connected' || existing.connection === 'connecting')
    )
      return existing.snapshot();
    const conn = machine.connection;
    const firmware = machine.firmware;
    const roland = protocolFor(firmware).roland;
    let path = conn.type === 'simulated' ? `simulated:${firmware}` : conn.path;
    let connection = conn.type;
    if (roland !== undefined && conn.type === 'simulated') {
      // A simulated Roland is our simulated device behind a FIFO standing in for its device file.
      await this.simulatedRolands.get(id)?.close();
      const wait = this.rolandOptions?.wait;
      const device = startRolandDevice({
        language: roland.language,
        ...(wait === undefined ? {} : { wait }),
      });
      this.simulatedRolands.set(id, device);
      path = device.path;
      connection = 'device-file';
    }
    const target = {
      machineId: id,
      firmware,
      kind: machine.kind,
      connection,
      path,
      baud: conn.type === 'serial' ? conn.baud : 115200,
      ...(this.rolandOptions === undefined ? {} : { roland: this.rolandOptions }),
    };
    const opener =
      conn.type === 'simulated' && (firmware === 'grbl' || firmware === 'marlin')
        ? simulatedLinkOpener(firmware)
        : openSerialLink;
    const session = new MachineSession(
      target,
      {
        snapshot: (s) => this.ctx.events.publish('machines.state', s),
        console: (lines) => this.ctx.events.publish('machines.console', { machineId: id, lines }),
        progress: (record, final) => {
          const runId = this.runIds.get(id);
          if (runId === undefined) return;
          if (final) {
            this.runIds.delete(id);
            recordRunEnd(this.ctx.store, runId, record);
            this.ctx.events.publish('changed', { entity: 'machine_run', id: String(runId) });
          } else recordRunProgress(this.ctx.store, runId, record);
        },
      },
      this.ctx.clock,
      opener,
    );
    this.sessions.set(id, session);
    try {
      await session.connect();
    } catch (error) {
      throw new DeskError('DEVICE_ERROR', error instanceof Error ? error.message : String(error));
    }
    return session.snapshot();
  }

  async disconnect(id: number): Promise<MachineSnapshot> {
    const machine = getMachine(this.ctx.store, id);
    const session = this.sessions.get(id);
    if (session?.streaming === true)
      throw new DeskError(
        'CONFLICT',
        `${machine.name} is running a job: stop it before disconnecting.`,
        undefined,
        { key: 'machine.busyDisconnect', params: { name: machine.name } },
      );
    await session?.disconnect();
    this.sessions.delete(id);
    await this.simulatedRolands.get(id)?.close();
    this.simulatedRolands.delete(id);
    return offlineSnapshot(machine, this.ctx.clock.now().toISOString());
  }

  /** The connected, idle session of a machine, or a sentence saying why not. */
  ready(id: number, options: { allowStreaming?: boolean } = {}): MachineSession {
    const session = this.sessions.get(id);
    if (session?.connection !== 'connected') {
      const name = getMachine(this.ctx.store, id).name;
      throw new DeskError('RULE_VIOLATION', `${name} is not connected. Connect it first.`, undefined, {
        key: 'machine.notConnected',
        params: { name },
      });
    }
    if (options.allowStreaming !== true && session.streaming) {
      throw new DeskError(
        'RULE_VIOLATION',
        'A job is streaming to this machine: pause or stop it first.',
        undefined,
        { key: 'machine.streaming' },
      );
    }
    return session;
  }

  /** Starts a job from a file on disk: used by the jobs area, the demo and resume. */
  async startJob(
    id: number,
    actor: number | null,
    start: JobStart,
    resumedFrom: number | null = null,
  ): Promise<MachineSnapshot> {
    const session = this.ready(id);
    if (session.needsHoming && resumedFrom === null) {
      throw new DeskError(
        'RULE_VIOLATION',
        'The machine may have lost its position (alarm or emergency stop): home it first.',
        undefined,
        { key: 'machine.homeFirst' },
      );
    }
    await session.startJob(start);
    const record = session.job?.record;
    if (record !== undefined)
      this.runIds.set(id, recordRunStart(this.ctx.store, actor, id, record, resumedFrom));
    this.ctx.events.publish('changed', { entity: 'machine_run' });
    return session.snapshot();
  }

  async runDemo(id: number, actor: number, dryRun: boolean): Promise<MachineSnapshot> {
    const machine = getMachine(this.ctx.store, id);
    if (machine.connection.type !== 'simulated' || machine.firmware === 'none') {
      throw new DeskError('RULE_VIOLATION', 'The practice program runs only on simulated machines.');
    }
    if (machine.firmware === 'rml' || machine.firmware === 'camm') {
      throw new DeskError(
        'RULE_VIOLATION',
        `The practice program is G-code; for ${machine.name}, mill a board or cut vinyl from the library instead.`,
      );
    }
    const dir = join(this.ctx.store.dataDir, 'machines');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `practice-${machine.firmware}.gcode`);
    writeFileSync(path, demoProgram(machine.firmware));
    const sha256 = await hashFile(path);
    return this.startJob(id, actor, {
      path,
      name: `Practice (${machine.firmware === 'grbl' ? 'spiral pocket' : 'square tower'})`,
      sha256,
      dryRun: dryRun && machine.firmware === 'grbl',
    });
  }

  async resumePlan(id: number, line?: number) {
    const machine = getMachine(this.ctx.store, id);
    const run = lastResumableRun(this.ctx.store, id);
    if (run === null)
      throw new DeskError(
        'NOT_FOUND',
        `${machine.name} has no interrupted, failed or stopped job to resume.`,
      );
    if (protocolFor(machine.firmware).streaming === 'unacknowledged-bytes')
      throw new DeskError(
        'RULE_VIOLATION',
        `${machine.name} reports no position, so a job cannot resume from its middle: send it again from the start.`,
      );
    const firmware = machine.firmware === 'marlin' ? 'marlin' : 'grbl';
    let fileChanged = true;
    try {
      fileChanged = (await hashFile(run.path)) !== run.sha256;
    } catch {
      throw new DeskError('NOT_FOUND', `The file of "${run.name}" is no longer on disk.`);
    }
    // Acknowledged is not done: back up over every acknowledged line the controller may still have been carrying
    // out. The connected controller says how deep its planner is; otherwise its firmware's usual build is assumed.
    const depth: ControllerDepth =
      this.sessions.get(id)?.depth ??
      (firmware === 'grbl'
        ? {
            firmware,
            plannerBlocks: GRBL_DEFAULT_PLANNER_BLOCKS,
            plannerSource: 'default',
            segmentBlocks: GRBL_SEGMENT_BLOCKS,
          }
        : {
            firmware,
            plannerBlocks: MARLIN_DEFAULT_BLOCK_BUFFER,
            plannerSource: 'default',
            segmentBlocks: 0,
          });
    const { suggestion, nearby } = await resumeSuggestionFor(run.path, run.acked_line, run.start_line, depth);
    const from = line ?? suggestion.line;
    const at =
      from === run.acked_line + 1
        ? { modal: run.modal, offset: run.acked_offset }
        : await modalBefore(run.path, from);
    return {
      run,
      line: from,
      offset: at.offset,
      modal: at.modal,
      preamble: resumePreamble(at.modal, { firmware }),
      fileChanged,
      name: run.name,
      suggestion: {
        line: suggestion.line,
        ackedLine: suggestion.ackedLine,
        linesBack: suggestion.linesBack,
        firmware: depth.firmware,
        plannerBlocks: depth.plannerBlocks,
        plannerSource: depth.plannerSource,
        segmentBlocks: depth.segmentBlocks,
        atStart: suggestion.atStart,
        failedLine: run.failed_line,
      },
      nearby,
    };
  }

  async resume(id: number, actor: number, line: number): Promise<MachineSnapshot> {
    const plan = await this.resumePlan(id, line);
    if (plan.fileChanged)
      throw new DeskError(
        'CONFLICT',
        `The file of "${plan.name}" changed since it ran: resuming would run different lines. Start it again instead.`,
      );
    const session = this.ready(id);
    session.needsHoming = false; // the operator confirmed homing and work zero
    return this.startJob(
      id,
      actor,
      {
        path: plan.run.path,
        name: plan.name,
        sha256: plan.run.sha256,
        startLine: plan.line,
        startOffset: plan.offset,
        modal: plan.modal,
        preamble: plan.preamble,
      },
      plan.run.id,
    );
  }

  /** The chart's past: what the machine's session kept since it connected (nothing when not connected). */
  history(id: number): TelemetryPoint[] {
    return this.sessions.get(id)?.history.list() ?? [];
  }

  consoleLines(id: number, afterSeq: number | undefined, limit: number): ConsoleLine[] {
    return this.sessions.get(id)?.consoleLines(afterSeq, limit) ?? [];
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) await session.disconnect();
    this.sessions.clear();
    for (const device of this.simulatedRolands.values()) await device.close();
    this.simulatedRolands.clear();
  }
}
