// npm test: typecheck (one tsconfig per process), lint, unit and component tests, build, end-to-end tests.
// Every step runs even when an earlier one failed, so one run shows everything that is wrong. The last line is
// `N passed, N failed, N skipped`, summed over vitest's tests, Playwright's tests and the steps that are checks of
// their own (each typecheck, lint, build); CI reads that line. A skipped test is a failure too: a test that needs
// something missing must fail saying what is missing, never pass green by not running. The exit code is 0 only when
// nothing failed and nothing was skipped.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
mkdirSync(results, { recursive: true });
const bin = (name) => `node_modules/.bin/${name}`;
const suiteStarted = Date.now();
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label} (${seconds} s)`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Runs a check with its output held back, so two checks can run at once and still print one after the other. */
function runQuiet(label, command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: process.env });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      resolve({ label, ok: code === 0, text: Buffer.concat(out).toString(), seconds });
    });
  });
}

// The static checks use one core each: lint on one, the four typechecks one after another on the other.
async function typechecks() {
  const done = [];
  for (const project of ['main', 'preload', 'renderer', 'tests']) {
    done.push(
      await runQuiet(`typecheck ${project}`, bin('tsc'), ['-p', `${project}/tsconfig.json`, '--noEmit']),
    );
  }
  return done;
}
const [checked, linted] = await Promise.all([
  typechecks(),
  runQuiet('lint', bin('eslint'), ['--max-warnings', '0', '.']),
]);
for (const r of [...checked, linted]) {
  console.log(`\n▶ ${r.label}`);
  if (r.text !== '') process.stdout.write(r.text);
  console.log(`${r.ok ? '✔' : '✘'} ${r.label} (${r.seconds} s)`);
  if (r.ok) passed += 1;
  else {
    failed += 1;
    failures.push(r.label);
  }
}

// Unit (node) and component (happy-dom) tests.
const vitestJson = `${results}/vitest.json`;
rmSync(vitestJson, { force: true });
const vitestOk = run('vitest', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest === null) {
  failed += 1;
  failures.push('vitest (no report)');
} else {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  const vitestSkipped = (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  skipped += vitestSkipped;
  if (vitestSkipped > 0) failures.push(`vitest: ${vitestSkipped} skipped`);
  if (vitest.numFailedTests > 0 || !vitestOk) failures.push(`vitest: ${vitest.numFailedTests} failed`);
  // A file that fails to load has no failed test but fails the run.
  if (!vitestOk && vitest.numFailedTests === 0) failed += 1;
}

const builtOk = run('build', 'node', ['scripts/build.mjs']);
if (builtOk) passed += 1;
else {
  failed += 1;
  failures.push('build');
}

// End-to-end: the built app through the web host in Debian's Chromium.
const playwrightJson = `${results}/playwright.json`;
rmSync(playwrightJson, { force: true });
if (builtOk) {
  const e2eOk = run('playwright', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightJson,
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  });
  const report = readJson(playwrightJson);
  if (report === null || !existsSync(playwrightJson)) {
    failed += 1;
    failures.push('playwright (no report)');
  } else {
    const { expected = 0, unexpected = 0, flaky = 0, skipped: e2eSkipped = 0 } = report.stats ?? {};
    passed += expected + flaky;
    failed += unexpected;
    skipped += e2eSkipped;
    if (e2eSkipped > 0) failures.push(`playwright: ${e2eSkipped} skipped`);
    if (unexpected > 0) failures.push(`playwright: ${unexpected} failed`);
    if (!e2eOk && unexpected === 0) {
      failed += 1;
      failures.push('playwright (run failed)');
    }
  }
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join('; ')}`);
const seconds = Math.round((Date.now() - suiteStarted) / 1000);
console.log(`npm test took ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && skipped === 0 ? 0 : 1);
