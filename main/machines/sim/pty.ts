import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A pair of connected pseudo-terminals made by socat: the host opens `hostPath`, a simulator `simPath`. */
export interface PtyPair {
  hostPath: string;
  simPath: string;
  /** The socat process id: killing exactly it is how a test "unplugs the cable". */
  pid: number;
  /** Kills socat (the link drops for both ends) and removes the temporary directory. */
  kill(): Promise<void>;
}

/**
 * Starts `socat pty,raw,echo=0,link=… pty,raw,echo=0,link=…` in its own directory and waits until both links exist.
 * Throws a sentence naming socat when it is missing.
 */
export async function openPtyPair(dir?: string): Promise<PtyPair> {
  const base = dir ?? mkdtempSync(join(tmpdir(), 'cp-desk-pty-'));
  const hostPath = join(base, 'machine');
  const simPath = join(base, 'firmware');
  const child: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${simPath}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) =>
      reject(new Error(`Could not start socat (${e.message}). Install it: apt install socat.`)),
    );
  });
  const ready = (async () => {
    for (let i = 0; i < 200; i += 1) {
      if (existsSync(hostPath) && existsSync(simPath)) return;
      if (child.exitCode !== null) throw new Error(`socat stopped: ${stderr.trim()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('socat did not create the pseudo-terminals within 2 s.');
  })();
  await Promise.race([ready, failed]);
  const pid = child.pid!;
  return {
    hostPath,
    simPath,
    pid,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        await exited;
      }
      if (dir === undefined) rmSync(base, { recursive: true, force: true });
    },
  };
}
