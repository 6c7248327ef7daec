import { cleanGcodeLine } from '../drivers/grbl.js';
import {
  MARLIN_EMERGENCY,
  marlinNumbered,
  parseMarlinLine,
  type MarlinFatalKind,
  type Temperature,
} from '../drivers/marlin.js';
import { ResendBook, type Sent } from './marlin-resend.js';
import { MARLIN_DEFAULT_BLOCK_BUFFER, type ControllerDepth } from './queued.js';
import {
  REIDENTIFY_AFTER_RESET_MS,
  type HeldLines,
  type JobOutcome,
  type LineSource,
  type SourceLine,
  type StreamerIo,
  type StreamerListener,
} from './types.js';

export interface MarlinStreamerOptions {
  /** Some firmwares send no `ok` after `Resend:`: wait this long for one, then carry on as if it came. */
  resendOkWaitMs?: number;
  /** With lines in flight and no byte (not even `busy:`) for this long, send the oldest one again. */
  okTimeoutMs?: number;
  /**
   * Silence (not even `busy:`) after which the stall alert fires. Default: 1500 ms when the printer auto-reports
   * temperatures (we ask for one report a second, and Marlin keeps them coming through G28 and heating waits);
   * 2000 ms otherwise, because then the only sign of life during a long command is Marlin's host keep-alive,
   * which comes every 2 s by default — alerting sooner would cry wolf at every G28.
   */
  stallMs?: number;
  /** M105 poll period when the firmware cannot auto-report temperatures. */
  tempPollMs?: number;
  /** Give up on a line asked for this many times in a row (resend loops, OctoPi #463). */
  maxResends?: number;
  /** Lines kept for resends (the issue asks for ≥ 100). */
  historySize?: number;
}

export interface MarlinPrompt {
  text: string;
  buttons: string[];
}

/**
 * Marlin job streamer: every job line numbered and checksummed, resends from history, the ok-after-resend
 * quirk, and — when the firmware reports ADVANCED_OK (`ok N.. P.. B..`) — several commands in flight instead of one.
 * Deterministic: bytes in via `onLine`, time via `tick`, bytes out via `io.write`.
 */
export class MarlinStreamer {
  firmwareName: string | null = null;
  readonly caps = new Map<string, boolean>();
  /** Detected from the first `ok` carrying `B<free>`. */
  advancedOk = false;
  /** Largest command-buffer free count seen: the in-flight window in ADVANCED_OK mode. */
  capacity = 1;
  temps: Temperature[] = [];
  fatal: { kind: MarlinFatalKind; text: string } | null = null;
  prompt: MarlinPrompt | null = null;
  lastAction: string | null = null;
  stalled = false;
  /** The printer answered M115. */
  identified = false;
  paused = false;
  busy = false;
  /** Counts restarts and halts: each empties the printer, so lines held before one are gone. */
  flushes = 0;
  /** Largest planner-free count an ADVANCED_OK `ok … P<n>` reported; Marlin keeps one slot empty, so +1 is its size. */
  plannerFreeSeen: number | null = null;

  private readonly inFlight: Sent[] = [];
  private readonly resends: ResendBook;
  private readonly manual: string[] = [];
  private nextN = 1;
  private job: { id: number; source: LineSource; sourceDone: boolean } | null = null;
  private jobCounter = 0;
  private swallowOkUntil: number | null = null;
  /** An M115 reply arrived that no M115 in flight asked for: the ok closing it frees nothing. */
  private strayReply = false;
  private lastLineError: string | null = null;
  private lastRxAt: number;
  private lastBusyAt = -Infinity;
  private lastPollAt = -Infinity;
  private lastTempAt = -Infinity;
  private lastWriteAt = -Infinity;
  private identifyAttempts = 0;
  /** When to ask M115 again after a restart that came before its answer (null: not waiting). */
  private identifyAt: number | null = null;
  private readonly opts: Required<Omit<MarlinStreamerOptions, 'stallMs'>> & { stallMs?: number };

  constructor(
    private readonly io: StreamerIo,
    private readonly listener: StreamerListener = {},
    options: MarlinStreamerOptions = {},
  ) {
    this.opts = {
      resendOkWaitMs: 500,
      okTimeoutMs: 3000,
      tempPollMs: 2000,
      maxResends: 10,
      historySize: 256,
      ...options,
    };
    this.resends = new ResendBook(this.opts.historySize, this.opts.maxResends);
    this.lastRxAt = io.now();
  }

