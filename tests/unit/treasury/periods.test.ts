import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEntries, postEntry } from '../../../main/treasury/journal.js';
import {
  closeFiscalYear,
  fiscalPeriod,
  listPeriods,
  periodOf,
  setFiscalYearStart,
} from '../../../main/treasury/periods.js';
import { createParty } from '../../../main/treasury/members.js';
import { createLoan, getLoan, priCalendar } from '../../../main/treasury/loans.js';
import { buildReport } from '../../../main/treasury/reports.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

const buy = (date: string, cents = 10_000) => ({
  date,
  memo: 'Plywood',
  kind: 'manual' as const,
  lines: [
    { account: 'Expenses:Materials', amount: cents },
    { account: 'Assets:Bank:Operating', amount: -cents },
  ],
});

const span = (p: { name: string; startsOn: string; endsOn: string }) => [p.name, p.startsOn, p.endsOn];

function refused(s: TreasuryStore, fn: () => unknown): string {
  const before = JSON.stringify([
    listEntries(s.store.db).length,
    s.store.db.prepare('SELECT count(*) AS n FROM audit_log').get(),
    s.store.db.prepare('SELECT * FROM treasury_periods').all(),
    s.store.db.prepare('SELECT * FROM treasury_fiscal_year').all(),
  ]);
  let message = '';
  try {
    fn();
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message, 'should have been refused').not.toBe('');
  expect(
    JSON.stringify([
      listEntries(s.store.db).length,
      s.store.db.prepare('SELECT count(*) AS n FROM audit_log').get(),
      s.store.db.prepare('SELECT * FROM treasury_periods').all(),
      s.store.db.prepare('SELECT * FROM treasury_fiscal_year').all(),
    ]),
    'a refusal changes nothing',
  ).toBe(before);
  return message;
}

