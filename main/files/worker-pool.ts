import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileKind, ParseOutcome } from './formats.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';

/**
 * Finds the worker entry. The build bundles main/files/parse-worker.ts next to main's own bundle
 * (dist/main/parse-worker.cjs beside dist/main/index.cjs); running from source (vitest, tsx) there is no such file,
 * so the entry is bundled on the fly with esbuild (a devDependency) into a content-named file in the temp dir.
 * CP_DESK_PARSE_WORKER overrides both.
 */
async function workerEntry(): Promise<string> {
  const override = process.env.CP_DESK_PARSE_WORKER;
  if (override !== undefined && override !== '') return override;
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (const name of ['parse-worker.cjs', 'parse-worker.mjs', 'parse-worker.js']) {
    const candidate = join(here, name);
    if (existsSync(candidate)) return candidate;
  }
  return buildFromSource(join(here, 'parse-worker.ts'));
}

let built: Promise<string> | null = null;

function buildFromSource(entry: string): Promise<string> {
  built ??= (async () => {
    // A non-literal specifier keeps bundlers from pulling esbuild into the app.
    const specifier = 'esbuild';
    const esbuild = (await import(specifier)) as typeof import('esbuild');
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), 'cp-desk-parse-worker');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${hash}.mjs`);
    if (!existsSync(file)) {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, code);
      renameSync(temp, file); // atomic: parallel test workers may build the same file
    }
    return file;
  })();
  return built;
}

interface Pending {
  resolve: (outcome: ParseOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * A small pool of parse workers, started on first use. One job per worker at a time; the rest queue.
 * A worker that dies fails its job with a message and is replaced on the next job.
 */
export class ParsePool {
  private readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, number>();
  private readonly pending = new Map<number, Pending>();
  private readonly queue: ParseRequest[] = [];
  private workers = 0;
  private nextId = 1;
  private closed = false;

  constructor(size = 1) {
    this.size = Math.max(1, size);
  }

  parse(kind: FileKind, path: string, fileName: string): Promise<ParseOutcome> {
    if (this.closed) return Promise.reject(new Error('the parse pool is closed'));
    const id = this.nextId++;
    const promise = new Promise<ParseOutcome>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.queue.push({ id, kind, path, fileName });
    void this.pump();
    return promise;
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (worker === undefined) {
        if (this.workers >= this.size) return;
        this.workers++;
        try {
          worker = await this.start();
        } catch (error) {
          this.workers--;
          const job = this.queue.shift();
          if (job !== undefined)
            this.settle(job.id, error instanceof Error ? error : new Error(String(error)));
          continue;
        }
      }
      const job = this.queue.shift();
      if (job === undefined) {
        this.idle.push(worker);
        return;
      }
      this.busy.set(worker, job.id);
      worker.postMessage(job);
    }
  }

  private async start(): Promise<Worker> {
    const worker = new Worker(await workerEntry());
    worker.unref();
    worker.on('message', (reply: ParseReply) => {
      this.busy.delete(worker);
      const { id, ...outcome } = reply;
      this.settle(id, outcome);
      if (this.closed) void worker.terminate();
      else {
        this.idle.push(worker);
        void this.pump();
      }
    });
    worker.on('error', (error) => {
      const id = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.workers--;
      if (id !== undefined) this.settle(id, error);
      void this.pump();
    });
    return worker;
  }

  private settle(id: number, result: ParseOutcome | Error): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    if (result instanceof Error) p.reject(result);
    else p.resolve(result);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job.id, new Error('the desk is shutting down'));
    const all = [...this.idle.splice(0), ...this.busy.keys()];
    await Promise.all(all.map((w) => w.terminate()));
  }
}
