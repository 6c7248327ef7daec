import Database from 'better-sqlite3';
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { DB_FILE } from '../../../main/store/store.js';
import { backupTo, restoreFrom } from '../../../main/store/backup.js';
import { migrations } from '../../../main/store/migrations/index.js';
import { canonicalEntry, GENESIS_HASH, sha256, verifyLedger } from '../../../main/treasury/journal.js';
import { ANCHORS_FILE, readAnchors } from '../../../main/treasury/anchors.js';
import { run as verifyCli } from '../../../main/cli/verify-ledger.js';
import { run as backupCli } from '../../../main/cli/backup.js';
import { backupIfDue } from '../../../main/store/schedule.js';
import { memoryLogger } from '../../../main/kernel/logger.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await verifyCli(args, c.io);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}

const dollars = (cents: number): string =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const buy = (cents: number, day: number) => ({
  idempotencyKey: crypto.randomUUID(),
  date: `2026-03-${String(day).padStart(2, '0')}`,
  memo: `Plywood batch ${day}`,
  lines: [
    { account: 'Expenses:Materials', debit: dollars(cents) },
    { account: 'Assets:Bank:Operating', credit: dollars(cents) },
  ],
});

/**
 * What someone holding the database file would do: drop the triggers that forbid edits, change one amount (and
 * its balancing line), then recompute every hash from that entry on and write the new hashes into the audit rows
 * too, so the file on its own is perfectly consistent again.
 */
function rewriteAsAnAttacker(file: string, entryNumber: number, newCents: number): void {
  const db = new Database(file);
  try {
    const triggers = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('treasury_entries', 'treasury_lines', 'audit_log')",
      )
      .all() as { name: string; sql: string }[];
    db.transaction(() => {
      for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
      const id = (
        db.prepare('SELECT id FROM treasury_entries WHERE number = ?').get(entryNumber) as { id: number }
      ).id;
      db.prepare('UPDATE treasury_lines SET amount_cents = ? WHERE entry_id = ? AND line_no = 1').run(
        newCents,
        id,
      );
      db.prepare('UPDATE treasury_lines SET amount_cents = ? WHERE entry_id = ? AND line_no = 2').run(
        -newCents,
        id,
      );
      const rows = db.prepare('SELECT * FROM treasury_entries ORDER BY number').all() as (Parameters<
        typeof canonicalEntry
      >[0] & { id: number; hash: string })[];
      let prev = GENESIS_HASH;
      for (const row of rows) {
        if (row.number >= entryNumber) {
          const lines = db
            .prepare(
              `SELECT l.line_no, a.code AS account, l.amount_cents, l.fund_id, l.party_id, l.memo FROM treasury_lines l
                 JOIN treasury_accounts a ON a.id = l.account_id WHERE l.entry_id = ? ORDER BY l.line_no`,
            )
            .all(row.id) as Parameters<typeof canonicalEntry>[1][number][];
          const hash = sha256(canonicalEntry({ ...row, prev_hash: prev }, lines));
          db.prepare('UPDATE treasury_entries SET prev_hash = ?, hash = ? WHERE id = ?').run(
            prev,
            hash,
            row.id,
          );
          const audit = db
            .prepare("SELECT id, after_json FROM audit_log WHERE entity = 'treasury.entry' AND entity_id = ?")
            .get(String(row.number)) as { id: number; after_json: string };
          const after = { ...(JSON.parse(audit.after_json) as object), hash };
          db.prepare('UPDATE audit_log SET after_json = ? WHERE id = ?').run(JSON.stringify(after), audit.id);
          row.hash = hash;
        }
        prev = row.hash;
      }
      for (const t of triggers) db.exec(t.sql);
    })();
    // The rewritten file is consistent on its own: the in-database check alone would call it intact.
    expect(verifyLedger(db).ok).toBe(true);
  } finally {
    db.close();
  }
}

