import fc from 'fast-check';
import type { Db } from '../../../main/store/store.js';
import { DeskError } from '../../../main/kernel/errors.js';
import { admitMember, createParty, endMembership } from '../../../main/treasury/members.js';
import { recordSharePayment } from '../../../main/treasury/shares.js';
import { correctShares, redeemShares, transferShares } from '../../../main/treasury/share-moves.js';
import { recordCashGift, recordInKindGift, voidGift } from '../../../main/treasury/gifts.js';
import {
  closeFiscalYearWithInterest,
  createLoan,
  disburse,
  forgive,
  getLoan,
  repay,
} from '../../../main/treasury/loans.js';
import { accrueInterest } from '../../../main/treasury/interest.js';
import { listPeriods, setFiscalYearStart } from '../../../main/treasury/periods.js';
import { addDays } from '../../../main/treasury/schedule.js';
import { postEntry, reverseEntry } from '../../../main/treasury/journal.js';
import { acknowledgeGift, markSent } from '../../../main/treasury/acknowledgments.js';
import { payJob } from '../../../main/treasury/job-payments.js';
import type { TreasuryStore } from './store-helper.js';
import { cached } from './cached.js';

/** One random step a treasurer could take; indexes pick among what exists (modulo), so most steps are meaningful. */
export type Op =
  | { t: 'party'; org: boolean }
  | { t: 'admit'; party: number; cls: number }
  | { t: 'pay'; member: number; shares: number; part: number }
  | { t: 'transfer'; from: number; to: number; qty: number }
  | { t: 'redeem'; member: number; qty: number }
  | { t: 'correct'; member: number; qty: number }
  | { t: 'leave'; member: number }
  | { t: 'gift'; party: number; cents: number; back: number; fund: number }
  | { t: 'inkind'; party: number; value: number }
  | { t: 'void'; gift: number }
  | { t: 'ack'; gift: number; send: boolean }
  | { t: 'loan'; party: number; principal: number; bp: number; kind: number }
  | { t: 'disburse'; loan: number; cents: number; lag?: number }
  | { t: 'repay'; loan: number; principal: number; interest: number; lag?: number }
  | { t: 'forgive'; loan: number; cents: number; lag?: number }
  | { t: 'manual'; cents: number }
  /** A manual journal entry by hand against any account, control accounts included (which must refuse it). */
  | { t: 'manualTo'; account: number; cents: number; debit: boolean }
  | { t: 'reverse'; entry: number }
  | { t: 'accrue' }
  | { t: 'close' }
  | { t: 'fystart'; start: string }
  /** A lab job paid (its quote, or a typed amount); a second payment of the same job must be refused. */
  | { t: 'jobpay'; job: number; quote: number; typed: number | null };

const idx = fc.nat({ max: 50 });
const money = fc.oneof(
  fc.integer({ min: 1, max: 500_000 }),
  fc.constantFrom(25_000, 7_500, 7_501, 100_000, 24_999),
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('party' as const), org: fc.boolean() }), weight: 2 },
  {
    arbitrary: fc.record({ t: fc.constant('admit' as const), party: idx, cls: fc.nat({ max: 2 }) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('pay' as const),
      member: idx,
      shares: fc.integer({ min: 1, max: 3 }),
      part: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('transfer' as const),
      from: idx,
      to: idx,
      qty: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('redeem' as const),
      member: idx,
      qty: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('correct' as const),
      member: idx,
      qty: fc.integer({ min: -3, max: 3 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('leave' as const), member: idx }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('gift' as const),
      party: idx,
      cents: money,
      back: fc.nat({ max: 30_000 }),
      fund: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ t: fc.constant('inkind' as const), party: idx, value: fc.nat({ max: 90_000 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('void' as const), gift: idx }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('ack' as const), gift: idx, send: fc.boolean() }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('loan' as const),
      party: idx,
      principal: money,
      bp: fc.constantFrom(0, 100, 250, 375),
      kind: fc.nat({ max: 2 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ t: fc.constant('disburse' as const), loan: idx, cents: money }), weight: 3 },
  {
    arbitrary: fc.record({
      t: fc.constant('repay' as const),
      loan: idx,
      principal: fc.nat({ max: 300_000 }),
      interest: fc.nat({ max: 5_000 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ t: fc.constant('forgive' as const), loan: idx, cents: money }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('manual' as const), cents: money }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('reverse' as const), entry: idx }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('accrue' as const) }), weight: 1 },
);

/**
 * Loans, interest and fiscal years: money lent, drawn, repaid (sometimes dated back a little, `lag` days), forgiven,
 * interest accrued, fiscal years closed in turn, the fiscal year's first day changed now and then; with gifts,
 * share payments and expenses mixed in so closed years have other entries to lock.
 */
const lag = fc.oneof(fc.constant(0), fc.nat({ max: 60 }));
export const loanOpArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant('loan' as const),
      party: idx,
      principal: money,
      bp: fc.constantFrom(0, 100, 250, 375, 5000),
      kind: fc.nat({ max: 2 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ t: fc.constant('disburse' as const), loan: idx, cents: money, lag }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('repay' as const),
      loan: idx,
      principal: fc.nat({ max: 300_000 }),
      interest: fc.oneof(fc.nat({ max: 50_000 }), fc.constant(0)),
      lag,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ t: fc.constant('forgive' as const), loan: idx, cents: money, lag }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('accrue' as const) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('close' as const) }), weight: 2 },
  {
    arbitrary: fc.record({
      t: fc.constant('fystart' as const),
      start: fc.constantFrom('01-01', '07-01', '10-01', '04-15'),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('manual' as const), cents: money }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('gift' as const),
      party: idx,
      cents: money,
      back: fc.constant(0),
      fund: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('pay' as const),
      member: idx,
      shares: fc.integer({ min: 1, max: 3 }),
      part: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 1,
  },
);

