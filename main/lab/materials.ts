import type { Db, Store, WriteTx } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { getMachine } from '../machines/registry.js';
import {
  materialUnits,
  presetOperations,
  presetSettingsSchema,
  type LabMaterial,
  type LabPreset,
  type MaterialUnit,
  type PresetOperation,
} from '../../preload/contract/methods/lab.js';

/**
 * The materials and settings library. Materials are the jobs area's `job_materials` rows (one list for quotes,
 * sessions and stock), grown with a unit, a cost per unit, stock and the kinds of machine that must never take
 * them. Quantities are integers in thousandths of the unit; money is integer cents.
 */

interface MaterialRow {
  id: number;
  code: string;
  name: string;
  cents_per_kg: number;
  unit: MaterialUnit;
  unit_cents: number | null;
  tracks_stock: number;
  active: number;
}

/** What one unit of a material costs: the kg price for a material sold by the kg, its unit price otherwise. */
export function unitCentsOf(row: Pick<MaterialRow, 'unit' | 'unit_cents' | 'cents_per_kg'>): number {
  return row.unit === 'kg' ? row.cents_per_kg : (row.unit_cents ?? 0);
}

export function stockMilli(db: Db, materialId: number): number {
  return (
    db
      .prepare('SELECT coalesce(sum(quantity_milli), 0) AS n FROM lab_stock_moves WHERE material_id = ?')
      .get(materialId) as { n: number }
  ).n;
}

function forbiddenOf(db: Db, materialId: number): { kind: string; reason: string }[] {
  return db
    .prepare(
      'SELECT machine_kind AS kind, reason FROM lab_material_forbidden WHERE material_id = ? ORDER BY machine_kind',
    )
    .all(materialId) as { kind: string; reason: string }[];
}

function materialRow(db: Db, id: number): MaterialRow {
  const row = db.prepare('SELECT * FROM job_materials WHERE id = ?').get(id) as MaterialRow | undefined;
  if (row === undefined) throw notFound('Material', id);
  return row;
}

function toMaterial(db: Db, r: MaterialRow): LabMaterial {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    unit: r.unit,
    unitCents: unitCentsOf(r),
    tracksStock: r.tracks_stock === 1,
    stockMilli: stockMilli(db, r.id),
    forbidden: forbiddenOf(db, r.id),
    active: r.active === 1,
  };
}

export function listLabMaterials(db: Db): LabMaterial[] {
  return (db.prepare('SELECT * FROM job_materials ORDER BY active DESC, name').all() as MaterialRow[]).map(
    (r) => toMaterial(db, r),
  );
}

export function getLabMaterial(db: Db, id: number): LabMaterial {
  return toMaterial(db, materialRow(db, id));
}

export interface MaterialInput {
  id?: number | undefined;
  code: string;
  name: string;
  unit: MaterialUnit;
  unitCents: number;
  tracksStock: boolean;
  forbidden: { kind: string; reason: string }[];
  active: boolean;
}

