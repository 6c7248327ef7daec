import { bundleWorker, workerEntry as sharedWorkerEntry } from '../kernel/worker-entry.js';
import { Worker } from 'node:worker_threads';
import type { FileKind, ParseOutcome } from './formats.js';
import type { ParseReply, ParseRequest } from './parse-job.js';

/**
 * Finds the worker entry: dist/main/parse-worker.cjs in the build, bundled from parse-worker.ts when running from
 * source (main/kernel/worker-entry.ts). CP_DESK_PARSE_WORKER overrides both.
 */
export async function workerEntry(): Promise<string> {
  const override = process.env.CP_DESK_PARSE_WORKER;
  if (override !== undefined && override !== '') return override;
  return sharedWorkerEntry(import.meta.url, 'parse-worker', 'parse-worker.ts');
}

export { bundleWorker };

/** The pool's limits; the defaults are the Desk's, tests lower them. */
export interface ParsePoolOptions {
  /** Worker threads (at least two, so one bad file never holds up everyone else's import). */
  size?: number;
  /** Longest one parse may run (wall time) before its worker is killed and replaced. */
  timeLimitMs?: number;
  /** V8 heap a worker may use (`resourceLimits.maxOldGenerationSizeMb`); past it the worker is stopped. */
  memoryMb?: number;
  /** The worker script (tests give a misbehaving one); the bundled parse worker otherwise. */
  entry?: string;
}

export const PARSE_POOL_DEFAULTS = { size: 2, timeLimitMs: 60_000, memoryMb: 1024 } as const;

interface Job extends ParseRequest {
  /** Whose file: one person may hold all workers but one, so someone else's import always has a place. */
  owner: number;
  resolve: (outcome: ParseOutcome) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: ReturnType<typeof setTimeout> | null;
  gone: boolean;
}

/**
 * Parse workers, started on first use. One job per worker at a time; the rest queue. Each worker runs under a heap
 * limit and each job under a time limit: a worker that passes either, crashes or exits is terminated, its job is
 * refused with a sentence naming the limit, and a fresh worker takes its place for the next job.
 */
export class ParsePool {
  readonly size: number;
  readonly timeLimitMs: number;
  readonly memoryMb: number;
  private readonly entry: string | undefined;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private starting = 0;
  private nextId = 1;
  private closed = false;

  constructor(options: ParsePoolOptions = {}) {
    this.size = Math.max(2, options.size ?? PARSE_POOL_DEFAULTS.size);
    this.timeLimitMs = options.timeLimitMs ?? PARSE_POOL_DEFAULTS.timeLimitMs;
    this.memoryMb = options.memoryMb ?? PARSE_POOL_DEFAULTS.memoryMb;
    this.entry = options.entry;
  }

  /**
   * Parses `path` in a worker. A bad file, or one that passes a limit, resolves as a refusal with a sentence; the
   * promise rejects only when the pool closes or a worker cannot be started at all.
   */
  parse(kind: FileKind, path: string, fileName: string, owner = 0): Promise<ParseOutcome> {
    if (this.closed) return Promise.reject(new Error('the parse pool is closed'));
    return new Promise<ParseOutcome>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, kind, path, fileName, owner, resolve, reject });
      void this.pump();
    });
  }

  /** Thread ids of the live workers (tests check a killed one was replaced). */
  threads(): number[] {
    return [...this.slots].map((s) => s.worker.threadId);
  }

  /** Read through a call: `closed` can change while `pump` awaits a worker start. */
  private isClosed(): boolean {
    return this.closed;
  }

  private running(owner: number): number {
    let n = 0;
    for (const slot of this.slots) if (slot.job?.owner === owner) n++;
    return n;
  }

  /** The first queued job whose owner is not already using all workers but one. */
  private nextJob(): Job | undefined {
    const at = this.queue.findIndex((job) => this.running(job.owner) < this.size - 1);
    return at < 0 ? undefined : this.queue.splice(at, 1)[0];
  }

  private async pump(): Promise<void> {
    while (!this.closed && this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null && !s.gone);
      if (slot === undefined) {
        if (this.slots.size + this.starting >= this.size) return;
        this.starting++;
        try {
          slot = await this.start();
        } catch (error) {
          const job = this.queue.shift();
          job?.reject(error instanceof Error ? error : new Error(String(error)));
          continue;
        } finally {
          this.starting--;
        }
        if (this.isClosed()) {
          void slot.worker.terminate();
          return;
        }
        // Only now is it offered to the queue, so two pumps never hand one new worker two jobs.
        if (!slot.gone) this.slots.add(slot);
        continue;
      }
      const job = this.nextJob();
      if (job === undefined) return;
      slot.job = job;
      slot.timer = setTimeout(() => {
        const seconds = Math.round(this.timeLimitMs / 100) / 10;
        this.kill(
          slot,
          `reading it took longer than ${seconds} s, so it was stopped (the file is too complex or damaged).`,
        );
      }, this.timeLimitMs);
      slot.timer.unref();
      const request: ParseRequest = { id: job.id, kind: job.kind, path: job.path, fileName: job.fileName };
      slot.worker.postMessage(request);
    }
  }

  private async start(): Promise<Slot> {
    const worker = new Worker(this.entry ?? (await workerEntry()), {
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null, gone: false };
    worker.on('message', (reply: ParseReply) => {
      const job = slot.job;
      if (slot.gone || job === null || reply.id !== job.id) return;
      this.finish(slot);
      const { id: _id, ...outcome } = reply;
      job.resolve(outcome);
      void this.pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      this.kill(
        slot,
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `reading it needed more than ${this.memoryMb} MB of memory, so it was stopped (the file is too complex or damaged).`
          : `the file could not be read (the reader failed: ${error.message}).`,
      );
    });
    worker.on('exit', () => {
      this.kill(slot, 'the file could not be read (the reader stopped unexpectedly).');
    });
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Ends a worker for good: its job (if any) is refused with `why`, and the next job gets a fresh worker. */
  private kill(slot: Slot, why: string): void {
    if (slot.gone) return;
    slot.gone = true;
    const job = slot.job;
    this.finish(slot);
    this.slots.delete(slot);
    void slot.worker.terminate();
    if (job !== null) job.resolve({ ok: false, message: `${job.fileName}: ${why}` });
    void this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the desk is shutting down'));
    const all = [...this.slots];
    for (const slot of all) {
      slot.gone = true;
      slot.job?.reject(new Error('the desk is shutting down'));
      this.finish(slot);
      this.slots.delete(slot);
    }
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
}
