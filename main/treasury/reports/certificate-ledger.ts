import type { Db } from '../../store/store.js';
import { col, type ReportParams, type ReportTable } from '../report-table.js';
import { listCertificates } from '../certificates.js';

/** Every certificate ever issued, live or cancelled. */
export function certificateLedger(db: Db, _p: ReportParams): ReportTable {
  return {
    kind: 'certificate-ledger',
    title: 'Certificate ledger',
    subtitle: 'Every certificate ever issued, live or cancelled',
    columns: [
      col('number', 'Certificate', 'number'),
      col('memberNumber', 'Member no.', 'number'),
      col('name', 'Holder'),
      col('shareClass', 'Class'),
      col('quantity', 'Shares', 'number'),
      col('issuedOn', 'Issued', 'date'),
      col('cancelledOn', 'Cancelled', 'date'),
      col('reason', 'Reason'),
    ],
    rows: listCertificates(db).map((c) => ({
      number: c.number,
      memberNumber: c.memberNumber,
      name: c.partyName,
      shareClass: c.shareClass,
      quantity: c.quantity,
      issuedOn: c.issuedOn,
      cancelledOn: c.cancelledOn,
      reason: c.cancelReason,
    })),
    totals: null,
  };
}
