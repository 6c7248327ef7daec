#!/usr/bin/env node
// npm run mutate [group…] — StrykerJS (vitest runner) over the rule cores in scripts/mutate/groups.mjs, one group at a
// time, then the mutation score per folder. A folder under 80 % makes the exit code 1. Not part of npm test: a full
// run takes long on a shared two-core machine (each group prints its own duration).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { groups } from './mutate/groups.mjs';

const root = join(import.meta.dirname, '..');
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !groups.some((g) => g.name === a));
if (unknown.length > 0) {
  console.error(
    `Unknown group ${unknown.join(', ')}; the groups are: ${groups.map((g) => g.name).join(', ')}`,
  );
  process.exit(2);
}
const chosen = asked.length === 0 ? groups : groups.filter((g) => asked.includes(g.name));

/** Mutants by state, per folder of the mutated file. */
function scores(report) {
  const byFolder = new Map();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const folder = dirname(file.replace(/\\/g, '/'));
    const s = byFolder.get(folder) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0, other: 0 };
    for (const m of mutants) {
      if (m.status === 'Killed') s.killed++;
      else if (m.status === 'Timeout') s.timeout++;
      else if (m.status === 'Survived') s.survived++;
      else if (m.status === 'NoCoverage') s.noCoverage++;
      else s.other++;
    }
    byFolder.set(folder, s);
  }
  return byFolder;
}

const rows = [];
for (const group of chosen) {
  const started = Date.now();
  console.log(`\n=== mutate ${group.name}: ${group.mutate.join(' ')}`);
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MUTATE_GROUP: group.name, MUTATE_TESTS: group.tests.join(',') },
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0) {
    rows.push({
      folder: group.name,
      line: `stryker failed (exit ${run.status}) after ${seconds} s`,
      ok: false,
    });
    continue;
  }
  const report = JSON.parse(
    readFileSync(join(root, 'reports/mutation', `${group.name.replace(/\//g, '-')}.json`), 'utf8'),
  );
  for (const [folder, s] of scores(report)) {
    const detected = s.killed + s.timeout;
    const valid = detected + s.survived + s.noCoverage;
    const score = valid === 0 ? 100 : (100 * detected) / valid;
    rows.push({
      folder,
      ok: score >= 80,
      line:
        `${score.toFixed(1).padStart(5)} %  killed ${s.killed}, timed out ${s.timeout}, survived ${s.survived}, ` +
        `no coverage ${s.noCoverage}  (group ${group.name}, ${seconds} s)`,
    });
  }
}

console.log('\nMutation score per folder (80 % required):');
for (const r of rows) console.log(`  ${r.ok ? '  ' : '✗ '}${r.folder.padEnd(28)} ${r.line}`);
process.exit(rows.every((r) => r.ok) ? 0 : 1);