  get jobRunning(): boolean {
    return this.job !== null;
  }

  get inFlightCount(): number {
    return this.inFlight.length;
  }

  get window(): number {
    return this.advancedOk ? Math.max(1, this.capacity) : 1;
  }

  /**
   * How many acknowledged moves may still be waiting in the planner: BLOCK_BUFFER_SIZE, read from ADVANCED_OK's
   * `P` (largest free count + the slot Marlin keeps empty) or Marlin's default of 16. M115 does not report it.
   */
  get depth(): ControllerDepth {
    const seen = this.plannerFreeSeen;
    return {
      firmware: 'marlin',
      plannerBlocks: seen === null || seen === 0 ? MARLIN_DEFAULT_BLOCK_BUFFER : seen + 1,
      plannerSource: seen === null || seen === 0 ? 'default' : 'reported',
      segmentBlocks: 0,
    };
  }

  /** Job lines sent and not yet answered (in the printer's command queue), in program order. */
  get queuedJobLines(): { line: number; text: string }[] {
    const job = this.job;
    if (job === null) return [];
    return this.inFlight
      .filter((s) => s.jobId === job.id && s.source !== null)
      .map((s) => ({ line: s.source!.line, text: s.wire.replace(/^N\d+ /, '').replace(/\*\d+$/, '') }));
  }

  /** Capabilities first: AUTOREPORT_TEMP, EMERGENCY_PARSER, PROMPT_SUPPORT decide how we talk afterwards. */
  identify(): void {
    this.command('M115');
  }

  hasCap(name: string): boolean {
    return this.caps.get(name) === true;
  }

  onLine(raw: string): void {
    const now = this.io.now();
    this.lastRxAt = now;
    if (this.stalled) {
      this.stalled = false;
      this.listener.onChange?.();
    }
    const msg = parseMarlinLine(raw);
    if (msg.type !== 'temps' && msg.type !== 'busy') this.listener.onConsole?.('in', raw);
    switch (msg.type) {
      case 'ok':
        if (msg.temps.length > 0) this.setTemps(msg.temps);
        if (msg.bufferFree !== null) {
          this.advancedOk = true;
          this.capacity = Math.max(this.capacity, msg.bufferFree);
        }
        if (msg.plannerFree !== null && msg.plannerFree <= 1024)
          this.plannerFreeSeen = Math.max(this.plannerFreeSeen ?? 0, msg.plannerFree);
        this.onOk(msg.line, msg.temps.length > 0);
        break;
      case 'resend':
        this.onResend(msg.line, this.lastLineError);
        this.lastLineError = null;
        break;
      case 'line-error':
        this.lastLineError = msg.kind;
        break;
      case 'busy':
        this.lastBusyAt = now;
        this.busy = true;
        break;
      case 'temps':
        this.setTemps(msg.temps);
        break;
      case 'firmware':
        this.firmwareName = msg.name;
        // The answer to an M115 we already counted as lost (asked again after a restart, and both arrived):
        // its ok must not acknowledge the line that is really in flight.
        if (this.inFlight[0]?.wire !== 'M115') this.strayReply = true;
        break;
      case 'cap':
        this.caps.set(msg.name, msg.enabled);
        if (msg.name === 'AUTOREPORT_TEMP' && msg.enabled) this.command('M155 S1');
        break;
      case 'fatal':
        this.onFatal(msg.kind, msg.text);
        break;
      case 'action':
        this.onAction(msg.action, msg.argument);
        break;
      case 'start':
        this.onRestart();
        break;
      case 'wait':
        this.busy = false;
        break;
      default:
        break;
    }
  }

