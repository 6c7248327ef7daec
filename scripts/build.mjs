// Builds everything into dist/: the renderer with Vite, main (CLI + Electron entry) and preload with esbuild.
// Native modules stay external (better-sqlite3, serialport); SQL migrations and code tables are bundled as text.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { LOGIN_BUDGET_GZIP, loginScreenJs } from './bundle-report.mjs';
import { preloadBuildOptions } from './preload-build.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv.includes('--main-only')
  ? 'main'
  : process.argv.includes('--renderer-only')
    ? 'renderer'
    : 'all';

const external = [
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'electron',
  'bufferutil',
  'utf-8-validate',
];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  loader: { '.sql': 'text', '.csv': 'text' },
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};
// Bundled CommonJS dependencies (ws) call require() for Node built-ins; give the ESM bundle a real require.
const esmBanner = {
  js: "import { createRequire as __cpCreateRequire } from 'node:module'; const require = __cpCreateRequire(import.meta.url);",
};

/** Extra worker entry points an area needs (each becomes dist/main/<name>.js). */
const workerEntries = {};
for (const [name, file] of Object.entries({
  'parse-worker': 'main/files/parse-worker.ts',
  'toolpath-worker': 'main/toolpaths/plan-worker.ts',
})) {
  if (existsSync(file)) workerEntries[name] = file;
}

const started = Date.now();
if (only !== 'renderer') {
  rmSync('dist/main', { recursive: true, force: true });
  rmSync('dist/preload', { recursive: true, force: true });
  await Promise.all([
    esbuild({
      ...common,
      entryPoints: { cli: 'main/cli.ts', index: 'main/index.ts', ...workerEntries },
      outdir: 'dist/main',
      format: 'esm',
      banner: esmBanner,
    }),
    // A sandboxed preload must be one CommonJS file: it can require only 'electron' (and a few built-ins).
    // It gets the contract's names at build time, not the contract itself (no zod: scripts/preload-build.mjs).
    preloadBuildOptions().then((options) => esbuild({ ...options, sourcemap: true, outdir: 'dist/preload' })),
  ]);
}
if (only !== 'main') {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const login = loginScreenJs('dist/renderer');
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(
    `login screen JS: ${kb(login.gzip)} gzipped (${kb(login.bytes)}, ${login.files.length} files; budget ${kb(LOGIN_BUDGET_GZIP)})`,
  );
  if (login.gzip > LOGIN_BUDGET_GZIP) console.warn('login screen JS is over its budget (issue 17)');
}
console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
