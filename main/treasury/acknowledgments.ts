import { labToday } from '../kernel/lab-time.js';
import type { Db, WriteTx } from '../store/store.js';
import { notFound, ruleViolation } from '../kernel/errors.js';
import { formatCents } from './money.js';
import { getGift, listGifts, type Gift } from './gifts.js';
import { getParty } from './members.js';
import { sql } from './sql.js';
import { readOrganisation, type Organisation } from '../system/settings.js';

/** IRS Pub. 1771: a written acknowledgment is required for a single contribution of $250 or more. */
export const ACK_THRESHOLD_CENTS = 25_000;
/** IRC §6115: a quid pro quo contribution over $75 needs a written disclosure. */
export const QUID_PRO_QUO_THRESHOLD_CENTS = 7_500;

export interface AckLine {
  giftNumber: number;
  date: string;
  kind: 'cash' | 'in-kind';
  amountCents: number | null;
  description: string | null;
  returnDescription: string | null;
  returnValueCents: number;
}

/** What the letter says, frozen at creation: regenerating it later from changed data must never alter a sent one. */
export interface AckContent {
  organisation: string;
  donorName: string;
  donorAddress: string | null;
  language: 'en' | 'es';
  title: string;
  issuedOn: string;
  year: number | null;
  lines: AckLine[];
  totalCashCents: number;
  statements: string[];
  supersedesNumber: number | null;
  note: string | null;
}

export interface Acknowledgment {
  id: number;
  number: number;
  kind: 'gift' | 'year-end';
  donorPartyId: number;
  giftId: number | null;
  year: number | null;
  language: 'en' | 'es';
  createdAt: string;
  sentAt: string | null;
  supersedesId: number | null;
  supersededBy: number | null;
  content: AckContent;
}

const toLine = (g: Gift): AckLine => ({
  giftNumber: g.number,
  date: g.receivedOn,
  kind: g.kind,
  amountCents: g.amountCents,
  description: g.description,
  returnDescription: g.returnDescription,
  returnValueCents: g.returnValueCents,
});

/**
 * The statements a line needs. For $250 or more (and for every in-kind gift, whose value we never state): the
 * organisation, the cash amount or a description, and whether goods or services were provided with a good-faith
 * estimate of their value. Over $75 with something given in return: the quid-pro-quo disclosure.
 */
export function statementsFor(
  line: AckLine,
  organisation: string,
  language: 'en' | 'es',
  recipient: { charitable: boolean } = { charitable: true },
): string[] {
  const es = language === 'es';
  const out: string[] = [];
  const amount = line.amountCents ?? 0;
  const what =
    line.kind === 'cash'
      ? es
        ? `una contribución en efectivo de ${formatCents(amount)}`
        : `a cash contribution of ${formatCents(amount)}`
      : es
        ? `una contribución en especie: ${line.description ?? ''} (el valor lo determina el donante)`
        : `a non-cash contribution: ${line.description ?? ''} (its value is for the donor to determine)`;
  out.push(
    es
      ? `${organisation} reconoce con gratitud ${what}, recibida el ${line.date} (donación n.º ${line.giftNumber}).`
      : `${organisation} gratefully acknowledges ${what}, received on ${line.date} (gift no. ${line.giftNumber}).`,
  );
  if (line.returnValueCents === 0) {
    out.push(
      es
        ? 'No se proporcionaron bienes ni servicios a cambio de esta contribución.'
        : 'No goods or services were provided in exchange for this contribution.',
    );
  } else {
    out.push(
      es
        ? `A cambio de esta contribución se proporcionó: ${line.returnDescription ?? ''}, con un valor estimado de buena fe de ${formatCents(line.returnValueCents)}.`
        : `In exchange for this contribution, ${organisation} provided: ${line.returnDescription ?? ''}, with a good-faith estimated value of ${formatCents(line.returnValueCents)}.`,
    );
    // The deductible part is stated only where the recipient is a 501(c)(3) (the lab, or its fiscal sponsor).
    if (line.kind === 'cash' && amount > QUID_PRO_QUO_THRESHOLD_CENTS && recipient.charitable) {
      const deductible = formatCents(amount - line.returnValueCents);
      out.push(
        es
          ? `La parte de su pago deducible para efectos del impuesto federal sobre la renta se limita al exceso del dinero aportado sobre el valor de los bienes o servicios proporcionados: ${deductible}.`
          : `The amount of your contribution that is deductible for federal income tax purposes is limited to the excess of the money contributed over the value of goods or services provided by ${organisation}: ${deductible}.`,
      );
    }
  }
  return out;
}

