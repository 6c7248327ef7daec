import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountBalances, listEntries } from '../../../main/treasury/journal.js';
import {
  admitMember,
  createParty,
  endMembership,
  getMembership,
  listMemberClasses,
} from '../../../main/treasury/members.js';
import { listOperations, recordSharePayment } from '../../../main/treasury/shares.js';
import { correctShares, redeemShares } from '../../../main/treasury/share-moves.js';
import { listCertificates } from '../../../main/treasury/certificates.js';
import { recordCashGift, recordInKindGift, voidGift } from '../../../main/treasury/gifts.js';
import { markSent, yearEndLetter } from '../../../main/treasury/acknowledgments.js';
import { createLoan, disburse, forgive, getLoan, repay } from '../../../main/treasury/loans.js';
import type { WriteTx } from '../../../main/store/store.js';
import { campaignSummary } from '../../../main/treasury/campaign.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

/** Deliverables the property runs exercise only in bulk, each shown here once, by hand. */
let s: TreasuryStore;
beforeEach(() => {
  s = openTreasuryStore('2026-11-24T15:00:00.000Z');
});
afterEach(() => s.close());

const person = (name: string) => s.write((tx) => createParty(tx, { kind: 'person', name }));
const admit = (partyId: number, memberClassId: number) =>
  s.write((tx) => admitMember(tx, { partyId, memberClassId, admittedOn: '2026-02-01' }));
