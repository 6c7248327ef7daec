import type { Store } from '../store/store.js';

export interface AuditQuery {
  entity?: string | undefined;
  entityId?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

interface AuditDbRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
}

export function listAudit(store: Store, q: AuditQuery) {
  const rows = store.db
    .prepare(
      `SELECT a.*, p.display_name AS actor_name FROM audit_log a LEFT JOIN persons p ON p.id = a.actor_id
       WHERE (@entity IS NULL OR a.entity = @entity) AND (@entityId IS NULL OR a.entity_id = @entityId)
         AND (@beforeId IS NULL OR a.id < @beforeId)
       ORDER BY a.id DESC LIMIT @limit`,
    )
    .all({
      entity: q.entity ?? null,
      entityId: q.entityId ?? null,
      beforeId: q.beforeId ?? null,
      limit: q.limit,
    }) as AuditDbRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
    reason: r.reason,
  }));
}