/** Adds or changes a material (staff): for a material sold by the kg the unit price is the jobs area's kg price. */
export function saveLabMaterial(store: Store, actor: number, input: MaterialInput): LabMaterial {
  if (!(materialUnits as readonly string[]).includes(input.unit))
    throw new DeskError('INVALID_INPUT', `"${input.unit}" is not a unit the Desk keeps.`, { field: 'unit' });
  if (!Number.isInteger(input.unitCents) || input.unitCents < 0)
    throw new DeskError('INVALID_INPUT', 'The price is whole cents, 0 or more.', { field: 'unitCents' });
  const kinds = new Set<string>();
  for (const f of input.forbidden) {
    if (kinds.has(f.kind))
      throw new DeskError('INVALID_INPUT', `${f.kind} is listed twice as forbidden.`, { field: 'forbidden' });
    kinds.add(f.kind);
  }
  return store.write({ actor, reason: `material ${input.name}` }, (tx) => {
    const clash = tx.db.prepare('SELECT id FROM job_materials WHERE code = ?').get(input.code) as
      { id: number } | undefined;
    if (clash !== undefined && clash.id !== input.id)
      throw new DeskError('CONFLICT', `A material with the code "${input.code}" already exists.`, {
        field: 'code',
      });
    const kg = input.unit === 'kg';
    let id = input.id;
    const before = id === undefined ? null : getLabMaterial(tx.db, id);
    if (id === undefined) {
      id = Number(
        tx.db
          .prepare(
            `INSERT INTO job_materials (code, name, cents_per_kg, unit, unit_cents, tracks_stock, active)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.code,
            input.name,
            kg ? input.unitCents : 0,
            input.unit,
            kg ? null : input.unitCents,
            input.tracksStock ? 1 : 0,
            input.active ? 1 : 0,
          ).lastInsertRowid,
      );
    } else {
      const row = materialRow(tx.db, id);
      tx.db
        .prepare(
          `UPDATE job_materials SET code = ?, name = ?, cents_per_kg = ?, unit = ?, unit_cents = ?, tracks_stock = ?,
             active = ? WHERE id = ?`,
        )
        .run(
          input.code,
          input.name,
          kg ? input.unitCents : row.cents_per_kg,
          input.unit,
          kg ? null : input.unitCents,
          input.tracksStock ? 1 : 0,
          input.active ? 1 : 0,
          id,
        );
      tx.db.prepare('DELETE FROM lab_material_forbidden WHERE material_id = ?').run(id);
    }
    const insert = tx.db.prepare(
      'INSERT INTO lab_material_forbidden (material_id, machine_kind, reason) VALUES (?, ?, ?)',
    );
    for (const f of input.forbidden) insert.run(id, f.kind, f.reason);
    const after = getLabMaterial(tx.db, id);
    tx.audit('material', id, before === null ? 'create' : 'update', before, after);
    return after;
  });
}

/** Stock received or counted (staff): a positive receipt, or an adjustment either way that never goes below zero. */
export function moveStock(
  store: Store,
  actor: number,
  input: {
    materialId: number;
    kind: 'received' | 'adjusted';
    quantity: number;
    costCents: number;
    reason: string;
  },
): LabMaterial {
  const material = getLabMaterial(store.db, input.materialId);
  const milli = Math.round(input.quantity * 1000);
  if (milli === 0)
    throw new DeskError('INVALID_INPUT', 'The quantity is too small to count.', { field: 'quantity' });
  if (input.kind === 'received' && milli < 0)
    throw new DeskError('INVALID_INPUT', 'A receipt adds stock: give a positive quantity.', {
      field: 'quantity',
    });
  if (material.stockMilli + milli < 0)
    throw new DeskError(
      'RULE_VIOLATION',
      `Only ${material.stockMilli / 1000} ${material.unit} of ${material.name} in stock: it cannot go below zero.`,
      { gate: 'stock', stockMilli: material.stockMilli },
    );
  return store.write({ actor, reason: input.reason }, (tx) => {
    const id = tx.db
      .prepare(
        `INSERT INTO lab_stock_moves (material_id, kind, quantity_milli, cost_cents, reason, by_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.materialId, input.kind, milli, input.costCents, input.reason, actor, tx.at).lastInsertRowid;
    tx.audit('stock_move', Number(id), input.kind, null, { ...input, milli });
    return getLabMaterial(tx.db, input.materialId);
  });
}

/** Refuses a material a kind of machine must never take, with the reason (PVC on a laser). */
export function refuseForbidden(db: Db, materialId: number, machine: { name: string; kind: string }): void {
  const row = db
    .prepare(
      `SELECT f.reason, m.name FROM lab_material_forbidden f JOIN job_materials m ON m.id = f.material_id
       WHERE f.material_id = ? AND f.machine_kind = ?`,
    )
    .get(materialId, machine.kind) as { reason: string; name: string } | undefined;
  if (row !== undefined)
    throw new DeskError('RULE_VIOLATION', `${row.name} is not allowed on ${machine.name}: ${row.reason}`, {
      gate: 'forbidden-material',
      material: row.name,
      reason: row.reason,
    });
}

/**
 * Draws material used by a session or a job run from stock (inside its write) and returns the cost in cents.
 * A material the lab does not keep in stock (brought by the person) is costed but not drawn.
 */
export function drawStock(
  tx: WriteTx,
  materialId: number,
  milli: number,
  source: { sessionId?: number; jobRunId?: number },
): number {
  const row = materialRow(tx.db, materialId);
  const cost = Math.round((milli * unitCentsOf(row)) / 1000);
  if (row.tracks_stock === 0 || milli === 0) return cost;
  const stock = stockMilli(tx.db, materialId);
  if (stock < milli)
    throw new DeskError(
      'RULE_VIOLATION',
      `Only ${stock / 1000} ${row.unit} of ${row.name} in stock, less than the ${milli / 1000} recorded: ` +
        'staff record the stock received first, or correct the amount used.',
      { gate: 'stock', stockMilli: stock },
    );
  tx.db
    .prepare(
      `INSERT INTO lab_stock_moves (material_id, kind, quantity_milli, cost_cents, session_id, job_run_id, by_id, at)
       VALUES (?, 'used', ?, ?, ?, ?, ?, ?)`,
    )
    .run(materialId, -milli, cost, source.sessionId ?? null, source.jobRunId ?? null, tx.actor, tx.at);
  return cost;
}

interface PresetRow {
  id: number;
  machine_id: number;
  machine_name: string;
  machine_kind: string;
  material_id: number;
  material_name: string;
  operation: PresetOperation;
  version: number;
  settings_json: string;
  tested_by: number;
  tested_by_name: string;
  tested_on: string;
  test_note: string;
  created_at: string;
  latest: number;
}

const PRESET_SELECT = `SELECT p.*, m.name AS machine_name, m.kind AS machine_kind, mat.name AS material_name,
  t.display_name AS tested_by_name,
  (p.version = (SELECT max(version) FROM lab_presets q WHERE q.machine_id = p.machine_id
     AND q.material_id = p.material_id AND q.operation = p.operation)) AS latest
  FROM lab_presets p JOIN machines m ON m.id = p.machine_id JOIN job_materials mat ON mat.id = p.material_id
  JOIN persons t ON t.id = p.tested_by`;

const toPreset = (r: PresetRow): LabPreset => ({
  id: r.id,
  machineId: r.machine_id,
  machineName: r.machine_name,
  materialId: r.material_id,
  materialName: r.material_name,
  operation: r.operation,
  version: r.version,
  settings: JSON.parse(r.settings_json) as LabPreset['settings'],
  testedById: r.tested_by,
  testedByName: r.tested_by_name,
  testedOn: r.tested_on,
  testNote: r.test_note,
  createdAt: r.created_at,
  latest: r.latest === 1,
});

export function getPreset(db: Db, id: number): LabPreset {
  const row = db.prepare(`${PRESET_SELECT} WHERE p.id = ?`).get(id) as PresetRow | undefined;
  if (row === undefined) throw notFound('Preset', id);
  return toPreset(row);
}

/** Presets, latest versions only unless every version is asked for (a preset's history). */
export function listPresets(
  db: Db,
  filter: { machineId?: number | undefined; materialId?: number | undefined; allVersions: boolean },
): LabPreset[] {
  const where: string[] = [];
  const args: number[] = [];
  if (filter.machineId !== undefined) {
    where.push('p.machine_id = ?');
    args.push(filter.machineId);
  }
  if (filter.materialId !== undefined) {
    where.push('p.material_id = ?');
    args.push(filter.materialId);
  }
  const rows = db
    .prepare(
      `${PRESET_SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY m.name, mat.name, p.operation, p.version DESC`,
    )
    .all(...args) as PresetRow[];
  return rows.filter((r) => filter.allVersions || r.latest === 1).map(toPreset);
}

/**
 * Saves a tested preset as the next version for its machine, material and operation. Its settings are checked
 * against the machine's kind (a laser's power and speed, a router's feeds, a vinyl cutter's force), the material
 * must be allowed on the machine, and the tester is named with the date and a test-cut note.
 */
export function savePreset(
  store: Store,
  actor: number,
  input: {
    machineId: number;
    materialId: number;
    operation: PresetOperation;
    settings: Record<string, unknown>;
    testedById: number;
    testedOn: string;
    testNote: string;
  },
): LabPreset {
  const machine = getMachine(store, input.machineId);
  const material = getLabMaterial(store.db, input.materialId);
  if (!(presetOperations as readonly string[]).includes(input.operation))
    throw new DeskError('INVALID_INPUT', `"${input.operation}" is not an operation.`, { field: 'operation' });
  refuseForbidden(store.db, material.id, machine);
  const parsed = presetSettingsSchema(machine.kind).safeParse(input.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DeskError(
      'INVALID_INPUT',
      `${issue.path.join('.') || 'settings'}: ${issue.message} (settings of a ${machine.kind} preset).`,
      { field: `settings.${issue.path.join('.')}` },
    );
  }
  if (input.testedOn > store.clock.now().toISOString().slice(0, 10))
    throw new DeskError('INVALID_INPUT', 'A preset is saved after its test cut, not before.', {
      field: 'testedOn',
    });
  return store.write(
    { actor, reason: `preset ${input.operation} ${material.name} on ${machine.name}` },
    (tx) => {
      const version =
        (
          tx.db
            .prepare(
              'SELECT coalesce(max(version), 0) AS v FROM lab_presets WHERE machine_id = ? AND material_id = ? AND operation = ?',
            )
            .get(machine.id, material.id, input.operation) as { v: number }
        ).v + 1;
      const id = Number(
        tx.db
          .prepare(
            `INSERT INTO lab_presets (machine_id, material_id, operation, version, settings_json, tested_by, tested_on,
             test_note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            machine.id,
            material.id,
            input.operation,
            version,
            JSON.stringify(parsed.data),
            input.testedById,
            input.testedOn,
            input.testNote,
            actor,
            tx.at,
          ).lastInsertRowid,
      );
      const preset = getPreset(tx.db, id);
      tx.audit('preset', id, 'create', null, preset);
      return preset;
    },
  );
}
