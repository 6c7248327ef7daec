import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestHost } from '../../helpers/temp-host.js';

const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * The accountant's own tools read our export: run where hledger / bean-check are installed (apt: hledger, beancount);
 * skipped elsewhere rather than faked.
 */
describe('the exported journal opens in the accountant’s tools', () => {
  it.skipIf(!has('hledger') && !has('bean-check'))(
    'hledger and bean-check accept the demo year and agree on the bank balance',
    async () => {
      const t = await startTestHost({ demo: true });
      try {
        const bank = (
          t.host.store.db
            .prepare('SELECT sum(amount_cents) AS c FROM treasury_lines WHERE account_id = 1')
            .get() as { c: number }
        ).c;
        const expected = `${String(bank).slice(0, -2)}.${String(bank).slice(-2)}`;
        if (has('hledger')) {
          const file = join(t.dataDir, 'journal.journal');
          writeFileSync(file, (await t.admin.ok('treasury.export', { format: 'hledger' })).text);
          const out = execFileSync(
            'hledger',
            ['-f', file, 'balance', 'Assets:Bank:Operating', '--flat', '--no-total', '--strict'],
            { encoding: 'utf8' },
          );
          expect(out.replace(/,/g, '')).toContain(`${expected} USD`);
        }
        if (has('bean-check')) {
          const file = join(t.dataDir, 'journal.beancount');
          writeFileSync(file, (await t.admin.ok('treasury.export', { format: 'beancount' })).text);
          const check = spawnSync('bean-check', [file], { encoding: 'utf8' });
          expect(check.stderr + check.stdout).toBe('');
          expect(check.status).toBe(0);
        }
      } finally {
        await t.close();
      }
    },
  );
});
