import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatCents } from './money.js';
import type { Certificate } from './certificates.js';
import type { Acknowledgment } from './acknowledgments.js';
import type { Language, Receipt } from './receipts.js';

const ORGANISATION = 'Center for Community Production';

/** The standard PDF fonts speak WinAnsi: Spanish accents are fine, anything else is replaced rather than crashing. */
function winAnsi(s: string): string {
  return s.replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, '?');
}

function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of winAnsi(text).split(/\s+/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) > maxWidth && line !== '') {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

interface Writer {
  page: PDFPage;
  y: number;
  text(s: string, opts?: { size?: number; bold?: boolean; indent?: number }): void;
  gap(h: number): void;
}

async function document(title: string): Promise<{ doc: PDFDocument; w: Writer }> {
  const doc = await PDFDocument.create();
  doc.setTitle(winAnsi(title));
  doc.setProducer('Community Production Desk');
  // A fixed date keeps the bytes of a frozen document identical each time it is rendered.
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([612, 792]);
  const w: Writer = {
    page,
    y: 740,
    text(s, opts = {}) {
      const size = opts.size ?? 11;
      const font = opts.bold === true ? bold : regular;
      const x = 60 + (opts.indent ?? 0);
      for (const line of wrap(s, font, size, 612 - x - 60)) {
        if (this.y < 60) {
          this.page = doc.addPage([612, 792]);
          this.y = 740;
        }
        this.page.drawText(line, { x, y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
        this.y -= size * 1.4;
      }
    },
    gap(h) {
      this.y -= h;
    },
  };
  return { doc, w };
}

/** A share certificate: number, holder, class, quantity and par, and its status if cancelled. */
export async function certificatePdf(c: Certificate): Promise<Uint8Array> {
  const { doc, w } = await document(`Share certificate ${c.number}`);
  w.page.drawRectangle({
    x: 36,
    y: 36,
    width: 540,
    height: 720,
    borderWidth: 2,
    borderColor: rgb(0.2, 0.3, 0.2),
  });
  w.text(ORGANISATION, { size: 20, bold: true });
  w.text('A multi-stakeholder cooperative — Jackson, Mississippi', { size: 11 });
  w.gap(24);
  w.text(`Share certificate no. ${c.number}`, { size: 16, bold: true });
  w.gap(12);
  w.text(
    `This certifies that ${c.partyName} (member no. ${c.memberNumber}) is the holder of ${c.quantity} ${c.shareClassName} share(s), par value ${formatCents(c.parCents)} each, ${formatCents(c.parCents * c.quantity)} in all, fully paid, issued on ${c.issuedOn}.`,
    { size: 12 },
  );
  w.gap(12);
  w.text(
    'Shares carry the rights set out in the bylaws: one member, one vote within the class, whatever the number of shares held.',
    { size: 10 },
  );
  if (c.cancelledOn !== null) {
    w.gap(24);
    w.text(
      `CANCELLED on ${c.cancelledOn} (${c.cancelReason ?? 'cancelled'}). This certificate no longer represents any shares.`,
      { size: 13, bold: true },
    );
  }
  w.gap(60);
  w.text('______________________________          ______________________________', { size: 11 });
  w.text('Secretary                                                     Treasurer', { size: 10 });
  return doc.save();
}

/** An acknowledgment, rendered from the content frozen when it was numbered. */
export async function acknowledgmentPdf(a: Acknowledgment): Promise<Uint8Array> {
  const c = a.content;
  const es = c.language === 'es';
  const { doc, w } = await document(`${c.title} ${a.number}`);
  w.text(c.organisation, { size: 18, bold: true });
  w.gap(8);
  w.text(`${c.title} — ${es ? 'n.º' : 'no.'} ${a.number}`, { size: 14, bold: true });
  w.text(`${es ? 'Fecha' : 'Date'}: ${c.issuedOn}`);
  w.gap(10);
  w.text(c.donorName, { bold: true });
  if (c.donorAddress !== null) w.text(c.donorAddress);
  w.gap(14);
  for (const l of c.lines) {
    const what =
      l.kind === 'cash'
        ? formatCents(l.amountCents ?? 0)
        : `${es ? 'En especie' : 'In kind'}: ${l.description ?? ''}`;
    w.text(`${l.date}   ${es ? 'Donación' : 'Gift'} ${l.giftNumber}   ${what}`, { indent: 10 });
  }
  if (c.lines.length > 1)
    w.text(`${es ? 'Total en efectivo' : 'Total cash'}: ${formatCents(c.totalCashCents)}`, {
      bold: true,
      indent: 10,
    });
  w.gap(14);
  for (const s of c.statements) {
    w.text(s);
    w.gap(4);
  }
  if (c.note !== null) {
    w.gap(6);
    w.text(c.note);
  }
  w.gap(20);
  w.text(
    es
      ? 'Conserve este documento para sus registros fiscales.'
      : 'Please keep this letter for your tax records.',
    { size: 10 },
  );
  return doc.save();
}

/**
 * A receipt in English or Spanish, from what was frozen when it was numbered: the issuer's legal identity, the
 * payer, the amount and the words. A voided gift's receipt keeps its number and says VOID across it.
 */
export async function receiptPdf(r: Receipt, language: Language): Promise<Uint8Array> {
  const c = r.content;
  const es = language === 'es';
  const words = c.words[language];
  const { doc, w } = await document(`${words.title} ${c.number}`);
  w.text(c.issuer.name, { size: 18, bold: true });
  if (c.issuer.address !== '') w.text(c.issuer.address, { size: 10 });
  if (c.issuer.ein !== null) w.text(`EIN ${c.issuer.ein}`, { size: 10 });
  w.gap(14);
  w.text(`${words.title} ${c.number}`, { size: 16, bold: true });
  w.text(`${es ? 'Emitido el' : 'Issued on'} ${c.issuedOn}`);
  w.gap(12);
  w.text(`${es ? 'Recibido de' : 'Received from'}: ${c.payerName}`, { bold: true });
  if (c.payerAddress !== null) w.text(c.payerAddress, { indent: 10 });
  w.text(`${es ? 'Importe' : 'Amount'}: ${formatCents(c.amountCents, language)}`, { bold: true });
  w.text(`${es ? 'Fecha de recepción' : 'Date received'}: ${c.receivedOn}`);
  w.text(`${es ? 'Concepto' : 'For'}: ${words.what}`);
  w.gap(14);
  for (const s of words.statements) {
    w.text(s, { size: 10 });
    w.gap(4);
  }
  if (r.voided) {
    w.gap(20);
    w.text(
      es
        ? `ANULADO: la donación de este recibo fue anulada. El recibo ${c.number} ya no acredita ningún pago.`
        : `VOID: the gift on this receipt was voided. Receipt ${c.number} no longer stands for any payment.`,
      { size: 14, bold: true },
    );
  }
  return doc.save();
}
