import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's code is. The build bundles each worker next to main's own bundle (`<name>.cjs` beside
 * dist/main/index.cjs); running from source (vitest, tsx) there is no such file, so the TypeScript entry is bundled
 * on the fly with esbuild (a devDependency) into a content-named file in the temp dir.
 * `callerUrl` is the caller's `import.meta.url`, `built` the bundled name, `source` the .ts file beside the caller.
 */
export function workerEntry(callerUrl: string | undefined, built: string, source: string): Promise<string> {
  // From source the caller's URL names its folder; in the CommonJS bundle import.meta.url is empty and every worker
  // sits beside the one bundle (__dirname).
  const here =
    typeof callerUrl === 'string' && callerUrl.startsWith('file:')
      ? dirname(fileURLToPath(callerUrl))
      : __dirname;
  for (const ext of ['.cjs', '.mjs', '.js']) {
    const candidate = join(here, `${built}${ext}`);
    if (existsSync(candidate)) return Promise.resolve(candidate);
  }
  return bundleWorker(join(here, source));
}

const bundled = new Map<string, Promise<string>>();

/** Bundles a worker written in TypeScript into a content-named .mjs in the temp dir (once per entry and process). */
export function bundleWorker(entry: string): Promise<string> {
  let done = bundled.get(entry);
  if (done !== undefined) return done;
  done = (async () => {
    // A non-literal specifier keeps bundlers from pulling esbuild into the app.
    const specifier = 'esbuild';
    const esbuild = (await import(specifier)) as typeof import('esbuild');
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), `cp-desk-${basename(entry, '.ts')}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${hash}.mjs`);
    if (!existsSync(file)) {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, code);
      renameSync(temp, file); // atomic: parallel test workers may build the same file
    }
    return file;
  })();
  bundled.set(entry, done);
  return done;
}