  tick(): void {
    const now = this.io.now();
    if (this.identifyAt !== null && now >= this.identifyAt) {
      this.identifyAt = null;
      if (!this.identified) this.identify();
    }
    if (this.busy && now - this.lastBusyAt > 3000) this.busy = false;
    if (this.swallowOkUntil !== null && now >= this.swallowOkUntil) {
      this.swallowOkUntil = null;
      this.pump();
    }
    const silent = now - Math.max(this.lastRxAt, this.lastBusyAt);
    const waiting = this.inFlight.length > 0;
    if (this.job !== null && now - this.lastWriteAt >= 400 && silent >= 400) {
      // A blank line is ignored by Marlin but fails at once on a vanished port: unplug shows up within a second.
      this.write('\n');
    }
    if (
      this.resends.recovering !== null &&
      this.inFlight[0]?.n === this.resends.recovering &&
      this.swallowOkUntil === null &&
      silent >= 30
    ) {
      // Quiet while we wait for the line we went back to: a flush on the printer swallowed it. Send it again.
      this.lastRxAt = now;
      this.write(`${this.inFlight[0].wire}\n`);
    }
    if (waiting && silent >= this.opts.okTimeoutMs && this.fatal === null) {
      // A lost `ok` (or a lost line): send the oldest again. Marlin answers a line it already has with
      // "Line Number is not Last Line Number+1" and a Resend for the line it wants, which puts us back in step.
      const oldest = this.inFlight[0]!;
      this.lastRxAt = now;
      this.listener.onConsole?.('info', `No reply for ${silent} ms: sending "${oldest.wire}" again.`);
      this.write(`${oldest.wire}\n`);
    }
    const stallMs = this.opts.stallMs ?? (this.hasCap('AUTOREPORT_TEMP') ? 1500 : 2000);
    if (!this.stalled && (waiting || this.job !== null) && silent >= stallMs && !this.busy) {
      this.stalled = true;
      this.listener.onStall?.(silent);
      this.listener.onChange?.();
    }
    const autoReport = this.hasCap('AUTOREPORT_TEMP');
    if (
      !autoReport &&
      this.fatal === null &&
      // Not while a restart's M115 is due: it would wait behind the poll.
      this.identifyAt === null &&
      now - this.lastPollAt >= this.opts.tempPollMs &&
      now - this.lastTempAt >= this.opts.tempPollMs
    ) {
      if (this.job === null && this.inFlight.length === 0 && this.manual.length === 0) {
        this.lastPollAt = now;
        this.command('M105');
      }
    }
  }

  startJob(source: LineSource): void {
    if (this.job !== null) throw new Error('a job is already streaming');
    if (this.fatal !== null) throw new Error('the printer is halted');
    this.jobCounter += 1;
    this.job = { id: this.jobCounter, source, sourceDone: false };
    this.paused = false;
    this.resends.reset();
    // Line numbers restart with each job: M110 is exempt from the Last Line+1 rule.
    this.nextN = 0;
    this.resends.queue.push(this.queueNumbered('M110 N0', null));
    source.onReadable(() => this.pump());
    this.pump();
  }

  command(text: string): void {
    const line = cleanGcodeLine(text);
    if (line === '') return;
    this.manual.push(line);
    this.pump();
  }

  /** M112 / M108 / M410: written at once, ahead of anything queued (acted on at once only with EMERGENCY_PARSER). */
  emergency(which: keyof typeof MARLIN_EMERGENCY): void {
    this.write(`${MARLIN_EMERGENCY[which]}\n`);
    this.listener.onConsole?.('out', MARLIN_EMERGENCY[which]);
  }

  answerPrompt(choice: number): void {
    this.prompt = null;
    this.write(`M876 S${choice}\n`);
    this.listener.onConsole?.('out', `M876 S${choice}`);
    this.listener.onChange?.();
  }

  /** Host-side pause: stop feeding lines; the few already in the printer's queue still run. */
  hold(): void {
    if (this.job === null) return;
    this.paused = true;
    this.listener.onChange?.();
  }

  resume(): void {
    this.paused = false;
    this.listener.onChange?.();
    this.pump();
  }

  /**
   * Cancel: stop feeding, flush the planner, heaters and fan off. `ask` (a laser or spindle program): M410 goes out
   * first whatever the firmware, and the job ends naming the lines the printer still holds, for Stop or Continue.
   */
  stop(options: { ask?: boolean } = {}): void {
    if (this.job === null) return;
    const ask = options.ask === true;
    if (ask) this.emergency('quickStop');
    const held: HeldLines | undefined = ask ? { hold: 'M410', lines: this.queuedJobLines } : undefined;
    this.endJob({
      kind: 'stopped',
      reason: 'Stopped by the operator.',
      ...(held === undefined ? {} : { held }),
    });
    this.inFlight.length = 0;
    this.resends.queue.length = 0;
    this.swallowOkUntil = null;
    if (!ask && this.hasCap('EMERGENCY_PARSER')) this.emergency('quickStop');
    for (const line of ['M104 S0', 'M140 S0', 'M107']) this.command(line);
  }

