// npm run bench:preview — our file parsers against the usual baselines on the same corpus files, in one run.
// Bundles tests/bench/preview.ts with esbuild into .bench/ and runs it (memory figures in fresh child processes).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Paths are taken from this script's place in the repository, never from the working directory.
const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['tests/bench/preview.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.bench/preview.mjs',
  external: ['three', 'gcode-preview', 'happy-dom', 'esbuild', '@playwright/test'],
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--expose-gc', '.bench/preview.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exitCode = result.status ?? 1;