describe('a fiscal year starting July 1', () => {
  let s: TreasuryStore;
  beforeEach(() => {
    s = openTreasuryStore('2027-07-02T15:00:00.000Z');
    s.write((tx) => setFiscalYearStart(tx, '07-01'));
  });
  afterEach(() => s.close());

  it('is named by the year it ends in, and June 30 and July 1 fall in different years', () => {
    expect(span(fiscalPeriod(s.store.db, 2027))).toEqual(['FY2027', '2026-07-01', '2027-06-30']);
    expect(periodOf(s.store.db, '2027-06-30').name).toBe('FY2027');
    expect(periodOf(s.store.db, '2027-07-01').name).toBe('FY2028');
    expect(periodOf(s.store.db, '2026-07-01').name).toBe('FY2027');
    expect(periodOf(s.store.db, '2026-06-30').name).toBe('FY2026');
  });

  it('closes across the boundary: June 30 is locked, July 1 is open, the next year waits for its end, years close in order', () => {
    s.write((tx) => postEntry(tx, buy('2027-06-30')));
    s.write((tx) => postEntry(tx, buy('2027-07-01')));
    expect(span(s.write((tx) => closeFiscalYear(tx, 2027)))).toEqual(['FY2027', '2026-07-01', '2027-06-30']);
    expect(refused(s, () => s.write((tx) => postEntry(tx, buy('2027-06-30'))))).toBe(
      '2027-06-30 falls in FY2027, which is closed. Post it in an open period.',
    );
    // The database says the same when the service is bypassed.
    expect(
      refused(s, () =>
        s.store.db
          .prepare(
            "INSERT INTO treasury_entries (number, date, memo, kind, line_count, posted_at, prev_hash, hash) VALUES (99, '2027-06-30', 'x', 'manual', 2, 'now', 'p', 'h')",
          )
          .run(),
      ),
    ).toBe('that date falls in a closed period');
    expect(s.write((tx) => postEntry(tx, buy('2027-07-01'))).number).toBe(3);
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2028)))).toBe(
      'FY2028 has not ended yet; it can be closed from 2028-07-01.',
    );
    s.clock.set('2030-01-01T12:00:00.000Z');
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2029)))).toBe(
      'Years close in order: close FY2028 first.',
    );
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2027)))).toBe('FY2027 is already closed.');
    expect(span(s.write((tx) => closeFiscalYear(tx, 2028)))).toEqual(['FY2028', '2027-07-01', '2028-06-30']);
    expect(
      listPeriods(s.store.db, '2030-01-01').map((p) => [p.name, p.closedAt === null ? 'open' : 'closed']),
    ).toEqual([
      ['FY2027', 'closed'],
      ['FY2028', 'closed'],
      ['FY2029', 'open'],
      ['FY2030', 'open'],
    ]);
  });

  it('a year is still open all through its last day in the lab, and can close at the lab’s midnight', () => {
    s.write((tx) => postEntry(tx, buy('2027-06-30')));
    // 23:30 on June 30 in Jackson (CDT): already July 1 in UTC, still the year's last day in the lab.
    s.clock.set('2027-07-01T04:30:00.000Z');
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2027)))).toBe(
      'FY2027 has not ended yet; it can be closed from 2027-07-01.',
    );
    s.clock.set('2027-07-01T04:59:59.999Z');
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2027)))).toContain('has not ended yet');
    // Midnight in the lab: July 1 has begun there, the year is over.
    s.clock.set('2027-07-01T05:00:00.000Z');
    expect(span(s.write((tx) => closeFiscalYear(tx, 2027)))).toEqual(['FY2027', '2026-07-01', '2027-06-30']);
  });

  it('the statements follow it: activities for the fiscal year, the balance sheet splitting net assets at July 1', () => {
    s.write((tx) => postEntry(tx, buy('2027-06-15', 30_000)));
    // Nothing is booked before its day: the clock moves on to the 15th first.
    s.clock.set('2027-07-15T15:00:00.000Z');
    s.write((tx) => postEntry(tx, buy('2027-07-15', 5_000)));
    const params = { asOf: '2027-07-31', from: '2027-07-01', to: '2027-07-31', year: 2027 };
    const activities = buildReport(s.store.db, 'activities', params);
    expect(activities.subtitle).toBe('2027-07-01 to 2027-07-31 (FY2028 to date)');
    expect(activities.totals).toMatchObject({ withoutRestrictions: -5_000 });
    const whole = buildReport(s.store.db, 'activities', { ...params, from: '2026-07-01', to: '2027-06-30' });
    expect(whole.subtitle).toBe('2026-07-01 to 2027-06-30 (fiscal year FY2027)');
    const sheet = buildReport(s.store.db, 'balance-sheet', params);
    expect(sheet.rows.filter((r) => r.section === 'Equity').map((r) => [r.account, r.amount])).toEqual([
      ['Net assets from before FY2028', -30_000],
      ['Change in net assets in FY2028 to date (income less expenses)', -5_000],
    ]);
    expect(sheet.totals).toMatchObject({ account: 'balanced' });
  });

  it('PRI reports fall due after each fiscal year end, not December 31', () => {
    const loan = s.write((tx) => {
      const fund = createParty(tx, { kind: 'organisation', name: 'Delta Foundation' });
      return createLoan(tx, {
        lenderPartyId: fund.id,
        kind: 'pri',
        principalCents: 5_000_000,
        rateBp: 0,
        method: 'interest-only',
        termMonths: 24,
        paymentsPerYear: 1,
        agreementOn: '2026-09-01',
        firstPaymentOn: '2027-09-01',
        reportDueDays: 90,
      });
    });
    const due = priCalendar(s.store.db, getLoan(s.store.db, loan.id), '2027-07-02')
      .filter((d) => d.kind === 'financial-report')
      .map((d) => [d.fiscalYear, d.dueOn]);
    expect(due).toEqual([
      [2027, '2027-09-28'],
      [2028, '2028-09-28'],
      [2029, '2029-09-28'],
    ]);
  });
});

