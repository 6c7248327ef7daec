import { GRBL_DEFAULT_RX_BYTES, grblNeedsSendResponse } from '../drivers/grbl.js';
import type { SourceLine } from './types.js';

/** A line sent to Grbl and not yet answered with `ok` or `error:N`. */
export interface Sent {
  /** The job line, or null for a console command or a line the streamer added itself. */
  source: SourceLine | null;
  text: string;
  bytes: number;
  jobId: number;
}

/**
 * Character counting: what Grbl's serial RX buffer holds, counted from our side. Grbl drops bytes that do not
 * fit (it never back-pressures), so Σ(len+1) of the unanswered lines stays ≤ size − 1 (its ring keeps one slot
 * free, serial.c). Every `ok` or `error:N` frees the oldest line; push messages free nothing. Settings and
 * other EEPROM writes (`$x=…`, G10 L2/L20, G28.1/G30.1) travel alone: sent into an empty buffer, and nothing
 * follows them until they are answered (send-response).
 */
export class CharacterCount {
  /** The RX buffer: 128 bytes unless `[OPT:…]` says otherwise. */
  size = GRBL_DEFAULT_RX_BYTES;
  private readonly lines: Sent[] = [];
  private bytes = 0;
  private alone = false;

  /** Bytes in the controller's buffer (or on their way to it). */
  get used(): number {
    return this.bytes;
  }

  /** The oldest unanswered line: the one the next `ok` or `error:N` answers. */
  get oldest(): Sent | undefined {
    return this.lines[0];
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  /** A send-response line is unanswered: nothing may follow it yet. */
  get blocked(): boolean {
    return this.alone;
  }

  /** `now`: send it; `later`: wait for oks; `never`: longer than the buffer can ever hold. */
  room(text: string): 'now' | 'later' | 'never' {
    const bytes = Buffer.byteLength(text) + 1;
    if (grblNeedsSendResponse(text)) return this.lines.length === 0 ? 'now' : 'later';
    if (this.bytes + bytes <= this.size - 1) return 'now';
    return bytes > this.size - 1 && this.lines.length === 0 ? 'never' : 'later';
  }

  add(line: Omit<Sent, 'bytes'>): void {
    const bytes = Buffer.byteLength(line.text) + 1;
    this.lines.push({ ...line, bytes });
    this.bytes += bytes;
    if (grblNeedsSendResponse(line.text)) this.alone = true;
  }

  /** An `ok` or `error:N` arrived: the oldest line is answered and its bytes are free. */
  free(): Sent | undefined {
    const sent = this.lines.shift();
    if (sent === undefined) return undefined;
    this.bytes -= sent.bytes;
    this.alone = false;
    return sent;
  }

  /** After a reset or an alarm the controller's buffer is empty, and nothing in it will be answered. */
  clear(): void {
    this.lines.length = 0;
    this.bytes = 0;
    this.alone = false;
  }

  /** Lines of a job still in the controller: what will run after an error (it does not flush them). */
  jobLines(jobId: number): number[] {
    return this.lines.filter((s) => s.jobId === jobId && s.source !== null).map((s) => s.source!.line);
  }

  /** The same lines with the text the controller got: what the operator is shown after an error or a stop. */
  jobQueue(jobId: number): { line: number; text: string }[] {
    return this.lines
      .filter((s) => s.jobId === jobId && s.source !== null)
      .map((s) => ({ line: s.source!.line, text: s.text }));
  }

  holds(jobId: number): boolean {
    return this.lines.some((s) => s.jobId === jobId);
  }
}
