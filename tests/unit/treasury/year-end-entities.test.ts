import { afterEach, describe, expect, it } from 'vitest';
import { createParty } from '../../../main/treasury/members.js';
import { recordCashGift } from '../../../main/treasury/gifts.js';
import { correctAcknowledgment, yearEndLetter } from '../../../main/treasury/acknowledgments.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

describe('year-end letters follow each gift’s receiving entity', () => {
  let s: TreasuryStore | undefined;
  afterEach(() => {
    s?.close();
    s = undefined;
  });

  it('gifts to the lab and through a fiscal sponsor make one letter each, never one letter naming the first recipient for all', () => {
    s = openTreasuryStore('2027-01-05T15:00:00.000Z');
    const donor = s.write((tx) => createParty(tx, { kind: 'person', name: 'Aisha Bello' }));
    const gift = (amount: number, date: string, receivingEntity?: string) =>
      s!.write((tx) =>
        recordCashGift(tx, { donorPartyId: donor.id, amount, date, fundId: 1, receivingEntity }),
      );
    gift(30_000, '2026-02-01', 'Jackson Community Fund (fiscal sponsor)');
    gift(50_000, '2026-06-01');
    gift(20_000, '2026-09-01', 'Jackson Community Fund (fiscal sponsor)');

    expect(() =>
      s!.write((tx) => yearEndLetter(tx, { donorPartyId: donor.id, year: 2026, language: 'en' })),
    ).toThrow(
      "This donor's 2026 gifts went to 2 receiving entities (Jackson Community Fund (fiscal sponsor); Center for Community Production); make one year-end letter for each.",
    );
    const sponsor = s.write((tx) =>
      yearEndLetter(tx, {
        donorPartyId: donor.id,
        year: 2026,
        language: 'en',
        receivingEntity: 'Jackson Community Fund (fiscal sponsor)',
      }),
    );
    expect(sponsor.content.organisation).toBe('Jackson Community Fund (fiscal sponsor)');
    expect(sponsor.content.lines.map((l) => l.giftNumber)).toEqual([1, 3]);
    expect(sponsor.content.totalCashCents).toBe(50_000);
    expect(sponsor.content.statements.join(' ')).not.toContain('Center for Community Production');

    const lab = s.write((tx) =>
      yearEndLetter(tx, {
        donorPartyId: donor.id,
        year: 2026,
        language: 'es',
        receivingEntity: 'Center for Community Production',
      }),
    );
    expect(lab.content.lines.map((l) => l.giftNumber)).toEqual([2]);
    expect(lab.content.statements[0]).toBe(
      'Resumen de sus contribuciones a Center for Community Production durante 2026. ¡Gracias por su apoyo!',
    );
    // A correction of the sponsor's letter stays the sponsor's letter.
    const corrected = s.write((tx) => correctAcknowledgment(tx, { id: sponsor.id }));
    expect(corrected.content.lines.map((l) => l.giftNumber)).toEqual([1, 3]);
    expect(corrected.content.organisation).toBe('Jackson Community Fund (fiscal sponsor)');
  });
});
