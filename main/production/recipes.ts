import type { Recipe } from '../../preload/contract/methods/production.js';
import type { Db, Store, WriteTx } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { recipeUnitCost } from './costing.js';

/** Recipes: versioned by code; a draft may change, an active version never does (a trigger holds it too). */

interface RecipeRow {
  id: number;
  code: string;
  version: number;
  product_id: number;
  product_name: string;
  name: string;
  status: Recipe['status'];
  materials_json: string;
  labour_minutes: number;
  labour_rate_cents: number;
  machine_minutes: number;
  machine_rate_cents: number;
  overhead_cents: number;
  created_at: string;
  activated_at: string | null;
}

const SELECT = `SELECT r.*, p.name AS product_name FROM production_recipes r
  JOIN production_products p ON p.id = r.product_id`;

function toRecipe(r: RecipeRow): Recipe {
  const materials = JSON.parse(r.materials_json) as Recipe['materials'];
  const costs = {
    materialsPerUnit: materials.reduce((sum, m) => sum + m.centsPerUnit, 0),
    labourMinutes: r.labour_minutes,
    labourRateCents: r.labour_rate_cents,
    machineMinutes: r.machine_minutes,
    machineRateCents: r.machine_rate_cents,
    overheadCents: r.overhead_cents,
  };
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    productId: r.product_id,
    productName: r.product_name,
    name: r.name,
    status: r.status,
    materials,
    labourMinutes: r.labour_minutes,
    labourRateCents: r.labour_rate_cents,
    machineMinutes: r.machine_minutes,
    machineRateCents: r.machine_rate_cents,
    overheadCents: r.overhead_cents,
    unitCostCents: recipeUnitCost(costs),
    createdAt: r.created_at,
    activatedAt: r.activated_at,
  };
}

export function getRecipe(db: Db, id: number): Recipe {
  const row = db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as RecipeRow | undefined;
  if (row === undefined) throw notFound('Recipe', id);
  return toRecipe(row);
}

export function recipeVersions(db: Db, code: string): Recipe[] {
  return (db.prepare(`${SELECT} WHERE r.code = ? ORDER BY r.version`).all(code) as RecipeRow[]).map(toRecipe);
}

/** The newest version of each recipe. */
export function latestRecipes(db: Db): Recipe[] {
  return (
    db
      .prepare(
        `${SELECT} WHERE r.version = (SELECT max(version) FROM production_recipes x WHERE x.code = r.code) ORDER BY r.code`,
      )
      .all() as RecipeRow[]
  ).map(toRecipe);
}

export interface RecipeInput {
  code: string;
  productName: string;
  name: string;
  materials: Recipe['materials'];
  labourMinutes: number;
  labourRateCents: number;
  machineMinutes: number;
  machineRateCents: number;
  overheadCents: number;
}

/** The product a recipe makes: one per recipe code, created with its first version. */
function productFor(tx: WriteTx, code: string, name: string): number {
  const row = tx.db.prepare('SELECT id, name FROM production_products WHERE code = ?').get(code) as
    { id: number; name: string } | undefined;
  if (row !== undefined) {
    if (row.name !== name) {
      tx.db.prepare('UPDATE production_products SET name = ? WHERE id = ?').run(name, row.id);
      tx.audit('production_product', row.id, 'rename', { name: row.name }, { name });
    }
    return row.id;
  }
  const id = Number(
    tx.db
      .prepare('INSERT INTO production_products (code, name, created_at) VALUES (?, ?, ?)')
      .run(code, name, tx.at).lastInsertRowid,
  );
  tx.audit('production_product', id, 'create', null, { code, name });
  return id;
}

/** Saves a draft: changes the latest version if it is still a draft, otherwise writes the next version. */
export function saveRecipe(store: Store, actor: number, input: RecipeInput): Recipe {
  return store.write({ actor, reason: 'recipe' }, (tx) => {
    const latest = tx.db
      .prepare(
        'SELECT id, version, status FROM production_recipes WHERE code = ? ORDER BY version DESC LIMIT 1',
      )
      .get(input.code) as { id: number; version: number; status: Recipe['status'] } | undefined;
    const productId = productFor(tx, input.code, input.productName);
    const values = [
      productId,
      input.name,
      JSON.stringify(input.materials),
      input.labourMinutes,
      input.labourRateCents,
      input.machineMinutes,
      input.machineRateCents,
      input.overheadCents,
    ];
    let id: number;
    if (latest?.status === 'draft') {
      id = latest.id;
      const before = getRecipe(tx.db, id);
      tx.db
        .prepare(
          `UPDATE production_recipes SET product_id = ?, name = ?, materials_json = ?, labour_minutes = ?,
             labour_rate_cents = ?, machine_minutes = ?, machine_rate_cents = ?, overhead_cents = ? WHERE id = ?`,
        )
        .run(...values, id);
      tx.audit('production_recipe', id, 'update', before, getRecipe(tx.db, id));
    } else {
      id = Number(
        tx.db
          .prepare(
            `INSERT INTO production_recipes (code, version, product_id, name, materials_json, labour_minutes,
               labour_rate_cents, machine_minutes, machine_rate_cents, overhead_cents, created_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(input.code, (latest?.version ?? 0) + 1, ...values, actor, tx.at).lastInsertRowid,
      );
      tx.audit('production_recipe', id, 'create', null, getRecipe(tx.db, id));
    }
    return getRecipe(tx.db, id);
  });
}

/** A draft becomes the active version; the version active before it retires. Neither changes again. */
export function activateRecipe(store: Store, actor: number, id: number): Recipe {
  return store.write({ actor, reason: 'recipe activated' }, (tx) => {
    const recipe = getRecipe(tx.db, id);
    if (recipe.status !== 'draft')
      throw new DeskError(
        'RULE_VIOLATION',
        `Version ${recipe.version} of ${recipe.code} is already ${recipe.status}.`,
      );
    const newer = tx.db
      .prepare('SELECT 1 FROM production_recipes WHERE code = ? AND version > ?')
      .get(recipe.code, recipe.version);
    if (newer !== undefined)
      throw new DeskError('RULE_VIOLATION', 'Only the newest version of a recipe can be activated.');
    if (recipe.materials.length === 0 && recipe.labourMinutes === 0)
      throw new DeskError('INVALID_INPUT', 'A recipe needs materials or labour before it is activated.');
    const previous = tx.db
      .prepare(`SELECT id FROM production_recipes WHERE code = ? AND status = 'active'`)
      .get(recipe.code) as { id: number } | undefined;
    if (previous !== undefined) {
      tx.db.prepare(`UPDATE production_recipes SET status = 'retired' WHERE id = ?`).run(previous.id);
      tx.audit('production_recipe', previous.id, 'retire', { status: 'active' }, { status: 'retired' });
    }
    tx.db
      .prepare(`UPDATE production_recipes SET status = 'active', activated_at = ? WHERE id = ?`)
      .run(tx.at, id);
    const after = getRecipe(tx.db, id);
    tx.audit('production_recipe', id, 'activate', recipe, after);
    return after;
  });
}
