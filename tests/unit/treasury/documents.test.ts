import { PDFDocument } from 'pdf-lib';
import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeGift, getAcknowledgment, markSent } from '../../../main/treasury/acknowledgments.js';
import { listCertificates } from '../../../main/treasury/certificates.js';
import { acknowledgmentPdf, certificatePdf } from '../../../main/treasury/documents.js';
import { recordCashGift } from '../../../main/treasury/gifts.js';
import { admitMember, createParty } from '../../../main/treasury/members.js';
import { recordSharePayment } from '../../../main/treasury/shares.js';
import { transferShares } from '../../../main/treasury/share-moves.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

/** The words drawn on the pages: pdf-lib writes text as hex strings inside (deflated) content streams. */
function pageText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(raw); m !== null; m = streams.exec(raw)) {
    let body = Buffer.from(m[1]!, 'latin1');
    try {
      body = inflateSync(body);
    } catch {
      // not compressed
    }
    for (const hex of body.toString('latin1').matchAll(/<([0-9A-Fa-f]+)> Tj/g))
      out.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
  }
  return out.join('\n');
}

describe('certificates and acknowledgments as PDF', () => {
  let s: TreasuryStore;
  beforeEach(() => {
    s = openTreasuryStore();
  });
  afterEach(() => s.close());

  it('a certificate names its number, holder, shares and par; a cancelled one says so', async () => {
    s.write((tx) => {
      const a = createParty(tx, { kind: 'person', name: 'Guadalupe Ramírez' });
      const b = createParty(tx, { kind: 'person', name: 'Andre Thomas' });
      const ma = admitMember(tx, { partyId: a.id, memberClassId: 3, admittedOn: '2026-05-01' });
      const mb = admitMember(tx, { partyId: b.id, memberClassId: 3, admittedOn: '2026-05-01' });
      recordSharePayment(tx, { membershipId: ma.id, shares: 2, amount: 200_000, date: '2026-05-01' });
      transferShares(tx, { fromMembershipId: ma.id, toMembershipId: mb.id, quantity: 1, date: '2026-06-01' });
    });
    const [first, remainder, transferred] = listCertificates(s.store.db);
    const live = pageText(await certificatePdf(remainder!));
    expect(live).toContain('Share certificate no. 2');
    expect(live).toContain('Guadalupe Ramírez (member no. 1)');
    expect(live).toContain('$1,000.00 each');
    expect(pageText(await certificatePdf(transferred!))).toContain('Andre Thomas');
    const cancelled = pageText(await certificatePdf(first!));
    expect(cancelled).toContain('CANCELLED on 2026-06-01 (transferred)');
    const doc = await PDFDocument.load(await certificatePdf(first!));
    expect(doc.getTitle()).toBe('Share certificate 1');
  });

  it('a sent acknowledgment renders to the same bytes every time, from what was frozen', async () => {
    const id = s.write((tx) => {
      const d = createParty(tx, {
        kind: 'person',
        name: 'Sofía Navarro',
        address: '12 Lynch St, Jackson, MS',
      });
      const { gift } = recordCashGift(tx, {
        donorPartyId: d.id,
        amount: 100_000,
        date: '2026-05-01',
        fundId: 2,
      });
      const ack = acknowledgeGift(tx, { giftId: gift.id, language: 'es' });
      markSent(tx, ack.id);
      return ack.id;
    });
    const ack = getAcknowledgment(s.store.db, id);
    const one = await acknowledgmentPdf(ack);
    const two = await acknowledgmentPdf(getAcknowledgment(s.store.db, id));
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    const text = pageText(one);
    expect(text).toContain('Reconocimiento de donación');
    expect(text).toContain('n.º 1');
    expect(text).toContain('No se proporcionaron bienes ni servicios a cambio de esta contribución.');
  });
});
