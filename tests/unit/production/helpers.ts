import type { MethodInput } from '../../../preload/contract/index.js';
import type { TestClient, TestHost } from '../../helpers/temp-host.js';

export type Person = TestClient & { personId: number };

export const maskRecipe: MethodInput<'production.recipes.save'> = {
  code: 'face-mask',
  productName: 'Face mask',
  name: 'Face mask, first pattern',
  materials: [
    { name: 'PLA filament', quantity: 18, unit: 'g', centsPerUnit: 45 },
    { name: 'Cotton fabric', quantity: 0.1, unit: 'm', centsPerUnit: 60 },
  ],
  labourMinutes: 10,
  labourRateCents: 1500,
  machineMinutes: 3,
  machineRateCents: 200,
  overheadCents: 20,
};

export interface ProductionLab {
  staff: Person;
  recipeId: number;
  productId: number;
  tier(code: string): number;
  run(plannedQty?: number): Promise<number>;
}

/** Staff, the mask recipe active, and a way to start runs of it. */
export async function productionLab(t: TestHost): Promise<ProductionLab> {
  const staff = await t.as('staff');
  const draft = await staff.ok('production.recipes.save', maskRecipe);
  const recipe = await staff.ok('production.recipes.activate', { id: draft.id });
  const tiers = (await staff.ok('jobs.catalog', {})).tiers;
  return {
    staff,
    recipeId: recipe.id,
    productId: recipe.productId,
    tier: (code) => tiers.find((x) => x.code === code)!.id,
    async run(plannedQty = 100) {
      const detail = await staff.ok('production.runs.create', {
        recipeId: recipe.id,
        title: 'Masks',
        plannedQty,
      });
      return detail.run.id;
    },
  };
}

export function rowCount(t: TestHost, table: string): number {
  return (t.host.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function snapshot(t: TestHost): number[] {
  return [
    'audit_log',
    'production_recipes',
    'production_runs',
    'production_materials',
    'production_labour',
    'production_qc',
    'production_stock_moves',
    'production_distributions',
    'production_skips',
    'production_requests',
    'treasury_entries',
  ].map((table) => rowCount(t, table));
}
