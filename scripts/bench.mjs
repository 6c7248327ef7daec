// npm run bench: every benchmark, each printing its figures beside a baseline measured in the same run.
import { spawnSync } from 'node:child_process';

let failed = false;
for (const script of [
  'scripts/bench-machines.mjs',
  'scripts/bench-preview.mjs',
  'scripts/bench-toolpaths.mjs',
]) {
  console.log(`\n▶ node ${script}`);
  const result = spawnSync('node', [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
