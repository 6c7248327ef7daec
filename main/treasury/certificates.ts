import type { Db, WriteTx } from '../store/store.js';
import { notFound } from '../kernel/errors.js';
import { sql } from './sql.js';

export interface Certificate {
  id: number;
  number: number;
  membershipId: number;
  memberNumber: number;
  partyName: string;
  shareClass: string;
  shareClassName: string;
  parCents: number;
  quantity: number;
  issuedOn: string;
  cancelledOn: string | null;
  cancelReason: string | null;
}

/** A new certificate with the next number of its own sequence (never reused, even when cancelled). */
export function issueCertificate(
  tx: WriteTx,
  input: { membershipId: number; shareClassId: number; quantity: number; date: string; operationId: number },
): Certificate {
  const number = tx.nextNumber('treasury.certificate');
  const { lastInsertRowid } = sql(
    tx.db,
    `INSERT INTO treasury_certificates (number, membership_id, share_class_id, quantity, issued_on, operation_id)
       VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(number, input.membershipId, input.shareClassId, input.quantity, input.date, input.operationId);
  const certificate = getCertificate(tx.db, Number(lastInsertRowid));
  tx.audit('treasury.certificate', number, 'issue', null, certificate);
  return certificate;
}

/** Cancels every live certificate of a holding; the caller reissues what remains. */
export function cancelCertificates(
  tx: WriteTx,
  input: { membershipId: number; shareClassId: number; date: string; operationId: number; reason: string },
): void {
  const live = sql(
    tx.db,
    'SELECT id, number FROM treasury_certificates WHERE membership_id = ? AND share_class_id = ? AND cancelled_on IS NULL',
  ).all(input.membershipId, input.shareClassId) as { id: number; number: number }[];
  const cancel = sql(
    tx.db,
    'UPDATE treasury_certificates SET cancelled_on = ?, cancel_operation_id = ?, cancel_reason = ? WHERE id = ?',
  );
  for (const c of live) {
    cancel.run(input.date, input.operationId, input.reason, c.id);
    tx.audit('treasury.certificate', c.number, 'cancel', null, {
      cancelledOn: input.date,
      reason: input.reason,
    });
  }
}

const SELECT = `SELECT c.*, m.member_number, p.name AS party_name, sc.code AS class_code, sc.name AS class_name, sc.par_cents
  FROM treasury_certificates c JOIN treasury_memberships m ON m.id = c.membership_id
  JOIN treasury_parties p ON p.id = m.party_id JOIN treasury_share_classes sc ON sc.id = c.share_class_id`;

interface Row {
  id: number;
  number: number;
  membership_id: number;
  member_number: number;
  party_name: string;
  class_code: string;
  class_name: string;
  par_cents: number;
  quantity: number;
  issued_on: string;
  cancelled_on: string | null;
  cancel_reason: string | null;
}

const toCertificate = (r: Row): Certificate => ({
  id: r.id,
  number: r.number,
  membershipId: r.membership_id,
  memberNumber: r.member_number,
  partyName: r.party_name,
  shareClass: r.class_code,
  shareClassName: r.class_name,
  parCents: r.par_cents,
  quantity: r.quantity,
  issuedOn: r.issued_on,
  cancelledOn: r.cancelled_on,
  cancelReason: r.cancel_reason,
});

export function getCertificate(db: Db, id: number): Certificate {
  const row = sql(db, `${SELECT} WHERE c.id = ?`).get(id) as Row | undefined;
  if (row === undefined) throw notFound('Certificate', id);
  return toCertificate(row);
}

export function certificateByNumber(db: Db, number: number): Certificate | undefined {
  const row = sql(db, `${SELECT} WHERE c.number = ?`).get(number) as Row | undefined;
  return row === undefined ? undefined : toCertificate(row);
}

export function listCertificates(db: Db, membershipId?: number): Certificate[] {
  return (
    sql(db, `${SELECT} WHERE @m IS NULL OR c.membership_id = @m ORDER BY c.number`).all({
      m: membershipId ?? null,
    }) as Row[]
  ).map(toCertificate);
}
