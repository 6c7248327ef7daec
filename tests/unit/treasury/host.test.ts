import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { verifyLedger } from '../../../main/treasury/journal.js';
import { treasuryMethods } from '../../../preload/contract/methods/treasury.js';

const auditCount = (t: TestHost) =>
  (t.host.store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

async function pdfText(t: TestHost, client: TestClient, path: string): Promise<string> {
  const blob = await t.host.context.blobs.open(path, client.conn.auth);
  expect(blob?.contentType).toBe('application/pdf');
  return Buffer.from(blob!.body as Buffer).toString('latin1');
}

describe('the treasurer through the host', () => {
  let t: TestHost;
  let treasurer: TestClient;
  beforeEach(async () => {
    t = await startTestHost();
    treasurer = await t.as('treasurer');
  });
  afterEach(async () => {
    await t.close();
  });

  it('records a share purchase (certificate), a capital gift (acknowledgment PDF) and a PRI (schedule); the campaign and trial balance move', async () => {
    const before = await treasurer.ok('treasury.campaign', {});
    const neighbour = await treasurer.ok('treasury.parties.create', {
      kind: 'person',
      name: 'Tanisha Williams',
    });
    const member = await treasurer.ok('treasury.members.admit', {
      partyId: neighbour.id,
      memberClassId: 3,
      admittedOn: '2026-11-20',
    });
    expect(member).toMatchObject({ memberNumber: 1, status: 'candidate', shares: 0 });
    const share = await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'share',
      amount: '$1,000.00',
      date: '2026-11-20',
      share: { membershipId: member.id, shares: 1 },
      understood: true,
    });
    expect(share).toMatchObject({ kind: 'share', sharesIssued: 1, certificateNumbers: [1] });
    const certs = await treasurer.ok('treasury.certificates.list', {});
    expect(certs).toMatchObject([
      { number: 1, partyName: 'Tanisha Williams', quantity: 1, pdf: 'treasury/certificate/1.pdf' },
    ]);
    expect(await pdfText(t, treasurer, 'treasury/certificate/1.pdf')).toMatch(/^%PDF-/);

    const donor = await treasurer.ok('treasury.parties.create', {
      kind: 'person',
      name: 'Eleanor Fitzgerald',
    });
    const gift = await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '1000',
      date: '2026-11-21',
      gift: { donorPartyId: donor.id, fundId: 2, trancheId: 2 },
      understood: true,
    });
    const ack = await treasurer.ok('treasury.acknowledgments.create', {
      giftId: gift.giftId!,
      language: 'en',
    });
    expect(ack.content.statements).toContain(
      'No goods or services were provided in exchange for this contribution.',
    );
    expect(ack.content.statements[0]).toContain('gratefully acknowledges a cash contribution of $1,000.00');
    expect(await pdfText(t, treasurer, ack.pdf)).toMatch(/^%PDF-/);

    const foundation = await treasurer.ok('treasury.parties.create', {
      kind: 'organisation',
      name: 'Solidarity Economy Fund',
    });
    const pri = await treasurer.ok('treasury.loans.create', {
      lenderPartyId: foundation.id,
      kind: 'pri',
      principal: '100,000',
      rateBp: 100,
      method: 'amortizing',
      termMonths: 84,
      paymentsPerYear: 4,
      agreementOn: '2026-11-01',
      firstPaymentOn: '2027-02-01',
    });
    expect(pri.schedule).toHaveLength(28);
    expect(pri.schedule.reduce((s, r) => s + r.principalCents, 0)).toBe(10_000_000);
    expect(pri.calendar.map((c) => `${c.fiscalYear} ${c.kind} ${c.dueOn}`).slice(0, 2)).toEqual([
      '2026 financial-report 2027-04-30',
      '2026 compliance-statement 2027-04-30',
    ]);
    await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'loan',
      amount: '100,000.00',
      date: '2026-11-22',
      loan: { loanId: pri.loan.id },
      understood: true,
    });

    const after = await treasurer.ok('treasury.campaign', {});
    expect(after!.raisedCents - before!.raisedCents).toBe(100_000 + 100_000 + 10_000_000);
    expect(after!.tranches.map((x) => [x.code, x.raisedCents, x.count])).toEqual([
      ['local-shares', 100_000, 1],
      ['national-gifts', 100_000, 1],
      ['philanthropic', 10_000_000, 1],
    ]);
    const tb = await treasurer.ok('treasury.report', { kind: 'trial-balance' });
    expect(tb.totals).toEqual({ debit: 10_200_000, credit: 10_200_000 });
    expect(tb.rows).toContainEqual({
      account: 'Equity:Shares:Community',
      name: 'Member shares: community stakeholders',
      debit: null,
      credit: 100_000,
    });
    const csv = await treasurer.ok('treasury.export', { format: 'csv', kind: 'trial-balance' });
    expect(csv.text.split('\r\n')[0]).toBe('Account,Name,Debit,Credit');
    expect(csv.text).toContain('Liabilities:Loans:PRI,Program-related investments,,100000.00');
    expect((await treasurer.ok('treasury.journal.verify', {})).ok).toBe(true);
  });

  it('will not record money without being told share, gift or loan, nor with the other kind’s details, nor unconfirmed', async () => {
    const p = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Jerome Jackson' });
    const before = auditCount(t);
    const noKind = await treasurer.raw('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      amount: '1000',
      date: '2026-11-20',
      gift: { donorPartyId: p.id, fundId: 1 },
      understood: true,
    });
    expect(noKind).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const mixed = await treasurer.raw('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'share',
      amount: '1000',
      date: '2026-11-20',
      gift: { donorPartyId: p.id, fundId: 1 },
      understood: true,
    });
    expect(mixed.ok).toBe(false);
    if (!mixed.ok)
      expect(mixed.error.issues?.map((i) => i.message)).toContain(
        'This money is recorded as a share; gift details do not belong here.',
      );
    const unconfirmed = await treasurer.raw('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '1000',
      date: '2026-11-20',
      gift: { donorPartyId: p.id, fundId: 1 },
    });
    expect(unconfirmed.ok).toBe(false);
    const badAmount = await treasurer.raw('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '10,00',
      date: '2026-11-20',
      gift: { donorPartyId: p.id, fundId: 1 },
      understood: true,
    });
    expect(badAmount).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        issues: [{ path: 'amount', message: 'Use a period for cents: write 10.00.' }],
      },
    });
    const giftToShares = await treasurer.raw('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '1000',
      date: '2026-11-20',
      gift: { donorPartyId: p.id, fundId: 1, trancheId: 1 },
      understood: true,
    });
    expect(giftToShares).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    expect(auditCount(t)).toBe(before);
    expect(await treasurer.ok('treasury.journal.list', {})).toEqual([]);
  });

  it('a gift booked by mistake is corrected by voiding it (a reversing entry) and recording the share payment', async () => {
    const p = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Rosa Martínez' });
    const m = await treasurer.ok('treasury.members.admit', {
      partyId: p.id,
      memberClassId: 3,
      admittedOn: '2026-11-01',
    });
    const g = await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '1,000',
      date: '2026-11-02',
      gift: { donorPartyId: p.id, fundId: 1 },
      understood: true,
    });
    const reversal = await treasurer.raw('treasury.journal.reverse', { entryId: 1, date: '2026-11-03' });
    expect(reversal).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    await treasurer.ok('treasury.gifts.void', {
      idempotencyKey: crypto.randomUUID(),
      giftId: g.giftId!,
      date: '2026-11-03',
      reason: 'It was Rosa’s share payment',
    });
    await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'share',
      amount: '1,000',
      date: '2026-11-03',
      share: { membershipId: m.id, shares: 1 },
      understood: true,
    });
    const journal = await treasurer.ok('treasury.journal.list', {});
    expect(journal.map((e) => e.kind)).toEqual(['gift', 'reversal', 'share-payment', 'share-issue']);
    const bs = await treasurer.ok('treasury.report', { kind: 'balance-sheet' });
    expect(bs.totals).toMatchObject({ amount: 100_000, account: 'balanced' });
  });

  it('an acknowledgment is frozen once sent and corrected only by a new one', async () => {
    // A 501(c)(3) lab: the quid-pro-quo letter states the deductible part.
    await treasurer.ok('treasury.organisation.set', {
      legalName: 'Center for Community Production',
      address: 'Jackson, MS',
      ein: '12-3456789',
      taxStatus: '501c3',
      fiscalSponsor: null,
      timeZone: 'America/Chicago',
    });
    const p = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Gloria Hughes' });
    const g = await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '150.00',
      date: '2026-11-02',
      gift: { donorPartyId: p.id, fundId: 1, returnDescription: 'Two dinner tickets', returnValue: '60.00' },
      understood: true,
    });
    const ack = await treasurer.ok('treasury.acknowledgments.create', { giftId: g.giftId!, language: 'es' });
    expect(ack.content.statements.join(' ')).toContain('se limita al exceso del dinero aportado');
    expect(ack.content.statements.join(' ')).toContain('$90.00');
    await treasurer.ok('treasury.acknowledgments.markSent', { id: ack.id });
    expect(() =>
      t.host.store.db
        .prepare("UPDATE treasury_acknowledgments SET content_json = '{}' WHERE id = ?")
        .run(ack.id),
    ).toThrow(/frozen once sent/);
    expect(await treasurer.call('treasury.acknowledgments.markSent', { id: ack.id })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION' },
    });
    const fixed = await treasurer.ok('treasury.acknowledgments.correct', {
      id: ack.id,
      language: 'en',
      note: 'Now in English',
    });
    expect(fixed).toMatchObject({ number: 2, supersedesId: ack.id });
    expect(fixed.content.statements.at(-1)).toBe(
      'This acknowledgment corrects and replaces acknowledgment no. 1.',
    );
    const again = await treasurer.call('treasury.acknowledgments.correct', { id: ack.id });
    expect(again).toMatchObject({
      ok: false,
      error: { message: 'Acknowledgment 1 was already replaced by 2.' },
    });
  });

  it('closing last year locks it: an entry dated in it is refused in words, and nothing is written', async () => {
    const post = {
      date: '2025-12-30',
      memo: 'Late invoice for plywood',
      lines: [
        { account: 'Expenses:Materials', debit: '120.00' },
        { account: 'Assets:Bank:Operating', credit: '120.00' },
      ],
    };
    expect(
      (await treasurer.ok('treasury.journal.post', { ...post, idempotencyKey: crypto.randomUUID() })).number,
    ).toBe(1);
    expect(await treasurer.ok('treasury.periods.close', { year: 2025 })).toMatchObject({
      name: 'FY2025',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
    });
    const before = auditCount(t);
    expect(
      await treasurer.call('treasury.journal.post', { ...post, idempotencyKey: crypto.randomUUID() }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: '2025-12-30 falls in FY2025, which is closed. Post it in an open period.',
      },
    });
    expect(
      await treasurer.call('treasury.journal.reverse', { entryId: 1, date: '2025-12-31' }),
    ).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    expect(await treasurer.call('treasury.periods.close', { year: 2026 })).toMatchObject({
      ok: false,
      error: { message: 'FY2026 has not ended yet; it can be closed from 2027-01-01.' },
    });
    expect(auditCount(t)).toBe(before);
    const lopsided = await treasurer.call('treasury.journal.post', {
      ...post,
      idempotencyKey: crypto.randomUUID(),
      date: '2026-11-02',
      lines: [
        { account: 'Expenses:Materials', debit: '120.00' },
        { account: 'Assets:Bank:Operating', credit: '12.00' },
      ],
    });
    expect(lopsided).toMatchObject({
      ok: false,
      error: { message: 'This entry does not balance: its debits and credits differ by $108.00.' },
    });
    expect(await treasurer.ok('treasury.journal.list', {})).toHaveLength(1);
  });

  it('a trainee reaches none of it, except the read-only campaign summary', async () => {
    const trainee = await t.as('trainee');
    expect(await trainee.call('treasury.campaign', {})).toMatchObject({ ok: true });
    for (const [m, input] of [
      ['treasury.report', { kind: 'trial-balance' }],
      ['treasury.members.list', {}],
      ['treasury.parties.create', { kind: 'person', name: 'Mallory' }],
      [
        'treasury.receive',
        {
          kind: 'gift',
          amount: '1',
          date: '2026-11-01',
          gift: { donorPartyId: 1, fundId: 1 },
          understood: true,
        },
      ],
      ['treasury.export', { format: 'beancount' }],
    ] as const) {
      expect(await trainee.raw(m, input)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    }
    // Every other treasury method, whatever it is sent: refused before the input is even looked at.
    const others = Object.keys(treasuryMethods).filter((m) => m !== 'treasury.campaign');
    expect(others.length).toBeGreaterThan(35);
    for (const m of others)
      expect(await trainee.raw(m, {}), m).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(await t.host.context.blobs.open('treasury/certificate/1.pdf', trainee.conn.auth)).toBeNull();
    // The admin reads the books but cannot write them.
    expect(await t.admin.raw('treasury.parties.create', { kind: 'person', name: 'Mallory' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
  });
});

describe('the demo books', () => {
  it('seed a year of activity that verifies and balances', async () => {
    const t = await startTestHost({ demo: true });
    try {
      const db = t.host.store.db;
      expect(verifyLedger(db)).toMatchObject({ ok: true });
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(n('SELECT count(*) AS n FROM treasury_entries')).toBeGreaterThan(150);
      expect(n('SELECT count(*) AS n FROM treasury_memberships')).toBe(26);
      expect(n('SELECT count(*) AS n FROM treasury_gifts')).toBeGreaterThan(30);
      expect(n('SELECT count(*) AS n FROM treasury_periods WHERE closed_at IS NOT NULL')).toBe(1);
      // The loans' interest: accrued before each repayment and at the closed year's end, then paid from payable.
      expect(n('SELECT count(*) AS n FROM treasury_loan_accruals')).toBeGreaterThan(3);
      expect(n("SELECT count(*) AS n FROM treasury_entries WHERE kind = 'loan-interest'")).toBeGreaterThan(3);
      const book = await t.admin.ok('treasury.report', { kind: 'loan-book' });
      expect(book.totals?.interestPaid).toBeGreaterThan(0);
      const bs = await t.admin.ok('treasury.report', { kind: 'balance-sheet' });
      expect(bs.totals?.account).toBe('balanced');
      const bean = await t.admin.ok('treasury.export', { format: 'beancount' });
      expect(bean.text).toContain('open Equity:Shares:Community USD');
      const hl = await t.admin.ok('treasury.export', { format: 'hledger' });
      expect(hl.text).toMatch(/\* \(1\) /);
    } finally {
      await t.close();
    }
  });
});
