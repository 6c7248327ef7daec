import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/helpers/../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real `cp-desk` entry, as a user runs it: it loads dist/main/cli.js. */
export const cliEntry = join(repoRoot, 'bin', 'cp-desk.js');
const builtCli = join(repoRoot, 'dist', 'main', 'cli.js');
const buildLock = join(repoRoot, 'dist', '.cli-build-lock');

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (/\.(ts|sql|csv)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(builtCli)) return true;
  const sources = Math.max(
    newestSourceMs(join(repoRoot, 'main')),
    newestSourceMs(join(repoRoot, 'preload')),
    statSync(join(repoRoot, 'scripts', 'build.mjs')).mtimeMs,
  );
  return statSync(builtCli).mtimeMs < sources;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes sure dist/main is built from the current sources (`node scripts/build.mjs --main-only`, ~1 s), once
 * across test files running in parallel: a lock directory serialises the builders, and a file that finds the
 * build fresh skips it. Call it from `beforeAll` with a generous timeout.
 */
export async function ensureBuiltCli(): Promise<void> {
  mkdirSync(dirname(buildLock), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(buildLock);
      break;
    } catch {
      // A builder that died leaves its lock behind; a build never takes a minute.
      if (existsSync(buildLock) && Date.now() - statSync(buildLock).mtimeMs > 60_000)
        rmSync(buildLock, { recursive: true, force: true });
      if (Date.now() - started > 90_000)
        throw new Error('waited 90 s for another test file to build dist/main');
      await sleep(100);
    }
  }
  try {
    if (!isStale()) return;
    const result = await runNode([join(repoRoot, 'scripts', 'build.mjs'), '--main-only'], 90_000);
    if (result.code !== 0)
      throw new Error(`node scripts/build.mjs --main-only failed:\n${result.stderr}${result.stdout}`);
  } finally {
    rmSync(buildLock, { recursive: true, force: true });
  }
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runNode(args: string[], timeoutMs: number): Promise<Finished> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `cp-desk <args>` as a child process and waits for it to finish. */
export function runCli(args: string[], timeoutMs = 20_000): Promise<Finished> {
  return runNode([cliEntry, ...args], timeoutMs);
}

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  /** The address the server printed on its first line (with ?token=). */
  url: string;
  origin: string;
  token: string;
  wsUrl: string;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal to this process (by its PID) if it is still running. */
  signal(sig: NodeJS.Signals): void;
}

/**
 * Starts `cp-desk serve --port 0 --data DIR` and waits for the address on its first stdout line.
 * The caller stops it with `signal()`, which targets this child's PID only.
 */
export async function startServe(
  dataDir: string,
  extra: string[] = [],
  timeoutMs = 15_000,
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cliEntry, 'serve', '--port', '0', '--data', dataDir, ...extra], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  let running = true;
  void exited.then(() => (running = false));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no address in ${timeoutMs} ms:\n${out}${err}`)),
      timeoutMs,
    );
    const check = () => {
      const first = out.split('\n')[0] ?? '';
      const match = /running at (http:\/\/\S+)/.exec(first);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`serve exited (${String(code ?? signal)}) before printing its address:\n${out}${err}`),
      );
    });
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') ?? '';
  return {
    child,
    pid: child.pid!,
    url,
    origin: parsed.origin,
    token,
    wsUrl: `ws://${parsed.host}/ws?token=${token}`,
    stdout: () => out,
    stderr: () => err,
    exited,
    signal(sig) {
      if (running) process.kill(child.pid!, sig);
    },
  };
}
