import type { Db, WriteTx } from '../store/store.js';
import { notFound } from '../kernel/errors.js';
import { readOrganisation, type Organisation } from '../system/settings.js';
import { formatCents } from './money.js';
import { labToday } from '../kernel/lab-time.js';
import { recipientStatus } from './acknowledgments.js';
import type { Gift } from './gifts.js';
import { sql } from './sql.js';

/**
 * Receipts: one numbered paper for each share payment, cash gift, sale and job payment, issued in the same write
 * that records the money. Numbers are R-YYYY-NNNN, gapless within each year of the lab's calendar (the store's
 * sequence `treasury.receipt.YYYY`; the year is the lab's today when issued, so at 23:30 on 31 December in Jackson
 * it is still the old year). Everything the receipt says — the issuer's legal name, address, EIN and tax status,
 * the payer, the amount and its wording in English and Spanish — is frozen when it is issued, so a reprint after
 * the organisation settings change says what the first print said. Only a voided gift adds VOID to it.
 */
export type ReceiptKind = 'share-payment' | 'gift' | 'sale' | 'job-payment';
export type Language = 'en' | 'es';

export interface ReceiptWords {
  title: string;
  /** What the money was for, in a sentence. */
  what: string;
  /** Tax status and goods-or-services statements. */
  statements: string[];
}

export interface ReceiptContent {
  number: string;
  kind: ReceiptKind;
  issuedOn: string;
  receivedOn: string;
  amountCents: number;
  payerName: string;
  payerAddress: string | null;
  issuer: { name: string; address: string; ein: string | null };
  words: Record<Language, ReceiptWords>;
}

export interface Receipt {
  id: number;
  number: string;
  year: number;
  kind: ReceiptKind;
  sourceId: number;
  issuedOn: string;
  amountCents: number;
  /** Live, not frozen: a gift voided after its receipt was issued. The receipt keeps its number and words. */
  voided: boolean;
  content: ReceiptContent;
}

/** The path the host serves a receipt's PDF at, in English or Spanish. */
export const receiptPath = (number: string, language: Language = 'en') =>
  `treasury/receipt/${number}${language === 'es' ? '.es' : ''}.pdf`;

export const receiptRef = (r: { number: string }) => ({
  number: r.number,
  pdf: receiptPath(r.number, 'en'),
  pdfEs: receiptPath(r.number, 'es'),
});

const TITLE: Record<Language, string> = { en: 'Receipt', es: 'Recibo' };

/** The lab's own tax status in both languages, as its receipts state it. */
function labStatus(org: Organisation, language: Language): string {
  const es = language === 'es';
  if (org.taxStatus === '501c3')
    return es
      ? `${org.legalName} es una organización exenta de impuestos según la sección 501(c)(3) del Código de Rentas Internas.`
      : `${org.legalName} is a tax-exempt organization under section 501(c)(3) of the Internal Revenue Code.`;
  if (org.taxStatus === 'cooperative')
    return es
      ? `${org.legalName} es una cooperativa, no una organización 501(c)(3).`
      : `${org.legalName} is a cooperative, not a 501(c)(3) organization.`;
  return es
    ? `${org.legalName} no es una organización 501(c)(3).`
    : `${org.legalName} is not a 501(c)(3) organization.`;
}

const notAGift: Record<Language, string> = {
  en: 'This payment is not a gift and is not deductible as a charitable contribution.',
  es: 'Este pago no es una donación y no es deducible como contribución caritativa.',
};

interface IssueInput {
  kind: ReceiptKind;
  sourceId: number;
  receivedOn: string;
  amountCents: number;
  payerName: string;
  payerAddress: string | null;
  /** Who issues it: the lab, or (for a gift through it) the fiscal sponsor. */
  issuer?: { name: string; address: string; ein: string | null } | undefined;
  what: Record<Language, string>;
  statements: Record<Language, string[]>;
}