/**
 * Who received the gifts, in the tax terms a donor relies on (IRS Pub. 1771): a fiscal sponsor named as the
 * recipient where the gifts went through it; the lab's own status otherwise. Only a 501(c)(3) recipient is
 * called one; a cooperative (or other) says plainly that the gift is not deductible as a charitable contribution.
 */
export function recipientStatus(
  org: Organisation,
  entity: string,
  language: 'en' | 'es',
): { charitable: boolean; statement: string } {
  const es = language === 'es';
  const sponsor = org.fiscalSponsor;
  if (sponsor !== null && sponsor.name === entity) {
    return {
      charitable: true,
      statement: es
        ? `${sponsor.name} (EIN ${sponsor.ein}), organización exenta de impuestos según la sección 501(c)(3) del Código de Rentas Internas, es el patrocinador fiscal de ${org.legalName} y quien recibió esta contribución.`
        : `${sponsor.name} (EIN ${sponsor.ein}), a tax-exempt organization under section 501(c)(3) of the Internal Revenue Code, is the fiscal sponsor of ${org.legalName} and received this contribution.`,
    };
  }
  const ein = org.ein === null ? '' : ` (EIN ${org.ein})`;
  if (org.taxStatus === '501c3')
    return {
      charitable: true,
      statement: es
        ? `${entity}${ein} es una organización exenta de impuestos según la sección 501(c)(3) del Código de Rentas Internas.`
        : `${entity}${ein} is a tax-exempt organization under section 501(c)(3) of the Internal Revenue Code.`,
    };
  const cooperative = org.taxStatus === 'cooperative';
  return {
    charitable: false,
    statement: es
      ? `${entity}${ein} ${cooperative ? 'es una cooperativa, no una organización 501(c)(3)' : 'no es una organización 501(c)(3)'}: esta contribución no es deducible como contribución caritativa.`
      : `${entity}${ein} is ${cooperative ? 'a cooperative, not a 501(c)(3) organization' : 'not a 501(c)(3) organization'}: this contribution is not deductible as a charitable contribution.`,
  };
}

function buildContent(
  db: Db,
  donorPartyId: number,
  gifts: Gift[],
  opts: {
    language: 'en' | 'es';
    issuedOn: string;
    year: number | null;
    supersedes: number | null;
    note: string | null;
  },
): AckContent {
  const donor = getParty(db, donorPartyId);
  const org = readOrganisation(db);
  const organisation = gifts[0]?.receivingEntity ?? org.legalName;
  const es = opts.language === 'es';
  const lines = gifts.map(toLine);
  const status = recipientStatus(org, organisation, opts.language);
  const statements = lines.flatMap((l) => statementsFor(l, organisation, opts.language, status));
  statements.push(status.statement);
  if (opts.year !== null) {
    statements.unshift(
      es
        ? `Resumen de sus contribuciones a ${organisation} durante ${opts.year}. ¡Gracias por su apoyo!`
        : `A summary of your contributions to ${organisation} during ${opts.year}. Thank you for your support!`,
    );
  }
  if (opts.supersedes !== null) {
    statements.push(
      es
        ? `Este reconocimiento corrige y reemplaza el reconocimiento n.º ${opts.supersedes}.`
        : `This acknowledgment corrects and replaces acknowledgment no. ${opts.supersedes}.`,
    );
  }
  return {
    organisation,
    donorName: donor.name,
    donorAddress: donor.address,
    language: opts.language,
    title:
      opts.year !== null
        ? es
          ? `Resumen anual de donaciones ${opts.year}`
          : `Year-end giving summary ${opts.year}`
        : es
          ? 'Reconocimiento de donación'
          : 'Gift acknowledgment',
    issuedOn: opts.issuedOn,
    year: opts.year,
    lines,
    totalCashCents: lines.reduce((s, l) => s + (l.kind === 'cash' ? (l.amountCents ?? 0) : 0), 0),
    statements,
    supersedesNumber: opts.supersedes,
    note: opts.note,
  };
}

