import { GRBL_RT, cleanGcodeLine, parseGrblLine, type GrblStatus } from '../drivers/grbl.js';
import { grblAlarmText, grblErrorText } from '../drivers/grbl-codes.js';
import { CharacterCount } from './grbl-window.js';
import { GRBL_DEFAULT_PLANNER_BLOCKS, GRBL_SEGMENT_BLOCKS, type ControllerDepth } from './queued.js';
import {
  REIDENTIFY_AFTER_RESET_MS,
  type HeldLines,
  type JobOutcome,
  type LineSource,
  type SourceLine,
  type StreamerIo,
  type StreamerListener,
} from './types.js';

export interface GrblStreamerOptions {
  /** Status poll period; Grbl answers `?` from its interrupt, ~5 Hz is the usual rate. */
  pollMs?: number;
  /** Silence with ≥ 2 polls unanswered after which the stall watchdog fires (the issue asks for ≤ 2 s). */
  stallMs?: number;
}

export interface GrblCheckError {
  line: number | null;
  code: number;
}

/**
 * Character-counting streamer for Grbl 1.1, a deterministic state machine: bytes in via `onLine`, time via `tick`,
 * bytes out via `io.write`. Σ(len+1) of unacknowledged lines never exceeds the controller's RX buffer (128 bytes
 * unless `[OPT:…]` says otherwise), because Grbl drops — not back-pressures — bytes beyond it (`grbl-window.ts`).
 */
export class GrblStreamer {
  version: string | null = null;
  status: GrblStatus | null = null;
  /** WCO and Ov arrive only now and then: the last values are kept. */
  wco: number[] | null = null;
  overrides: GrblStatus['overrides'] = null;
  alarm: number | null = null;
  lastError: { code: number; line: number | null; text: string } | null = null;
  stalled = false;
  /** The controller answered `$I`: its buffer size is known and it is listening. */
  identified = false;
  /** The next `ok` closes the answer to a `$I` sent before a reset: it frees nothing. */
  private strayOk = false;
  /** When to ask `$I` again after a reset that came before its answer (null: not waiting). */
  private identifyAt: number | null = null;
  /** `~` asked for while the controller was still decelerating (Hold:1): sent once it reports Hold:0. */
  resumePending = false;
  /** Planner blocks from `[OPT:V,15,128]`; null until `$I` has answered. */
  plannerBlocks: number | null = null;
  /** Counts resets and alarms: each empties the controller, so lines held before one are gone. */
  flushes = 0;

  private readonly window = new CharacterCount();
  private readonly manual: string[] = [];
  private job: {
    id: number;
    source: LineSource;
    checkMode: boolean;
    checkErrors: GrblCheckError[];
    phase: 'enter-check' | 'stream' | 'drain' | 'leave-check';
    sourceDone: boolean;
  } | null = null;
  private jobCounter = 0;
  private stopping: 'stop' | null = null;
  private expectReset = false;
  private lastRxAt: number;
  private lastPollAt = -Infinity;
  private pollsUnanswered = 0;
  private readonly pollMs: number;
  private readonly stallMs: number;

  constructor(
    private readonly io: StreamerIo,
    private readonly listener: StreamerListener = {},
    options: GrblStreamerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 200;
    this.stallMs = options.stallMs ?? 1500;
    this.lastRxAt = io.now();
  }

  get jobRunning(): boolean {
    return this.job !== null;
  }

  /** The controller's RX buffer size (from `[OPT:…]`) and how much of it our unanswered lines fill. */
  get rxSize(): number {
    return this.window.size;
  }

  set rxSize(bytes: number) {
    this.window.size = bytes;
  }

  get bufferedBytes(): number {
    return this.window.used;
  }

  /** How many acknowledged moves may still be waiting to run: what a resume backs up over. */
  get depth(): ControllerDepth {
    return {
      firmware: 'grbl',
      plannerBlocks: this.plannerBlocks ?? GRBL_DEFAULT_PLANNER_BLOCKS,
      plannerSource: this.plannerBlocks === null ? 'default' : 'reported',
      segmentBlocks: GRBL_SEGMENT_BLOCKS,
    };
  }

  /** Job lines the controller has received and not answered (its receive buffer), in program order. */
  get queuedJobLines(): { line: number; text: string }[] {
    return this.job === null ? [] : this.window.jobQueue(this.job.id);
  }

  /** Asks for build info so the window can be sized from `[OPT:…]`. */
  identify(): void {
    this.command('$I');
  }