  estop(): void {
    this.emergency('kill');
    this.endJob({
      kind: 'stopped',
      reason: 'Emergency stop (M112): the printer must be reset before it runs again.',
    });
  }

  interrupt(reason: string): void {
    this.inFlight.length = 0;
    this.resends.queue.length = 0;
    this.manual.length = 0;
    this.endJob({ kind: 'interrupted', reason });
  }

  private write(data: string): void {
    this.lastWriteAt = this.io.now();
    this.io.write(data);
  }

  private setTemps(temps: Temperature[]): void {
    this.temps = temps;
    this.lastTempAt = this.io.now();
    this.listener.onChange?.();
  }

  private onOk(n: number | null, isTempReply: boolean): void {
    if (this.strayReply && n === null && !isTempReply) {
      this.strayReply = false;
      // It closes an M115 answer (FIRMWARE_NAME came first): the printer is identified, whichever M115 it answered.
      if (this.firmwareName !== null) this.identified = true;
      return;
    }
    if (this.swallowOkUntil !== null && n === null && !isTempReply) {
      this.swallowOkUntil = null;
      this.pump();
      return;
    }
    if (n !== null) {
      // Cumulative: an ok for line k means every earlier line was taken too.
      while (this.inFlight.length > 0 && (this.inFlight[0]!.n === null || this.inFlight[0]!.n <= n))
        this.ackOldest();
    } else {
      const oldest = this.inFlight[0];
      if (oldest === undefined) return;
      // In ADVANCED_OK mode a numbered line's ok carries its N; a bare ok belongs to an unnumbered command or M105.
      if (this.advancedOk && oldest.n !== null && !(isTempReply && oldest.wire.includes('M105'))) return;
      this.ackOldest();
    }
    this.pump();
  }

  private ackOldest(): void {
    const sent = this.inFlight.shift()!;
    if (sent.n !== null) this.resends.taken(sent.n);
    if (sent.wire === 'M115') {
      // A damaged M115 (no line number, no checksum) comes back as "Unknown command" + ok: ask again.
      if (this.firmwareName === null && this.identifyAttempts < 3) {
        this.identifyAttempts += 1;
        this.manual.push('M115');
      } else this.identified = true;
    }
    const job = this.job;
    if (job !== null && sent.jobId === job.id && sent.source !== null) this.listener.onAck?.(sent.source);
    if (job !== null && sent.jobId === job.id) this.maybeFinish();
  }

  private onResend(n: number, cause: string | null): void {
    if (this.job === null && this.inFlight.every((s) => s.n === null)) return;
    // Marlin follows every Resend with an ok that belongs to no line.
    this.swallowOkUntil = this.io.now() + this.opts.resendOkWaitMs;
    // Lines before n were taken, whatever happened to their oks.
    while (this.inFlight.length > 0 && (this.inFlight[0]!.n === null || this.inFlight[0]!.n < n))
      this.ackOldest();
    const decision = this.resends.request(n, cause, this.inFlight[0]?.n ?? null);
    if (decision === 'ignore') return;
    if (decision === 'give-up') {
      // Motion already planned would carry on while the operator reads why: quick stop first.
      const held = this.holdForFailure();
      this.endJob({
        kind: 'failed',
        line: this.resends.sourceOf(n)?.line ?? null,
        reason: `The printer asked for line N${n} ${this.opts.maxResends} times in a row: the connection is too noisy. Check the cable and the baud rate.`,
        buffered: held.lines.map((l) => l.line),
        held,
      });
      this.inFlight.length = 0;
      return;
    }
    // Go-back-N: the printer flushed its buffer and wants n onward, in order.
    const again = this.resends.rewind(n, this.nextN);
    if (again === null) {
      const held = this.holdForFailure();
      this.endJob({
        kind: 'failed',
        line: null,
        reason: `The printer asked for line N${n}, which is no longer in the resend history.`,
        buffered: held.lines.map((l) => l.line),
        held,
      });
      return;
    }
    this.inFlight.length = 0;
    this.listener.onConsole?.('info', `Resending from N${n} (${again.length} line(s)).`);
  }

  /** M410 at once, and the job lines the printer may still hold. */
  private holdForFailure(): HeldLines {
    const lines = this.queuedJobLines;
    this.emergency('quickStop');
    return { hold: 'M410', lines };
  }

