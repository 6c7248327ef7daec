import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../../preload/contract/index.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { verifyLedger } from '../../../main/treasury/journal.js';
import { productionLab } from '../production/helpers.js';

/**
 * Every call that posts to the journal takes the form's idempotency key: sent twice with the same key it answers
 * the first result both times and records nothing more (no entry, no audit row, no record).
 */
const count = (t: TestHost, table: string) =>
  (t.host.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const footprint = (t: TestHost) =>
  [
    'treasury_entries',
    'audit_log',
    'treasury_share_operations',
    'treasury_loan_events',
    'treasury_gifts',
    'production_distributions',
    'treasury_receipts',
  ].map((table) => count(t, table));

describe('a repeated key returns the first result and records nothing more', () => {
  let t: TestHost;
  let treasurer: TestClient;
  let ana: number;
  let ben: number;
  let loanId: number;
  beforeEach(async () => {
    t = await startTestHost();
    treasurer = await t.as('treasurer');
    const party = async (name: string) =>
      (await treasurer.ok('treasury.parties.create', { kind: 'person', name })).id;
    const admit = async (partyId: number) =>
      (await treasurer.ok('treasury.members.admit', { partyId, memberClassId: 3, admittedOn: '2026-11-02' }))
        .id;
    ana = await admit(await party('Ana Reyes'));
    ben = await admit(await party('Ben Carter'));
    for (const membershipId of [ana, ben])
      await treasurer.ok('treasury.receive', {
        idempotencyKey: crypto.randomUUID(),
        kind: 'share',
        amount: '3,000.00',
        date: '2026-11-02',
        share: { membershipId, shares: 3 },
        understood: true,
      });
    const lender = await party('Mei Lin');
    loanId = (
      await treasurer.ok('treasury.loans.create', {
        lenderPartyId: lender,
        kind: 'member-loan',
        principal: '1,200.00',
        rateBp: 0,
        method: 'amortizing',
        termMonths: 12,
        paymentsPerYear: 12,
        agreementOn: '2026-11-02',
        firstPaymentOn: '2026-12-02',
      })
    ).loan.id;
    await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'loan',
      amount: '1,200.00',
      date: '2026-11-02',
      loan: { loanId },
      understood: true,
    });
  });
  afterEach(async () => {
    await t.close();
  });

  async function twice<M extends MethodName>(client: TestClient, method: M, input: MethodInput<M>) {
    const first = await client.ok(method, input);
    const after = footprint(t);
    const second = await client.ok(method, input);
    expect(second).toEqual(first);
    expect(footprint(t)).toEqual(after);
    // Without the key's memory the same call would have recorded again (or been refused): a new key does record.
    return first;
  }
  const key = () => crypto.randomUUID();

  it('share transfer', async () => {
    const input = {
      idempotencyKey: key(),
      fromMembershipId: ana,
      toMembershipId: ben,
      quantity: 1,
      date: '2026-11-20',
    };
    await twice(treasurer, 'treasury.shares.transfer', input);
    const entries = count(t, 'treasury_entries');
    await treasurer.ok('treasury.shares.transfer', { ...input, idempotencyKey: key() });
    expect(count(t, 'treasury_entries')).toBe(entries + 1);
  });

  it('share redemption', async () => {
    await twice(treasurer, 'treasury.shares.redeem', {
      idempotencyKey: key(),
      membershipId: ana,
      quantity: 1,
      date: '2026-11-20',
    });
  });

  it('register correction', async () => {
    await twice(treasurer, 'treasury.shares.correct', {
      idempotencyKey: key(),
      membershipId: ana,
      quantity: -1,
      date: '2026-11-20',
      counterAccount: 'Assets:Bank:Operating',
      reason: 'Entered one share too many',
    });
  });

  it('loan forgiveness, actual payment and scheduled repayment', async () => {
    await twice(treasurer, 'treasury.loans.forgive', {
      idempotencyKey: key(),
      loanId,
      date: '2026-11-20',
      amount: '100.00',
    });
    await twice(treasurer, 'treasury.loans.pay', {
      idempotencyKey: key(),
      loanId,
      date: '2026-11-21',
      amount: '100.00',
    });
    await twice(treasurer, 'treasury.loans.repay', {
      idempotencyKey: key(),
      loanId,
      date: '2026-11-22',
      principal: '100.00',
      interest: '0',
    });
  });

  it('manual journal entry and voiding a gift', async () => {
    await twice(treasurer, 'treasury.journal.post', {
      idempotencyKey: key(),
      date: '2026-11-20',
      memo: 'Thread',
      lines: [
        { account: 'Expenses:Materials', debit: '5.00' },
        { account: 'Assets:Bank:Operating', credit: '5.00' },
      ],
    });
    const donor = (await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Aisha Bello' })).id;
    const gift = await treasurer.ok('treasury.receive', {
      idempotencyKey: key(),
      kind: 'gift',
      amount: '50.00',
      date: '2026-11-20',
      gift: { donorPartyId: donor, fundId: 1 },
      understood: true,
    });
    // Without the key, a second void would be refused ("already void"); with it, the first answer comes back.
    await twice(treasurer, 'treasury.gifts.void', {
      idempotencyKey: key(),
      giftId: gift.giftId!,
      date: '2026-11-21',
      reason: 'was for shares',
    });
  });

  it('a production sale (distribution)', async () => {
    const lab = await productionLab(t);
    const runId = await lab.run(10);
    await lab.staff.ok('production.runs.issueMaterial', {
      runId,
      name: 'Fabric',
      quantity: 1,
      unit: 'lot',
      costCents: 2000,
    });
    await lab.staff.ok('production.runs.made', { runId, quantity: 10 });
    await lab.staff.ok('production.runs.qc', { runId, check: 'visual', passed: 10, failed: 0 });
    await lab.staff.ok('production.runs.setPolicy', {
      runId,
      tiers: [{ tierId: lab.tier('community'), priceBp: 10_000 }],
    });
    const church = await lab.staff.ok('production.recipients.save', {
      name: 'Church',
      tierId: lab.tier('community'),
    });
    const input = {
      idempotencyKey: key(),
      runId,
      on: '2026-11-24',
      lines: [{ recipientId: church.id, quantity: 6 }],
    };
    const [sale] = await twice(lab.staff, 'production.distribute', input);
    expect(sale!.receipt?.number).toMatch(/^R-2026-\d{4}$/);
    // The staff hand the buyer the sale's receipt; the books agree with production's sales.
    const blob = await t.host.context.blobs.open(sale!.receipt!.pdf, lab.staff.conn.auth);
    expect(blob?.contentType).toBe('application/pdf');
    expect(verifyLedger(t.host.store.db)).toMatchObject({ ok: true });
    // A second form for 6 more is refused: only 4 are left (the first 6 went once).
    expect(await lab.staff.call('production.distribute', { ...input, idempotencyKey: key() })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION' },
    });
  });

  it('forms that send a key must: a manual entry, forgiveness, a distribution, a job payment, a transfer, a redemption or a void without one is refused', async () => {
    for (const [method, input] of [
      ['treasury.loans.forgive', { loanId, date: '2026-11-20', amount: '1.00' }],
      [
        'treasury.journal.post',
        {
          date: '2026-11-20',
          memo: 'x',
          lines: [
            { account: 'Expenses:Materials', debit: '5.00' },
            { account: 'Assets:Bank:Operating', credit: '5.00' },
          ],
        },
      ],
      ['production.distribute', { runId: 1, lines: [{ recipientId: 1, quantity: 1 }] }],
      ['treasury.jobs.pay', { jobId: 1, date: '2026-11-20' }],
      [
        'treasury.shares.transfer',
        { fromMembershipId: ana, toMembershipId: ben, quantity: 1, date: '2026-11-20' },
      ],
      ['treasury.shares.redeem', { membershipId: ana, quantity: 1, date: '2026-11-20' }],
      ['treasury.gifts.void', { giftId: 1, date: '2026-11-20', reason: 'x' }],
    ] as const) {
      const before = footprint(t);
      expect(await treasurer.raw(method, input), method).toMatchObject({ ok: false });
      expect(footprint(t)).toEqual(before);
    }
  });
});
