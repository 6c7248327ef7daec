import { parentPort } from 'node:worker_threads';
import { answerParseRequest, type ParseRequest } from './parse-job.js';

/**
 * Worker thread entry: parses files off the main event loop (which streams G-code to machines and must never
 * wait on a 25 MB parse). Built as its own bundle (see worker-pool.ts), run under the pool's heap and time limits.
 */
parentPort?.on('message', (request: ParseRequest) => {
  const { reply, transfer } = answerParseRequest(request);
  parentPort?.postMessage(reply, transfer);
});