describe('the chain head anchored outside the database', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function bookFive(): Promise<TestClient> {
    t = await startTestHost({ start: '2026-11-24T15:00:00.000Z' });
    const treasurer = await t.as('treasurer');
    for (const day of [2, 3, 4, 5, 6]) await treasurer.ok('treasury.journal.post', buy(day * 1000, day));
    return treasurer;
  }

  it('a rewritten amount with every hash recomputed is caught by verify-ledger through the anchors file, naming the entry', async () => {
    await bookFive();
    const dataDir = t!.dataDir;
    // One line per write, each the head after it.
    const anchors = readAnchors(dataDir);
    expect(anchors.problems).toEqual([]);
    expect(anchors.anchors.map((a) => [a.number, a.source])).toEqual([
      [1, 'write'],
      [2, 'write'],
      [3, 'write'],
      [4, 'write'],
      [5, 'write'],
    ]);
    t!.host.store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(await cli(['--data', dataDir])).toMatchObject({ code: 0 });

    rewriteAsAnAttacker(join(dataDir, DB_FILE), 3, 300);
    const after = await cli(['--data', dataDir]);
    expect(after.code).toBe(1);
    expect(after.err).toMatch(
      /^Ledger broken at entry 3: its chain no longer matches ledger-anchors.txt line 3 /,
    );
    expect(after.err).toContain('entry 3 was changed');
    // The host's own check (the Verify button) says the same.
    const viaHost = await (await t!.as('treasurer')).ok('treasury.journal.verify', {});
    expect(viaHost).toMatchObject({ ok: false, firstBroken: { number: 3 }, anchorsChecked: 5 });
  });

  it('names the range of entries when only a later anchor survives', async () => {
    await bookFive();
    const dataDir = t!.dataDir;
    t!.host.store.db.pragma('wal_checkpoint(TRUNCATE)');
    // Keep only lines 1 and 5 of the anchors file (as if the Desk had been anchored less often).
    const lines = readFileSync(join(dataDir, ANCHORS_FILE), 'utf8').trim().split('\n');
    writeFileSync(join(dataDir, ANCHORS_FILE), `${lines[0]}\n${lines[4]}\n`);
    rewriteAsAnAttacker(join(dataDir, DB_FILE), 3, 300);
    const r = await cli(['--data', dataDir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Ledger broken in entries 2 to 5:');
    expect(r.err).toContain(
      'the change lies in entries 2 to 5 (entry 1 still matches ledger-anchors.txt line 1)',
    );
  });

  it('a damaged anchors line is itself reported', async () => {
    await bookFive();
    appendFileSync(join(t!.dataDir, ANCHORS_FILE), 'cp-desk-anchor/1\tyesterday\t5\tabc\twrite\n');
    t!.host.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const r = await cli(['--data', t!.dataDir]);
    expect(r).toMatchObject({
      code: 1,
      err: 'Ledger anchors damaged: ledger-anchors.txt line 6 is not an anchor (the file was edited or damaged).',
    });
  });

  it('--against a backup names the first entry that differs and what changed; the backup manifest anchors it even without the anchors file', async () => {
    await bookFive();
    const dataDir = t!.dataDir;
    t!.host.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const c = capture();
    expect(
      backupCli(['--data', dataDir, '--out', join(dataDir, 'backups', 'desk-manual.sqlite')], c.io),
    ).toBe(0);
    const manifest = JSON.parse(
      readFileSync(join(dataDir, 'backups', 'desk-manual.sqlite.manifest.json'), 'utf8'),
    ) as {
      chainHead: { number: number; hash: string };
      describe: string;
    };
    expect(manifest.chainHead.number).toBe(5);
    expect(manifest.describe).toBe(`Ledger chain head: entry 5, sha256 ${manifest.chainHead.hash}.`);

    rmSync(join(dataDir, ANCHORS_FILE));
    rewriteAsAnAttacker(join(dataDir, DB_FILE), 4, 123);
    const viaManifest = await cli(['--data', dataDir]);
    expect(viaManifest.code).toBe(1);
    expect(viaManifest.err).toContain('backup manifest desk-manual.sqlite.manifest.json');
    expect(viaManifest.err).toContain('the change lies in entries 1 to 5');

    const viaBackup = await cli([
      '--data',
      dataDir,
      '--against',
      join(dataDir, 'backups', 'desk-manual.sqlite'),
    ]);
    expect(viaBackup.code).toBe(1);
    expect(viaBackup.err).toContain(
      'Ledger broken at entry 4: it differs from backup desk-manual.sqlite: lines ',
    );
    expect(viaBackup.err).toContain(
      'Expenses:Materials 5000; Assets:Bank:Operating -5000" in backup desk-manual.sqlite',
    );
    expect(viaBackup.err).toContain('"Expenses:Materials 123; Assets:Bank:Operating -123" here');
  });

  it('an intact ledger matches its backup; a missing backup file is a plain refusal', async () => {
    await bookFive();
    const dataDir = t!.dataDir;
    // The daily backup (none taken yet, so it is due) writes its manifest too.
    const daily = await backupIfDue(t!.host.store, memoryLogger());
    expect(JSON.parse(readFileSync(`${daily!}.manifest.json`, 'utf8'))).toMatchObject({
      format: 'cp-desk-backup/1',
      chainHead: { number: 5 },
    });
    backupTo(t!.host.store.db, join(dataDir, 'backups', 'desk-a.sqlite'));
    expect(existsSync(join(dataDir, 'backups', 'desk-a.sqlite.manifest.json'))).toBe(true);
    t!.host.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const ok = await cli(['--data', dataDir, '--against', join(dataDir, 'backups', 'desk-a.sqlite')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('matches 7 anchor(s) kept outside the database and backup desk-a.sqlite');
    expect(await cli(['--data', dataDir, '--against', join(dataDir, 'nope.sqlite')])).toMatchObject({
      code: 2,
    });
  });

  it('a restore is recorded in the anchors file: entries posted after it are not taken for a rewrite', async () => {
    const treasurer = await bookFive();
    const dataDir = t!.dataDir;
    backupTo(t!.host.store.db, join(dataDir, 'backups', 'desk-b.sqlite'));
    await treasurer.ok('treasury.journal.post', buy(7000, 7));
    // Stop the Desk (the data directory stays), as one must before a restore.
    await t!.host.close();
    t = undefined;
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    restoreFrom(
      dataDir,
      DB_FILE,
      join(dataDir, 'backups', 'desk-b.sqlite'),
      new Set(migrations.map((m) => m.version)),
      new Date('2026-11-25T00:00:00Z'),
    );
    // A different entry 6 after the restore: legitimate, since the restore retired the old anchor for 6.
    const db = new Database(join(dataDir, DB_FILE), { readonly: true });
    expect(verifyLedger(db).entries).toBe(5);
    db.close();
    const r = await cli(['--data', dataDir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'restored to entry 5 on 2026-11-25T00:00:00.000Z; 1 earlier anchor(s) past it retired',
    );
    expect(readdirSync(dataDir)).toContain(ANCHORS_FILE);
  });

  it('closing a year prints and anchors the head; every report carries it in its footer', async () => {
    t = await startTestHost({ start: '2026-11-24T15:00:00.000Z' });
    const treasurer = await t.as('treasurer');
    await treasurer.ok('treasury.journal.post', { ...buy(2500, 2), date: '2025-03-02' });
    const closed = await treasurer.ok('treasury.periods.close', { year: 2025 });
    expect(closed.chainHead.number).toBeGreaterThanOrEqual(1);
    expect(closed.chainHeadText).toBe(
      `Ledger chain head: entry ${closed.chainHead.number}, sha256 ${closed.chainHead.hash}.`,
    );
    const anchors = readAnchors(t.dataDir).anchors;
    expect(anchors.at(-1)).toMatchObject({
      source: 'close',
      number: closed.chainHead.number,
      hash: closed.chainHead.hash,
    });
    const report = await treasurer.ok('treasury.report', { kind: 'trial-balance' });
    expect(report.footer).toBe(closed.chainHeadText);
  });
});
