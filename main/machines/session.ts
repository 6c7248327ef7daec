import { machineKindSpec } from '../../preload/contract/machine-kinds.js';
import type {
  ConsoleLine,
  MachineSnapshot,
  QueuedNotice,
  machineKinds,
} from '../../preload/contract/methods/machines.js';
import type { Clock } from '../kernel/clock.js';
import { DeskError } from '../kernel/errors.js';
import { GRBL_RT } from './drivers/grbl.js';
import { JobRunner, type JobProgressRecord } from './job-runner.js';
import { openSerialLink, type Link, type LinkOpener } from './link.js';
import { LineSplitter } from './line-splitter.js';
import { protocolFor, type ConnectionType, type ProtocolModule } from './protocols/index.js';
import { openFileSource } from './streamer/file-source.js';
import type { GrblStreamer } from './streamer/grbl-streamer.js';
import type { MarlinStreamer } from './streamer/marlin-streamer.js';
import { RolandStreamer, type RolandStreamerOptions } from './streamer/roland-streamer.js';
import type { RolandTransport } from './transport/roland-transport.js';
import { initialModal, type ModalState } from './streamer/modal.js';
import { orderQueued, type ControllerDepth } from './streamer/queued.js';
import { chainSources, wireBytes, type JobOutcome, type StreamerListener } from './streamer/types.js';
import { buildSnapshot } from './snapshot.js';
import { TelemetryHistory } from './telemetry-history.js';

export interface SessionHooks {
  /** A snapshot, at most every 50 ms (≤ 20 Hz) and only when something changed. */
  snapshot?(snapshot: MachineSnapshot): void;
  /** Console lines in batches (every 100 ms at most), never one event per line. */
  console?(lines: ConsoleLine[]): void;
  /** Job progress: at least once a second while running, and at once when the job ends (`final`). */
  progress?(record: JobProgressRecord, final: boolean): void;
}

export interface SessionTarget {
  machineId: number;
  firmware: Exclude<MachineSnapshot['firmware'], 'none'>;
  /** How the machine is reached (byte protocols pick their transport by it); serial when absent. */
  connection?: ConnectionType;
  /** What the machine is: a printer's M106 is a cooling fan, a laser's may be its beam. */
  kind?: MachineKind;
  path: string;
  baud: number;
  /** Byte protocols: chunk size, pause and waits (tests); the abort comes from the protocol module. */
  roland?: Omit<RolandStreamerOptions, 'abort'>;
}

export interface JobStart {
  path: string;
  name: string;
  sha256: string;
  dryRun?: boolean;
  /** Resume: start at this line/offset with this modal state, after running `preamble`. */
  startLine?: number;
  startOffset?: number;
  modal?: ModalState;
  preamble?: string[];
}

type MachineKind = (typeof machineKinds)[number];

const CONSOLE_KEEP = 500;
const TICK_MS = 50;
const PROGRESS_MS = 500;

/**
 * One connected machine: link (serialport) → line splitter → streamer (Grbl or Marlin) → job runner → telemetry.
 * Bytes from the machine are handled synchronously (parse, acknowledge, write the next lines); everything
 * slower — progress, modal state, snapshots, console — runs on a 50 ms timer.
 */
export class MachineSession {
  connection: MachineSnapshot['connection'] = 'disconnected';
  needsHoming = false;
  job: JobRunner | null = null;
  lastJob: JobRunner | null = null;
  /** Lines held in the controller after a job ended early: cleared by Stop, Continue, a reset or an e-stop. */
  queued: QueuedNotice | null = null;
  /** The streamer's reset count when the notice was raised: a reset after it (the machine's own button) empties it. */
  private queuedFlushes = 0;
  private link: Link | null = null;
  /** Kept after the link closes so "nothing was written afterwards" can be checked. */
  private lastLink: Link | null = null;
  private grbl: GrblStreamer | null = null;
  private marlin: MarlinStreamer | null = null;
  private roland: RolandStreamer | null = null;
  private rolandTransport: RolandTransport | null = null;
  private timer: NodeJS.Timeout | null = null;
  private dirty = true;
  private lastConsoleFlush = 0;
  private lastProgress = 0;
  private seq = 0;
  private readonly ring: ConsoleLine[] = [];
  /** Temperatures and position since this session connected (the chart's past). */
  readonly history = new TelemetryHistory();
  private pending: ConsoleLine[] = [];
  private readonly splitter = new LineSplitter((line) => this.onLine(line));
  private lastError: string | null = null;
  private wasHoming = false;

