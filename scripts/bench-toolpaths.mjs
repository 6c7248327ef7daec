// npm run bench:toolpaths — planning CPU time beside mods's figures for the same jobs (see tests/bench/toolpaths.ts).
// Bundles the TypeScript bench with esbuild into .bench/ and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({
  entryPoints: ['tests/bench/toolpaths.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.bench/toolpaths.mjs',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['.bench/toolpaths.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exitCode = result.status ?? 1;
