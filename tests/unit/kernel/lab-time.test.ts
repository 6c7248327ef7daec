import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { dayIn } from '../../../main/kernel/lab-time.js';

/**
 * The one lab clock: the host's clock is pinned at instants where the lab's day and UTC's differ (late evening in
 * Jackson, which is already tomorrow in UTC), on New Year's Eve and on both daylight-saving change days.
 */
const post = (date: string, memo = 'Plywood') => ({
  idempotencyKey: crypto.randomUUID(),
  date,
  memo,
  lines: [
    { account: 'Expenses:Materials', debit: '12.00' },
    { account: 'Assets:Bank:Operating', credit: '12.00' },
  ],
});

describe('the lab clock (America/Chicago by default)', () => {
  let t: TestHost | undefined;
  let treasurer: TestClient;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function at(instant: string): Promise<void> {
    t = await startTestHost({ start: instant });
    treasurer = await t.as('treasurer');
  }

  /** Moves the host's clock; a jump of hours locks the screen, so the treasurer unlocks it as a person would. */
  async function setClock(instant: string): Promise<void> {
    t!.clock.set(instant);
    await treasurer.call('session.unlock', { password: 'password-123' });
  }

  const refusal = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    const r = await p;
    expect(r.ok).toBe(false);
    return r.error?.message;
  };

  it('23:30 on 31 December in Jackson (05:30 UTC on 1 January): still the old year — no close, no entry dated the 1st, letters dated the 31st, exports cut off at the 31st', async () => {
    // Books in FY2026, before the evening.
    await at('2026-12-31T18:00:00.000Z');
    await treasurer.ok('treasury.journal.post', post('2026-12-31', 'Year-end paint'));
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Aisha Bello' });
    await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '250.00',
      date: '2026-12-31',
      gift: { donorPartyId: donor.id, fundId: 1 },
      understood: true,
    });

    await setClock('2027-01-01T05:30:00.000Z'); // 23:30 CST on 31 December
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2026-12-31');
    expect(await refusal(treasurer.call('treasury.periods.close', { year: 2026 }))).toBe(
      'FY2026 has not ended yet; it can be closed from 2027-01-01.',
    );
    expect(await refusal(treasurer.call('treasury.journal.post', post('2027-01-01')))).toBe(
      '2027-01-01 is after today (2026-12-31 where the lab is); record it on the day it happens or later.',
    );
    const letter = await treasurer.ok('treasury.acknowledgments.yearEnd', {
      donorPartyId: donor.id,
      year: 2026,
      language: 'en',
    });
    expect(letter.content.issuedOn).toBe('2026-12-31');
    const periods = await treasurer.ok('treasury.periods.list', {});
    expect(periods.at(-1)).toMatchObject({ name: 'FY2026', closedAt: null });

    // An hour later it is the new year in Jackson too: the year closes and the 1st may be booked.
    await setClock('2027-01-01T06:30:00.000Z');
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2027-01-01');
    expect((await treasurer.ok('treasury.periods.close', { year: 2026 })).name).toBe('FY2026');
    await treasurer.ok('treasury.journal.post', post('2027-01-01', 'New year glue'));

    // Export cut-off: a computer whose clock was set back an hour still exports nothing dated after its today.
    await setClock('2027-01-01T05:30:00.000Z');
    const bean = (await treasurer.ok('treasury.export', { format: 'beancount' })).text;
    expect(bean).toContain('Year-end paint');
    expect(bean).not.toContain('New year glue');
    const hl = (await treasurer.ok('treasury.export', { format: 'hledger' })).text;
    expect(hl).not.toContain('New year glue');
  });

  it('19:30 on 31 December (01:30 UTC on 1 January), the case the audit found: the year cannot be closed', async () => {
    await at('2027-01-01T01:30:00.000Z');
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2026-12-31');
    expect(await refusal(treasurer.call('treasury.periods.close', { year: 2026 }))).toBe(
      'FY2026 has not ended yet; it can be closed from 2027-01-01.',
    );
  });

  it('23:30 on the spring-forward day (8 March 2026, CDT) and on the fall-back day (1 November 2026, CST) are still those days', async () => {
    await at('2026-03-09T04:30:00.000Z'); // 23:30 CDT, 8 March
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2026-03-08');
    await treasurer.ok('treasury.journal.post', post('2026-03-08'));
    expect(await refusal(treasurer.call('treasury.journal.post', post('2026-03-09')))).toContain(
      'is after today (2026-03-08 where the lab is)',
    );
    // 00:30 CDT on the 9th: the next day, an hour earlier in UTC terms than it would have been in winter.
    await setClock('2026-03-09T05:30:00.000Z');
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2026-03-09');
    await t!.close();

    await at('2026-11-02T05:30:00.000Z'); // 23:30 CST, 1 November
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2026-11-01');
    expect(await refusal(treasurer.call('treasury.journal.post', post('2026-11-02')))).toContain(
      'is after today (2026-11-01 where the lab is)',
    );
    await setClock('2026-11-02T06:00:00.000Z'); // 00:00 CST, 2 November
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2026-11-02');
  });

  it('a gift with no entry (in kind, no book value) is held to the same days: not after today, not in closed books', async () => {
    await at('2027-01-01T05:30:00.000Z');
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Ramón Ortiz' });
    const inKind = (date: string) => ({
      idempotencyKey: crypto.randomUUID(),
      donorPartyId: donor.id,
      date,
      description: 'A box of thread',
      fundId: 1,
    });
    expect(await refusal(treasurer.call('treasury.gifts.recordInKind', inKind('2027-01-01')))).toContain(
      'is after today (2026-12-31 where the lab is)',
    );
    await treasurer.ok('treasury.gifts.recordInKind', inKind('2026-12-31'));
    await setClock('2027-01-02T18:00:00.000Z');
    await treasurer.ok('treasury.periods.close', { year: 2026 });
    expect(await refusal(treasurer.call('treasury.gifts.recordInKind', inKind('2026-12-30')))).toBe(
      '2026-12-30 falls in FY2026, which is closed. Post it in an open period.',
    );
    expect(
      (await treasurer.ok('treasury.gifts.list', {})).filter((g) => g.description === 'A box of thread'),
    ).toHaveLength(1);
  });

  it('the time zone comes from settings: the same instant is another day in Honolulu', async () => {
    await at('2027-01-01T05:30:00.000Z');
    expect((await treasurer.ok('treasury.setup', {})).timeZone).toBe('America/Chicago');
    t!.host.store.write({ actor: null, reason: 'test' }, (tx) => {
      tx.db
        .prepare("INSERT INTO settings (key, value_json) VALUES ('labTimeZone', '\"Pacific/Honolulu\"')")
        .run();
      tx.audit('settings', 'labTimeZone', 'set', null, 'Pacific/Honolulu');
    });
    expect(await treasurer.ok('treasury.setup', {})).toMatchObject({
      today: '2026-12-31',
      timeZone: 'Pacific/Honolulu',
    });
    await setClock('2027-01-01T10:30:00.000Z'); // 00:30 in Honolulu; 04:30 in Chicago
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2027-01-01');
    expect(dayIn('America/Chicago', '2027-01-01T10:30:00.000Z')).toBe('2027-01-01');
    expect(dayIn('Pacific/Honolulu', '2027-01-01T09:30:00.000Z')).toBe('2026-12-31');
  });
});
