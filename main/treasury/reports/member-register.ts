import type { Db } from '../../store/store.js';
import { col, type ReportParams, type ReportTable } from '../report-table.js';
import { listMemberships } from '../members.js';

/** Members admitted by the as-of date, with the shares they held that day. */
export function memberRegister(db: Db, p: ReportParams): ReportTable {
  const rows = listMemberships(db, p.asOf).map((m) => ({
    memberNumber: m.memberNumber,
    name: m.partyName,
    memberClass: m.memberClassCode,
    status: m.status,
    admittedOn: m.admittedOn,
    shares: m.shares,
  }));
  return {
    kind: 'member-register',
    title: 'Member register',
    subtitle: `As of ${p.asOf}`,
    columns: [
      col('memberNumber', 'Member no.', 'number'),
      col('name', 'Name'),
      col('memberClass', 'Class'),
      col('status', 'Status'),
      col('admittedOn', 'Admitted', 'date'),
      col('shares', 'Shares', 'number'),
    ],
    rows,
    totals: { shares: rows.reduce((s, r) => s + r.shares, 0) },
  };
}