const audits = () => (s.store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('member and share classes from the bylaws', () => {
  it('seeds Cooperation Jackson, worker-owner technicians and community stakeholders, one vote each, $1,000 par', () => {
    expect(
      listMemberClasses(s.store.db).map((c) => [
        c.code,
        c.votesPerMember,
        c.maxInstalments,
        c.issueRule,
        c.shareClass.parCents,
        c.shareClass.maxPerMember,
        c.shareClass.transferable,
        c.shareClass.redeemable,
        c.shareClass.equityAccount,
      ]),
    ).toEqual([
      [
        'cooperation-jackson',
        1,
        1,
        'per-share',
        100_000,
        null,
        false,
        false,
        'Equity:Shares:CooperationJackson',
      ],
      ['worker-owner', 1, 12, 'full', 100_000, 1, false, true, 'Equity:Shares:WorkerOwners'],
      ['community', 1, 4, 'per-share', 100_000, 10, true, true, 'Equity:Shares:Community'],
    ]);
  });

  it('instalments as the class allows: a worker-owner pays twelve, shares issue with the last; Cooperation Jackson pays at once', () => {
    const tech = admit(person('Marisol Vega').id, 2);
    let subscriptionId: number | undefined;
    for (let k = 0; k < 11; k += 1) {
      const r = s.write((tx) =>
        recordSharePayment(tx, {
          membershipId: tech.id,
          subscriptionId,
          shares: 1,
          amount: 8_333,
          date: '2026-03-01',
        }),
      );
      subscriptionId = r.subscription.id;
      expect(r.issued).toBeNull();
    }
    const before = audits();
    expect(() =>
      s.write((tx) =>
        recordSharePayment(tx, { membershipId: tech.id, subscriptionId, amount: 8_000, date: '2026-03-02' }),
      ),
    ).toThrow(
      'Members of the Worker-owner technicians class may pay in at most 12 instalments; this last one must be $83.37.',
    );
    expect(audits()).toBe(before);
    const last = s.write((tx) =>
      recordSharePayment(tx, { membershipId: tech.id, subscriptionId, amount: 8_337, date: '2026-03-02' }),
    );
    expect(last.issued).toMatchObject({ quantity: 1 });
    expect(getMembership(s.store.db, tech.id)).toMatchObject({ shares: 1, status: 'active' });

    const cj = admit(
      s.write((tx) => createParty(tx, { kind: 'organisation', name: 'Cooperation Jackson' })).id,
      1,
    );
    expect(() =>
      s.write((tx) =>
        recordSharePayment(tx, { membershipId: cj.id, shares: 2, amount: 100_000, date: '2026-03-03' }),
      ),
    ).toThrow('Members of the Cooperation Jackson class pay for their shares in one payment of $2,000.00.');
  });

  it('a member leaves only once their shares are redeemed (paid from the bank, certificate cancelled); the number is never given again', () => {
    const m = admit(person('Kofi Mensah').id, 3);
    s.write((tx) =>
      recordSharePayment(tx, { membershipId: m.id, shares: 2, amount: 200_000, date: '2026-03-01' }),
    );
    expect(() =>
      s.write((tx) => endMembership(tx, { membershipId: m.id, status: 'withdrawn', on: '2026-06-01' })),
    ).toThrow('Member 1 still holds 2 share(s); redeem or transfer them first.');
    s.write((tx) => redeemShares(tx, { membershipId: m.id, quantity: 2, date: '2026-06-01' }));
    expect(listCertificates(s.store.db, m.id).map((c) => [c.number, c.cancelledOn])).toEqual([
      [1, '2026-06-01'],
    ]);
    expect(accountBalances(s.store.db).get('Equity:Shares:Community')).toBe(0);
    expect(
      s.write((tx) => endMembership(tx, { membershipId: m.id, status: 'withdrawn', on: '2026-06-01' })),
    ).toMatchObject({ status: 'withdrawn', memberNumber: 1 });
    expect(admit(person('Mei Lin').id, 3).memberNumber).toBe(2);
  });

  it('shares booked by mistake are undone only by a register correction, tied to its own entry against a named account', () => {
    const m = admit(person('Esther Kahn').id, 3);
    s.write((tx) =>
      recordSharePayment(tx, { membershipId: m.id, shares: 1, amount: 100_000, date: '2026-03-01' }),
    );
    // Contributions are kept by the gift records: a correction cannot book a gift behind their back.
    expect(() =>
      s.write((tx) =>
        correctShares(tx, {
          membershipId: m.id,
          quantity: -1,
          date: '2026-03-05',
          counterAccount: 'Income:Contributions:WithoutDonorRestrictions',
          reason: 'the donor meant a gift',
        }),
      ),
    ).toThrow(
      'Income:Contributions:WithoutDonorRestrictions is kept by the gift records, so a share-correction entry cannot post to it; record the gift (or void it) under Gifts.',
    );
    // The $1,000 was really payment for lab services: the correction moves it from equity to that income.
    const r = s.write((tx) =>
      correctShares(tx, {
        membershipId: m.id,
        quantity: -1,
        date: '2026-03-05',
        counterAccount: 'Income:Services',
        reason: 'the payment was for a laser-cutting job',
      }),
    );
    expect(r.entry.lines.map((l) => [l.account, l.amount])).toEqual([
      ['Income:Services', -100_000],
      ['Equity:Shares:Community', 100_000],
    ]);
    expect(listOperations(s.store.db).map((o) => [o.number, o.kind, o.quantity])).toEqual([
      [1, 'issue', 1],
      [2, 'correction', -1],
    ]);
    expect(() =>
      s.write((tx) =>
        correctShares(tx, {
          membershipId: m.id,
          quantity: 1,
          date: '2026-03-06',
          counterAccount: 'Equity:Shares:WorkerOwners',
          reason: 'wrong class',
        }),
      ),
    ).toThrow('not between share classes');
  });
});

describe('year-end letters', () => {
  it('one per donor and year: the year’s gifts (not voided ones, not other years’), cash total, numbered, frozen once sent', () => {
    const donor = person('Eleanor Fitzgerald');
    const gift = (amount: number, date: string) =>
      s.write((tx) => recordCashGift(tx, { donorPartyId: donor.id, amount, date, fundId: 1 }).gift);
    gift(50_000, '2025-12-20');
    gift(100_000, '2026-02-10');
    const voided = gift(30_000, '2026-05-01');
    s.write((tx) => voidGift(tx, { giftId: voided.id, date: '2026-05-02', reason: 'bounced' }));
    gift(2_500, '2026-09-09');
    s.write((tx) =>
      recordInKindGift(tx, {
        donorPartyId: donor.id,
        date: '2026-10-01',
        description: 'A used laser cutter',
        fundId: 2,
      }),
    );
    const letter = s.write((tx) => yearEndLetter(tx, { donorPartyId: donor.id, year: 2026, language: 'en' }));
    expect(letter).toMatchObject({ number: 1, kind: 'year-end', year: 2026, sentAt: null });
    expect(letter.content.lines.map((l) => l.giftNumber)).toEqual([2, 4, 5]);
    expect(letter.content.totalCashCents).toBe(102_500);
    expect(letter.content.title).toContain('2026');
    s.write((tx) => markSent(tx, letter.id));
    expect(() =>
      s.store.db
        .prepare("UPDATE treasury_acknowledgments SET content_json = '{}' WHERE id = ?")
        .run(letter.id),
    ).toThrow('frozen once sent');
    expect(() =>
      s.write((tx) => yearEndLetter(tx, { donorPartyId: donor.id, year: 2024, language: 'es' })),
    ).toThrow('There are no gifts from this donor in 2024.');
  });
});

describe('forgiveness and the campaign', () => {
  it('a lender forgives part of a loan: the liability falls, debt forgiveness is income, never more than is owed', () => {
    const fund = s.write((tx) => createParty(tx, { kind: 'organisation', name: 'Magnolia Fund' }));
    const loan = s.write((tx) =>
      createLoan(tx, {
        lenderPartyId: fund.id,
        kind: 'non-extractive',
        principalCents: 1_000_000,
        rateBp: 0,
        method: 'amortizing',
        termMonths: 12,
        paymentsPerYear: 12,
        agreementOn: '2026-01-10',
        firstPaymentOn: '2026-02-10',
      }),
    );
    s.write((tx) => disburse(tx, { loanId: loan.id, amount: 1_000_000, date: '2026-01-15' }));
    const r = s.write((tx) => forgive(tx, { loanId: loan.id, date: '2026-06-30', amount: 400_000 }));
    expect(r.entry.lines.map((l) => [l.account, l.amount])).toEqual([
      ['Liabilities:Loans:NonExtractive', 400_000],
      ['Income:DebtForgiveness', -400_000],
    ]);
    expect(getLoan(s.store.db, loan.id)).toMatchObject({ forgivenCents: 400_000, balanceCents: 600_000 });
    expect(() =>
      s.write((tx) => forgive(tx, { loanId: loan.id, date: '2026-07-01', amount: 600_001 })),
    ).toThrow('Loan 1 has $6,000.00 outstanding; the lender cannot forgive $6,000.01.');
  });

  it('tranche progress and counts come from the books: stakeholders with shares, donors with gifts, a void takes its gift back out', () => {
    const [a, b] = [person('Tanisha Williams'), person('Cedric Lewis')];
    for (const p of [a, b]) {
      const m = admit(p.id, 3);
      s.write((tx) =>
        recordSharePayment(tx, { membershipId: m.id, shares: 1, amount: 100_000, date: '2026-04-01' }),
      );
    }
    const g = s.write(
      (tx) =>
        recordCashGift(tx, {
          donorPartyId: a.id,
          amount: 100_000,
          date: '2026-04-02',
          fundId: 2,
          trancheId: 2,
        }).gift,
    );
    s.write((tx) =>
      recordCashGift(tx, { donorPartyId: b.id, amount: 50_000, date: '2026-04-03', fundId: 2, trancheId: 2 }),
    );
    const tranche = (code: string) => campaignSummary(s.store.db)!.tranches.find((t) => t.code === code)!;
    expect(tranche('local-shares')).toMatchObject({ raisedCents: 200_000, count: 2, countTarget: 200 });
    expect(tranche('national-gifts')).toMatchObject({ raisedCents: 150_000, count: 2, countTarget: 200 });
    s.write((tx) => voidGift(tx, { giftId: g.id, date: '2026-04-10', reason: 'was a share payment' }));
    expect(tranche('national-gifts')).toMatchObject({ raisedCents: 50_000, count: 1 });
    expect(campaignSummary(s.store.db)!.raisedCents).toBe(250_000);
    expect(listEntries(s.store.db).every((e) => e.lines.reduce((x, l) => x + l.amount, 0) === 0)).toBe(true);
  });
});

describe('amounts that make no sense, refused by the services themselves (not only by the contract)', () => {
  it('zero, negative or fractional cents for a share payment, gift, loan receipt, repayment or forgiveness: refused in words, nothing written', () => {
    const p = person('Walter Boyd');
    const m = admit(p.id, 3);
    const loan = s.write((tx) =>
      createLoan(tx, {
        lenderPartyId: p.id,
        kind: 'member-loan',
        principalCents: 500_000,
        rateBp: 0,
        method: 'amortizing',
        termMonths: 12,
        paymentsPerYear: 12,
        agreementOn: '2026-01-10',
        firstPaymentOn: '2026-02-10',
      }),
    );
    s.write((tx) => disburse(tx, { loanId: loan.id, amount: 100_000, date: '2026-01-15' }));
    const before = [audits(), listEntries(s.store.db).length];
    const date = '2026-03-01';
    const attempts: [string, (tx: WriteTx) => unknown][] = [
      [
        'The payment must be more than zero',
        (tx) => recordSharePayment(tx, { membershipId: m.id, shares: 1, amount: -100_000, date }),
      ],
      [
        'The gift must be more than zero',
        (tx) => recordCashGift(tx, { donorPartyId: p.id, amount: 0, date, fundId: 1 }),
      ],
      [
        'The gift must be more than zero',
        (tx) => recordCashGift(tx, { donorPartyId: p.id, amount: 100.5, date, fundId: 1 }),
      ],
      [
        'The value given in return must be zero or more',
        (tx) =>
          recordCashGift(tx, {
            donorPartyId: p.id,
            amount: 10_000,
            date,
            fundId: 1,
            returnValue: -1,
            returnDescription: 'x',
          }),
      ],
      [
        'The amount received must be more than zero',
        (tx) => disburse(tx, { loanId: loan.id, amount: -5_000, date }),
      ],
      [
        'The principal repaid must be zero or more',
        (tx) => repay(tx, { loanId: loan.id, date, principal: -1, interest: 100 }),
      ],
      [
        'The interest paid must be zero or more',
        (tx) => repay(tx, { loanId: loan.id, date, principal: 100, interest: -1 }),
      ],
      [
        'The amount forgiven must be more than zero',
        (tx) => forgive(tx, { loanId: loan.id, date, amount: 0 }),
      ],
    ];
    for (const [what, fn] of attempts) expect(() => s.write(fn), what).toThrow(`${what}, in whole cents.`);
    expect([audits(), listEntries(s.store.db).length]).toEqual(before);
  });
});
