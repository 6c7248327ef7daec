import type { Db } from '../../store/store.js';
import { col, type ReportParams, type ReportTable } from '../report-table.js';
import { sql } from '../sql.js';

/** Treasury changes recorded between two dates (at most 5,000, newest first). */
export function auditTrail(db: Db, p: ReportParams): ReportTable {
  const rows = sql(
    db,
    `SELECT a.at, p.display_name AS actor, a.entity, a.entity_id, a.action, a.reason FROM audit_log a
       LEFT JOIN persons p ON p.id = a.actor_id WHERE a.entity LIKE 'treasury.%' AND substr(a.at, 1, 10) BETWEEN ? AND ? ORDER BY a.id DESC LIMIT 5000`,
  ).all(p.from, p.to) as {
    at: string;
    actor: string | null;
    entity: string;
    entity_id: string;
    action: string;
    reason: string | null;
  }[];
  return {
    kind: 'audit-trail',
    title: 'Audit trail',
    subtitle: `Treasury changes recorded ${p.from} to ${p.to}`,
    columns: [
      col('at', 'When'),
      col('actor', 'Who'),
      col('entity', 'What'),
      col('id', 'Number'),
      col('action', 'Action'),
      col('reason', 'Reason'),
    ],
    rows: rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      entity: r.entity.replace('treasury.', ''),
      id: r.entity_id,
      action: r.action,
      reason: r.reason,
    })),
    totals: null,
  };
}
