/** What streamers, job runners and sessions share. Kept free of I/O so the state machines stay pure. */

/** One line of a program, as read from disk: its 1-based line number and the byte offset just past it. */
export interface SourceLine {
  line: number;
  text: string;
  endOffset: number;
}

/**
 * A program read with a cursor. `take()` returns the next line, `null` when none is ready yet (more is being read
 * from disk: the streamer waits for `onReadable`), or `'end'` when the program is exhausted.
 */
export interface LineSource {
  take(): SourceLine | null | 'end';
  /** Puts a line back so it is the next `take()` (a window that did not fit). */
  unshift(line: SourceLine): void;
  onReadable(listener: () => void): void;
  close(): void;
}

/** A program given as an array: for tests, console batches and resume preambles. */
export function arraySource(lines: readonly string[], firstLine = 1): LineSource {
  const items: SourceLine[] = [];
  let offset = 0;
  lines.forEach((text, i) => {
    offset += Buffer.byteLength(text) + 1;
    items.push({ line: firstLine + i, text, endOffset: offset });
  });
  let index = 0;
  const pushedBack: SourceLine[] = [];
  return {
    take: () => pushedBack.pop() ?? items[index++] ?? 'end',
    unshift: (line) => pushedBack.push(line),
    onReadable: () => undefined,
    close: () => undefined,
  };
}

/**
 * When a job ends while the controller still holds program lines, the streamer holds the machine at once (Grbl `!`,
 * Marlin M410) and says which lines were still queued: the operator then chooses Stop or Continue.
 */
export interface HeldLines {
  /** What was written to hold: `!` (Grbl feed hold) or `M410` (Marlin quick stop). */
  hold: '!' | 'M410';
  /** Job lines the controller had received and not answered yet, in program order. */
  lines: { line: number; text: string }[];
}

export type JobOutcome =
  | { kind: 'completed' }
  | { kind: 'failed'; line: number | null; reason: string; buffered: number[]; held?: HeldLines }
  | { kind: 'stopped'; reason: string; held?: HeldLines }
  | { kind: 'interrupted'; reason: string };

/** Progress of the running job: the last line the controller acknowledged, and the byte just past it. */
export interface JobProgress {
  ackedLine: number;
  ackedOffset: number;
  sentLine: number;
  /** Lines sent but not yet acknowledged (for "what was already in the controller's buffer"). */
  inFlight: number;
}

/** What a streamer tells its session. Every callback is synchronous and cheap. */
export interface StreamerListener {
  /** A job line was acknowledged (accepted by the controller). */
  onAck?(line: SourceLine): void;
  onJobEnd?(outcome: JobOutcome): void;
  /** Every line that crossed the wire, for the console (batched by the session, never pushed one by one). */
  onConsole?(direction: 'in' | 'out' | 'info', text: string): void;
  /** The link has been silent while replies were due (stall watchdog). `silentMs` says for how long. */
  onStall?(silentMs: number): void;
  onChange?(): void;
}

export interface StreamerIo {
  write(data: string | Buffer): void;
  now(): number;
}

/** Streamers write strings whose chars are bytes (real-time bytes reach 0xA1): encode them one char, one byte. */
export function wireBytes(data: string | Buffer): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
}

/** Preamble lines first (they count as "before the start line": line `lineBefore`, offset `offset`), then the file. */
export function chainSources(
  preamble: string[],
  lineBefore: number,
  offset: number,
  file: LineSource,
): LineSource {
  const first = arraySource(preamble);
  let inPreamble = true;
  return {
    take() {
      if (inPreamble) {
        const next = first.take();
        if (next !== 'end' && next !== null)
          return { line: lineBefore, text: next.text, endOffset: offset } satisfies SourceLine;
        inPreamble = false;
      }
      return file.take();
    },
    unshift: (line) => (inPreamble ? first.unshift(line) : file.unshift(line)),
    onReadable: (listener) => file.onReadable(listener),
    close: () => file.close(),
  };
}

/** After a reset that came before the answer to `$I` (or M115), how long to wait for that answer before asking again. */
export const REIDENTIFY_AFTER_RESET_MS = 500;