  /** One line from the controller. Unknown or malformed lines only reach the console. */
  onLine(raw: string): void {
    this.lastRxAt = this.io.now();
    if (this.stalled) {
      this.stalled = false;
      this.listener.onChange?.();
    }
    const msg = parseGrblLine(raw);
    if (msg.type !== 'status') this.listener.onConsole?.('in', raw);
    switch (msg.type) {
      case 'ok':
        this.acknowledge(null);
        break;
      case 'error':
        this.acknowledge(msg.code);
        break;
      case 'status':
        this.onStatus(msg.status);
        break;
      case 'alarm':
        this.onAlarm(msg.code);
        break;
      case 'welcome':
        this.onReset(msg.version);
        break;
      case 'opt':
        // Sanity bounds: a garbled OPT must not open the window past what any controller has.
        if (msg.rxBytes >= 64 && msg.rxBytes <= 16384) this.rxSize = msg.rxBytes;
        if (msg.blocks >= 1 && msg.blocks <= 1024) this.plannerBlocks = msg.blocks;
        this.identified = true;
        this.listener.onChange?.();
        break;
      case 'version':
        this.version = msg.version;
        // `[VER:` opens the answer to `$I`. If the oldest line in flight is not a `$I`, this answers one that a reset
        // already forgot (old boot text still in the pipe): its closing ok answers nothing we hold now.
        if (this.window.oldest?.text !== '$I') this.strayOk = true;
        break;
      default:
        break;
    }
  }

  /** Called by the session on a timer (every ~50 ms); the streamer decides what is due. */
  tick(): void {
    const now = this.io.now();
    if (this.identifyAt !== null && now >= this.identifyAt) {
      this.identifyAt = null;
      if (!this.identified) this.identify();
    }
    if (now - this.lastPollAt >= this.pollMs) {
      this.lastPollAt = now;
      this.pollsUnanswered += 1;
      this.io.write(String.fromCharCode(GRBL_RT.status));
    }
    const silent = now - this.lastRxAt;
    if (!this.stalled && this.pollsUnanswered >= 2 && silent >= this.stallMs) {
      this.stalled = true;
      this.listener.onStall?.(silent);
      this.listener.onChange?.();
    }
  }

  /** Starts streaming a program. The caller checks the machine is idle and nobody else is streaming. */
  startJob(source: LineSource, options: { checkMode?: boolean } = {}): void {
    if (this.job !== null) throw new Error('a job is already streaming');
    this.jobCounter += 1;
    const checkMode = options.checkMode === true;
    this.job = {
      id: this.jobCounter,
      source,
      checkMode,
      checkErrors: [],
      phase: checkMode ? 'enter-check' : 'stream',
      sourceDone: false,
    };
    this.lastError = null;
    source.onReadable(() => this.pump());
    if (checkMode) this.sendLine('$C', null);
    this.pump();
  }

  /** A console command (one line). Refused while a job streams: the session says so before calling. */
  command(text: string): void {
    const line = cleanGcodeLine(text);
    if (line === '') return;
    this.manual.push(line);
    this.pump();
  }

  realtime(byte: number): void {
    this.io.write(String.fromCharCode(byte));
  }

  hold(): void {
    this.resumePending = false;
    this.realtime(GRBL_RT.feedHold);
  }

  /** Cycle start, but only once the controller can take it: Grbl ignores `~` during Hold:1 (protocol.c). */
  resume(): void {
    const s = this.status;
    if (s !== null && (s.state === 'Hold' || s.state === 'Door') && s.subState !== 0) {
      this.resumePending = true;
      this.listener.onChange?.();
      return;
    }
    this.realtime(GRBL_RT.cycleStart);
  }

  /** Stop a job without losing position: feed hold, wait for Hold:0, then soft reset. */
  stop(): void {
    this.stopping = 'stop';
    this.resumePending = false;
    const state = this.status?.state;
    if (
      state === 'Idle' ||
      state === 'Alarm' ||
      state === 'Check' ||
      (state === 'Hold' && this.status?.subState === 0)
    ) {
      this.softReset();
    } else {
      this.realtime(GRBL_RT.feedHold);
    }
  }

