import { readFileSync } from 'node:fs';
import { parseFile, type FileKind, type ParseOutcome } from './formats.js';

/** One file to parse, as the pool posts it to a worker. */
export interface ParseRequest {
  id: number;
  kind: FileKind;
  path: string;
  fileName: string;
}

export type ParseReply = { id: number } & ParseOutcome;

/**
 * What a parse worker does with one request: reads the file itself (so the bytes never cross the thread boundary)
 * and answers with the outcome and the buffers to transfer rather than copy. Kept apart from the worker's entry so
 * a test's worker can run the same code behind its own listener.
 */
export function answerParseRequest(request: ParseRequest): { reply: ParseReply; transfer: ArrayBuffer[] } {
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
  return { reply, transfer };
}
