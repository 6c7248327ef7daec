// npm run bench:machines — streaming figures beside baselines measured in the same run (see tests/bench/machines.ts).
// Bundles the TypeScript bench with esbuild into .bench/ and runs it; the simulators it starts are its own children.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Paths are taken from this script's place in the repository, never from the working directory.
const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['tests/bench/machines.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.bench/machines.mjs',
  external: ['serialport', 'better-sqlite3'],
  loader: { '.csv': 'text', '.sql': 'text' },
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['.bench/machines.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exitCode = result.status ?? 1;
