import type { Db, WriteTx } from '../store/store.js';
import { DeskError, notFound, ruleViolation } from '../kernel/errors.js';
import { assertCents, formatCents } from './money.js';
import { postEntry, type PostedEntry } from './journal.js';
import { getMemberClass, getMembership, markActive, type MemberClass, type Membership } from './members.js';
import { trancheFor } from './campaign.js';
import { issueCertificate, type Certificate } from './certificates.js';
import { sql } from './sql.js';

export const BANK = 'Assets:Bank:Operating';
export const SUBSCRIPTIONS = 'Liabilities:Subscriptions:Received';

export type OperationKind = 'issue' | 'transfer-out' | 'transfer-in' | 'redeem' | 'correction';

export interface ShareOperation {
  id: number;
  number: number;
  kind: OperationKind;
  membershipId: number;
  memberNumber: number;
  partyName: string;
  shareClass: string;
  quantity: number;
  date: string;
  entryNumber: number;
  note: string | null;
}

export interface Subscription {
  id: number;
  membershipId: number;
  shares: number;
  amountCents: number;
  paidCents: number;
  payments: number;
  issuedShares: number;
  subscribedOn: string;
}

export function openMembership(db: Db, membershipId: number): { m: Membership; cls: MemberClass } {
  const m = getMembership(db, membershipId);
  if (m.status === 'withdrawn' || m.status === 'expelled')
    throw ruleViolation(`Member ${m.memberNumber} has left the cooperative.`);
  return { m, cls: getMemberClass(db, m.memberClassId) };
}

export function openSubscriptionShares(db: Db, membershipId: number): number {
  const row = sql(
    db,
    `SELECT coalesce(sum(s.shares - coalesce((SELECT sum(quantity) FROM treasury_share_operations o WHERE o.subscription_id = s.id), 0)), 0) AS n
       FROM treasury_subscriptions s WHERE s.membership_id = ? AND s.cancelled_on IS NULL`,
  ).get(membershipId) as { n: number };
  return row.n;
}

export function assertWithinMax(cls: MemberClass, holding: number, adding: number, who: string): void {
  const max = cls.shareClass.maxPerMember;
  if (max !== null && holding + adding > max) {
    throw ruleViolation(
      `${cls.shareClass.name} allows at most ${max} share(s) per member; ${who} would hold ${holding + adding}.`,
    );
  }
}

export function getSubscription(db: Db, id: number): Subscription {
  const row = sql(
    db,
    `SELECT s.*, (SELECT coalesce(sum(amount_cents), 0) FROM treasury_share_payments p WHERE p.subscription_id = s.id) AS paid,
         (SELECT count(*) FROM treasury_share_payments p WHERE p.subscription_id = s.id) AS payments,
         (SELECT coalesce(sum(quantity), 0) FROM treasury_share_operations o WHERE o.subscription_id = s.id) AS issued
       FROM treasury_subscriptions s WHERE s.id = ?`,
  ).get(id) as
    | {
        id: number;
        membership_id: number;
        shares: number;
        amount_cents: number;
        subscribed_on: string;
        paid: number;
        payments: number;
        issued: number;
      }
    | undefined;
  if (row === undefined) throw notFound('Subscription', id);
  return {
    id: row.id,
    membershipId: row.membership_id,
    shares: row.shares,
    amountCents: row.amount_cents,
    paidCents: row.paid,
    payments: row.payments,
    issuedShares: row.issued,
    subscribedOn: row.subscribed_on,
  };
}

export function listSubscriptions(db: Db, membershipId?: number): Subscription[] {
  const ids = sql(
    db,
    'SELECT id FROM treasury_subscriptions WHERE @m IS NULL OR membership_id = @m ORDER BY id',
  ).all({ m: membershipId ?? null }) as { id: number }[];
  return ids.map((r) => getSubscription(db, r.id));
}

