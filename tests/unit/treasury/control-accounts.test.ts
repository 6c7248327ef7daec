import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { postEntry, verifyLedger } from '../../../main/treasury/journal.js';
import { admitMember, createParty } from '../../../main/treasury/members.js';
import { recordSharePayment } from '../../../main/treasury/shares.js';
import { recordCashGift, voidGift } from '../../../main/treasury/gifts.js';
import { createLoan, disburse } from '../../../main/treasury/loans.js';
import { run as verifyCli } from '../../../main/cli/verify-ledger.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

const manual = (account: string, side: 'debit' | 'credit', counter = 'Assets:Bank:Operating') => ({
  idempotencyKey: crypto.randomUUID(),
  date: '2026-11-20',
  memo: 'Adjust by hand',
  lines:
    side === 'credit'
      ? [
          { account: counter, debit: '500.00' },
          { account, credit: '500.00' },
        ]
      : [
          { account, debit: '500.00' },
          { account: counter, credit: '500.00' },
        ],
});

describe('control accounts accept postings only from their own records', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('a manual journal entry to share equity, subscriptions, a loan, interest payable or contributions is refused in words, and writes nothing', async () => {
    t = await startTestHost();
    const treasurer = await t.as('treasurer');
    const cases: [string, string][] = [
      ['Equity:Shares:Community', 'the share register'],
      ['Liabilities:Subscriptions:Received', 'the share subscriptions'],
      ['Liabilities:Loans:PRI', 'the loan book'],
      ['Liabilities:InterestPayable', 'the loan book (interest accrued)'],
      ['Income:Contributions:WithDonorRestrictions', 'the gift records'],
      ['Income:JobFees', 'the job payments'],
      ['Income:Sales:Production', 'production’s distributions'],
    ];
    for (const [account, keeper] of cases) {
      for (const side of ['debit', 'credit'] as const) {
        const r = await treasurer.call('treasury.journal.post', manual(account, side));
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('RULE_VIOLATION');
          expect(r.error.message).toMatch(
            new RegExp(
              `^${account} is kept by ${keeper.replace(/[()]/g, '\\$&')}, so a journal entry cannot post to it; `,
            ),
          );
        }
      }
    }
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM treasury_entries').get()).toEqual({ n: 0 });
    // The other side of the boundary: ordinary accounts still take manual entries.
    const ok = await treasurer.call('treasury.journal.post', manual('Expenses:Materials', 'debit'));
    expect(ok.ok).toBe(true);
  });
});

describe('verify-ledger reconciles every sub-ledger with its control account', () => {
  let s: TreasuryStore | undefined;
  afterEach(() => {
    s?.close();
    s = undefined;
  });

  function books(): TreasuryStore {
    const store = openTreasuryStore();
    store.write((tx) => {
      const p = createParty(tx, { kind: 'person', name: 'Aisha Bello' });
      const m = admitMember(tx, { partyId: p.id, memberClassId: 3, admittedOn: '2026-03-01' });
      recordSharePayment(tx, { membershipId: m.id, shares: 1, amount: 100_000, date: '2026-03-01' });
      const g = recordCashGift(tx, {
        donorPartyId: p.id,
        amount: 25_000,
        date: '2026-03-02',
        fundId: 1,
      }).gift;
      recordCashGift(tx, { donorPartyId: p.id, amount: 10_000, date: '2026-03-03', fundId: 2 });
      voidGift(tx, { giftId: g.id, date: '2026-03-04', reason: 'bounced' });
      const loan = createLoan(tx, {
        lenderPartyId: p.id,
        kind: 'pri',
        principalCents: 500_000,
        rateBp: 200,
        method: 'amortizing',
        termMonths: 24,
        paymentsPerYear: 12,
        agreementOn: '2026-03-05',
        firstPaymentOn: '2026-04-05',
      });
      disburse(tx, { loanId: loan.id, amount: 500_000, date: '2026-03-05' });
    });
    return store;
  }

  it('the records and the journal agree after real work through the services', () => {
    s = books();
    expect(verifyLedger(s.store.db)).toMatchObject({ ok: true });
  });

  const cases: [string, string, string][] = [
    ['share-issue', 'Equity:Shares:Community', 'Equity:Shares:Community disagrees with the share register'],
    [
      'share-payment',
      'Liabilities:Subscriptions:Received',
      'Liabilities:Subscriptions:Received disagrees with the share subscriptions',
    ],
    ['loan-disbursement', 'Liabilities:Loans:PRI', 'Liabilities:Loans:PRI disagrees with the loan book'],
    [
      'gift',
      'Income:Contributions:WithoutDonorRestrictions',
      'Income:Contributions:WithoutDonorRestrictions disagrees with the gift records',
    ],
    ['loan-repayment', 'Liabilities:InterestPayable', 'the loan book (interest accrued) has no record of it'],
    ['job-payment', 'Income:JobFees', 'Income:JobFees disagrees with the job payments'],
    [
      'production-sale',
      'Income:Sales:Production',
      'Income:Sales:Production disagrees with production’s distributions',
    ],
  ];
  for (const [kind, account, words] of cases) {
    it(`an entry on ${account} with no record behind it is named (${kind})`, async () => {
      s = books();
      const before = verifyLedger(s.store.db).entries;
      // A service's kind passes the posting rule, but nothing in its records backs this entry.
      s.write((tx) =>
        postEntry(tx, {
          date: '2026-03-10',
          memo: 'Booked without its record',
          kind: kind as 'gift',
          lines: [
            { account: 'Assets:Bank:Operating', amount: 12_345 },
            { account, amount: -12_345 },
          ],
        }),
      );
      const v = verifyLedger(s.store.db);
      expect(v.ok).toBe(false);
      expect(v.firstBroken?.number).toBe(before + 1);
      expect(v.firstBroken?.reason).toContain(words);
      if (!words.includes('no record'))
        expect(v.firstBroken?.reason).toContain('the journal moves it $123.45 credit, the records nothing');
      s.store.db.pragma('wal_checkpoint(TRUNCATE)');
      const err: string[] = [];
      expect(
        await verifyCli(['--data', s.store.dataDir], { out: () => undefined, err: (x) => err.push(x) }),
      ).toBe(1);
      expect(err.join('\n')).toContain(`Ledger broken at entry ${before + 1}: `);
    });
  }
});
