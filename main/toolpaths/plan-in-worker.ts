import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { JobError, type JobOptions, type PlannedJob } from './job.js';
import type { PlanReply, PlanRequest } from './plan-worker.js';

/**
 * Plans a job in a worker thread (one thread per job; planning a board takes well under a second of CPU). The build
 * bundles plan-worker.ts next to main's bundle as toolpath-worker.js; from source (vitest) the entry is bundled on
 * the fly with esbuild into a content-named temp file, as the library's parse worker does. Refusals come back as
 * JobError with the same sentence as in-process.
 */
async function workerEntry(): Promise<string> {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (const name of ['toolpath-worker.cjs', 'toolpath-worker.mjs', 'toolpath-worker.js']) {
    const candidate = join(here, name);
    if (existsSync(candidate)) return candidate;
  }
  return buildFromSource(join(here, 'plan-worker.ts'));
}

let built: Promise<string> | null = null;

function buildFromSource(entry: string): Promise<string> {
  built ??= (async () => {
    const specifier = 'esbuild'; // non-literal: bundlers must not pull esbuild into the app
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
    const dir = join(tmpdir(), 'cp-desk-toolpath-worker');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${hash}.mjs`);
    if (!existsSync(file)) {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, code);
      renameSync(temp, file);
    }
    return file;
  })();
  return built;
}

export async function planJobInWorker(
  path: string,
  options: JobOptions,
  name = basename(path),
): Promise<PlannedJob> {
  const worker = new Worker(await workerEntry());
  try {
    const reply = await new Promise<PlanReply>((resolve, reject) => {
      worker.once('message', (m: PlanReply) => resolve(m));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The planning thread stopped (exit code ${code}).`)));
      const request: PlanRequest = { id: 1, name, path, options };
      worker.postMessage(request);
    });
    if (reply.ok) return reply.job;
    throw reply.refused ? new JobError(reply.message) : new Error(reply.message);
  } finally {
    await worker.terminate();
  }
}