export function insertOperation(
  tx: WriteTx,
  op: {
    kind: OperationKind;
    membershipId: number;
    shareClassId: number;
    quantity: number;
    date: string;
    entryId: number;
    subscriptionId?: number | null;
    note?: string | null;
  },
): number {
  const number = tx.nextNumber('treasury.share-operation');
  const { lastInsertRowid } = sql(
    tx.db,
    `INSERT INTO treasury_share_operations (number, kind, membership_id, share_class_id, quantity, date, entry_id, subscription_id, note, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    number,
    op.kind,
    op.membershipId,
    op.shareClassId,
    op.quantity,
    op.date,
    op.entryId,
    op.subscriptionId ?? null,
    op.note ?? null,
    tx.at,
  );
  tx.audit('treasury.share-operation', number, op.kind, null, { ...op, number });
  return Number(lastInsertRowid);
}

export interface SharePaymentResult {
  subscription: Subscription;
  payment: PostedEntry;
  issued: { operationNumber: number; quantity: number; certificate: Certificate; entry: PostedEntry } | null;
}

/**
 * Money received for shares. It sits in "share payments received" (a liability: it is the member's until the shares
 * exist) and shares are issued, with a certificate, as the class's instalment rule allows: when the subscription is
 * fully paid ('full'), or as each par value is covered ('per-share').
 */
export function recordSharePayment(
  tx: WriteTx,
  input: {
    membershipId: number;
    subscriptionId?: number | undefined;
    shares?: number | undefined;
    amount: number;
    date: string;
    memo?: string | undefined;
  },
): SharePaymentResult {
  assertCents(input.amount, 'The payment');
  const { m, cls } = openMembership(tx.db, input.membershipId);
  const par = cls.shareClass.parCents;
  let subscriptionId = input.subscriptionId;
  if (subscriptionId === undefined) {
    const shares = input.shares ?? (input.amount % par === 0 ? input.amount / par : undefined);
    if (shares === undefined || !Number.isInteger(shares) || shares < 1) {
      throw new DeskError(
        'INVALID_INPUT',
        `Say how many ${formatCents(par)} shares this payment is towards.`,
        { field: 'shares' },
      );
    }
    assertWithinMax(cls, m.shares + openSubscriptionShares(tx.db, m.id), shares, `member ${m.memberNumber}`);
    const { lastInsertRowid } = sql(
      tx.db,
      'INSERT INTO treasury_subscriptions (membership_id, shares, amount_cents, subscribed_on) VALUES (?, ?, ?, ?)',
    ).run(m.id, shares, shares * par, input.date);
    subscriptionId = Number(lastInsertRowid);
    tx.audit('treasury.subscription', subscriptionId, 'subscribe', null, {
      membershipId: m.id,
      shares,
      amountCents: shares * par,
    });
  }
  const sub = getSubscription(tx.db, subscriptionId);
  if (sub.membershipId !== m.id) throw ruleViolation(`Subscription ${sub.id} belongs to another member.`);
  const outstanding = sub.amountCents - sub.paidCents;
  if (outstanding === 0) throw ruleViolation(`Subscription ${sub.id} is already paid in full.`);
  if (input.amount > outstanding) {
    throw ruleViolation(
      `Only ${formatCents(outstanding)} is still owed on this subscription; ${formatCents(input.amount)} is too much.`,
    );
  }
  if (sub.payments + 1 >= cls.maxInstalments && input.amount !== outstanding) {
    throw ruleViolation(
      cls.maxInstalments === 1
        ? `Members of the ${cls.name} class pay for their shares in one payment of ${formatCents(outstanding)}.`
        : `Members of the ${cls.name} class may pay in at most ${cls.maxInstalments} instalments; this last one must be ${formatCents(outstanding)}.`,
    );
  }
  const payment = postEntry(tx, {
    date: input.date,
    memo: input.memo ?? `Share payment from ${m.partyName} (member ${m.memberNumber})`,
    kind: 'share-payment',
    partyId: m.partyId,
    trancheId: trancheFor(tx.db, input.date, { kind: 'share', memberClassId: cls.id }),
    lines: [
      { account: BANK, amount: input.amount, partyId: m.partyId },
      { account: SUBSCRIPTIONS, amount: -input.amount, partyId: m.partyId },
    ],
  });
  sql(
    tx.db,
    'INSERT INTO treasury_share_payments (subscription_id, date, amount_cents, entry_id) VALUES (?, ?, ?, ?)',
  ).run(sub.id, input.date, input.amount, payment.id);
  const paid = sub.paidCents + input.amount;
  const due = cls.issueRule === 'full' ? (paid === sub.amountCents ? sub.shares : 0) : Math.floor(paid / par);
  const quantity = due - sub.issuedShares;
  let issued: SharePaymentResult['issued'] = null;
  if (quantity > 0) {
    const entry = postEntry(tx, {
      date: input.date,
      memo: `Issue of ${quantity} ${cls.shareClass.code} share(s) to ${m.partyName} (member ${m.memberNumber})`,
      kind: 'share-issue',
      partyId: m.partyId,
      lines: [
        { account: SUBSCRIPTIONS, amount: quantity * par, partyId: m.partyId },
        { account: cls.shareClass.equityAccount, amount: -quantity * par, partyId: m.partyId },
      ],
    });
    const opId = insertOperation(tx, {
      kind: 'issue',
      membershipId: m.id,
      shareClassId: cls.shareClass.id,
      quantity,
      date: input.date,
      entryId: entry.id,
      subscriptionId: sub.id,
    });
    const certificate = issueCertificate(tx, {
      membershipId: m.id,
      shareClassId: cls.shareClass.id,
      quantity,
      date: input.date,
      operationId: opId,
    });
    markActive(tx, m);
    issued = { operationNumber: operationNumber(tx.db, opId), quantity, certificate, entry };
  }
  return { subscription: getSubscription(tx.db, sub.id), payment, issued };
}

const operationNumber = (db: Db, id: number): number =>
  (sql(db, 'SELECT number FROM treasury_share_operations WHERE id = ?').get(id) as { number: number }).number;

export function listOperations(db: Db, asOf?: string): ShareOperation[] {
  const rows = sql(
    db,
    `SELECT o.*, m.member_number, p.name AS party_name, sc.code AS class_code, e.number AS entry_number
       FROM treasury_share_operations o JOIN treasury_memberships m ON m.id = o.membership_id
       JOIN treasury_parties p ON p.id = m.party_id JOIN treasury_share_classes sc ON sc.id = o.share_class_id
       JOIN treasury_entries e ON e.id = o.entry_id WHERE @asOf IS NULL OR o.date <= @asOf ORDER BY o.number`,
  ).all({ asOf: asOf ?? null }) as {
    id: number;
    number: number;
    kind: OperationKind;
    membership_id: number;
    member_number: number;
    party_name: string;
    class_code: string;
    quantity: number;
    date: string;
    entry_number: number;
    note: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    membershipId: r.membership_id,
    memberNumber: r.member_number,
    partyName: r.party_name,
    shareClass: r.class_code,
    quantity: r.quantity,
    date: r.date,
    entryNumber: r.entry_number,
    note: r.note,
  }));
}
