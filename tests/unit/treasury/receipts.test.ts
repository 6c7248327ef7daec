import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { pdfPageText } from '../../helpers/pdf-text.js';
import { verifyLedger } from '../../../main/treasury/journal.js';
import { jobsLab } from '../jobs/helpers.js';

const ORG = {
  legalName: 'Cooperation Jackson Fab Lab Cooperative',
  address: '2 Sixth Street, Jackson, MS 39201',
  ein: '64-1234567',
  taxStatus: 'cooperative' as const,
  fiscalSponsor: null,
  timeZone: 'America/Chicago',
};

describe('receipts: numbered per lab year, frozen, in English and Spanish', () => {
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
  async function setClock(instant: string): Promise<void> {
    t!.clock.set(instant);
    await treasurer.call('session.unlock', { password: 'password-123' });
  }
  async function gift(donorPartyId: number, amount: string, date: string) {
    return treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount,
      date,
      gift: { donorPartyId, fundId: 1 },
      understood: true,
    });
  }
  async function pdf(client: TestClient, path: string): Promise<string | null> {
    const blob = await t!.host.context.blobs.open(path, client.conn.auth);
    if (blob === null) return null;
    expect(blob.contentType).toBe('application/pdf');
    return pdfPageText(blob.body as Buffer);
  }

  it('numbers run gapless within the lab’s year: 23:30 on 31 December in Jackson is still 2026, 00:30 on 1 January is 2027', async () => {
    await at('2026-12-31T18:00:00.000Z');
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Aisha Bello' });
    const member = await treasurer.ok('treasury.members.admit', {
      partyId: donor.id,
      memberClassId: 3,
      admittedOn: '2026-12-31',
    });
    expect((await gift(donor.id, '250.00', '2026-12-31')).receipt?.number).toBe('R-2026-0001');
    const share = await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'share',
      amount: '1,000.00',
      date: '2026-12-31',
      share: { membershipId: member.id, shares: 1 },
      understood: true,
    });
    expect(share.receipt?.number).toBe('R-2026-0002');
    expect(share.summary).toBe(
      'Share payment of $1,000.00 from Aisha Bello recorded — receipt R-2026-0002; 1 share(s) issued on certificate 1.',
    );

    await setClock('2027-01-01T05:30:00.000Z'); // 23:30 CST on 31 December: UTC is in 2027 already
    expect((await gift(donor.id, '10.00', '2026-12-31')).receipt?.number).toBe('R-2026-0003');

    await setClock('2027-01-01T06:30:00.000Z'); // 00:30 CST on 1 January: a new year, a new sequence
    const first2027 = await gift(donor.id, '20.00', '2027-01-01');
    expect(first2027.receipt).toEqual({
      number: 'R-2027-0001',
      pdf: 'treasury/receipt/R-2027-0001.pdf',
      pdfEs: 'treasury/receipt/R-2027-0001.es.pdf',
    });
    expect((await gift(donor.id, '30.00', '2027-01-01')).receipt?.number).toBe('R-2027-0002');
    const all = await treasurer.ok('treasury.receipts.list', {});
    expect(all.map((r) => [r.number, r.kind, r.issuedOn])).toEqual([
      ['R-2026-0001', 'gift', '2026-12-31'],
      ['R-2026-0002', 'share-payment', '2026-12-31'],
      ['R-2026-0003', 'gift', '2026-12-31'],
      ['R-2027-0001', 'gift', '2027-01-01'],
      ['R-2027-0002', 'gift', '2027-01-01'],
    ]);
    // A share payment's receipt says it is equity, not a gift.
    const shareText = await pdf(treasurer, 'treasury/receipt/R-2026-0002.pdf');
    expect(shareText).toContain('This payment is not a gift');
    expect(shareText).toContain('(member no. 1)');
  });

  it('says the lab’s legal name, address, EIN and status; a reprint after the settings change is the same; a voided gift reprints VOID, never a new number', async () => {
    await at('2026-11-24T15:00:00.000Z');
    await treasurer.ok('treasury.organisation.set', ORG);
    const donor = await treasurer.ok('treasury.parties.create', {
      kind: 'person',
      name: 'Aisha Bello',
      address: '14 Lynch Street, Jackson',
    });
    const result = await gift(donor.id, '250.00', '2026-11-20');
    expect(result.summary).toBe('Gift of $250.00 from Aisha Bello recorded — receipt R-2026-0001');
    const en = await pdf(treasurer, result.receipt!.pdf);
    for (const words of [
      'Cooperation Jackson Fab Lab Cooperative',
      '2 Sixth Street, Jackson, MS 39201',
      'EIN 64-1234567',
      'Receipt R-2026-0001',
      'Received from: Aisha Bello',
      '14 Lynch Street, Jackson',
      'Amount: $250.00',
      'Date received: 2026-11-20',
      'No goods or services were provided in exchange for this contribution.',
      'is a cooperative, not a 501(c)(3) organization',
    ])
      expect(en).toContain(words);
    expect(en).not.toContain('VOID');
    const es = await pdf(treasurer, result.receipt!.pdfEs);
    for (const words of [
      'Recibo R-2026-0001',
      'Recibido de: Aisha Bello',
      'Importe: $250.00',
      'es una cooperativa',
    ])
      expect(es).toContain(words);

    // The settings change; the receipt does not.
    await treasurer.ok('treasury.organisation.set', { ...ORG, legalName: 'Renamed Lab', taxStatus: '501c3' });
    expect(await pdf(treasurer, result.receipt!.pdf)).toBe(en);

    await treasurer.ok('treasury.gifts.void', {
      idempotencyKey: crypto.randomUUID(),
      giftId: result.giftId!,
      date: '2026-11-24',
      reason: 'was for shares',
    });
    const reprint = await pdf(treasurer, result.receipt!.pdf);
    expect(reprint).toContain('Receipt R-2026-0001');
    expect(reprint).toContain('VOID: the gift on this receipt was voided.');
    expect(await pdf(treasurer, result.receipt!.pdfEs)).toContain('ANULADO');
    expect(await treasurer.ok('treasury.receipts.list', {})).toMatchObject([
      { number: 'R-2026-0001', voided: true },
    ]);
    // The next receipt takes the next number; the voided one keeps its own.
    expect((await gift(donor.id, '25.00', '2026-11-24')).receipt?.number).toBe('R-2026-0002');
    // The database keeps a receipt as issued.
    expect(() =>
      t!.host.store.db
        .prepare("UPDATE treasury_receipts SET amount_cents = 1 WHERE number = 'R-2026-0001'")
        .run(),
    ).toThrow('a receipt never changes once issued');
  });

  it('a gift through the fiscal sponsor is receipted in the sponsor’s name and EIN', async () => {
    await at('2026-11-24T15:00:00.000Z');
    const sponsor = { name: 'Southern Fund for Makers', ein: '58-7654321' };
    await treasurer.ok('treasury.organisation.set', { ...ORG, fiscalSponsor: sponsor });
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Ramón Ortiz' });
    const r = await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '500.00',
      date: '2026-11-20',
      gift: { donorPartyId: donor.id, fundId: 1, receivingEntity: sponsor.name },
      understood: true,
    });
    const text = await pdf(treasurer, r.receipt!.pdf);
    expect(text).toContain('Southern Fund for Makers');
    expect(text).toContain('EIN 58-7654321');
    expect(text).toContain('is the fiscal sponsor of Cooperation Jackson Fab Lab Cooperative');
    expect(text).not.toContain('EIN 64-1234567');
  });

  it('only the treasurer (and an admin reading the books) fetch receipts; staff fetch sale receipts only', async () => {
    await at('2026-11-24T15:00:00.000Z');
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Aisha Bello' });
    const r = await gift(donor.id, '250.00', '2026-11-20');
    const staff = await t!.as('staff');
    const trainee = await t!.as('trainee');
    const admin = await t!.as('admin');
    expect(await pdf(staff, r.receipt!.pdf)).toBeNull();
    expect(await pdf(trainee, r.receipt!.pdf)).toBeNull();
    expect(await pdf(admin, r.receipt!.pdf)).toContain('Receipt R-2026-0001');
    expect(await pdf(treasurer, 'treasury/receipt/R-2026-0002.pdf')).toBeNull();
  });
});

