import type { DemoSeeder } from '../kernel/context.js';
import { labDate } from '../kernel/lab-dates.js';
import { createRequest, distribute, saveRecipient, suggest } from './distribution.js';
import { activateRecipe, saveRecipe, type RecipeInput } from './recipes.js';
import {
  addLabour,
  completeRun,
  createRun,
  issueMaterial,
  linkJob,
  recordMade,
  recordQc,
  setPolicy,
} from './runs.js';

const DAY_MS = 86_400_000;

/**
 * The mask drive, finished: a recipe in its second version, one run of 200 planned masks with donated filament,
 * member, paid and volunteer labour, two QC batches, and distribution by tier — core staff, members and medical
 * facilities free, the community at 5 % of the real unit cost (each sale posted to the journal).
 */
export const seedProductionDemo: DemoSeeder = (ctx, people) => {
  const { store } = ctx;
  const admin = people.get('admin')!;
  const staff = people.get('staff')!;
  const instructor = people.get('instructor')!;
  const now = ctx.clock.now().getTime();
  const tier = (code: string) =>
    (store.db.prepare('SELECT id FROM priority_tiers WHERE code = ?').get(code) as { id: number }).id;

  const v1: RecipeInput = {
    code: 'face-mask',
    productName: 'Face mask (printed frame, sewn cover)',
    name: 'Face mask, first pattern',
    materials: [
      { name: 'PLA filament', quantity: 20, unit: 'g', centsPerUnit: 50 },
      { name: 'Cotton fabric', quantity: 0.1, unit: 'm', centsPerUnit: 60 },
      { name: 'Elastic', quantity: 0.5, unit: 'm', centsPerUnit: 15 },
    ],
    labourMinutes: 12,
    labourRateCents: 1500,
    machineMinutes: 3,
    machineRateCents: 200,
    overheadCents: 20,
  };
  activateRecipe(store, admin, saveRecipe(store, admin, v1).id);
  // The second pattern saves two grams of filament per frame: a new version; the first one retires unchanged.
  const v2 = saveRecipe(store, admin, {
    ...v1,
    name: 'Face mask, thinner frame',
    materials: [
      { name: 'PLA filament', quantity: 18, unit: 'g', centsPerUnit: 45 },
      ...v1.materials.slice(1),
    ],
  });
  activateRecipe(store, admin, v2.id);

  const startedOn = labDate(new Date(now - 30 * DAY_MS));
  const runId = createRun(store, staff, {
    recipeId: v2.id,
    title: 'Mask drive, first batch',
    plannedQty: 200,
    startedOn,
    notes: 'Filament donated by a member; covers sewn by the church sewing circle.',
  });
  const maskJob = store.db
    .prepare(`SELECT id FROM jobs WHERE title = 'Mask frames for the mask drive'`)
    .get() as { id: number } | undefined;
  if (maskJob !== undefined) linkJob(store, staff, runId, maskJob.id);
  issueMaterial(store, staff, {
    runId,
    name: 'PLA filament (donated)',
    quantity: 3.6,
    unit: 'kg',
    costCents: 9000,
    source: 'donated',
  });
  issueMaterial(store, staff, {
    runId,
    name: 'Cotton fabric',
    quantity: 20,
    unit: 'm',
    costCents: 12000,
    source: 'purchased',
  });
  issueMaterial(store, staff, {
    runId,
    name: 'Elastic',
    quantity: 100,
    unit: 'm',
    costCents: 3000,
    source: 'purchased',
  });
  addLabour(store, staff, {
    runId,
    personId: staff,
    name: 'Marisol Vega',
    kind: 'member',
    minutes: 600,
    rateCents: 1500,
  });
  addLabour(store, staff, {
    runId,
    personId: instructor,
    name: 'Darnell Price',
    kind: 'paid',
    minutes: 300,
    rateCents: 2000,
  });
  addLabour(store, staff, { runId, name: 'New Horizon sewing circle', kind: 'volunteer', minutes: 1800 });
  recordMade(store, staff, { runId, quantity: 124, notes: 'First week of sewing' });
  recordQc(store, staff, {
    runId,
    check: 'sanitation',
    passed: 120,
    failed: 4,
    notes: 'First 124 sewn and sanitised',
  });
  recordMade(store, staff, { runId, quantity: 76, notes: 'Second week of sewing' });
  recordQc(store, staff, {
    runId,
    check: 'fit',
    passed: 70,
    failed: 6,
    notes: 'Six elastic loops too short',
  });
  setPolicy(store, staff, runId, [
    { tierId: tier('core-staff'), priceBp: 0, cap: 20 },
    { tierId: tier('members'), priceBp: 0, cap: null },
    { tierId: tier('medical'), priceBp: 0, cap: null },
    { tierId: tier('community'), priceBp: 500, cap: null },
  ]);

  const recipients: [string, string, number, string][] = [
    ['Lab core staff', 'core-staff', 15, 'Everyone on the shop floor'],
    ['Cooperative members', 'members', 40, 'Picked up at the general meeting'],
    ['Jackson Free Clinic', 'medical', 60, 'Front desk and waiting room'],
    ['Westside Health Center', 'medical', 50, 'Community health workers'],
    ['New Horizon Church', 'community', 30, 'Sunday distribution'],
    ['Westside neighbours', 'community', 40, 'Door to door'],
  ];
  for (const [name, code, quantity, notes] of recipients) {
    const r = saveRecipient(store, staff, { name, tierId: tier(code), notes });
    createRequest(store, staff, { recipientId: r.id, productId: v2.productId, quantity });
  }
  // Distributed ten days into the drive, in the current year (last year's books are closed).
  const year = labDate(new Date(now)).slice(0, 4);
  const on = [labDate(new Date(now - 20 * DAY_MS)), `${year}-01-01`].sort().at(-1)!;
  const suggestion = suggest(store.db, runId, []);
  distribute(store, staff, {
    runId,
    on: on < startedOn ? startedOn : on,
    lines: suggestion.lines.map((l) => ({
      recipientId: l.recipientId,
      requestId: l.requestId ?? undefined,
      quantity: l.quantity,
    })),
    skips: [],
  });
  completeRun(store, staff, runId, on < startedOn ? startedOn : on);
};
