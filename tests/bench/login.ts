/**
 * Login timing benchmark (issue 11): an unknown username against a known one with a wrong password, through
 * the host's own dispatch at the Desk's real scrypt cost (N=2^17), over a real SQLite file. Both are warmed up
 * the same number of times, then measured in alternating pairs (which goes first swaps each pair), so load
 * from the other processes on the machine falls on both alike. The ratio of the medians must stay within 1.2
 * either way: a username that exists must not answer measurably faster or slower than one that does not.
 * Figures, not a test: `npm run bench:login` (or `-- --samples 30 --warmup 5`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHost } from '../../main/host/create-host.js';
import { silentLogger } from '../../main/kernel/logger.js';
import { PRODUCTION_SCRYPT } from '../../main/people/password.js';

const LIMIT = 1.2;
const { values } = parseArgs({
  options: { samples: { type: 'string', default: '16' }, warmup: { type: 'string', default: '3' } },
});
const samples = Number(values.samples);
const warmup = Number(values.warmup);

const dir = mkdtempSync(join(tmpdir(), 'cp-desk-bench-login-'));
const host = createHost({ dataDir: dir, kind: 'web', log: silentLogger, timers: false });

async function call(method: string, input: unknown): Promise<{ ok: boolean; code: string }> {
  const result = await host.call(screen, method, input);
  return { ok: result.ok, code: result.ok ? 'ok' : result.error.code };
}

const screen = host.connect('web', () => undefined);
const params = host.sessions.passwords.params;
if (params.N !== PRODUCTION_SCRYPT.N || params.r !== PRODUCTION_SCRYPT.r || params.p !== PRODUCTION_SCRYPT.p)
  throw new Error('the benchmark must run at the production cost');

await call('setup.createAdmin', {
  displayName: 'Bench Admin',
  username: 'bench-admin',
  password: 'bench-admin-password',
  language: 'en',
});
await call('people.create', {
  displayName: 'Known Member',
  roles: ['trainee'],
  login: { username: 'known', password: 'the-right-password' },
});
await call('session.logout', {});

let unknownCount = 0;
/** One timed attempt; the answer must be BAD_CREDENTIALS either way. */
async function attempt(kind: 'unknown' | 'known'): Promise<number> {
  // Outside the timing: keep the known account below its lock, so every attempt is a full check.
  if (kind === 'known')
    host.store.db.prepare("UPDATE accounts SET failed_attempts = 0 WHERE username = 'known'").run();
  const username = kind === 'known' ? 'known' : `nobody-${++unknownCount}`;
  const started = process.hrtime.bigint();
  const answer = await call('session.login', { username, password: 'a-wrong-password' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (answer.code !== 'BAD_CREDENTIALS')
    throw new Error(`${kind}: expected BAD_CREDENTIALS, got ${answer.code}`);
  return ms;
}

async function pairs(n: number): Promise<{ unknown: number[]; known: number[] }> {
  const out = { unknown: [] as number[], known: [] as number[] };
  for (let i = 0; i < n; i++) {
    const order: ('unknown' | 'known')[] = i % 2 === 0 ? ['unknown', 'known'] : ['known', 'unknown'];
    for (const kind of order) out[kind].push(await attempt(kind));
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;

try {
  console.log(
    `Login timing at scrypt N=2^${Math.log2(params.N)}, r=${params.r}, p=${params.p}: ` +
      `${warmup} warm-up pairs, ${samples} measured pairs`,
  );
  await pairs(warmup);
  const { unknown, known } = await pairs(samples);
  const row = (name: string, xs: number[]) =>
    console.log(
      `  ${name.padEnd(28)} median ${fmt(median(xs))}   mean ${fmt(mean(xs))}   min ${fmt(Math.min(...xs))}   max ${fmt(Math.max(...xs))}`,
    );
  row('unknown username', unknown);
  row('known user, wrong password', known);
  const ratio = median(unknown) / median(known);
  const within = ratio <= LIMIT && ratio >= 1 / LIMIT;
  console.log(
    `  ratio unknown / known (medians): ${ratio.toFixed(3)}  ${within ? 'within' : 'OUTSIDE'} ${LIMIT} either way`,
  );
  console.log(`  derivations run: ${host.sessions.passwords.derivations}`);
  if (!within) process.exitCode = 1;
} finally {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
}
