import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

describe('money-recording calls carry the form’s idempotency key', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('a double-submitted gift records one gift; both answers are the first result; the result speaks the user’s words', async () => {
    t = await startTestHost();
    const treasurer = await t.as('treasurer');
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Aisha Bello' });
    const gift = {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift' as const,
      amount: '250.00',
      date: '2026-11-20',
      gift: { donorPartyId: donor.id, fundId: 1 },
      understood: true as const,
    };
    // Sent twice at once (a double click over the socket), then once more later (a retry after a lost answer).
    const [a, b] = await Promise.all([
      treasurer.ok('treasury.receive', gift),
      treasurer.ok('treasury.receive', gift),
    ]);
    const c = await treasurer.ok('treasury.receive', gift);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.summary).toBe('Gift of $250.00 from Aisha Bello recorded — receipt R-2026-0001');
    expect(a).toMatchObject({ amountCents: 25_000, fromName: 'Aisha Bello', recordNumber: 1 });
    expect(await treasurer.ok('treasury.gifts.list', {})).toHaveLength(1);
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM treasury_entries').get()).toEqual({ n: 1 });

    // The same key with another amount is another record: refused, nothing written.
    const other = await treasurer.call('treasury.receive', { ...gift, amount: '25.00' });
    expect(other.ok).toBe(false);
    if (!other.ok) {
      expect(other.error.code).toBe('CONFLICT');
      expect(other.error.message).toBe(
        'This form was already used to record something else. Open a new form to record another amount.',
      );
    }
    // A new form (a new key) records the next gift.
    await treasurer.ok('treasury.receive', { ...gift, idempotencyKey: crypto.randomUUID() });
    expect(await treasurer.ok('treasury.gifts.list', {})).toHaveLength(2);
  });

  it('the key is required on recording money and on an in-kind gift; a manual entry with a key is kept once too', async () => {
    t = await startTestHost();
    const treasurer = await t.as('treasurer');
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Ramón Ortiz' });
    const noKey = await treasurer.raw('treasury.receive', {
      kind: 'gift',
      amount: '10.00',
      date: '2026-11-20',
      gift: { donorPartyId: donor.id, fundId: 1 },
      understood: true,
    });
    expect(noKey.ok).toBe(false);
    const inKind = {
      idempotencyKey: crypto.randomUUID(),
      donorPartyId: donor.id,
      date: '2026-11-20',
      description: 'Sewing machine',
      fundId: 1,
    };
    const first = await treasurer.ok('treasury.gifts.recordInKind', inKind);
    expect(await treasurer.ok('treasury.gifts.recordInKind', inKind)).toEqual(first);
    expect(await treasurer.ok('treasury.gifts.list', {})).toHaveLength(1);

    const entry = {
      idempotencyKey: crypto.randomUUID(),
      date: '2026-11-20',
      memo: 'Thread',
      lines: [
        { account: 'Expenses:Materials', debit: '5.00' },
        { account: 'Assets:Bank:Operating', credit: '5.00' },
      ],
    };
    const e1 = await treasurer.ok('treasury.journal.post', entry);
    expect(await treasurer.ok('treasury.journal.post', entry)).toEqual(e1);
    expect(await treasurer.ok('treasury.journal.list', {})).toHaveLength(1);
  });
});