function insertAck(
  tx: WriteTx,
  a: {
    kind: 'gift' | 'year-end';
    donorPartyId: number;
    giftId: number | null;
    year: number | null;
    content: AckContent;
    supersedesId: number | null;
  },
): Acknowledgment {
  const number = tx.nextNumber('treasury.acknowledgment');
  const { lastInsertRowid } = sql(
    tx.db,
    `INSERT INTO treasury_acknowledgments (number, kind, donor_party_id, gift_id, year, language, content_json, created_at, supersedes_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    number,
    a.kind,
    a.donorPartyId,
    a.giftId,
    a.year,
    a.content.language,
    JSON.stringify(a.content),
    tx.at,
    a.supersedesId,
  );
  const ack = getAcknowledgment(tx.db, Number(lastInsertRowid));
  tx.audit('treasury.acknowledgment', number, 'create', null, {
    number,
    kind: a.kind,
    giftId: a.giftId,
    year: a.year,
  });
  return ack;
}

/** Letters are dated on the lab's day (lab-clock.ts), not UTC's. */
const today = (tx: WriteTx): string => labToday(tx.db, tx.at);

export function acknowledgeGift(
  tx: WriteTx,
  input: { giftId: number; language: 'en' | 'es' },
): Acknowledgment {
  const gift = getGift(tx.db, input.giftId);
  if (gift.voided) throw ruleViolation(`Gift ${gift.number} is void; there is nothing to acknowledge.`);
  const live = sql(
    tx.db,
    `SELECT number FROM treasury_acknowledgments a WHERE gift_id = ?
       AND NOT EXISTS (SELECT 1 FROM treasury_acknowledgments b WHERE b.supersedes_id = a.id)`,
  ).get(gift.id) as { number: number } | undefined;
  if (live !== undefined)
    throw ruleViolation(
      `Gift ${gift.number} already has acknowledgment ${live.number}; correct that one instead.`,
    );
  const content = buildContent(tx.db, gift.donorPartyId, [gift], {
    language: input.language,
    issuedOn: today(tx),
    year: null,
    supersedes: null,
    note: null,
  });
  return insertAck(tx, {
    kind: 'gift',
    donorPartyId: gift.donorPartyId,
    giftId: gift.id,
    year: null,
    content,
    supersedesId: null,
  });
}

/** The year-end letter lists the donor's gifts of that year (voided ones left out). */
export function yearEndLetter(
  tx: WriteTx,
  input: { donorPartyId: number; year: number; language: 'en' | 'es'; receivingEntity?: string | undefined },
): Acknowledgment {
  const all = listGifts(tx.db, { year: input.year, donorPartyId: input.donorPartyId }).filter(
    (g) => !g.voided,
  );
  if (all.length === 0) throw ruleViolation(`There are no gifts from this donor in ${input.year}.`);
  // One letter per receiving entity: a gift through a fiscal sponsor is acknowledged by the sponsor, never by the
  // lab, so a year's gifts to two entities make two letters, each naming its own recipient.
  const entities = [...new Set(all.map((g) => g.receivingEntity))];
  const entity = input.receivingEntity ?? (entities.length === 1 ? entities[0] : undefined);
  if (entity === undefined)
    throw ruleViolation(
      `This donor's ${input.year} gifts went to ${entities.length} receiving entities (${entities.join('; ')}); make one year-end letter for each.`,
    );
  const gifts = all.filter((g) => g.receivingEntity === entity);
  if (gifts.length === 0)
    throw ruleViolation(`There are no gifts from this donor to ${entity} in ${input.year}.`);
  const content = buildContent(tx.db, input.donorPartyId, gifts, {
    language: input.language,
    issuedOn: today(tx),
    year: input.year,
    supersedes: null,
    note: null,
  });
  return insertAck(tx, {
    kind: 'year-end',
    donorPartyId: input.donorPartyId,
    giftId: null,
    year: input.year,
    content,
    supersedesId: null,
  });
}

