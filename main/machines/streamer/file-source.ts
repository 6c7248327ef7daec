import { open, type FileHandle } from 'node:fs/promises';
import type { LineSource, SourceLine } from './types.js';

export interface FileSourceOptions {
  /** Byte offset to start at (resume): must be the start of a line. */
  startOffset?: number;
  /** The line number of the line at `startOffset`. */
  startLine?: number;
  chunkBytes?: number;
  /** Read more once fewer lines than this are waiting. */
  lowWater?: number;
}

/**
 * A program read from disk with a cursor: at most a few chunks in memory, never the whole file. Reads happen
 * asynchronously ahead of the streamer, so a slow disk delays a refill, never an `ok → next line` write.
 * Text is decoded as latin1 so character offsets are byte offsets (G-code is ASCII; anything else passes through).
 */
export async function openFileSource(
  path: string,
  options: FileSourceOptions = {},
): Promise<LineSource & { readonly size: number }> {
  const handle: FileHandle = await open(path, 'r');
  const size = (await handle.stat()).size;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const lowWater = options.lowWater ?? 2000;
  let position = options.startOffset ?? 0;
  let nextLine = options.startLine ?? 1;
  let lineStart = position;
  let partial = '';
  let reading = false;
  // An object, not two lets: they change across awaits, which flow analysis cannot see.
  const flags = { eof: false, closed: false };
  const stopped = (): boolean => flags.closed || flags.eof;
  const isClosed = (): boolean => flags.closed;
  const ready: SourceLine[] = [];
  let head = 0;
  const pushedBack: SourceLine[] = [];
  const listeners: (() => void)[] = [];
  const buffer = Buffer.alloc(chunkBytes);

  const refill = async (): Promise<void> => {
    if (reading || flags.eof || flags.closed) return;
    reading = true;
    try {
      while (!stopped() && ready.length - head < lowWater) {
        const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
        if (isClosed()) return;
        position += bytesRead;
        if (bytesRead === 0) {
          flags.eof = true;
          if (partial !== '') {
            ready.push({
              line: nextLine++,
              text: partial.replace(/\r$/, ''),
              endOffset: lineStart + partial.length,
            });
            partial = '';
          }
          break;
        }
        const text = partial + buffer.toString('latin1', 0, bytesRead);
        let start = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
          const raw = text.slice(start, nl);
          lineStart += nl + 1 - start;
          ready.push({
            line: nextLine++,
            text: raw.endsWith('\r') ? raw.slice(0, -1) : raw,
            endOffset: lineStart,
          });
          start = nl + 1;
        }
        partial = text.slice(start);
      }
      if (head > 4096) {
        ready.splice(0, head);
        head = 0;
      }
    } finally {
      reading = false;
    }
    for (const listener of listeners) listener();
  };

  await refill();
  return {
    size,
    take() {
      const back = pushedBack.pop();
      if (back !== undefined) return back;
      const line = ready[head];
      if (line !== undefined) {
        head += 1;
        if (ready.length - head < lowWater && !flags.eof && !reading) void refill();
        return line;
      }
      if (flags.eof) return 'end';
      void refill();
      return null;
    },
    unshift(line) {
      pushedBack.push(line);
    },
    onReadable(listener) {
      listeners.push(listener);
    },
    close() {
      if (flags.closed) return;
      flags.closed = true;
      void handle.close();
    },
  };
}
