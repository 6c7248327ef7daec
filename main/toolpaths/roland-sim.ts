import { spawnSync } from 'node:child_process';
import { constants, mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CammReader } from './camm.js';
import { CommandError } from './commands.js';
import { RmlReader, type MachineProgram } from './rml.js';

/**
 * A simulated Roland mill (RML-1) or cutter (CAMM-GL), our own code like the simulated Grbl and Marlin. Rolands are
 * USB printer-class devices: the host writes the job into a device file and gets nothing back. Here that file is a
 * FIFO: the simulator reads it at a paced byte rate (so a fast host blocks, as on a real printer port), interprets
 * every command as it arrives, records the tool path, and refuses a malformed command (it stops the job there, as
 * the machine's error light would). When the host closes the file the job ends and the device waits for the next.
 */
export type RolandLanguage = 'rml' | 'camm';

export interface RolandSimOptions {
  language: RolandLanguage;
  /** Machine units per mm: 100 (SRM-20, MDX-40, iModela) or 40 (MDX-15/20, GX/GS-24). */
  unitsPerMm?: number;
  /** How fast the machine takes bytes (default 4800 B/s, about a USB printer port's pace for RML). */
  bytesPerSecond?: number;
  /** Waits between chunks; injectable so tests run at any pace. */
  wait?: (ms: number) => Promise<void>;
}

export interface RolandJob {
  /** What the machine did: moves and strokes in mm. */
  program: MachineProgram;
  bytes: number;
  /** The refusal that stopped the job, or null when it ran to the end. */
  error: string | null;
}

export interface RolandDevice {
  /** The device file a host writes the job to (like /dev/usb/lp0). */
  path: string;
  language: RolandLanguage;
  /** Finished jobs, in order. */
  jobs: RolandJob[];
  /** Bytes taken of the job in progress. */
  progress(): number;
  /** Resolves with the next job to finish. */
  nextJob(): Promise<RolandJob>;
  /** Stops the device (a job in progress ends when the host closes its end) and removes the device file. */
  close(): Promise<void>;
}

const CHUNK = 256;

export function startRolandDevice(options: RolandSimOptions, dir?: string): RolandDevice {
  const base = dir ?? mkdtempSync(join(tmpdir(), 'cp-desk-roland-'));
  const path = join(base, options.language === 'rml' ? 'lp-mill' : 'lp-cutter');
  const made = spawnSync('mkfifo', [path], { encoding: 'utf8' });
  if (made.status !== 0)
    throw new Error(
      `Could not make the device file ${path} (mkfifo: ${(made.stderr || made.error?.message || '').trim()}).`,
    );
  const units = options.unitsPerMm ?? (options.language === 'rml' ? 100 : 40);
  const rate = options.bytesPerSecond ?? 4800;
  const wait = options.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const jobs: RolandJob[] = [];
  const waiters: ((j: RolandJob) => void)[] = [];
  const state = { closed: false };
  const stopped = (): boolean => state.closed;
  let taken = 0;

  /**
   * The device keeps its end of the FIFO open for its whole life (non-blocking): a reader that closed and reopened
   * between jobs would lose bytes a host wrote in between (an abort sent right after a job is closed). A read that
   * finds no writer after bytes came ends the job; one that finds a writer but no data waits.
   */
  const idle = (): Promise<void> => new Promise((r) => setTimeout(r, 2));
  const runJob = async (fh: FileHandle): Promise<boolean> => {
    const reader = options.language === 'rml' ? new RmlReader(units) : new CammReader(units);
    const buf = Buffer.alloc(CHUNK);
    let error: string | null = null;
    taken = 0;
    for (;;) {
      if (stopped()) return false;
      let bytesRead: number;
      try {
        bytesRead = (await fh.read(buf, 0, CHUNK, null)).bytesRead;
      } catch (e) {
        if ((e as { code?: string }).code !== 'EAGAIN') throw e;
        await idle(); // a host has the file open but sent nothing yet
        continue;
      }
      if (bytesRead === 0) {
        if (taken > 0) break; // the host closed the file: the job is over
        await idle(); // nobody writing yet
        continue;
      }
      taken += bytesRead;
      if (error === null) {
        try {
          reader.feed(buf.toString('latin1', 0, bytesRead));
        } catch (e) {
          error = e instanceof CommandError ? e.message : String(e);
        }
      }
      await wait((bytesRead / rate) * 1000);
    }
    let program: MachineProgram;
    try {
      program = error === null ? reader.end() : reader.stopped();
    } catch (e) {
      error = e instanceof CommandError ? e.message : String(e);
      program = reader.stopped();
    }
    const job: RolandJob = { program, bytes: taken, error };
    jobs.push(job);
    for (const w of waiters.splice(0)) w(job);
    return true;
  };

  const loop = (async () => {
    const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      while (await runJob(fh));
    } finally {
      await fh.close();
    }
  })();

  return {
    path,
    language: options.language,
    jobs,
    progress: () => taken,
    nextJob: () => new Promise<RolandJob>((resolve) => waiters.push(resolve)),
    async close() {
      state.closed = true;
      await loop.catch(() => undefined);
      if (dir === undefined) rmSync(base, { recursive: true, force: true });
      else rmSync(path, { force: true });
    },
  };
}
