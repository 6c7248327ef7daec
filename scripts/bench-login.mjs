// npm run bench:login — unknown username vs known user with a wrong password, at the real scrypt cost, and their ratio.
// Bundles tests/bench/login.ts with esbuild into .bench/ and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Paths are taken from this script's place in the repository, never from the working directory.
const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['tests/bench/login.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.bench/login.mjs',
  external: ['serialport', 'better-sqlite3'],
  loader: { '.csv': 'text', '.sql': 'text' },
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['.bench/login.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exitCode = result.status ?? 1;