/** Numbers and freezes a receipt inside the write that records the money. */
function issue(tx: WriteTx, input: IssueInput): Receipt {
  const org = readOrganisation(tx.db);
  const issuedOn = labToday(tx.db, tx.at);
  const year = Number(issuedOn.slice(0, 4));
  const seq = tx.nextNumber(`treasury.receipt.${year}`);
  const number = `R-${year}-${String(seq).padStart(4, '0')}`;
  const words = (language: Language): ReceiptWords => ({
    title: TITLE[language],
    what: input.what[language],
    statements: input.statements[language],
  });
  const content: ReceiptContent = {
    number,
    kind: input.kind,
    issuedOn,
    receivedOn: input.receivedOn,
    amountCents: input.amountCents,
    payerName: input.payerName,
    payerAddress: input.payerAddress,
    issuer: input.issuer ?? { name: org.legalName, address: org.address, ein: org.ein },
    words: { en: words('en'), es: words('es') },
  };
  const { lastInsertRowid } = sql(
    tx.db,
    `INSERT INTO treasury_receipts (number, year, seq, kind, source_id, issued_on, amount_cents, content_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    number,
    year,
    seq,
    input.kind,
    input.sourceId,
    issuedOn,
    input.amountCents,
    JSON.stringify(content),
    tx.at,
  );
  const receipt = getReceipt(tx.db, Number(lastInsertRowid));
  tx.audit('treasury.receipt', number, 'issue', null, content);
  return receipt;
}

/** A share payment's receipt: member equity, not a gift. */
export function issueSharePaymentReceipt(
  tx: WriteTx,
  p: {
    paymentId: number;
    date: string;
    amountCents: number;
    payerName: string;
    payerAddress: string | null;
    memberNumber: number;
    shareClassName: string;
  },
): Receipt {
  const org = readOrganisation(tx.db);
  return issue(tx, {
    kind: 'share-payment',
    sourceId: p.paymentId,
    receivedOn: p.date,
    amountCents: p.amountCents,
    payerName: p.payerName,
    payerAddress: p.payerAddress,
    what: {
      en: `Payment for ${p.shareClassName} shares of ${org.legalName} (member no. ${p.memberNumber}).`,
      es: `Pago de acciones ${p.shareClassName} de ${org.legalName} (socio n.º ${p.memberNumber}).`,
    },
    statements: {
      en: [
        'Shares are member equity of the cooperative; shares are issued, with a certificate, as the bylaws provide.',
        notAGift.en,
        labStatus(org, 'en'),
      ],
      es: [
        'Las acciones son capital social de la cooperativa; se emiten, con su certificado, según los estatutos.',
        notAGift.es,
        labStatus(org, 'es'),
      ],
    },
  });
}

/** A cash gift's receipt, in the receiving entity's name (the fiscal sponsor's where the gift went through it). */
export function issueGiftReceipt(tx: WriteTx, gift: Gift, payerAddress: string | null): Receipt {
  const org = readOrganisation(tx.db);
  const sponsor = org.fiscalSponsor;
  const throughSponsor = sponsor !== null && sponsor.name === gift.receivingEntity;
  const entity = throughSponsor ? sponsor.name : gift.receivingEntity;
  const amount = gift.amountCents ?? 0;
  const goods = (language: Language) => {
    const es = language === 'es';
    if (gift.returnValueCents === 0)
      return es
        ? 'No se proporcionaron bienes ni servicios a cambio de esta contribución.'
        : 'No goods or services were provided in exchange for this contribution.';
    return es
      ? `A cambio se proporcionó: ${gift.returnDescription ?? ''}, con un valor estimado de buena fe de ${formatCents(gift.returnValueCents)}.`
      : `In exchange, ${entity} provided: ${gift.returnDescription ?? ''}, with a good-faith estimated value of ${formatCents(gift.returnValueCents)}.`;
  };
  return issue(tx, {
    kind: 'gift',
    sourceId: gift.id,
    receivedOn: gift.receivedOn,
    amountCents: amount,
    payerName: gift.donorName,
    payerAddress,
    issuer: throughSponsor
      ? { name: sponsor.name, address: '', ein: sponsor.ein }
      : { name: entity, address: org.address, ein: org.ein },
    what: {
      en: `Cash gift no. ${gift.number} to ${entity}.`,
      es: `Donación en efectivo n.º ${gift.number} a ${entity}.`,
    },
    statements: {
      en: [goods('en'), recipientStatus(org, entity, 'en').statement],
      es: [goods('es'), recipientStatus(org, entity, 'es').statement],
    },
  });
}

/** A sale's receipt (production's priced distribution): goods sold, not a gift. */
export function issueSaleReceipt(
  tx: WriteTx,
  s: {
    distributionId: number;
    distributionNumber: number;
    date: string;
    quantity: number;
    productName: string;
    unitPriceCents: number;
    totalCents: number;
    buyerName: string;
    runNumber: number;
  },
): Receipt {
  const org = readOrganisation(tx.db);
  return issue(tx, {
    kind: 'sale',
    sourceId: s.distributionId,
    receivedOn: s.date,
    amountCents: s.totalCents,
    payerName: s.buyerName,
    payerAddress: null,
    what: {
      en: `Sale of ${s.quantity} ${s.productName} at ${formatCents(s.unitPriceCents)} each (distribution ${s.distributionNumber}, run ${s.runNumber}).`,
      es: `Venta de ${s.quantity} ${s.productName} a ${formatCents(s.unitPriceCents)} cada uno (distribución ${s.distributionNumber}, lote de producción ${s.runNumber}).`,
    },
    statements: { en: [notAGift.en, labStatus(org, 'en')], es: [notAGift.es, labStatus(org, 'es')] },
  });
}

/** A paid job's receipt: lab services, not a gift. */
export function issueJobPaymentReceipt(
  tx: WriteTx,
  p: {
    paymentId: number;
    date: string;
    amountCents: number;
    payerName: string;
    jobNumber: number;
    jobTitle: string;
  },
): Receipt {
  const org = readOrganisation(tx.db);
  return issue(tx, {
    kind: 'job-payment',
    sourceId: p.paymentId,
    receivedOn: p.date,
    amountCents: p.amountCents,
    payerName: p.payerName,
    payerAddress: null,
    what: {
      en: `Payment for lab job ${p.jobNumber}, “${p.jobTitle}”.`,
      es: `Pago del trabajo de taller ${p.jobNumber}, “${p.jobTitle}”.`,
    },
    statements: { en: [notAGift.en, labStatus(org, 'en')], es: [notAGift.es, labStatus(org, 'es')] },
  });
}

interface Row {
  id: number;
  number: string;
  year: number;
  kind: ReceiptKind;
  source_id: number;
  issued_on: string;
  amount_cents: number;
  content_json: string;
  voided: number;
}

const SELECT = `SELECT r.*, (r.kind = 'gift' AND EXISTS (SELECT 1 FROM treasury_gifts g
    WHERE g.id = r.source_id AND g.voided_entry_id IS NOT NULL)) AS voided FROM treasury_receipts r`;

const toReceipt = (r: Row): Receipt => ({
  id: r.id,
  number: r.number,
  year: r.year,
  kind: r.kind,
  sourceId: r.source_id,
  issuedOn: r.issued_on,
  amountCents: r.amount_cents,
  voided: r.voided === 1,
  content: JSON.parse(r.content_json) as ReceiptContent,
});

export function getReceipt(db: Db, id: number): Receipt {
  const row = sql(db, `${SELECT} WHERE r.id = ?`).get(id) as Row | undefined;
  if (row === undefined) throw notFound('Receipt', id);
  return toReceipt(row);
}

export function receiptByNumber(db: Db, number: string): Receipt | undefined {
  const row = sql(db, `${SELECT} WHERE r.number = ?`).get(number) as Row | undefined;
  return row === undefined ? undefined : toReceipt(row);
}

export function receiptFor(db: Db, kind: ReceiptKind, sourceId: number): Receipt | undefined {
  const row = sql(db, `${SELECT} WHERE r.kind = ? AND r.source_id = ?`).get(kind, sourceId) as
    Row | undefined;
  return row === undefined ? undefined : toReceipt(row);
}

export function listReceipts(db: Db): Receipt[] {
  return (sql(db, `${SELECT} ORDER BY r.year, r.seq`).all() as Row[]).map(toReceipt);
}