  /**
   * Stop a laser or spindle program and let the operator decide: feed hold at once (in Idle too, Grbl then sits in
   * Hold:0 and plans what it still has without moving), no further line, and the job ends naming the lines still in
   * the receive buffer. Stop (`stop()`, a soft reset at Hold:0) or Continue (`resume()`) comes from the operator.
   */
  holdAndStop(): void {
    const job = this.job;
    if (job === null) return;
    this.resumePending = false;
    this.realtime(GRBL_RT.feedHold);
    const held: HeldLines = { hold: '!', lines: this.window.jobQueue(job.id) };
    this.endJob({ kind: 'stopped', reason: 'Stopped by the operator.', held });
  }

  /** Soft reset now. While moving, Grbl raises ALARM:3 (position lost): the session demands homing afterwards. */
  estop(): void {
    this.stopping = 'stop';
    this.softReset();
  }

  /** The link is gone: forget what was in flight, end the job as interrupted. Writes nothing. */
  interrupt(reason: string): void {
    this.window.clear();
    this.strayOk = false;
    this.manual.length = 0;
    this.endJob({ kind: 'interrupted', reason });
  }

  private softReset(): void {
    this.expectReset = true;
    this.realtime(GRBL_RT.softReset);
  }

  private onStatus(status: GrblStatus): void {
    this.pollsUnanswered = 0;
    if (status.wco !== null) this.wco = status.wco;
    if (status.overrides !== null) this.overrides = status.overrides;
    if (status.wpos === null && status.mpos !== null && this.wco !== null) {
      const wco = this.wco;
      status.wpos = status.mpos.map((v, i) => v - (wco[i] ?? 0));
    } else if (status.mpos === null && status.wpos !== null && this.wco !== null) {
      const wco = this.wco;
      status.mpos = status.wpos.map((v, i) => v + (wco[i] ?? 0));
    }
    this.status = status;
    if (status.state !== 'Alarm') this.alarm = null;
    const holdDone = (status.state === 'Hold' || status.state === 'Door') && status.subState === 0;
    if (this.resumePending && holdDone) {
      this.resumePending = false;
      this.realtime(GRBL_RT.cycleStart);
    } else if (this.resumePending && status.state !== 'Hold' && status.state !== 'Door') {
      this.resumePending = false;
    }
    if (this.stopping !== null && !this.expectReset && (holdDone || status.state === 'Idle'))
      this.softReset();
    else if (this.job?.phase === 'drain' && status.state === 'Idle') this.endJob({ kind: 'completed' });
    this.listener.onChange?.();
  }

  private onAlarm(code: number): void {
    this.alarm = code;
    this.flushes += 1;
    // An alarm resets the controller's buffers: whatever was in flight will not be acknowledged.
    this.window.clear();
    this.strayOk = false;
    const text = grblAlarmText(code);
    if (this.stopping === null)
      this.endJob({
        kind: 'failed',
        line: null,
        reason: `Alarm ${code}: ${text.name}. ${text.description}`,
        buffered: [],
      });
    this.listener.onChange?.();
  }

  private onReset(version: string): void {
    this.version = version;
    this.flushes += 1;
    this.window.clear();
    this.strayOk = false;
    this.manual.length = 0;
    const wasExpected = this.expectReset;
    this.expectReset = false;
    if (this.job?.phase === 'leave-check') {
      this.finishCheck();
    } else if (this.stopping !== null) {
      this.stopping = null;
      this.endJob({ kind: 'stopped', reason: 'Stopped by the operator.' });
    } else if (!wasExpected) {
      this.endJob({
        kind: 'failed',
        line: null,
        reason: 'The controller reset itself during the job.',
        buffered: [],
      });
    }
    this.resumePending = false;
    // A controller that resets when the port opens (Arduino) drops the `$I` sent meanwhile: ask again, after a
    // moment. If the reset was old boot text still in the pipe, the first `$I` is answered meanwhile and one
    // handshake shows in the console, not two.
    if (!this.identified) this.identifyAt = this.io.now() + REIDENTIFY_AFTER_RESET_MS;
    this.listener.onChange?.();
  }

