import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { JobError, planJob, type JobOptions, type PlannedJob } from './job.js';

/**
 * Worker thread entry: plans a job off the main event loop (which streams to machines and must never wait on a
 * distance transform). Reads the input itself, so the bytes never cross the thread boundary. Built as its own bundle
 * (dist/main/toolpath-worker.js; see plan-in-worker.ts).
 */
export interface PlanRequest {
  id: number;
  name: string;
  path: string;
  options: JobOptions;
}

export type PlanReply =
  { id: number; ok: true; job: PlannedJob } | { id: number; ok: false; refused: boolean; message: string };

parentPort?.on('message', (request: PlanRequest) => {
  let reply: PlanReply;
  try {
    reply = {
      id: request.id,
      ok: true,
      job: planJob(request.name, readFileSync(request.path), request.options),
    };
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      refused: error instanceof JobError,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  parentPort?.postMessage(reply);
});