  private onFatal(kind: MarlinFatalKind, text: string): void {
    this.fatal = { kind, text };
    this.flushes += 1;
    this.inFlight.length = 0;
    this.resends.queue.length = 0;
    this.manual.length = 0;
    this.endJob({ kind: 'failed', line: null, reason: `The printer stopped itself: ${text}`, buffered: [] });
    this.listener.onChange?.();
  }

  private onRestart(): void {
    this.flushes += 1;
    this.inFlight.length = 0;
    this.resends.queue.length = 0;
    this.fatal = null;
    this.endJob({
      kind: 'failed',
      line: null,
      reason: 'The printer restarted during the job.',
      buffered: [],
    });
    // A board that resets when the port opens (Arduino) loses the M115 sent meanwhile: ask again, after a moment.
    // If the restart was old news still in the pipe, the first M115 is answered meanwhile (its ok is a stray that
    // identifies the printer, see onOk) and the handshake shows once in the console. If both get answered anyway,
    // the second answer's ok is a stray too.
    if (!this.identified) this.identifyAt = this.io.now() + REIDENTIFY_AFTER_RESET_MS;
    this.listener.onChange?.();
  }

  private onAction(action: string, argument: string): void {
    this.lastAction = argument === '' ? action : `${action} ${argument}`;
    switch (action) {
      case 'pause':
      case 'paused':
        this.hold();
        break;
      case 'resume':
      case 'resumed':
        this.resume();
        break;
      case 'cancel':
        this.stop();
        break;
      case 'prompt_begin':
        this.prompt = { text: argument, buttons: [] };
        break;
      case 'prompt_button':
      case 'prompt_choice':
        this.prompt?.buttons.push(argument);
        break;
      case 'prompt_end':
        this.prompt = null;
        break;
      default:
        break;
    }
    this.listener.onChange?.();
  }

  private queueNumbered(command: string, source: SourceLine | null): Sent {
    const n = this.nextN;
    this.nextN += 1;
    const sent = { n, wire: marlinNumbered(n, command), source, jobId: this.job?.id ?? 0 };
    this.resends.record(sent);
    return sent;
  }

  private maybeFinish(): void {
    const job = this.job;
    if (job === null || !job.sourceDone || this.resends.queue.length > 0) return;
    if (this.inFlight.some((s) => s.jobId === job.id)) return;
    this.endJob({ kind: 'completed' });
  }

  private endJob(outcome: JobOutcome): void {
    const job = this.job;
    if (job === null) return;
    this.job = null;
    this.paused = false;
    job.source.close();
    this.listener.onJobEnd?.(outcome);
    this.listener.onChange?.();
  }

  /** Sends what the window allows: resends first, then console commands (no job) or job lines. */
  pump(): void {
    if (this.fatal !== null || this.swallowOkUntil !== null) return;
    let out = '';
    while (this.inFlight.length < (this.resends.recovering === null ? this.window : 1)) {
      let sent: Sent | undefined = this.resends.queue.shift();
      if (sent === undefined && this.job === null && this.manual.length > 0) {
        if (this.inFlight.length > 0) break; // console commands go one at a time
        const text = this.manual.shift()!;
        sent = { n: null, wire: text, source: null, jobId: 0 };
      }
      if (sent === undefined) {
        const job = this.job;
        if (job === null || this.paused || job.sourceDone) break;
        const now = this.io.now();
        if (
          this.identified &&
          !this.hasCap('AUTOREPORT_TEMP') &&
          now - this.lastPollAt >= this.opts.tempPollMs &&
          now - this.lastTempAt >= this.opts.tempPollMs
        ) {
          // Without auto-report, temperatures during a print come from an M105 slipped in between job lines.
          this.lastPollAt = now;
          sent = this.queueNumbered('M105', null);
          this.inFlight.push(sent);
          out += `${sent.wire}\n`;
          continue;
        }
        const next = job.source.take();
        if (next === null) break;
        if (next === 'end') {
          job.sourceDone = true;
          this.maybeFinish();
          break;
        }
        const text = cleanGcodeLine(next.text);
        if (text === '') continue;
        sent = this.queueNumbered(text, next);
      }
      this.inFlight.push(sent);
      out += `${sent.wire}\n`;
      this.listener.onConsole?.('out', sent.wire);
      if (sent.n === null) break;
    }
    if (out !== '') this.write(out);
  }
}
