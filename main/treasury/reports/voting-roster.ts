import type { Db } from '../../store/store.js';
import { col, type ReportParams, type ReportTable } from '../report-table.js';
import { listMemberClasses, listMemberships } from '../members.js';

/** Members in good standing on the as-of date: one member, one vote within each class. */
export function votingRoster(db: Db, p: ReportParams): ReportTable {
  const classes = listMemberClasses(db);
  const rows = listMemberships(db, p.asOf)
    .filter(
      (m) =>
        m.status === 'active' &&
        m.shares >= (classes.find((c) => c.id === m.memberClassId)?.shareClass.minPerMember ?? 1),
    )
    .map((m) => ({
      memberClass: m.memberClassCode,
      memberNumber: m.memberNumber,
      name: m.partyName,
      votes: classes.find((c) => c.id === m.memberClassId)?.votesPerMember ?? 0,
    }))
    .sort((a, b) => a.memberClass.localeCompare(b.memberClass) || a.memberNumber - b.memberNumber);
  return {
    kind: 'voting-roster',
    title: 'Voting roster',
    subtitle: `Members in good standing on ${p.asOf}, one member one vote within each class`,
    columns: [
      col('memberClass', 'Class'),
      col('memberNumber', 'Member no.', 'number'),
      col('name', 'Name'),
      col('votes', 'Votes', 'number'),
    ],
    rows,
    totals: { votes: rows.reduce((s, r) => s + r.votes, 0) },
  };
}
