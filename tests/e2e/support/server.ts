import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tempDir } from '../../helpers/temp-dir.js';

export const root = process.cwd();
export const cli = join(root, 'dist', 'main', 'cli.js');
export const built = existsSync(cli) && existsSync(join(root, 'dist', 'renderer', 'index.html'));

export interface DeskServer {
  /** The address the server printed, with its token: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  token: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  /** Stops exactly this server (SIGTERM, then waits for it to exit) and removes its data directory. */
  stop(): Promise<void>;
}

/** Starts the built `cp-desk serve` on a free port with its own temporary data directory. */
export async function startServer(
  options: { demo?: boolean; env?: Record<string, string> } = {},
): Promise<DeskServer> {
  const data = tempDir('cp-desk-e2e-');
  const args = [
    cli,
    'serve',
    '--port',
    '0',
    '--data',
    data.path,
    ...(options.demo === true ? ['--demo'] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cp-desk serve exited with ${String(code)}`)));
  });
  const match = /https?:\/\/\S+/.exec(first);
  if (match === null) throw new Error(`cp-desk serve printed no address: ${first}`);
  const url = match[0];
  const parsed = new URL(url);
  child.stdout.resume();
  return {
    url,
    token: parsed.searchParams.get('token') ?? '',
    origin: parsed.origin,
    dataDir: data.path,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      data.remove();
    },
  };
}
