import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/** A missing tool fails the test with what to install: a round-trip that skips green proves nothing. */
function requireTool(cmd: string, aptPackage: string): void {
  const found = spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!found) {
    throw new Error(`${cmd} is not installed: apt-get install ${aptPackage} (.ci/run installs it)`);
  }
}

let t: TestHost;
let bankAmount: string;

beforeAll(async () => {
  t = await startTestHost({ demo: true });
  const bank = (
    t.host.store.db
      .prepare('SELECT sum(amount_cents) AS c FROM treasury_lines WHERE account_id = 1')
      .get() as { c: number }
  ).c;
  bankAmount = `${String(bank).slice(0, -2)}.${String(bank).slice(-2)}`;
});

afterAll(async () => {
  await t.close();
});

/** The accountant's own tools read our export (Debian packages hledger and beancount). */
describe('the exported journal opens in the accountant’s tools', () => {
  it('hledger reads the demo year strictly and finds the bank balance the books hold', async () => {
    requireTool('hledger', 'hledger');
    const file = join(t.dataDir, 'journal.journal');
    writeFileSync(file, (await t.admin.ok('treasury.export', { format: 'hledger' })).text);
    const out = execFileSync(
      'hledger',
      ['-f', file, 'balance', 'Assets:Bank:Operating', '--flat', '--no-total', '--strict'],
      { encoding: 'utf8' },
    );
    expect(out.replace(/,/g, '')).toContain(`${bankAmount} USD`);
  });

  it('bean-check accepts the demo year with no message', async () => {
    requireTool('bean-check', 'beancount');
    const file = join(t.dataDir, 'journal.beancount');
    writeFileSync(file, (await t.admin.ok('treasury.export', { format: 'beancount' })).text);
    const check = spawnSync('bean-check', [file], { encoding: 'utf8' });
    expect(check.stderr + check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});