  constructor(
    readonly target: SessionTarget,
    private readonly hooks: SessionHooks,
    private readonly clock: Clock,
    private readonly openLink: LinkOpener = openSerialLink,
  ) {}

  get firmware(): SessionTarget['firmware'] {
    return this.target.firmware;
  }

  get protocol(): ProtocolModule {
    return protocolFor(this.target.firmware);
  }

  get linkStats(): { bytesWritten: number; refusedWrites: number } | null {
    const link = this.link ?? this.lastLink ?? this.rolandTransport;
    return link === null ? null : { bytesWritten: link.bytesWritten, refusedWrites: link.refusedWrites };
  }

  get streaming(): boolean {
    return this.job !== null;
  }

  /** Planner depth (and Grbl's segment buffer) of the connected controller, for the resume suggestion. */
  get depth(): ControllerDepth | null {
    return (this.grbl ?? this.marlin)?.depth ?? null;
  }

  /** The connected driver, whichever protocol it speaks. */
  private get streamer(): GrblStreamer | MarlinStreamer | RolandStreamer | null {
    return this.grbl ?? this.marlin ?? this.roland;
  }

  async connect(): Promise<void> {
    if (this.connection === 'connected' || this.connection === 'connecting') return;
    this.connection = 'connecting';
    this.changed();
    const protocol = this.protocol;
    if (protocol.roland !== undefined) return this.connectRoland(protocol);
    const now = () => performance.now();
    const listener: StreamerListener = {
      onAck: (line) => this.job?.onAck(line),
      onJobEnd: (outcome) => this.onJobEnd(outcome),
      onConsole: (direction, text) => this.log(direction, text),
      onStall: (ms) =>
        this.log(
          'info',
          `No answer from the machine for ${(ms / 1000).toFixed(1)} s: check the cable and its power.`,
        ),
      onChange: () => (this.dirty = true),
    };
    try {
      this.link = await this.openLink(this.target.path, this.target.baud, {
        onData: (data) => this.splitter.push(data),
        onClose: (lost, reason) => this.onLinkClosed(lost, reason),
      });
    } catch (error) {
      this.connection = 'disconnected';
      this.changed();
      throw error;
    }
    const link = this.link;
    this.lastLink = link;
    const io = { write: (data: string | Buffer) => link.write(wireBytes(data)), now };
    if (protocol.lineDriver === undefined) throw new Error(`${protocol.label} has no line driver`);
    const driver = protocol.lineDriver(io, listener);
    if (driver.kind === 'grbl') this.grbl = driver.streamer;
    else this.marlin = driver.streamer;
    this.connection = 'connected';
    this.log('info', `Connected to ${this.target.path}.`);
    const streamer = this.grbl ?? this.marlin;
    streamer?.identify();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.changed();
    // Jobs start only once the controller has answered: a welcome still in the pipe must not end the first job.
    const deadline = performance.now() + 3000;
    while (streamer !== null && !streamer.identified && this.link === link && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (streamer !== null && !streamer.identified) {
      this.log(
        'info',
        `No answer to ${protocol.identify ?? ''} yet: is this a ${protocol.label} machine, at the right baud rate?`,
      );
    }
  }

  /** A Roland: open the way in (device file or RS-232); nothing comes back, so connected means reachable. */
  private async connectRoland(protocol: ProtocolModule): Promise<void> {
    const roland = protocol.roland!;
    let transport: RolandTransport;
    try {
      transport = await roland.openTransport({
        type: this.target.connection ?? 'serial',
        path: this.target.path,
        baud: this.target.baud,
      });
    } catch (error) {
      this.connection = 'disconnected';
      this.changed();
      throw error;
    }
    this.rolandTransport = transport;
    this.roland = new RolandStreamer(
      transport,
      {
        onAck: (line) => this.job?.onAck(line),
        onJobEnd: (outcome) => this.onJobEnd(outcome),
        onConsole: (direction, text) => this.log(direction, text),
        onChange: () => (this.dirty = true),
      },
      { ...this.target.roland, abort: roland.abort },
    );
    this.connection = 'connected';
    this.log(
      'info',
      `Ready to send to ${this.target.path} (${transport.kind === 'device-file' ? 'USB printer-class device' : 'RS-232 with hardware flow control'}): a Roland answers nothing, progress is bytes taken.`,
    );
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.changed();
  }

  async disconnect(): Promise<void> {
    this.stopTimer();
    if (this.job !== null) this.streamer?.interrupt('Disconnected while the job was streaming.');
    if (this.queued !== null && this.grbl !== null) {
      // Nobody chose Continue: a controller left holding lines would run them at the next cycle start.
      this.grbl.estop();
      this.log('info', 'Disconnected while lines were held: soft reset, they are discarded.');
    }
    const roland = this.roland;
    this.grbl = null;
    this.marlin = null;
    this.roland = null;
    this.queued = null;
    const link = this.link;
    this.link = null;
    this.connection = 'disconnected';
    if (link !== null) await link.close();
    if (roland !== null) {
      await roland.done;
      await this.rolandTransport?.close();
    }
    this.flush(true);
  }

  /** Starts streaming a file from disk. The caller has checked permissions, training and that no job runs. */
  async startJob(start: JobStart): Promise<void> {
    const streamer = this.streamer;
    if (streamer === null) throw new Error('not connected');
    if (this.queued !== null)
      throw new DeskError(
        'RULE_VIOLATION',
        'The machine is still holding lines from the last job: choose Stop or Continue first.',
        undefined,
        { key: 'machine.stillHolding' },
      );
    const startLine = start.startLine ?? 1;
    const startOffset = start.startOffset ?? 0;
    const file = await openFileSource(start.path, { startLine, startOffset });
    const source =
      start.preamble === undefined || start.preamble.length === 0
        ? file
        : chainSources(start.preamble, startLine - 1, startOffset, file);
    this.job = new JobRunner(
      {
        name: start.name,
        path: start.path,
        sha256: start.sha256,
        totalBytes: file.size,
        startLine,
        startOffset,
        modal: start.modal ?? initialModal(),
        startedAt: this.clock.now().toISOString(),
        dryRun: start.dryRun === true,
      },
      performance.now(),
    );
    this.lastError = null;
    this.log(
      'info',
      `${start.dryRun === true ? 'Dry run of' : 'Streaming'} ${start.name}${startLine > 1 ? ` from line ${startLine}` : ''}.`,
    );
    if (this.grbl !== null) this.grbl.startJob(source, { checkMode: start.dryRun === true });
    else if (this.marlin !== null) this.marlin.startJob(source);
    else {
      // A byte protocol reads the file itself, in chunks: the line cursor is not needed.
      source.close();
      this.roland!.startJob(start.path, file.size);
    }
    this.persist(false);
    this.changed();
  }

  command(text: string): void {
    this.streamer?.command(text);
  }

  jog(dx: number, dy: number, dz: number, feed: number): void {
    const words = [dx === 0 ? '' : `X${dx}`, dy === 0 ? '' : `Y${dy}`, dz === 0 ? '' : `Z${dz}`]
      .filter((w) => w !== '')
      .join(' ');
    if (words === '') return;
    if (this.grbl !== null) this.grbl.command(`$J=G91 G21 ${words} F${feed}`);
    else if (this.marlin !== null)
      for (const c of ['G91', `G0 ${words} F${feed}`, 'G90']) this.marlin.command(c);
  }

  action(action: string): void {
    const g = this.grbl;
    const m = this.marlin;
    const rt: Record<string, number> = {
      'jog-cancel': GRBL_RT.jogCancel,
      'feed+10': GRBL_RT.feedPlus10,
      'feed-10': GRBL_RT.feedMinus10,
      'feed-reset': GRBL_RT.feedReset,
      'rapid-100': GRBL_RT.rapidReset,
      'rapid-50': GRBL_RT.rapid50,
      'rapid-25': GRBL_RT.rapid25,
      'spindle+10': GRBL_RT.spindlePlus10,
      'spindle-10': GRBL_RT.spindleMinus10,
      'spindle-reset': GRBL_RT.spindleReset,
    };
    const notice = this.queued;
    if (notice !== null && (action === 'stop' || action === 'resume' || action === 'reset')) {
      // The answer to "the controller still holds these lines": Stop empties it, Continue lets them run.
      this.queued = null;
      if (action === 'resume') {
        g?.resume();
        this.log('info', 'Continue: the lines held in the controller run.');
      } else if (g !== null) {
        g.stop();
        this.log('info', 'Stop: soft reset, the held lines are discarded.');
      } else if (m !== null) {
        m.emergency('kill');
        this.needsHoming = true;
        this.log('info', 'Stop: M112, the printer halts and must be reset before it runs again.');
      }
      this.changed();
      return;
    }
    const r = this.roland;
    if (r !== null) {
      // A Roland: pause and continue between chunks; stop, reset and the e-stop close the job and send the abort.
      if (action === 'hold') r.hold();
      else if (action === 'resume') r.resume();
      else if (action === 'stop' || action === 'reset') r.stop();
      this.changed();
      return;
    }
    if (action === 'hold') (g ?? m)?.hold();
    else if (action === 'resume') (g ?? m)?.resume();
    else if (action === 'stop') {
      // A laser or spindle program is held at once and the operator decides; anything else stops as before.
      if (this.job !== null && this.energized()) {
        if (g !== null) g.holdAndStop();
        else m?.stop({ ask: true });
      } else (g ?? m)?.stop();
    } else if (action === 'home') {
      g?.command('$H');
      m?.command('G28');
      this.needsHoming = false;
    } else if (action === 'unlock') g?.command('$X');
    else if (action === 'reset') {
      if (g !== null) g.estop();
      else m?.command('M999');
    } else if (action === 'break-wait') m?.emergency('breakWait');
    else if (g !== null && rt[action] !== undefined) g.realtime(rt[action]);
    this.changed();
  }

  /**
   * Stop without asking: for main's own use when a job must not go on (its record could not be written). Unlike the
   * operator's Stop, a laser or spindle program is not held for a decision: nobody is there to make one.
   */
  stopAtOnce(): void {
    this.queued = null;
    this.streamer?.stop();
    this.log('info', 'Stopped: the job could not be recorded.');
    this.changed();
  }

  estop(): void {
    this.queued = null;
    this.streamer?.estop();
    this.needsHoming = this.roland === null;
    this.log('info', 'Emergency stop.');
    this.changed();
  }

  answerPrompt(choice: number): void {
    this.marlin?.answerPrompt(choice);
  }

  setTemperature(heater: 'hotend' | 'bed', celsius: number): void {
    this.marlin?.command(`${heater === 'hotend' ? 'M104' : 'M140'} S${celsius}`);
  }

  consoleLines(afterSeq: number | undefined, limit: number): ConsoleLine[] {
    const lines = afterSeq === undefined ? this.ring : this.ring.filter((l) => l.seq > afterSeq);
    return lines.slice(-limit);
  }

  snapshot(): MachineSnapshot {
    return buildSnapshot(this);
  }

  /** @internal for buildSnapshot */
  get internals() {
    return {
      grbl: this.grbl,
      marlin: this.marlin,
      roland: this.roland,
      label: this.protocol.label,
      lastError: this.lastError,
      clock: this.clock,
    };
  }

  private onLine(line: string): void {
    this.streamer?.onLine(line);
  }

  private tick(): void {
    const g = this.grbl;
    (g ?? this.marlin)?.tick();
    if (g !== null) {
      const state = g.status?.state;
      if (g.alarm === 1 || g.alarm === 3) this.needsHoming = true;
      if (state === 'Home') this.wasHoming = true;
      else if (this.wasHoming && state === 'Idle') {
        this.wasHoming = false;
        this.needsHoming = false;
      }
    }
    const flushes = (g ?? this.marlin)?.flushes;
    if (this.queued !== null && flushes !== undefined && flushes !== this.queuedFlushes) {
      this.queued = null;
      this.dirty = true;
      this.log('info', 'The controller reset: the lines it held are gone.');
    }
    const job = this.job;
    if (job !== null) {
      // A line done is a change: the running-job view's marker moves with the snapshots (≤ 20 a second).
      const before = job.record.ackedLine;
      job.settle();
      if (job.record.ackedLine !== before) this.dirty = true;
    }
    const now = performance.now();
    if (this.job !== null && now - this.lastProgress >= PROGRESS_MS) this.persist(false);
    this.flush(now - this.lastConsoleFlush >= 100);
  }

  private persist(final: boolean): void {
    const job = this.job ?? this.lastJob;
    if (job === null) return;
    this.lastProgress = performance.now();
    this.hooks.progress?.(job.record, final);
    this.dirty = true;
  }

  /** Is the running program's laser, spindle or (printer) fan on, or about to be switched on by a queued line? */
  private energized(): boolean {
    const job = this.job;
    if (job === null) return false;
    job.settle();
    const modal = job.record.modal;
    const on = modal.spindle !== 'M5' && (modal.speed ?? 1) > 0;
    const fan = this.fanIsLaser && (modal.fan ?? 0) > 0;
    const queued = (this.grbl ?? this.marlin)?.queuedJobLines ?? [];
    return on || fan || orderQueued(queued, on, this.fanIsLaser).some((l) => l.energizes);
  }

  /** M106 is a laser on a laser; on a printer (or a machine of unknown kind on Marlin) it is a cooling fan. */
  private get fanIsLaser(): boolean {
    return this.target.kind !== undefined && machineKindSpec(this.target.kind).fanIsBeam;
  }

  private onJobEnd(outcome: JobOutcome): void {
    const job = this.job;
    if (job === null) return;
    job.end(outcome, this.clock.now().toISOString());
    if (outcome.kind !== 'completed' && outcome.kind !== 'interrupted' && outcome.held !== undefined) {
      const modal = job.record.modal;
      const on = modal.spindle !== 'M5' && (modal.speed ?? 1) > 0;
      this.queuedFlushes = (this.grbl ?? this.marlin)?.flushes ?? 0;
      this.queued = {
        cause: outcome.kind === 'failed' ? 'error' : 'stopped',
        hold: outcome.held.hold,
        failedLine: outcome.kind === 'failed' ? outcome.line : null,
        lines: orderQueued(outcome.held.lines, on, this.fanIsLaser),
        at: this.clock.now().toISOString(),
      };
      const list = this.queued.lines.map((l) => `${l.line}: ${l.text}${l.energizes ? ' (power on)' : ''}`);
      this.log(
        'info',
        `Held (${outcome.held.hold}) with ${list.length} line(s) still in the controller${list.length > 0 ? `: ${list.join('; ')}` : ''}. Stop discards them, Continue runs them.`,
      );
    }
    this.job = null;
    this.lastJob = job;
    if (outcome.kind !== 'completed') this.lastError = outcome.reason;
    this.log(
      'info',
      outcome.kind === 'completed'
        ? `${job.record.name} finished.`
        : `${job.record.name}: ${outcome.kind}. ${outcome.reason}`,
    );
    this.persist(true);
    this.changed();
  }

  private onLinkClosed(lost: boolean, reason: string): void {
    // From here on nothing may be written: the streamers go first, then the job is closed as interrupted.
    this.stopTimer();
    const streamer = this.grbl ?? this.marlin;
    this.grbl = null;
    this.marlin = null;
    this.link = null;
    this.queued = null;
    this.connection = lost ? 'lost' : 'disconnected';
    this.log('info', reason);
    streamer?.interrupt(reason);
    this.splitter.reset();
    this.flush(true);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private log(direction: ConsoleLine['direction'], text: string): void {
    // While a job streams, its lines and their oks would drown everything else: the progress bar shows them.
    if (this.job !== null && (direction === 'out' || text === 'ok' || text.startsWith('ok '))) return;
    this.seq += 1;
    const line: ConsoleLine = {
      seq: this.seq,
      at: this.clock.now().toISOString(),
      direction,
      text: text.slice(0, 300),
    };
    this.ring.push(line);
    if (this.ring.length > CONSOLE_KEEP * 2) this.ring.splice(0, this.ring.length - CONSOLE_KEEP);
    this.pending.push(line);
  }

  private changed(): void {
    this.dirty = true;
    if (this.timer === null) this.flush(true);
  }

  private flush(consoleDue: boolean): void {
    if (consoleDue && this.pending.length > 0) {
      const batch = this.pending.slice(-200);
      this.pending = [];
      this.lastConsoleFlush = performance.now();
      this.hooks.console?.(batch);
    }
    if (this.dirty) {
      this.dirty = false;
      const snapshot = this.snapshot();
      this.history.add(snapshot);
      this.hooks.snapshot?.(snapshot);
    }
  }
}
