import type { Db } from '../store/store.js';
import type { AuthorizeMachine } from './authorize.js';

/**
 * The one place training reads the machines area's table (migration 002: id, kind, status, retired_at).
 * Read defensively so a status this code does not know fails closed (treated as down), never open; answers null
 * for a machine that does not exist (or before the table exists), which authorize reports as NOT_FOUND.
 */
export function lookupMachine(db: Db, id: number): AuthorizeMachine | null {
  if (!tableExists(db, 'machines')) return null;
  const row = db.prepare('SELECT * FROM machines WHERE id = ?').get(id) as
    Record<string, unknown> | undefined;
  if (row === undefined) return null;
  const kind = typeof row.kind === 'string' ? row.kind : 'other';
  const status = normaliseStatus(row.status, row.retired_at);
  return { id, kind, status, ...requirementsOf(db, id, row) };
}

function tableExists(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

function normaliseStatus(status: unknown, retiredAt: unknown): AuthorizeMachine['status'] {
  if (typeof retiredAt === 'string' && retiredAt.length > 0) return 'retired';
  if (status === 'available' || status === 'in_use' || status === 'down' || status === 'retired')
    return status;
  if (status === 'in use' || status === 'busy' || status === 'running') return 'in_use';
  if (status === 'idle' || status === 'ready') return 'available';
  return 'down';
}

/**
 * A machine may name the trainings it requires (any-of or all-of). If the machines area keeps them in a
 * `machine_trainings (machine_id, definition_id)` table with a `training_mode` column on machines, use them;
 * otherwise authorize falls back to the definitions that unlock the machine or its kind.
 */
function requirementsOf(
  db: Db,
  id: number,
  row: Record<string, unknown>,
): Pick<AuthorizeMachine, 'requires'> {
  if (!tableExists(db, 'machine_trainings')) return {};
  const ids = (
    db.prepare('SELECT definition_id AS id FROM machine_trainings WHERE machine_id = ?').all(id) as {
      id: number;
    }[]
  ).map((r) => r.id);
  if (ids.length === 0) return {};
  const mode = row.training_mode === 'all' ? 'all' : 'any';
  return { requires: { mode, definitionIds: ids } };
}