describe('changing the fiscal year start', () => {
  let s: TreasuryStore;
  afterEach(() => s.close());

  it('only between years: refused once something is posted in an open year, in words, with nothing changed', () => {
    s = openTreasuryStore('2026-11-24T15:00:00.000Z');
    s.write((tx) => postEntry(tx, buy('2026-03-02')));
    expect(refused(s, () => s.write((tx) => setFiscalYearStart(tx, '07-01')))).toBe(
      "The fiscal year's first day can change only between years, before anything is posted in the open ones; there are entries from 2026-03-02. Close FY2026 first.",
    );
    expect(refused(s, () => s.write((tx) => setFiscalYearStart(tx, '02-30')))).toContain('MM-DD');
    expect(refused(s, () => s.write((tx) => setFiscalYearStart(tx, '12-29')))).toContain('12-28');
  });

  it('calendar to July 1 after closing FY2025: a short FY2026 to June 30, then July to June', () => {
    s = openTreasuryStore('2026-01-10T15:00:00.000Z');
    s.write((tx) => postEntry(tx, buy('2025-12-30')));
    s.write((tx) => closeFiscalYear(tx, 2025));
    s.write((tx) => setFiscalYearStart(tx, '07-01'));
    expect(span(fiscalPeriod(s.store.db, 2025))).toEqual(['FY2025', '2025-01-01', '2025-12-31']);
    expect(span(fiscalPeriod(s.store.db, 2026))).toEqual(['FY2026', '2026-01-01', '2026-06-30']);
    expect(span(fiscalPeriod(s.store.db, 2027))).toEqual(['FY2027', '2026-07-01', '2027-06-30']);
  });

  it('July 1 back to the calendar after closing FY2026: FY2027 runs eighteen months, so no name is used twice', () => {
    s = openTreasuryStore('2026-07-10T15:00:00.000Z');
    s.write((tx) => setFiscalYearStart(tx, '07-01'));
    s.write((tx) => postEntry(tx, buy('2026-06-30')));
    s.write((tx) => closeFiscalYear(tx, 2026));
    s.write((tx) => setFiscalYearStart(tx, '01-01'));
    expect(span(fiscalPeriod(s.store.db, 2026))).toEqual(['FY2026', '2025-07-01', '2026-06-30']);
    expect(span(fiscalPeriod(s.store.db, 2027))).toEqual(['FY2027', '2026-07-01', '2027-12-31']);
    expect(periodOf(s.store.db, '2026-08-01').name).toBe('FY2027');
    expect(span(fiscalPeriod(s.store.db, 2028))).toEqual(['FY2028', '2028-01-01', '2028-12-31']);
  });
});

describe('closed books', () => {
  let s: TreasuryStore;
  afterEach(() => s.close());

  it('the first year closed locks everything before it too; it cannot be closed while older entries are open', () => {
    s = openTreasuryStore('2026-02-10T12:00:00.000Z');
    s.write((tx) => postEntry(tx, buy('2024-11-02')));
    s.write((tx) => postEntry(tx, buy('2025-05-02')));
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2025)))).toBe(
      'There are entries before FY2025 begins (the first on 2024-11-02); close FY2024 first.',
    );
    s.write((tx) => closeFiscalYear(tx, 2024));
    s.write((tx) => closeFiscalYear(tx, 2025));
    expect(refused(s, () => s.write((tx) => postEntry(tx, buy('2023-05-01'))))).toBe(
      '2023-05-01 is before FY2024, the first closed year; the books before it closed with it. Post it in an open period.',
    );
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2023)))).toBe(
      'FY2023 lies in books already closed through 2025-12-31.',
    );
  });

  it('the database refuses a closed year out of order', () => {
    s = openTreasuryStore('2027-02-10T12:00:00.000Z');
    s.write((tx) => closeFiscalYear(tx, 2025));
    expect(() =>
      s.store.db
        .prepare(
          "INSERT INTO treasury_periods (name, starts_on, ends_on, closed_at) VALUES ('FY2027', '2027-01-01', '2027-12-31', 'now')",
        )
        .run(),
    ).toThrow('fiscal years close in order');
  });
});

describe('through the host', () => {
  let t: TestHost;
  let treasurer: TestClient;
  beforeEach(async () => {
    t = await startTestHost({ start: '2027-08-15T15:00:00.000Z' });
    treasurer = await t.as('treasurer');
  });
  afterEach(async () => {
    await t.close();
  });

  it('the treasurer sets a July 1 year; reports default to the fiscal year to date; a trainee may not set it', async () => {
    const periods = await treasurer.ok('treasury.periods.setFiscalYearStart', { start: '07-01' });
    expect(periods.map((p) => [p.name, p.startsOn, p.endsOn, p.closedAt])).toEqual([
      ['FY2028', '2027-07-01', '2028-06-30', null],
    ]);
    expect((await treasurer.ok('treasury.setup', {})).fiscalYearStart).toBe('07-01');
    const report = await treasurer.ok('treasury.report', { kind: 'activities' });
    expect(report.subtitle).toBe('2027-07-01 to 2027-08-15 (FY2028 to date)');
    const trainee = await t.as('trainee');
    expect(await trainee.call('treasury.periods.setFiscalYearStart', { start: '01-01' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    expect(await treasurer.call('treasury.periods.setFiscalYearStart', { start: '7-1' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