  private acknowledge(errorCode: number | null): void {
    if (this.strayOk && errorCode === null) {
      // Freeing a line for it would count one line early from then on, and overflow the controller's buffer.
      this.strayOk = false;
      return;
    }
    const sent = this.window.free();
    if (sent === undefined) return; // an ok we did not ask for (duplicate, or after a reset): nothing to free
    const job = this.job;
    const ofJob = job !== null && sent.jobId === job.id;
    if (errorCode !== null) {
      const text = grblErrorText(errorCode);
      const line = sent.source?.line ?? null;
      this.lastError = { code: errorCode, line, text: `${text.name}: ${text.description}` };
      const checking = ofJob && job.checkMode && job.phase === 'stream';
      // A job line's error ends the job, and the job's end says which line and why: printed once, there.
      if (!ofJob || checking)
        this.listener.onConsole?.(
          'info',
          `error:${errorCode} on "${sent.text}" — ${text.name}: ${text.description}`,
        );
      if (checking) {
        job.checkErrors.push({ line, code: errorCode });
      } else if (ofJob) {
        // Grbl does not flush after an error: what is still in its buffer would run. Hold it before anything else.
        this.resumePending = false;
        this.realtime(GRBL_RT.feedHold);
        const queue = this.window.jobQueue(job.id);
        this.endJob({
          kind: 'failed',
          line,
          reason: `Line ${line ?? '?'} ("${sent.text}") was refused: error ${errorCode}, ${text.name}. ${text.description}`,
          buffered: queue.map((q) => q.line),
          held: { hold: '!', lines: queue },
        });
        return;
      }
    }
    if (sent.text === '$I') this.identified = true;
    if (ofJob) {
      if (sent.source !== null) this.listener.onAck?.(sent.source);
      if (job.phase === 'enter-check' && sent.text === '$C') job.phase = 'stream';
    }
    this.pump();
    if (ofJob) this.maybeFinish();
  }

  private maybeFinish(): void {
    const job = this.job;
    if (job === null || !job.sourceDone || job.phase !== 'stream') return;
    if (this.window.holds(job.id)) return;
    if (job.checkMode) {
      // Leaving check mode makes Grbl soft-reset itself; the welcome that follows ends the dry run.
      job.phase = 'leave-check';
      this.expectReset = true;
      this.sendLine('$C', null);
      return;
    }
    // Every line is in the controller, but it is still moving: the job is done when it reports Idle.
    job.phase = 'drain';
  }

  private finishCheck(): void {
    const job = this.job;
    if (job === null) return;
    const errors = job.checkErrors;
    if (errors.length === 0) this.endJob({ kind: 'completed' });
    else
      this.endJob({
        kind: 'failed',
        line: errors[0]!.line,
        reason: `The dry run found ${errors.length} line(s) the controller refuses; the first is line ${errors[0]!.line ?? '?'} (error ${errors[0]!.code}).`,
        buffered: [],
      });
  }

  private endJob(outcome: JobOutcome): void {
    const job = this.job;
    if (job === null) return;
    this.job = null;
    job.source.close();
    this.listener.onJobEnd?.(outcome);
    this.listener.onChange?.();
  }

  private sendLine(text: string, source: SourceLine | null): void {
    this.window.add({ source, text, jobId: source === null && text !== '$C' ? 0 : (this.job?.id ?? 0) });
    this.io.write(`${text}\n`);
    this.listener.onConsole?.('out', text);
  }

  /** Fills the controller's RX buffer as far as the character count allows; one write per pump. */
  pump(): void {
    let out = '';
    const flush = () => {
      if (out !== '') this.io.write(out);
      out = '';
    };
    while (!this.window.blocked && this.stopping === null) {
      let text: string;
      let source: SourceLine | null = null;
      const fromManual = this.manual.length > 0;
      if (fromManual) {
        text = this.manual[0]!;
      } else {
        const job = this.job;
        if (job === null || job.phase !== 'stream' || job.sourceDone) break;
        const next = job.source.take();
        if (next === null) break;
        if (next === 'end') {
          job.sourceDone = true;
          flush();
          this.maybeFinish();
          return;
        }
        text = cleanGcodeLine(next.text);
        source = next;
        if (text === '') continue;
      }
      const room = this.window.room(text);
      if (room === 'never') {
        if (fromManual) {
          this.manual.shift();
          this.listener.onConsole?.(
            'info',
            `Line too long for the controller (${Buffer.byteLength(text) + 1} bytes): "${text}"`,
          );
        } else {
          // The job's end says it (once): which line, and that it is too long.
          this.endJob({
            kind: 'failed',
            line: source?.line ?? null,
            reason: `Line ${source?.line ?? '?'} is longer than the controller accepts (${Buffer.byteLength(text) + 1} bytes).`,
            buffered: [],
          });
        }
        continue;
      }
      if (room === 'later') {
        if (source !== null) this.job?.source.unshift(source);
        break;
      }
      if (fromManual) this.manual.shift();
      this.window.add({ source, text, jobId: fromManual ? 0 : (this.job?.id ?? 0) });
      out += `${text}\n`;
      this.listener.onConsole?.('out', text);
    }
    flush();
  }
}
