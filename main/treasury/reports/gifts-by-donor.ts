import type { Db } from '../../store/store.js';
import { col, type ReportParams, type ReportTable } from '../report-table.js';
import { listGifts } from '../gifts.js';

/** Gifts received in the year, per donor (void gifts left out). */
export function giftsByDonor(db: Db, p: ReportParams): ReportTable {
  const byDonor = new Map<string, { donor: string; gifts: number; cash: number; inKind: number }>();
  for (const g of listGifts(db, { year: p.year }).filter((x) => !x.voided)) {
    const d = byDonor.get(g.donorName) ?? { donor: g.donorName, gifts: 0, cash: 0, inKind: 0 };
    d.gifts += 1;
    if (g.kind === 'cash') d.cash += g.amountCents ?? 0;
    else d.inKind += 1;
    byDonor.set(g.donorName, d);
  }
  const rows = [...byDonor.values()].sort((a, b) => b.cash - a.cash || a.donor.localeCompare(b.donor));
  return {
    kind: 'gifts-by-donor',
    title: 'Gifts by donor',
    subtitle: `Gifts received in ${p.year} (void gifts left out)`,
    columns: [
      col('donor', 'Donor'),
      col('gifts', 'Gifts', 'number'),
      col('cash', 'Cash', 'money'),
      col('inKind', 'In-kind gifts', 'number'),
    ],
    rows,
    totals: { gifts: rows.reduce((s, r) => s + r.gifts, 0), cash: rows.reduce((s, r) => s + r.cash, 0) },
  };
}
