import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../kernel/worker-entry.js';
import { JobError, type JobOptions, type PlannedJob } from './job.js';
import type { PlanReply, PlanRequest } from './plan-worker.js';

/**
 * Plans a job in a worker thread (one thread per job; planning a board takes well under a second of CPU). The build
 * bundles plan-worker.ts next to main's bundle as toolpath-worker.js; from source (vitest) the entry is bundled on
 * the fly with esbuild into a content-named temp file, as the library's parse worker does. Refusals come back as
 * JobError with the same sentence as in-process.
 */
export async function planJobInWorker(
  path: string,
  options: JobOptions,
  name = basename(path),
): Promise<PlannedJob> {
  const worker = new Worker(await workerEntry(import.meta.url, 'toolpath-worker', 'plan-worker.ts'));
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
