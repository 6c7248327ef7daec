import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admitMember, createParty } from '../../../main/treasury/members.js';
import { recordSharePayment } from '../../../main/treasury/shares.js';
import { recordCashGift, recordInKindGift } from '../../../main/treasury/gifts.js';
import { createLoan, disburse } from '../../../main/treasury/loans.js';
import { postEntry } from '../../../main/treasury/journal.js';
import { buildReport, reportKinds, toCsv } from '../../../main/treasury/reports.js';
import { toBeancount, toHledger } from '../../../main/treasury/ledger-export.js';
import { acknowledgeGift } from '../../../main/treasury/acknowledgments.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

const params = { asOf: '2026-11-23', from: '2026-01-01', to: '2026-11-23', year: 2026 };

describe('reports', () => {
  let s: TreasuryStore;
  beforeEach(() => {
    s = openTreasuryStore();
    s.write((tx) => {
      const cj = createParty(tx, { kind: 'organisation', name: 'Cooperation Jackson' });
      const a = createParty(tx, { kind: 'person', name: 'Tanisha Williams' });
      const b = createParty(tx, { kind: 'person', name: 'Héctor "Tito" Morales, Jr.' });
      const m1 = admitMember(tx, { partyId: cj.id, memberClassId: 1, admittedOn: '2026-02-01' });
      recordSharePayment(tx, { membershipId: m1.id, shares: 20, amount: 2_000_000, date: '2026-02-02' });
      const m2 = admitMember(tx, { partyId: a.id, memberClassId: 3, admittedOn: '2026-03-01' });
      recordSharePayment(tx, { membershipId: m2.id, shares: 1, amount: 100_000, date: '2026-03-01' });
      const m3 = admitMember(tx, { partyId: b.id, memberClassId: 3, admittedOn: '2026-06-01' });
      recordSharePayment(tx, { membershipId: m3.id, shares: 1, amount: 25_000, date: '2026-06-01' });
      recordCashGift(tx, { donorPartyId: a.id, amount: 5_000, date: '2026-04-01', fundId: 1 });
      recordCashGift(tx, {
        donorPartyId: b.id,
        amount: 100_000,
        date: '2026-05-01',
        fundId: 2,
        trancheId: 2,
      });
      recordInKindGift(tx, {
        donorPartyId: b.id,
        date: '2026-05-02',
        description: 'Sewing machine',
        fundId: 3,
      });
      const loan = createLoan(tx, {
        lenderPartyId: cj.id,
        kind: 'member-loan',
        principalCents: 500_000,
        rateBp: 0,
        method: 'amortizing',
        termMonths: 12,
        paymentsPerYear: 12,
        agreementOn: '2026-07-01',
        firstPaymentOn: '2026-08-01',
      });
      disburse(tx, { loanId: loan.id, amount: 500_000, date: '2026-07-02' });
      postEntry(tx, {
        date: '2026-08-10',
        memo: 'Filament',
        kind: 'manual',
        lines: [
          { account: 'Expenses:Materials', amount: 12_345 },
          { account: 'Assets:Bank:Operating', amount: -12_345 },
        ],
      });
    });
  });
  afterEach(() => s.close());

  it('the member register is as of a date: holdings then, members admitted by then', () => {
    const march = buildReport(s.store.db, 'member-register', { ...params, asOf: '2026-03-15' });
    expect(march.rows.map((r) => [r.memberNumber, r.name, r.shares])).toEqual([
      [1, 'Cooperation Jackson', 20],
      [2, 'Tanisha Williams', 1],
    ]);
    const now = buildReport(s.store.db, 'member-register', params);
    expect(now.rows.map((r) => [r.memberNumber, r.status, r.shares])).toEqual([
      [1, 'active', 20],
      [2, 'active', 1],
      [3, 'candidate', 0],
    ]);
  });

  it('counts what happened on the as-of date itself: admitted and paid that day, and not the day before', () => {
    const register = (asOf: string) =>
      buildReport(s.store.db, 'member-register', { ...params, asOf }).rows.map((r) => [
        r.memberNumber,
        r.shares,
      ]);
    // Member 2 was admitted and paid for one share on 2026-03-01; member 1 paid for twenty on 2026-02-02.
    expect(register('2026-03-01')).toEqual([
      [1, 20],
      [2, 1],
    ]);
    expect(register('2026-02-28')).toEqual([[1, 20]]);
    expect(register('2026-02-02')).toEqual([[1, 20]]);
    expect(register('2026-02-01')).toEqual([[1, 0]]);
    expect(register('2026-01-31')).toEqual([]);
  });

  it('the voting roster gives one vote per member in good standing, whatever the shares held', () => {
    const roster = buildReport(s.store.db, 'voting-roster', params);
    expect(roster.rows).toEqual([
      { memberClass: 'community', memberNumber: 2, name: 'Tanisha Williams', votes: 1 },
      { memberClass: 'cooperation-jackson', memberNumber: 1, name: 'Cooperation Jackson', votes: 1 },
    ]);
  });

  it('trial balance balances; the balance sheet adds up; activities split by donor restriction', () => {
    const tb = buildReport(s.store.db, 'trial-balance', params);
    expect(tb.totals?.debit).toBe(tb.totals?.credit);
    const bs = buildReport(s.store.db, 'balance-sheet', params);
    expect(bs.totals).toMatchObject({
      account: 'balanced',
      amount: 2_000_000 + 100_000 + 25_000 + 5_000 + 100_000 + 500_000 - 12_345,
    });
    const act = buildReport(s.store.db, 'activities', params);
    expect(act.rows).toContainEqual({
      section: 'Revenue and support',
      account: 'Income:Contributions:WithDonorRestrictions',
      withoutRestrictions: null,
      withRestrictions: 100_000,
    });
    expect(act.rows).toContainEqual({
      section: 'Revenue and support',
      account: 'Income:Contributions:WithoutDonorRestrictions',
      withoutRestrictions: 5_000,
      withRestrictions: null,
    });
    expect(act.totals).toEqual({
      section: 'Change in net assets',
      withoutRestrictions: 5_000 - 12_345,
      withRestrictions: 100_000,
    });
  });

  it('activities: a sale tagged with a restricted fund is revenue without donor restrictions; spending a restricted fund releases it', () => {
    // Masks sold from the production fund: earned revenue, never donor-restricted.
    s.write((tx) =>
      postEntry(tx, {
        date: '2026-11-20',
        memo: 'Sale of 40 masks',
        kind: 'manual',
        lines: [
          { account: 'Assets:Bank:Operating', amount: 8_000 },
          { account: 'Income:Services', amount: -8_000, fundId: 3 },
        ],
      }),
    );
    // Plywood bought for the building from the capital (purpose-restricted) fund.
    s.write((tx) =>
      postEntry(tx, {
        date: '2026-11-21',
        memo: 'Plywood for the building',
        kind: 'manual',
        lines: [
          { account: 'Expenses:Materials', amount: 30_000, fundId: 2 },
          { account: 'Assets:Bank:Operating', amount: -30_000 },
        ],
      }),
    );
    const act = buildReport(s.store.db, 'activities', params);
    expect(act.rows).toContainEqual({
      section: 'Revenue and support',
      account: 'Income:Services',
      withoutRestrictions: 8_000,
      withRestrictions: null,
    });
    expect(act.rows).toContainEqual({
      section: 'Revenue and support',
      account: 'Net assets released from restrictions',
      withoutRestrictions: 30_000,
      withRestrictions: -30_000,
    });
    expect(act.totals).toEqual({
      section: 'Change in net assets',
      withoutRestrictions: 5_000 + 8_000 - 12_345 - 30_000 + 30_000,
      withRestrictions: 100_000 - 30_000,
    });
  });

  it('gifts by donor, loan book with the next payment, certificate ledger and audit trail', () => {
    const gifts = buildReport(s.store.db, 'gifts-by-donor', params);
    expect(gifts.rows).toEqual([
      { donor: 'Héctor "Tito" Morales, Jr.', gifts: 2, cash: 100_000, inKind: 1 },
      { donor: 'Tanisha Williams', gifts: 1, cash: 5_000, inKind: 0 },
    ]);
    const book = buildReport(s.store.db, 'loan-book', params);
    expect(book.rows[0]).toMatchObject({
      number: 1,
      balance: 500_000,
      nextDue: '2026-08-01',
      nextPayment: 41_667,
      rate: '0.00 %',
    });
    expect(buildReport(s.store.db, 'certificate-ledger', params).rows).toHaveLength(2);
    expect(
      buildReport(s.store.db, 'audit-trail', { ...params, to: '2026-11-24' }).rows.length,
    ).toBeGreaterThan(10);
  });

  it('CSV quotes what needs quoting, writes money as plain decimals and neutralises formulas', () => {
    const csv = toCsv(buildReport(s.store.db, 'gifts-by-donor', params));
    expect(csv.split('\r\n')).toEqual([
      'Donor,Gifts,Cash,In-kind gifts',
      '"Héctor ""Tito"" Morales, Jr.",2,1000.00,1',
      'Tanisha Williams,1,50.00,0',
      'Total,3,1050.00,',
      '',
    ]);
    const evil = toCsv({
      kind: 'audit-trail',
      title: '',
      subtitle: '',
      columns: [{ key: 'a', label: 'A', kind: 'text' }],
      rows: [{ a: '=HYPERLINK("x")' }],
      totals: null,
    });
    expect(evil).toBe('A\r\n"\'=HYPERLINK(""x"")"\r\n');
  });

  it('every report kind builds; unsent acknowledgments make the batch to mail', () => {
    s.write((tx) => acknowledgeGift(tx, { giftId: 2, language: 'es' }));
    expect(buildReport(s.store.db, 'acknowledgment-batch', params).rows).toEqual([
      {
        number: 1,
        donor: 'Héctor "Tito" Morales, Jr.',
        address: null,
        title: 'Reconocimiento de donación',
        gifts: '2',
        cash: 100_000,
        language: 'es',
      },
    ]);
    for (const kind of reportKinds) {
      expect(buildReport(s.store.db, kind, params).columns.length).toBeGreaterThan(1);
    }
  });

  it('exports the journal as beancount and hledger text with every entry, number and hash', () => {
    const bean = toBeancount(s.store.db, 'Center for Community Production', '2026-12-31');
    expect(bean).toContain('2026-02-02 * "Share payment from Cooperation Jackson (member 1)"');
    expect(bean).toMatch(/ {2}Assets:Bank:Operating +20000\.00 USD/);
    const hl = toHledger(s.store.db, '2026-12-31');
    expect(hl).toMatch(/2026-08-10 \* \(\d+\) Filament {2}; kind:manual, hash:[0-9a-f]{64}/);
    expect(hl).toMatch(/ {4}Expenses:Materials +123\.45 USD/);
  });
});