describe('paying for a lab job', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('records the quoted amount (or the amount typed) once, to job fees, with a receipt; a second payment is refused naming the first', async () => {
    t = await startTestHost();
    const lab = await jobsLab(t);
    const treasurer = await t.as('treasurer');
    const jobId = await lab.request(lab.trainee, { title: 'Bracket' });
    const [listed] = (await treasurer.ok('treasury.jobs.list', {})).filter((j) => j.jobId === jobId);
    expect(listed).toMatchObject({ title: 'Bracket', payment: null });
    const key = crypto.randomUUID();
    const pay = { idempotencyKey: key, jobId, date: '2026-11-24', amount: '12.50' };
    const first = await treasurer.ok('treasury.jobs.pay', pay);
    expect(first.receipt.number).toBe('R-2026-0001');
    expect(first.summary).toMatch(
      /^Payment of \$12\.50 from .+ for job \d+ recorded — receipt R-2026-0001\.$/,
    );
    // The same form again: the first answer, nothing more recorded.
    expect(await treasurer.ok('treasury.jobs.pay', pay)).toEqual(first);
    const entries = t.host.store.db.prepare('SELECT count(*) AS n FROM treasury_entries').get();
    expect(entries).toEqual({ n: 1 });
    // A new form for the same job is refused, naming the payment already made.
    const again = await treasurer.call('treasury.jobs.pay', { ...pay, idempotencyKey: crypto.randomUUID() });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('RULE_VIOLATION');
      expect(again.error.message).toMatch(
        /^Job \d+ was already paid: \$12\.50 on 2026-11-24, receipt R-2026-0001\.$/,
      );
    }
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM treasury_entries').get()).toEqual({ n: 1 });
    const trial = await treasurer.ok('treasury.report', { kind: 'trial-balance' });
    expect(JSON.stringify(trial.rows)).toContain('Income:JobFees');
    expect(verifyLedger(t.host.store.db).ok).toBe(true);
    const text = pdfPageText(
      (await t.host.context.blobs.open(first.receipt.pdf, treasurer.conn.auth))!.body as Buffer,
    );
    expect(text).toContain('Payment for lab job');
    expect(text).toContain('Bracket');

    // Without a typed amount the quote is paid; a job with no quoted price needs the amount typed.
    const other = await lab.request(lab.trainee, { title: 'Hinge' });
    const quote = (await treasurer.ok('treasury.jobs.list', {})).find((j) => j.jobId === other)!.quoteCents;
    const r = await treasurer.call('treasury.jobs.pay', {
      idempotencyKey: crypto.randomUUID(),
      jobId: other,
      date: '2026-11-24',
    });
    if (r.ok) expect(r.value.amountCents).toBe(quote);
    else expect(r.error.message).toContain('has no quoted price; type the amount that was paid');
    expect(r.ok).toBe(quote > 0);
  });
});
