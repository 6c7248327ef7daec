import type { WriteTx } from '../store/store.js';
import { DeskError, ruleViolation } from '../kernel/errors.js';
import { postEntry, type PostedEntry } from './journal.js';
import { markActive, type Membership } from './members.js';
import { cancelCertificates, issueCertificate, type Certificate } from './certificates.js';
import { BANK, assertWithinMax, insertOperation, openMembership, openSubscriptionShares } from './shares.js';

/*
 * Moves on the register after shares exist: transfers, redemptions and corrections. Each cancels the holder's live
 * certificates and reissues what remains, so live certificates always add up to the holding.
 */

/** Transfers shares between two members of the same class: the old certificates are cancelled and new ones issued. */
export function transferShares(
  tx: WriteTx,
  input: {
    fromMembershipId: number;
    toMembershipId: number;
    quantity: number;
    date: string;
    note?: string | undefined;
  },
): { entry: PostedEntry; certificates: Certificate[] } {
  if (input.fromMembershipId === input.toMembershipId)
    throw ruleViolation('A member cannot transfer shares to themselves.');
  const from = openMembership(tx.db, input.fromMembershipId);
  const to = openMembership(tx.db, input.toMembershipId);
  if (from.cls.id !== to.cls.id) {
    throw ruleViolation(
      `Shares move only within a class: member ${from.m.memberNumber} is ${from.cls.name}, member ${to.m.memberNumber} is ${to.cls.name}.`,
    );
  }
  const sc = from.cls.shareClass;
  if (!sc.transferable) throw ruleViolation(`${sc.name} shares are not transferable under the bylaws.`);
  assertPositive(input.quantity);
  if (input.quantity > from.m.shares) {
    throw ruleViolation(
      `Member ${from.m.memberNumber} holds ${from.m.shares} share(s) and cannot transfer ${input.quantity}.`,
    );
  }
  assertWithinMax(
    to.cls,
    to.m.shares + openSubscriptionShares(tx.db, to.m.id),
    input.quantity,
    `member ${to.m.memberNumber}`,
  );
  const value = input.quantity * sc.parCents;
  const entry = postEntry(tx, {
    date: input.date,
    memo: `Transfer of ${input.quantity} ${sc.code} share(s) from member ${from.m.memberNumber} to member ${to.m.memberNumber}`,
    kind: 'share-transfer',
    partyId: to.m.partyId,
    lines: [
      { account: sc.equityAccount, amount: value, partyId: from.m.partyId },
      { account: sc.equityAccount, amount: -value, partyId: to.m.partyId },
    ],
  });
  const outId = insertOperation(tx, {
    kind: 'transfer-out',
    membershipId: from.m.id,
    shareClassId: sc.id,
    quantity: -input.quantity,
    date: input.date,
    entryId: entry.id,
    note: input.note ?? null,
  });
  const inId = insertOperation(tx, {
    kind: 'transfer-in',
    membershipId: to.m.id,
    shareClassId: sc.id,
    quantity: input.quantity,
    date: input.date,
    entryId: entry.id,
    note: input.note ?? null,
  });
  const certificates = reissueRemainder(
    tx,
    from.m,
    sc.id,
    from.m.shares - input.quantity,
    input.date,
    outId,
    'transferred',
  );
  certificates.push(
    issueCertificate(tx, {
      membershipId: to.m.id,
      shareClassId: sc.id,
      quantity: input.quantity,
      date: input.date,
      operationId: inId,
    }),
  );
  markActive(tx, to.m);
  return { entry, certificates };
}

function reissueRemainder(
  tx: WriteTx,
  m: Membership,
  shareClassId: number,
  remaining: number,
  date: string,
  opId: number,
  reason: string,
): Certificate[] {
  cancelCertificates(tx, { membershipId: m.id, shareClassId, date, operationId: opId, reason });
  return remaining > 0
    ? [
        issueCertificate(tx, {
          membershipId: m.id,
          shareClassId,
          quantity: remaining,
          date,
          operationId: opId,
        }),
      ]
    : [];
}

