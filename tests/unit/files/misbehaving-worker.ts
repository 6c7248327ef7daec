import { parentPort } from 'node:worker_threads';
import { answerParseRequest, type ParseRequest } from '../../../main/files/parse-job.js';

/**
 * The real parse worker with bad behaviour put in front of it, for the pool's tests: a file named hang… spins
 * forever, hog… allocates until the heap limit stops it, quit… exits the thread; any other file is parsed by the
 * same code the Desk's worker runs.
 */
parentPort?.on('message', (request: ParseRequest) => {
  if (request.fileName.startsWith('hang')) for (;;);
  if (request.fileName.startsWith('hog')) {
    const keep: number[][] = [];
    for (;;) keep.push(new Array<number>(100_000).fill(keep.length + 0.5));
  }
  if (request.fileName.startsWith('quit')) process.exit(3);
  const { reply, transfer } = answerParseRequest(request);
  parentPort?.postMessage(reply, transfer);
});