/** Marks it sent: from now on the database refuses any change to it. */
export function markSent(tx: WriteTx, id: number): Acknowledgment {
  const before = getAcknowledgment(tx.db, id);
  if (before.sentAt !== null)
    throw ruleViolation(`Acknowledgment ${before.number} was already sent on ${before.sentAt.slice(0, 10)}.`);
  sql(tx.db, 'UPDATE treasury_acknowledgments SET sent_at = ? WHERE id = ?').run(tx.at, id);
  tx.audit('treasury.acknowledgment', before.number, 'send', { sentAt: null }, { sentAt: tx.at });
  return getAcknowledgment(tx.db, id);
}

/** A correction is a new numbered acknowledgment, rebuilt from the books, that names the one it replaces. */
export function correctAcknowledgment(
  tx: WriteTx,
  input: { id: number; language?: 'en' | 'es' | undefined; note?: string | undefined },
): Acknowledgment {
  const old = getAcknowledgment(tx.db, input.id);
  if (old.supersededBy !== null)
    throw ruleViolation(`Acknowledgment ${old.number} was already replaced by ${old.supersededBy}.`);
  const language = input.language ?? old.language;
  const gifts =
    old.giftId !== null
      ? [getGift(tx.db, old.giftId)]
      : listGifts(tx.db, { year: old.year ?? undefined, donorPartyId: old.donorPartyId }).filter(
          (g) => !g.voided && g.receivingEntity === old.content.organisation,
        );
  const content = buildContent(tx.db, old.donorPartyId, gifts, {
    language,
    issuedOn: today(tx),
    year: old.year,
    supersedes: old.number,
    note: input.note ?? null,
  });
  return insertAck(tx, {
    kind: old.kind,
    donorPartyId: old.donorPartyId,
    giftId: old.giftId,
    year: old.year,
    content,
    supersedesId: old.id,
  });
}

interface Row {
  id: number;
  number: number;
  kind: 'gift' | 'year-end';
  donor_party_id: number;
  gift_id: number | null;
  year: number | null;
  language: 'en' | 'es';
  content_json: string;
  created_at: string;
  sent_at: string | null;
  supersedes_id: number | null;
  superseded_by: number | null;
}

const SELECT = `SELECT a.*, (SELECT b.number FROM treasury_acknowledgments b WHERE b.supersedes_id = a.id) AS superseded_by
  FROM treasury_acknowledgments a`;

const toAck = (r: Row): Acknowledgment => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  donorPartyId: r.donor_party_id,
  giftId: r.gift_id,
  year: r.year,
  language: r.language,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  supersedesId: r.supersedes_id,
  supersededBy: r.superseded_by,
  content: JSON.parse(r.content_json) as AckContent,
});

export function getAcknowledgment(db: Db, id: number): Acknowledgment {
  const row = sql(db, `${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
  if (row === undefined) throw notFound('Acknowledgment', id);
  return toAck(row);
}

export function acknowledgmentByNumber(db: Db, number: number): Acknowledgment | undefined {
  const row = sql(db, `${SELECT} WHERE a.number = ?`).get(number) as Row | undefined;
  return row === undefined ? undefined : toAck(row);
}

export function listAcknowledgments(db: Db): Acknowledgment[] {
  return (sql(db, `${SELECT} ORDER BY a.number DESC`).all() as Row[]).map(toAck);
}