function assertPositive(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1)
    throw new DeskError('INVALID_INPUT', 'The number of shares must be a whole number of at least 1.');
}

/** The cooperative buys shares back at par and pays the member from the bank. */
export function redeemShares(
  tx: WriteTx,
  input: { membershipId: number; quantity: number; date: string; note?: string | undefined },
): { entry: PostedEntry; certificates: Certificate[] } {
  const { m, cls } = openMembership(tx.db, input.membershipId);
  const sc = cls.shareClass;
  if (!sc.redeemable) throw ruleViolation(`${sc.name} shares are not redeemable under the bylaws.`);
  assertPositive(input.quantity);
  if (input.quantity > m.shares)
    throw ruleViolation(
      `Member ${m.memberNumber} holds ${m.shares} share(s) and cannot redeem ${input.quantity}.`,
    );
  const value = input.quantity * sc.parCents;
  const entry = postEntry(tx, {
    date: input.date,
    memo: `Redemption of ${input.quantity} ${sc.code} share(s) from member ${m.memberNumber}`,
    kind: 'share-redeem',
    partyId: m.partyId,
    lines: [
      { account: sc.equityAccount, amount: value, partyId: m.partyId },
      { account: BANK, amount: -value, partyId: m.partyId },
    ],
  });
  const opId = insertOperation(tx, {
    kind: 'redeem',
    membershipId: m.id,
    shareClassId: sc.id,
    quantity: -input.quantity,
    date: input.date,
    entryId: entry.id,
    note: input.note ?? null,
  });
  return {
    entry,
    certificates: reissueRemainder(tx, m, sc.id, m.shares - input.quantity, input.date, opId, 'redeemed'),
  };
}

/**
 * A register correction (shares recorded in error, or moved to/from a gift or a refund owed): a signed quantity,
 * with the account the value comes from or goes to named explicitly so the books say what really happened.
 */
export function correctShares(
  tx: WriteTx,
  input: { membershipId: number; quantity: number; date: string; counterAccount: string; reason: string },
): { entry: PostedEntry; certificates: Certificate[] } {
  const { m, cls } = openMembership(tx.db, input.membershipId);
  const sc = cls.shareClass;
  if (!Number.isInteger(input.quantity) || input.quantity === 0)
    throw new DeskError(
      'INVALID_INPUT',
      'A correction changes the holding by a whole, non-zero number of shares.',
    );
  if (m.shares + input.quantity < 0)
    throw ruleViolation(
      `Member ${m.memberNumber} holds ${m.shares} share(s); a holding can never go below zero.`,
    );
  if (input.quantity > 0) assertWithinMax(cls, m.shares, input.quantity, `member ${m.memberNumber}`);
  if (input.counterAccount.startsWith('Equity:Shares:'))
    throw ruleViolation(
      'A correction moves value between shares and another account, not between share classes.',
    );
  const value = input.quantity * sc.parCents;
  const entry = postEntry(tx, {
    date: input.date,
    memo: `Register correction for member ${m.memberNumber}: ${input.reason}`,
    kind: 'share-correction',
    partyId: m.partyId,
    lines: [
      { account: input.counterAccount, amount: value, partyId: m.partyId },
      { account: sc.equityAccount, amount: -value, partyId: m.partyId },
    ],
  });
  const opId = insertOperation(tx, {
    kind: 'correction',
    membershipId: m.id,
    shareClassId: sc.id,
    quantity: input.quantity,
    date: input.date,
    entryId: entry.id,
    note: input.reason,
  });
  if (input.quantity > 0) markActive(tx, m);
  return {
    entry,
    certificates: reissueRemainder(tx, m, sc.id, m.shares + input.quantity, input.date, opId, 'corrected'),
  };
}
