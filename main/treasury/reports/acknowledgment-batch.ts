import type { Db } from '../../store/store.js';
import { col, type ReportParams, type ReportTable } from '../report-table.js';
import { listAcknowledgments } from '../acknowledgments.js';

/** Acknowledgments numbered but not yet sent, oldest first. */
export function acknowledgmentBatch(db: Db, _p: ReportParams): ReportTable {
  const rows = listAcknowledgments(db)
    .filter((a) => a.sentAt === null && a.supersededBy === null)
    .map((a) => ({
      number: a.number,
      donor: a.content.donorName,
      address: a.content.donorAddress,
      title: a.content.title,
      gifts: a.content.lines.map((l) => l.giftNumber).join(' '),
      cash: a.content.totalCashCents,
      language: a.language,
    }))
    .reverse();
  return {
    kind: 'acknowledgment-batch',
    title: 'Acknowledgment batch',
    subtitle: 'Acknowledgments numbered but not yet sent',
    columns: [
      col('number', 'No.', 'number'),
      col('donor', 'Donor'),
      col('address', 'Address'),
      col('title', 'Letter'),
      col('gifts', 'Gifts'),
      col('cash', 'Cash', 'money'),
      col('language', 'Language'),
    ],
    rows,
    totals: { cash: rows.reduce((s, r) => s + r.cash, 0) },
  };
}
