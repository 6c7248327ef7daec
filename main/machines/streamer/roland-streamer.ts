import { open } from 'node:fs/promises';
import type { ChunkSink, RolandTransport } from '../transport/roland-transport.js';
import type { JobOutcome, StreamerListener } from './types.js';

export interface RolandStreamerOptions {
  /** Bytes per write, at most (default 512: a stop takes effect within one chunk); chunks end at a `;`. */
  chunkBytes?: number;
  /** Pause after each chunk, so a stop or pause is heard between them (default 10 ms). */
  pauseMs?: number;
  /** What a stop writes after closing the job (the protocol module says which bytes and why). */
  abort: Buffer;
  /** Waits between chunks and while paused; injectable so tests take time from events, not sleeps. */
  wait?: (ms: number) => Promise<void>;
}

/**
 * Sends a Roland job (RML-1 or CAMM-GL) as bytes: the machine answers nothing, so progress is bytes taken, a pause
 * stops sending between chunks (the machine finishes what it has buffered), and a stop closes the job and writes
 * the machine's abort sequence, which discards its buffer. A write that fails means the device went away: the job
 * ends interrupted.
 */
export class RolandStreamer {
  /** A Roland says nothing about itself: it is "identified" by being there. */
  readonly identified = true;
  readonly flushes = 0;
  readonly depth = null;
  readonly queuedJobLines: { line: number; text: string }[] = [];
  jobRunning = false;
  paused = false;
  sentBytes = 0;
  totalBytes = 0;
  private stopReason: string | null = null;
  private interruptReason: string | null = null;
  private wake: (() => void) | null = null;
  private readonly chunk: number;
  private readonly pauseMs: number;
  private readonly wait: (ms: number) => Promise<void>;
  /** Resolves when the current job has ended (tests, and disconnect). */
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly transport: RolandTransport,
    private readonly listener: StreamerListener,
    private readonly options: RolandStreamerOptions,
  ) {
    this.chunk = options.chunkBytes ?? 512;
    this.pauseMs = options.pauseMs ?? 10;
    this.wait = options.wait ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  }

  identify(): void {
    // nothing to ask
  }

  /** Starts sending the file at `path` (size known: progress is a byte fraction). */
  startJob(path: string, totalBytes: number): void {
    if (this.jobRunning) throw new Error('a job is already being sent');
    this.jobRunning = true;
    this.paused = false;
    this.stopReason = null;
    this.interruptReason = null;
    this.sentBytes = 0;
    this.totalBytes = totalBytes;
    this.done = this.send(path).then((outcome) => {
      this.jobRunning = false;
      this.paused = false;
      this.listener.onChange?.();
      this.listener.onJobEnd?.(outcome);
    });
  }

  hold(): void {
    if (!this.jobRunning || this.paused) return;
    this.paused = true;
    this.listener.onConsole?.(
      'info',
      'Paused: nothing more is sent; the machine finishes what it has buffered.',
    );
    this.listener.onChange?.();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.listener.onChange?.();
    this.kick();
  }

  /** Stop sending, close the job, write the abort sequence. */
  stop(reason = 'Stopped by the operator.'): void {
    if (!this.jobRunning) {
      void this.writeAbort();
      return;
    }
    this.stopReason ??= reason;
    this.kick();
  }

  estop(): void {
    this.stop('Emergency stop.');
  }

  holdAndStop(): void {
    this.stop();
  }

  /** The device went away (or the session is closing): end the job without writing anything more. */
  interrupt(reason: string): void {
    if (!this.jobRunning) return;
    this.interruptReason ??= reason;
    this.kick();
  }

  command(): void {
    this.listener.onConsole?.(
      'info',
      'A Roland takes whole jobs: send a file (it answers nothing a console could show).',
    );
  }

  onLine(): void {
    // Rolands send nothing back over a printer port.
  }

  tick(): void {
    // time-driven work happens in the send loop
  }

  get stalled(): boolean {
    return false;
  }

  /** Read through a call: the send loop's checks must see a stop asked for while it awaited. */
  private requestedStop(): string | null {
    return this.stopReason;
  }

  private kick(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async send(path: string): Promise<JobOutcome> {
    let sink: ChunkSink | null = null;
    const file = await open(path, 'r');
    const buffer = Buffer.alloc(this.chunk);
    let chunkNo = 0;
    let position = 0;
    try {
      try {
        sink = await this.transport.openJob();
      } catch (error) {
        return { kind: 'interrupted', reason: error instanceof Error ? error.message : String(error) };
      }
      for (;;) {
        if (this.interruptReason !== null) return { kind: 'interrupted', reason: this.interruptReason };
        if (this.stopReason !== null) break;
        if (this.paused) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          continue;
        }
        const { bytesRead: read } = await file.read(buffer, 0, this.chunk, position);
        if (read === 0) return { kind: 'completed' };
        // Chunks end after a `;` when there is one, so a stop never leaves half a command in the machine.
        const semi = read === this.chunk ? buffer.lastIndexOf(0x3b, read - 1) : -1;
        const bytesRead = semi >= 0 ? semi + 1 : read;
        position += bytesRead;
        try {
          await sink.write(Buffer.from(buffer.subarray(0, bytesRead)));
        } catch (error) {
          return {
            kind: 'interrupted',
            reason: `The machine stopped taking the job: ${error instanceof Error ? error.message : String(error)}`,
          };
        }
        this.sentBytes += bytesRead;
        chunkNo += 1;
        this.listener.onAck?.({ line: chunkNo, text: '', endOffset: this.sentBytes });
        this.listener.onChange?.();
        if (this.pauseMs > 0 && this.requestedStop() === null) await this.wait(this.pauseMs);
      }
    } finally {
      await file.close();
      await sink?.close().catch(() => undefined);
    }
    const reason = this.requestedStop() ?? 'Stopped.';
    await this.writeAbort();
    return { kind: 'stopped', reason };
  }

  /** Opens the device again and writes the abort sequence (a device that is gone gets nothing: said on the console). */
  private async writeAbort(): Promise<void> {
    try {
      const sink = await this.transport.openJob();
      try {
        await sink.write(this.options.abort);
      } finally {
        await sink.close();
      }
      this.listener.onConsole?.('info', 'Abort sent: the machine discards what it had buffered.');
    } catch (error) {
      this.listener.onConsole?.(
        'info',
        `Could not send the abort: ${error instanceof Error ? error.message : String(error)} Press the machine’s own stop.`,
      );
    }
  }
}
