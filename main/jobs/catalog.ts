import type { JobMaterial, PriorityTier } from '../../preload/contract/methods/jobs.js';
import type { Machine } from '../../preload/contract/methods/machines.js';
import { getMachine, listMachines } from '../machines/registry.js';
import type { Db, Store } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { defaultHourlyCents } from './quote.js';

/** Priority tiers, materials and machine rates: the lab's price list and its order of service. */

interface TierRow {
  id: number;
  code: string;
  name: string;
  name_es: string;
  rank: number;
  active: number;
}

const toTier = (r: TierRow): PriorityTier => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameEs: r.name_es,
  rank: r.rank,
  active: r.active === 1,
});

export function listTiers(db: Db): PriorityTier[] {
  return (db.prepare('SELECT * FROM priority_tiers ORDER BY rank, id').all() as TierRow[]).map(toTier);
}

export function getTier(db: Db, id: number): PriorityTier {
  const row = db.prepare('SELECT * FROM priority_tiers WHERE id = ?').get(id) as TierRow | undefined;
  if (row === undefined) throw notFound('Priority tier', id);
  return toTier(row);
}

/** The tier a request gets unless staff choose: the last active one (the community). */
export function defaultTier(db: Db): PriorityTier {
  const active = listTiers(db).filter((t) => t.active);
  const last = active.at(-1);
  if (last === undefined)
    throw new DeskError('RULE_VIOLATION', 'No priority tier is active: staff must set one up.');
  return last;
}

export interface TierInput {
  id?: number | undefined;
  code: string;
  name: string;
  nameEs: string;
  active: boolean;
}

/** Saves the tiers in the order given (rank 1 first). A tier left out keeps its row but goes inactive, last. */
export function saveTiers(store: Store, actor: number, tiers: readonly TierInput[]): PriorityTier[] {
  const codes = new Set<string>();
  for (const t of tiers) {
    if (codes.has(t.code)) throw new DeskError('INVALID_INPUT', `The code "${t.code}" is used twice.`);
    codes.add(t.code);
  }
  if (!tiers.some((t) => t.active)) throw new DeskError('INVALID_INPUT', 'Keep at least one tier active.');
  return store.write({ actor, reason: 'priority tiers' }, (tx) => {
    const before = listTiers(tx.db);
    for (const t of tiers) {
      if (t.id !== undefined && !before.some((b) => b.id === t.id)) throw notFound('Priority tier', t.id);
    }
    const kept = new Set(tiers.map((t) => t.id).filter((id) => id !== undefined));
    // Ranks move out of the way first so the new order can be written in any sequence.
    tx.db.prepare('UPDATE priority_tiers SET rank = rank + 1000').run();
    tiers.forEach((t, i) => {
      const clash = tx.db.prepare('SELECT id FROM priority_tiers WHERE code = ?').get(t.code) as
        { id: number } | undefined;
      if (clash !== undefined && clash.id !== t.id)
        throw new DeskError('CONFLICT', `Another tier already has the code "${t.code}".`);
      if (t.id === undefined) {
        tx.db
          .prepare('INSERT INTO priority_tiers (code, name, name_es, rank, active) VALUES (?, ?, ?, ?, ?)')
          .run(t.code, t.name, t.nameEs, i + 1, t.active ? 1 : 0);
      } else {
        tx.db
          .prepare(
            'UPDATE priority_tiers SET code = ?, name = ?, name_es = ?, rank = ?, active = ? WHERE id = ?',
          )
          .run(t.code, t.name, t.nameEs, i + 1, t.active ? 1 : 0, t.id);
      }
    });
    let rank = tiers.length;
    for (const b of before) {
      if (kept.has(b.id)) continue;
      rank += 1;
      tx.db.prepare('UPDATE priority_tiers SET rank = ?, active = 0 WHERE id = ?').run(rank, b.id);
    }
    const after = listTiers(tx.db);
    tx.audit('priority_tiers', 'all', 'save', before, after);
    return after;
  });
}

