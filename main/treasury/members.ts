import type { Db, WriteTx } from '../store/store.js';
import { DeskError, notFound, ruleViolation } from '../kernel/errors.js';
import { assertBusinessDate } from './journal.js';
import { sql } from './sql.js';

export interface Party {
  id: number;
  kind: 'person' | 'organisation';
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  personId: number | null;
}

export interface MemberClass {
  id: number;
  code: string;
  name: string;
  nameEs: string;
  eligibility: string;
  votesPerMember: number;
  boardSeats: number;
  maxInstalments: number;
  issueRule: 'full' | 'per-share';
  shareClass: {
    id: number;
    code: string;
    name: string;
    parCents: number;
    minPerMember: number;
    maxPerMember: number | null;
    transferable: boolean;
    redeemable: boolean;
    equityAccount: string;
  };
}

export type MemberStatus = 'candidate' | 'active' | 'withdrawn' | 'expelled';

export interface Membership {
  id: number;
  memberNumber: number;
  partyId: number;
  partyName: string;
  memberClassId: number;
  memberClassCode: string;
  status: MemberStatus;
  admittedOn: string;
  endedOn: string | null;
  shares: number;
}

export function createParty(
  tx: WriteTx,
  input: {
    kind: 'person' | 'organisation';
    name: string;
    email?: string | undefined;
    phone?: string | undefined;
    address?: string | undefined;
    personId?: number | undefined;
  },
): Party {
  if (
    input.personId !== undefined &&
    sql(tx.db, 'SELECT 1 FROM persons WHERE id = ?').get(input.personId) === undefined
  ) {
    throw notFound('Person', input.personId);
  }
  const { lastInsertRowid } = sql(
    tx.db,
    'INSERT INTO treasury_parties (kind, name, email, phone, address, person_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    input.kind,
    input.name,
    emptyToNull(input.email),
    emptyToNull(input.phone),
    emptyToNull(input.address),
    input.personId ?? null,
    tx.at,
  );
  const party = getParty(tx.db, Number(lastInsertRowid));
  tx.audit('treasury.party', party.id, 'create', null, party);
  return party;
}

const emptyToNull = (s: string | undefined): string | null =>
  s === undefined || s.trim() === '' ? null : s.trim();

interface PartyRow {
  id: number;
  kind: 'person' | 'organisation';
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  person_id: number | null;
}
const toParty = (r: PartyRow): Party => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  email: r.email,
  phone: r.phone,
  address: r.address,
  personId: r.person_id,
});

export function getParty(db: Db, id: number): Party {
  const row = sql(db, 'SELECT * FROM treasury_parties WHERE id = ?').get(id) as PartyRow | undefined;
  if (row === undefined) throw notFound('Party', id);
  return toParty(row);
}

export function listParties(db: Db): Party[] {
  return (sql(db, 'SELECT * FROM treasury_parties ORDER BY name COLLATE NOCASE, id').all() as PartyRow[]).map(
    toParty,
  );
}

interface ClassRow {
  id: number;
  code: string;
  name: string;
  name_es: string;
  eligibility: string;
  votes_per_member: number;
  board_seats: number;
  max_instalments: number;
  issue_rule: 'full' | 'per-share';
  sc_id: number;
  sc_code: string;
  sc_name: string;
  par_cents: number;
  min_per_member: number;
  max_per_member: number | null;
  transferable: number;
  redeemable: number;
  equity_account: string;
}

const SELECT_CLASS = `SELECT mc.*, sc.id AS sc_id, sc.code AS sc_code, sc.name AS sc_name, sc.par_cents, sc.min_per_member,
  sc.max_per_member, sc.transferable, sc.redeemable, a.code AS equity_account
  FROM treasury_member_classes mc JOIN treasury_share_classes sc ON sc.id = mc.share_class_id
  JOIN treasury_accounts a ON a.id = sc.equity_account_id`;

const toClass = (r: ClassRow): MemberClass => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameEs: r.name_es,
  eligibility: r.eligibility,
  votesPerMember: r.votes_per_member,
  boardSeats: r.board_seats,
  maxInstalments: r.max_instalments,
  issueRule: r.issue_rule,
  shareClass: {
    id: r.sc_id,
    code: r.sc_code,
    name: r.sc_name,
    parCents: r.par_cents,
    minPerMember: r.min_per_member,
    maxPerMember: r.max_per_member,
    transferable: r.transferable === 1,
    redeemable: r.redeemable === 1,
    equityAccount: r.equity_account,
  },
});

export function listMemberClasses(db: Db): MemberClass[] {
  return (sql(db, `${SELECT_CLASS} ORDER BY mc.id`).all() as ClassRow[]).map(toClass);
}