/** Accounts a treasurer might pick by hand: the first eight are control accounts, kept by their own records. */
export const MANUAL_ACCOUNTS = [
  'Equity:Shares:Community',
  'Liabilities:Subscriptions:Received',
  'Liabilities:Loans:Member',
  'Liabilities:InterestPayable',
  'Income:Contributions:WithoutDonorRestrictions',
  'Income:JobFees',
  'Income:Sales:Production',
  'Assets:Inventory',
  'Expenses:Operations',
  'Income:Services',
  'Assets:Bank:Capital',
] as const;
export const CONTROL_PICKS = 8;

/** Every kind of step at once, hand-made entries against any account included (the whole-treasury property). */
export const treasuryOpArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: opArb, weight: 6 },
  { arbitrary: loanOpArb, weight: 4 },
  {
    arbitrary: fc.record({
      t: fc.constant('jobpay' as const),
      job: fc.nat({ max: 4 }),
      quote: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 })),
      typed: fc.option(fc.integer({ min: 1, max: 100_000 })),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('manualTo' as const),
      account: fc.nat({ max: MANUAL_ACCOUNTS.length - 1 }),
      cents: fc.integer({ min: 1, max: 200_000 }),
      debit: fc.boolean(),
    }),
    weight: 2,
  },
);

const ids = (db: Db, sql: string): number[] => (cached(db, sql).all() as { id: number }[]).map((r) => r.id);
const pick = (list: number[], i: number): number | undefined =>
  list.length === 0 ? undefined : list[i % list.length];

export interface Applied {
  refused: boolean;
  message?: string;
}

/**
 * Applies one step in its own write transaction. A DeskError is a refusal (expected for many random steps) and
 * must leave nothing behind; anything else — a trigger firing that the service should have caught, a bug — throws.
 */
