import type { Db, WriteTx } from '../store/store.js';
import { DeskError, notFound, ruleViolation } from '../kernel/errors.js';
import { assertCents, formatCents } from './money.js';
import { assertBusinessDate, assertOpenDay, postEntry, reverseEntry, type PostedEntry } from './journal.js';
import { getParty } from './members.js';
import { BANK } from './shares.js';
import { sql } from './sql.js';
import { readOrganisation } from '../system/settings.js';

/** A gift is received by the organisation under its legal name (settings), unless it went through the sponsor. */
const receivedBy = (tx: WriteTx, entity: string | undefined): string =>
  entity ?? readOrganisation(tx.db).legalName;

export interface Gift {
  id: number;
  number: number;
  donorPartyId: number;
  donorName: string;
  receivingEntity: string;
  receivedOn: string;
  kind: 'cash' | 'in-kind';
  amountCents: number | null;
  description: string | null;
  returnDescription: string | null;
  returnValueCents: number;
  fundId: number;
  fundCode: string;
  trancheId: number | null;
  entryNumber: number | null;
  voided: boolean;
  voidReason: string | null;
}

interface FundRow {
  id: number;
  code: string;
  restriction: string;
}

function getFund(db: Db, id: number): FundRow {
  const fund = sql(db, 'SELECT id, code, restriction FROM treasury_funds WHERE id = ?').get(id) as
    FundRow | undefined;
  if (fund === undefined) throw notFound('Fund', id);
  return fund;
}

function checkTranche(db: Db, trancheId: number | null | undefined): number | null {
  if (trancheId === undefined || trancheId === null) return null;
  const t = sql(db, 'SELECT kind, name FROM treasury_campaign_tranches WHERE id = ?').get(trancheId) as
    { kind: string; name: string } | undefined;
  if (t === undefined) throw notFound('Campaign tranche', trancheId);
  if (t.kind !== 'gift')
    throw ruleViolation(
      `"${t.name}" counts ${t.kind}s, not gifts: a gift can never count as ${t.kind === 'share' ? 'equity' : 'a loan'}.`,
    );
  return trancheId;
}

export interface CashGiftInput {
  donorPartyId: number;
  amount: number;
  date: string;
  fundId: number;
  trancheId?: number | null | undefined;
  receivingEntity?: string | undefined;
  description?: string | undefined;
  returnDescription?: string | undefined;
  returnValue?: number | undefined;
}

/**
 * A cash gift: income, never equity. It touches no share, membership or vote table; the part matched by goods or
 * services given in return is booked as exchange income, so the contribution shown is what the donor may deduct.
 */
export function recordCashGift(tx: WriteTx, input: CashGiftInput): { gift: Gift; entry: PostedEntry } {
  assertBusinessDate(input.date);
  const donor = getParty(tx.db, input.donorPartyId);
  const fund = getFund(tx.db, input.fundId);
  assertCents(input.amount, 'The gift');
  const returnValue = input.returnValue ?? 0;
  assertCents(returnValue, 'The value given in return', { zero: true });
  if (returnValue > 0 && (input.returnDescription ?? '').trim() === '') {
    throw new DeskError('INVALID_INPUT', 'Describe the goods or services given in return for this gift.', {
      field: 'returnDescription',
    });
  }
  if (returnValue >= input.amount) {
    throw ruleViolation(
      `Goods or services worth ${formatCents(returnValue)} for ${formatCents(input.amount)} make this a purchase, not a gift.`,
    );
  }
  const trancheId = checkTranche(tx.db, input.trancheId);
  const income =
    fund.restriction === 'unrestricted'
      ? 'Income:Contributions:WithoutDonorRestrictions'
      : 'Income:Contributions:WithDonorRestrictions';
  const number = tx.nextNumber('treasury.gift');
  const lines = [
    { account: BANK, amount: input.amount, partyId: donor.id },
    { account: income, amount: -(input.amount - returnValue), partyId: donor.id, fundId: fund.id },
  ];
  if (returnValue > 0)
    lines.push({ account: 'Income:Services', amount: -returnValue, partyId: donor.id, fundId: fund.id });
  const entry = postEntry(tx, {
    date: input.date,
    memo: `Gift ${number} from ${donor.name}`,
    kind: 'gift',
    partyId: donor.id,
    trancheId,
    lines,
  });
  const gift = insertGift(tx, {
    number,
    donor: donor.id,
    receivingEntity: receivedBy(tx, input.receivingEntity),
    date: input.date,
    kind: 'cash',
    amount: input.amount,
    description: input.description ?? null,
    returnDescription: input.returnDescription ?? null,
    returnValue,
    fund: fund.id,
    trancheId,
    entryId: entry.id,
  });
  return { gift, entry };
}

/**
 * An in-kind gift is acknowledged by description, never by value (the donor values it). If the treasurer books a
 * value for the cooperative's own statements, it goes to in-kind income and donated goods/services expense.
 */