export function getMemberClass(db: Db, id: number): MemberClass {
  const row = sql(db, `${SELECT_CLASS} WHERE mc.id = ?`).get(id) as ClassRow | undefined;
  if (row === undefined) throw notFound('Member class', id);
  return toClass(row);
}

interface MembershipRow {
  id: number;
  member_number: number;
  party_id: number;
  party_name: string;
  member_class_id: number;
  class_code: string;
  status: MemberStatus;
  admitted_on: string;
  ended_on: string | null;
  shares: number;
}

/** Holdings are always the sum of register operations up to the date, never a stored counter. */
const SELECT_MEMBERSHIP = `SELECT m.*, p.name AS party_name, mc.code AS class_code,
  (SELECT coalesce(sum(o.quantity), 0) FROM treasury_share_operations o
   WHERE o.membership_id = m.id AND (@asOf IS NULL OR o.date <= @asOf)) AS shares
  FROM treasury_memberships m JOIN treasury_parties p ON p.id = m.party_id
  JOIN treasury_member_classes mc ON mc.id = m.member_class_id`;

const toMembership = (r: MembershipRow): Membership => ({
  id: r.id,
  memberNumber: r.member_number,
  partyId: r.party_id,
  partyName: r.party_name,
  memberClassId: r.member_class_id,
  memberClassCode: r.class_code,
  status: r.status,
  admittedOn: r.admitted_on,
  endedOn: r.ended_on,
  shares: r.shares,
});

export function getMembership(db: Db, id: number): Membership {
  const row = sql(db, `${SELECT_MEMBERSHIP} WHERE m.id = @id`).get({ asOf: null, id }) as
    MembershipRow | undefined;
  if (row === undefined) throw notFound('Membership', id);
  return toMembership(row);
}

/** Memberships admitted on or before `asOf` (all when omitted), with shares held at that date. */
export function listMemberships(db: Db, asOf?: string): Membership[] {
  return (
    sql(
      db,
      `${SELECT_MEMBERSHIP} WHERE (@asOf IS NULL OR m.admitted_on <= @asOf) ORDER BY m.member_number`,
    ).all({ asOf: asOf ?? null }) as MembershipRow[]
  ).map(toMembership);
}

/** Admits a party to a member class with the next member number (never reused, even after withdrawal). */
export function admitMember(
  tx: WriteTx,
  input: { partyId: number; memberClassId: number; admittedOn: string },
): Membership {
  assertBusinessDate(input.admittedOn, 'admittedOn');
  const party = getParty(tx.db, input.partyId);
  const cls = getMemberClass(tx.db, input.memberClassId);
  const existing = sql(
    tx.db,
    'SELECT member_number FROM treasury_memberships WHERE party_id = ? AND member_class_id = ?',
  ).get(party.id, cls.id) as { member_number: number } | undefined;
  if (existing !== undefined) {
    throw new DeskError(
      'CONFLICT',
      `${party.name} already has member number ${existing.member_number} in ${cls.name}.`,
    );
  }
  const number = tx.nextNumber('treasury.member');
  const { lastInsertRowid } = sql(
    tx.db,
    `INSERT INTO treasury_memberships (member_number, party_id, member_class_id, status, admitted_on) VALUES (?, ?, ?, 'candidate', ?)`,
  ).run(number, party.id, cls.id, input.admittedOn);
  const membership = getMembership(tx.db, Number(lastInsertRowid));
  tx.audit('treasury.membership', membership.id, 'admit', null, membership);
  return membership;
}

/** Ends a membership (withdrawn or expelled). Shares must be redeemed or transferred first: a vote follows shares. */
export function endMembership(
  tx: WriteTx,
  input: { membershipId: number; status: 'withdrawn' | 'expelled'; on: string },
): Membership {
  assertBusinessDate(input.on, 'on');
  const before = getMembership(tx.db, input.membershipId);
  if (before.status === 'withdrawn' || before.status === 'expelled')
    throw ruleViolation(`Member ${before.memberNumber} has already left.`);
  if (before.shares > 0) {
    throw ruleViolation(
      `Member ${before.memberNumber} still holds ${before.shares} share(s); redeem or transfer them first.`,
    );
  }
  sql(tx.db, 'UPDATE treasury_memberships SET status = ?, ended_on = ? WHERE id = ?').run(
    input.status,
    input.on,
    before.id,
  );
  const after = getMembership(tx.db, before.id);
  tx.audit('treasury.membership', before.id, input.status, before, after);
  return after;
}

export function markActive(tx: WriteTx, membership: Membership): void {
  if (membership.status !== 'candidate') return;
  sql(tx.db, "UPDATE treasury_memberships SET status = 'active' WHERE id = ?").run(membership.id);
  tx.audit('treasury.membership', membership.id, 'activate', { status: 'candidate' }, { status: 'active' });
}