export function apply(s: TreasuryStore, op: Op, date: string): Applied {
  const db = s.store.db;
  const parties = ids(db, 'SELECT id FROM treasury_parties ORDER BY id');
  const members = ids(db, 'SELECT id FROM treasury_memberships ORDER BY id');
  const gifts = ids(db, 'SELECT id FROM treasury_gifts ORDER BY id');
  const loans = ids(db, 'SELECT id FROM treasury_loans ORDER BY id');
  const entries = ids(db, 'SELECT id FROM treasury_entries ORDER BY id');
  try {
    s.write((tx) => {
      switch (op.t) {
        case 'party':
          createParty(tx, {
            kind: op.org ? 'organisation' : 'person',
            name: op.org ? 'Jackson Org' : 'A. Neighbour',
          });
          return;
        case 'admit': {
          const party = pick(parties, op.party);
          if (party === undefined) throw new DeskError('NOT_FOUND', 'no party yet');
          admitMember(tx, { partyId: party, memberClassId: op.cls + 1, admittedOn: date });
          return;
        }
        case 'pay': {
          const m = pick(members, op.member);
          if (m === undefined) throw new DeskError('NOT_FOUND', 'no member yet');
          const open = cached(
            db,
            `SELECT s.id, s.amount_cents - coalesce((SELECT sum(amount_cents) FROM treasury_share_payments p WHERE p.subscription_id = s.id), 0) AS owed
               FROM treasury_subscriptions s WHERE s.membership_id = ? AND s.cancelled_on IS NULL ORDER BY s.id`,
          ).all(m) as { id: number; owed: number }[];
          const owing = open.find((o) => o.owed > 0);
          if (owing !== undefined) {
            const amount = op.part === 4 ? owing.owed : Math.max(1, Math.floor(owing.owed / op.part));
            recordSharePayment(tx, { membershipId: m, subscriptionId: owing.id, amount, date });
          } else {
            recordSharePayment(tx, {
              membershipId: m,
              shares: op.shares,
              amount: Math.floor((op.shares * 100_000) / op.part),
              date,
            });
          }
          return;
        }
        case 'transfer': {
          const from = pick(members, op.from);
          const to = pick(members, op.from + 1 + op.to);
          if (from === undefined || to === undefined) throw new DeskError('NOT_FOUND', 'no member yet');
          transferShares(tx, { fromMembershipId: from, toMembershipId: to, quantity: op.qty, date });
          return;
        }
        case 'redeem': {
          const m = pick(members, op.member);
          if (m === undefined) throw new DeskError('NOT_FOUND', 'no member yet');
          redeemShares(tx, { membershipId: m, quantity: op.qty, date });
          return;
        }
        case 'correct': {
          const m = pick(members, op.member);
          if (m === undefined) throw new DeskError('NOT_FOUND', 'no member yet');
          correctShares(tx, {
            membershipId: m,
            quantity: op.qty,
            date,
            counterAccount: 'Assets:Bank:Operating',
            reason: 'entered in error',
          });
          return;
        }
        case 'leave': {
          const m = pick(members, op.member);
          if (m === undefined) throw new DeskError('NOT_FOUND', 'no member yet');
          endMembership(tx, { membershipId: m, status: 'withdrawn', on: date });
          return;
        }
        case 'gift': {
          const party = pick(parties, op.party);
          if (party === undefined) throw new DeskError('NOT_FOUND', 'no party yet');
          recordCashGift(tx, {
            donorPartyId: party,
            amount: op.cents,
            date,
            fundId: op.fund,
            trancheId: op.fund === 2 ? 2 : null,
            returnValue: op.back,
            returnDescription: op.back > 0 ? 'Dinner ticket' : undefined,
          });
          return;
        }
        case 'inkind': {
          const party = pick(parties, op.party);
          if (party === undefined) throw new DeskError('NOT_FOUND', 'no party yet');
          recordInKindGift(tx, {
            donorPartyId: party,
            date,
            description: 'Used laser cutter',
            fundId: 2,
            bookValue: op.value,
          });
          return;
        }
        case 'void': {
          const g = pick(gifts, op.gift);
          if (g === undefined) throw new DeskError('NOT_FOUND', 'no gift yet');
          voidGift(tx, { giftId: g, date, reason: 'was really a share payment' });
          return;
        }
        case 'ack': {
          const g = pick(gifts, op.gift);
          if (g === undefined) throw new DeskError('NOT_FOUND', 'no gift yet');
          const ack = acknowledgeGift(tx, { giftId: g, language: op.send ? 'es' : 'en' });
          if (op.send) markSent(tx, ack.id);
          return;
        }
        case 'loan': {
          const party = pick(parties, op.party);
          if (party === undefined) throw new DeskError('NOT_FOUND', 'no party yet');
          const kind = (['pri', 'non-extractive', 'member-loan'] as const)[op.kind]!;
          createLoan(tx, {
            lenderPartyId: party,
            kind,
            principalCents: op.principal,
            rateBp: op.bp,
            method: 'amortizing',
            termMonths: 24,
            paymentsPerYear: 4,
            agreementOn: date,
            firstPaymentOn: date,
          });
          return;
        }
        case 'disburse': {
          const l = pick(loans, op.loan);
          if (l === undefined) throw new DeskError('NOT_FOUND', 'no loan yet');
          const loan = getLoan(db, l);
          // Odd amounts take whatever remains (so loans fill up); even ones are taken as drawn, sometimes too much.
          const amount = op.cents % 2 === 1 ? loan.principalCents - loan.disbursedCents : op.cents;
          disburse(tx, { loanId: l, amount, date: addDays(date, -(op.lag ?? 0)) });
          return;
        }
        case 'repay': {
          const l = pick(loans, op.loan);
          if (l === undefined) throw new DeskError('NOT_FOUND', 'no loan yet');
          const loan = getLoan(db, l);
          const share = op.principal % 6; // 0..4 quarters of the balance, 5: more than is owed
          const principal = share === 5 ? loan.balanceCents + 1 : Math.floor((loan.balanceCents * share) / 4);
          repay(tx, { loanId: l, date: addDays(date, -(op.lag ?? 0)), principal, interest: op.interest });
          return;
        }
        case 'forgive': {
          const l = pick(loans, op.loan);
          if (l === undefined) throw new DeskError('NOT_FOUND', 'no loan yet');
          forgive(tx, { loanId: l, date: addDays(date, -(op.lag ?? 0)), amount: op.cents });
          return;
        }
        case 'manual':
          postEntry(tx, {
            date,
            memo: 'Materials bought',
            kind: 'manual',
            lines: [
              { account: 'Expenses:Materials', amount: op.cents },
              { account: 'Assets:Bank:Operating', amount: -op.cents },
            ],
          });
          return;
        case 'manualTo': {
          const account = MANUAL_ACCOUNTS[op.account % MANUAL_ACCOUNTS.length]!;
          const amount = op.debit ? op.cents : -op.cents;
          postEntry(tx, {
            date,
            memo: `Adjusted by hand: ${account}`,
            kind: 'manual',
            lines: [
              { account, amount },
              { account: 'Assets:Bank:Operating', amount: -amount },
            ],
          });
          return;
        }
        case 'jobpay': {
          // Up to five jobs, made as the jobs service would leave them (submitted, with a quote); paid by number.
          const jobs = ids(tx.db, 'SELECT id FROM jobs ORDER BY id');
          let jobId = jobs[op.job];
          if (jobId === undefined) {
            const person =
              (
                cached(tx.db, 'SELECT id FROM persons ORDER BY id LIMIT 1').get() as
                  { id: number } | undefined
              )?.id ??
              Number(
                cached(tx.db, 'INSERT INTO persons (display_name, created_at) VALUES (?, ?)').run(
                  'Job requester',
                  tx.at,
                ).lastInsertRowid,
              );
            jobId = Number(
              cached(
                tx.db,
                `INSERT INTO jobs (number, title, requester_id, machine_kind, quantity, tier_id, status, quote_json,
                   quote_total_cents, created_at, updated_at)
                 VALUES (?, 'Bracket', ?, 'fff-printer', 1, 2, 'submitted', '{}', ?, ?, ?)`,
              ).run(jobs.length + 1, person, op.quote, tx.at, tx.at).lastInsertRowid,
            );
          }
          payJob(tx, { jobId, date, amount: op.typed ?? undefined });
          return;
        }
        case 'accrue':
          accrueInterest(tx, date);
          return;
        case 'close': {
          // The earliest open fiscal year that has ended by this step's date, as a treasurer would close them.
          const open = listPeriods(db, date).find((p) => p.closedAt === null);
          if (open === undefined || open.endsOn >= date)
            throw new DeskError('RULE_VIOLATION', 'no year has ended yet');
          closeFiscalYearWithInterest(tx, Number(open.name.slice(2)));
          return;
        }
        case 'fystart':
          setFiscalYearStart(tx, op.start);
          return;
        case 'reverse': {
          const e = pick(entries, op.entry);
          if (e === undefined) throw new DeskError('NOT_FOUND', 'no entry yet');
          const kind = (
            db.prepare('SELECT kind FROM treasury_entries WHERE id = ?').get(e) as { kind: string }
          ).kind;
          // Only free-standing entries are reversed directly; register, gift and loan entries have their own corrections.
          if (kind !== 'manual') throw new DeskError('RULE_VIOLATION', 'reverse through its own area');
          reverseEntry(tx, e, date, '');
          return;
        }
      }
    });
    return { refused: false };
  } catch (error) {
    if (error instanceof DeskError) return { refused: true, message: error.message };
    throw error;
  }
}