interface MaterialRow {
  id: number;
  code: string;
  name: string;
  cents_per_kg: number;
  density_mg_cm3: number | null;
  active: number;
}

const toMaterial = (r: MaterialRow): JobMaterial => ({
  id: r.id,
  code: r.code,
  name: r.name,
  centsPerKg: r.cents_per_kg,
  densityMgPerCm3: r.density_mg_cm3,
  active: r.active === 1,
});

export function listMaterials(db: Db): JobMaterial[] {
  return (db.prepare('SELECT * FROM job_materials ORDER BY active DESC, name').all() as MaterialRow[]).map(
    toMaterial,
  );
}

export function getMaterial(db: Db, id: number): JobMaterial {
  const row = db.prepare('SELECT * FROM job_materials WHERE id = ?').get(id) as MaterialRow | undefined;
  if (row === undefined) throw notFound('Material', id);
  return toMaterial(row);
}

export function saveMaterial(
  store: Store,
  actor: number,
  input: Omit<JobMaterial, 'id'> & { id?: number | undefined },
): JobMaterial {
  return store.write({ actor, reason: 'material price' }, (tx) => {
    const clash = tx.db.prepare('SELECT id FROM job_materials WHERE code = ?').get(input.code) as
      { id: number } | undefined;
    if (clash !== undefined && clash.id !== input.id)
      throw new DeskError('CONFLICT', `A material with the code "${input.code}" already exists.`);
    const values = [input.code, input.name, input.centsPerKg, input.densityMgPerCm3, input.active ? 1 : 0];
    let id = input.id;
    const before = id === undefined ? null : getMaterial(tx.db, id);
    if (id === undefined) {
      id = Number(
        tx.db
          .prepare(
            'INSERT INTO job_materials (code, name, cents_per_kg, density_mg_cm3, active) VALUES (?, ?, ?, ?, ?)',
          )
          .run(...values).lastInsertRowid,
      );
    } else {
      tx.db
        .prepare(
          'UPDATE job_materials SET code = ?, name = ?, cents_per_kg = ?, density_mg_cm3 = ?, active = ? WHERE id = ?',
        )
        .run(...values, id);
    }
    const after = getMaterial(tx.db, id);
    tx.audit('job_material', id, before === null ? 'create' : 'update', before, after);
    return after;
  });
}

/** A machine's hourly rate: the one staff set, else the default for its kind. */
export function hourlyCentsOf(db: Db, machine: Pick<Machine, 'id' | 'kind'>): number {
  const row = db
    .prepare('SELECT hourly_cents FROM job_machine_rates WHERE machine_id = ?')
    .get(machine.id) as { hourly_cents: number } | undefined;
  return row?.hourly_cents ?? defaultHourlyCents[machine.kind] ?? 0;
}

export function listRates(store: Store) {
  return listMachines(store, false).map((m) => ({
    machineId: m.id,
    machineName: m.name,
    kind: m.kind,
    hourlyCents: hourlyCentsOf(store.db, m),
  }));
}

export function setRate(store: Store, actor: number, machineId: number, hourlyCents: number) {
  const machine = getMachine(store, machineId);
  if (machine.retired) throw new DeskError('RULE_VIOLATION', `${machine.name} is retired.`);
  return store.write({ actor, reason: 'machine rate' }, (tx) => {
    const before = hourlyCentsOf(tx.db, machine);
    tx.db
      .prepare(
        `INSERT INTO job_machine_rates (machine_id, hourly_cents, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (machine_id) DO UPDATE SET hourly_cents = excluded.hourly_cents, updated_at = excluded.updated_at`,
      )
      .run(machineId, hourlyCents, tx.at);
    tx.audit('job_machine_rate', machineId, 'set', { hourlyCents: before }, { hourlyCents });
    return { machineId, machineName: machine.name, kind: machine.kind, hourlyCents };
  });
}