export function recordInKindGift(
  tx: WriteTx,
  input: {
    donorPartyId: number;
    date: string;
    description: string;
    fundId: number;
    bookValue?: number | undefined;
    receivingEntity?: string | undefined;
    returnDescription?: string | undefined;
    returnValue?: number | undefined;
    trancheId?: number | null | undefined;
  },
): { gift: Gift; entry: PostedEntry | null } {
  // Even with no book value (so no entry), a gift is dated on an open day that has come.
  assertOpenDay(tx, input.date);
  const donor = getParty(tx.db, input.donorPartyId);
  const fund = getFund(tx.db, input.fundId);
  assertCents(input.bookValue ?? 0, 'The book value', { zero: true });
  const returnValue = input.returnValue ?? 0;
  assertCents(returnValue, 'The value given in return', { zero: true });
  if (returnValue > 0 && (input.returnDescription ?? '').trim() === '') {
    throw new DeskError('INVALID_INPUT', 'Describe the goods or services given in return for this gift.', {
      field: 'returnDescription',
    });
  }
  const trancheId = checkTranche(tx.db, input.trancheId);
  const number = tx.nextNumber('treasury.gift');
  const entry =
    input.bookValue === undefined || input.bookValue === 0
      ? null
      : postEntry(tx, {
          date: input.date,
          memo: `In-kind gift ${number} from ${donor.name}: ${input.description}`,
          kind: 'gift-in-kind',
          partyId: donor.id,
          trancheId,
          lines: [
            { account: 'Expenses:DonatedGoodsServices', amount: input.bookValue, partyId: donor.id },
            {
              account: 'Income:Contributions:InKind',
              amount: -input.bookValue,
              partyId: donor.id,
              fundId: fund.id,
            },
          ],
        });
  const gift = insertGift(tx, {
    number,
    donor: donor.id,
    receivingEntity: receivedBy(tx, input.receivingEntity),
    date: input.date,
    kind: 'in-kind',
    amount: null,
    description: input.description,
    returnDescription: input.returnDescription ?? null,
    returnValue,
    fund: fund.id,
    trancheId,
    entryId: entry?.id ?? null,
  });
  return { gift, entry };
}

function insertGift(
  tx: WriteTx,
  g: {
    number: number;
    donor: number;
    receivingEntity: string;
    date: string;
    kind: 'cash' | 'in-kind';
    amount: number | null;
    description: string | null;
    returnDescription: string | null;
    returnValue: number;
    fund: number;
    trancheId: number | null;
    entryId: number | null;
  },
): Gift {
  const { lastInsertRowid } = sql(
    tx.db,
    `INSERT INTO treasury_gifts (number, donor_party_id, receiving_entity, received_on, kind, amount_cents, description,
         return_description, return_value_cents, fund_id, tranche_id, entry_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    g.number,
    g.donor,
    g.receivingEntity,
    g.date,
    g.kind,
    g.amount,
    g.description,
    g.returnDescription,
    g.returnValue,
    g.fund,
    g.trancheId,
    g.entryId,
    tx.at,
  );
  const gift = getGift(tx.db, Number(lastInsertRowid));
  tx.audit('treasury.gift', g.number, 'record', null, gift);
  return gift;
}

/** Voids a gift booked in error (say, money that was really for shares) with a reversing entry; the row stays. */
export function voidGift(
  tx: WriteTx,
  input: { giftId: number; date: string; reason: string },
): { gift: Gift; entry: PostedEntry } {
  const gift = getGift(tx.db, input.giftId);
  if (gift.voided) throw ruleViolation(`Gift ${gift.number} is already void.`);
  const row = sql(tx.db, 'SELECT entry_id FROM treasury_gifts WHERE id = ?').get(gift.id) as {
    entry_id: number | null;
  };
  if (row.entry_id === null)
    throw ruleViolation(`Gift ${gift.number} put nothing on the books; correct its acknowledgment instead.`);
  const entry = reverseEntry(tx, row.entry_id, input.date, `Void gift ${gift.number}: ${input.reason}`);
  sql(tx.db, 'UPDATE treasury_gifts SET voided_entry_id = ?, void_reason = ? WHERE id = ?').run(
    entry.id,
    input.reason,
    gift.id,
  );
  const after = getGift(tx.db, gift.id);
  tx.audit('treasury.gift', gift.number, 'void', gift, after);
  return { gift: after, entry };
}

const SELECT = `SELECT g.*, p.name AS donor_name, f.code AS fund_code, e.number AS entry_number
  FROM treasury_gifts g JOIN treasury_parties p ON p.id = g.donor_party_id JOIN treasury_funds f ON f.id = g.fund_id
  LEFT JOIN treasury_entries e ON e.id = g.entry_id`;

interface Row {
  id: number;
  number: number;
  donor_party_id: number;
  donor_name: string;
  receiving_entity: string;
  received_on: string;
  kind: 'cash' | 'in-kind';
  amount_cents: number | null;
  description: string | null;
  return_description: string | null;
  return_value_cents: number;
  fund_id: number;
  fund_code: string;
  tranche_id: number | null;
  entry_number: number | null;
  voided_entry_id: number | null;
  void_reason: string | null;
}

const toGift = (r: Row): Gift => ({
  id: r.id,
  number: r.number,
  donorPartyId: r.donor_party_id,
  donorName: r.donor_name,
  receivingEntity: r.receiving_entity,
  receivedOn: r.received_on,
  kind: r.kind,
  amountCents: r.amount_cents,
  description: r.description,
  returnDescription: r.return_description,
  returnValueCents: r.return_value_cents,
  fundId: r.fund_id,
  fundCode: r.fund_code,
  trancheId: r.tranche_id,
  entryNumber: r.entry_number,
  voided: r.voided_entry_id !== null,
  voidReason: r.void_reason,
});

export function getGift(db: Db, id: number): Gift {
  const row = sql(db, `${SELECT} WHERE g.id = ?`).get(id) as Row | undefined;
  if (row === undefined) throw notFound('Gift', id);
  return toGift(row);
}

export function listGifts(
  db: Db,
  filter: { year?: number | undefined; donorPartyId?: number | undefined } = {},
): Gift[] {
  return (
    sql(
      db,
      `${SELECT} WHERE (@year IS NULL OR substr(g.received_on, 1, 4) = @year) AND (@donor IS NULL OR g.donor_party_id = @donor) ORDER BY g.number`,
    ).all({
      year: filter.year === undefined ? null : String(filter.year),
      donor: filter.donorPartyId ?? null,
    }) as Row[]
  ).map(toGift);
}
