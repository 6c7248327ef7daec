import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cleanGcodeLine } from './drivers/grbl.js';
import { openFileSource } from './streamer/file-source.js';
import { applyModal, initialModal, type ModalState } from './streamer/modal.js';
import {
  suggestResume,
  unconfirmedDepth,
  type ControllerDepth,
  type ResumeSuggestion,
} from './streamer/queued.js';
import type { JobOutcome, SourceLine } from './streamer/types.js';

export type JobState = 'running' | 'paused' | 'completed' | 'failed' | 'stopped' | 'interrupted';

/** What is persisted at least once a second, and what a resume starts from. */
export interface JobProgressRecord {
  name: string;
  path: string;
  sha256: string;
  totalBytes: number;
  state: JobState;
  /** Last line the controller acknowledged (1-based; 0 before the first), and the byte just past it. */
  ackedLine: number;
  ackedOffset: number;
  /** Line the job started at (> 1 for a resume). */
  startLine: number;
  modal: ModalState;
  startedAt: string;
  endedAt: string | null;
  reason: string | null;
  failedLine: number | null;
  dryRun: boolean;
}

/**
 * Book-keeping for one job on one machine: acknowledged lines update progress and modal state; the session
 * flushes it to the store on a timer (never per line). Acknowledgements only queue work, so the `ok → next line`
 * path stays a push.
 */
export class JobRunner {
  readonly record: JobProgressRecord;
  private pending: SourceLine[] = [];
  /** The text of the last acknowledged line (the running-job view shows it), kept out of the persisted record. */
  ackedText: string | null = null;
  private readonly startedMs: number;
  private startOffset: number;

  constructor(
    init: Omit<
      JobProgressRecord,
      'ackedLine' | 'ackedOffset' | 'state' | 'endedAt' | 'reason' | 'failedLine'
    > & { startOffset: number },
    nowMs: number,
  ) {
    const { startOffset, ...rest } = init;
    this.record = {
      ...rest,
      state: 'running',
      ackedLine: init.startLine - 1,
      ackedOffset: startOffset,
      endedAt: null,
      reason: null,
      failedLine: null,
    };
    this.startedMs = nowMs;
    this.startOffset = startOffset;
  }

  onAck(line: SourceLine): void {
    this.pending.push(line);
  }

  /** Folds queued acknowledgements into progress and modal state (on the session's timer). */
  settle(): void {
    const lines = this.pending;
    if (lines.length === 0) return;
    this.pending = [];
    for (const line of lines) applyModal(this.record.modal, cleanGcodeLine(line.text));
    const last = lines[lines.length - 1]!;
    this.record.ackedLine = last.line;
    this.record.ackedOffset = last.endOffset;
    this.ackedText = last.text.trim().slice(0, 120);
  }

  end(outcome: JobOutcome, at: string): void {
    this.settle();
    this.record.state = outcome.kind;
    this.record.endedAt = at;
    if (outcome.kind === 'completed') {
      this.record.ackedOffset = this.record.totalBytes;
    } else {
      this.record.reason = outcome.reason;
      if (outcome.kind === 'failed') this.record.failedLine = outcome.line;
    }
  }

  /** Seconds left, from the byte rate so far; null until there is a rate to go on. */
  etaSeconds(nowMs: number): number | null {
    const done = this.record.ackedOffset - this.startOffset;
    const elapsed = (nowMs - this.startedMs) / 1000;
    if (done <= 0 || elapsed < 1) return null;
    return Math.round(((this.record.totalBytes - this.record.ackedOffset) * elapsed) / done);
  }
}

export { initialModal };

/** SHA-256 of a file, streamed: progress is tied to the exact bytes that ran, so a resume can refuse a changed file. */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Modal state in force just before `line`, computed by reading the file up to it (for "resume from line N"). */
export async function modalBefore(
  path: string,
  line: number,
): Promise<{ modal: ModalState; offset: number }> {
  const source = await openFileSource(path);
  const modal = initialModal();
  let offset = 0;
  try {
    for (;;) {
      const next = source.take();
      if (next === 'end') break;
      if (next === null) {
        await new Promise<void>((r) => source.onReadable(r));
        continue;
      }
      if (next.line >= line) break;
      applyModal(modal, cleanGcodeLine(next.text));
      offset = next.endOffset;
    }
  } finally {
    source.close();
  }
  return { modal, offset };
}

/** Lines shown before the suggestion in the resume picker (the operator may go back further by number). */
const NEARBY_BEFORE = 10;

/**
 * The resume suggestion for a run that acknowledged up to `ackedLine`, read from the program on disk: only lines
 * that reach the controller count (comments and blank lines never do). Also returns the program lines from a few
 * before the suggestion to the first unacknowledged one, for the operator to pick an earlier line from.
 * Reads the file with the same cursor as a job, keeping only a short tail in memory.
 */
export async function resumeSuggestionFor(
  path: string,
  ackedLine: number,
  startLine: number,
  depth: ControllerDepth,
): Promise<{ suggestion: ResumeSuggestion; nearby: { line: number; text: string }[] }> {
  const source = await openFileSource(path);
  const keep = unconfirmedDepth(depth) + NEARBY_BEFORE + 1;
  const tail: { line: number; text: string }[] = [];
  let next1: { line: number; text: string } | null = null;
  try {
    for (;;) {
      const next = source.take();
      if (next === 'end') break;
      if (next === null) {
        await new Promise<void>((r) => source.onReadable(r));
        continue;
      }
      const text = cleanGcodeLine(next.text);
      if (text === '') continue;
      if (next.line > ackedLine) {
        next1 = { line: next.line, text };
        break;
      }
      if (next.line < startLine) continue;
      tail.push({ line: next.line, text });
      if (tail.length > keep) tail.shift();
    }
  } finally {
    source.close();
  }
  const suggestion = suggestResume(
    tail.map((t) => t.line),
    ackedLine,
    startLine,
    depth,
  );
  const from = tail.findIndex((t) => t.line >= suggestion.line);
  const nearby = [
    ...tail.slice(Math.max(0, (from < 0 ? tail.length : from) - NEARBY_BEFORE)),
    ...(next1 === null ? [] : [next1]),
  ];
  return { suggestion, nearby };
}
