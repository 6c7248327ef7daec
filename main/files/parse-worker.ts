import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { parseFile, type FileKind, type ParseOutcome } from './formats.js';

/**
 * Worker thread entry: parses files off the main event loop (which streams G-code to machines and must never
 * wait on a 25 MB parse). Reads the file itself, so the bytes never cross the thread boundary; the result's
 * buffers are transferred, not copied. Built as its own bundle (see worker-pool.ts).
 */
export interface ParseRequest {
  id: number;
  kind: FileKind;
  path: string;
  fileName: string;
}

export type ParseReply = { id: number } & ParseOutcome;

parentPort?.on('message', (request: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = { id: request.id, ...parseFile(request.kind, readFileSync(request.path), request.fileName) };
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      message: `${request.fileName}: the file could not be read (${(error as Error).message}).`,
    };
  }
  const transfer: ArrayBuffer[] = [];
  if (reply.ok) {
    transfer.push(reply.data.buffer as ArrayBuffer);
    if (reply.thumbnail !== null) reply.thumbnail = reply.thumbnail.slice();
    if (reply.thumbnail !== null) transfer.push(reply.thumbnail.buffer as ArrayBuffer);
  }
  parentPort?.postMessage(reply, transfer);
});
