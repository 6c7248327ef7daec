import type { SourceLine } from './types.js';

/** A line on its way to a Marlin printer. */
export interface Sent {
  /** Line number on the wire, or null for an unnumbered console command. */
  n: number | null;
  wire: string;
  source: SourceLine | null;
  jobId: number;
}

/** What to do about a `Resend: n` (see `ResendBook.request`). */
export type ResendDecision = 'ignore' | 'rewind' | 'give-up';

/**
 * Marlin's resends, kept apart from the streaming they interrupt: the history of numbered lines, the lines
 * queued to go again, and the go-back-N rules that keep one damaged line from turning into a resend loop
 * (OctoPi #463). Marlin flushes what follows a bad line and asks for it again; every line that was already on
 * its way then arrives out of turn and draws one more `Resend` for the same line — the echoes.
 */
export class ResendBook {
  /** Lines to send again, in order, before anything new. */
  readonly queue: Sent[] = [];
  /** The line we went back to: until the printer takes it, it travels alone. */
  recovering: number | null = null;
  private readonly history = new Map<number, Sent>();
  private asked = { line: -1, count: 0 };

  constructor(
    private readonly historySize: number,
    private readonly maxResends: number,
  ) {}

  /** A new job: line numbers start again. */
  reset(): void {
    this.history.clear();
    this.queue.length = 0;
    this.asked = { line: -1, count: 0 };
    this.recovering = null;
  }

  /** Remembers a numbered line for as long as the printer may ask for it again (the issue asks for ≥ 100). */
  record(sent: Sent & { n: number }): void {
    this.history.set(sent.n, sent);
    this.history.delete(sent.n - this.historySize);
  }

  sourceOf(n: number): SourceLine | null {
    return this.history.get(n)?.source ?? null;
  }

  /** The printer took line n: recovery is over once it is past the line we went back to. */
  taken(n: number): void {
    if (this.recovering !== null && n >= this.recovering) this.recovering = null;
    if (this.asked.line === n) this.asked = { line: -1, count: 0 };
  }

  /**
   * `Resend: n`, after a line error of kind `cause`, with `head` the first line still in flight.
   * - an echo (a line-number error for the line we already went back to, which is travelling): ignore it,
   *   since answering each echo with another copy keeps the echoes alive forever;
   * - a duplicate (n is already first in the queue to go again): ignore it;
   * - a line-number error otherwise: go back to n, without counting it (it is not a damaged line);
   * - a damaged line: go back to n, and give up once the same line was asked for more than `maxResends` times.
   */
  request(n: number, cause: string | null, head: number | null): ResendDecision {
    if (cause === 'line-number' && this.recovering === n && head === n) return 'ignore';
    if (this.queue[0]?.n === n) return 'ignore';
    if (cause === 'line-number') return 'rewind';
    if (this.asked.line === n) this.asked.count += 1;
    else this.asked = { line: n, count: 1 };
    return this.asked.count > this.maxResends ? 'give-up' : 'rewind';
  }

  /**
   * Go back to line n: n up to `nextN − 1` become the queue. Until the printer takes n, only n travels: every
   * line sent meanwhile could be an echo source, so one in flight lets the echoes of the old window die out.
   * Returns the lines queued, or null when one of them is no longer in the history.
   */
  rewind(n: number, nextN: number): Sent[] | null {
    this.recovering = n;
    const again: Sent[] = [];
    for (let k = n; k < nextN; k += 1) {
      const sent = this.history.get(k);
      if (sent === undefined) return null;
      again.push(sent);
    }
    this.queue.length = 0;
    this.queue.push(...again);
    return again;
  }
}
