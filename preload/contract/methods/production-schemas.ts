import { z } from 'zod';
import { receiptRef } from './treasury-schemas.js';
import { businessDate, cents, id, isoInstant } from '../common.js';

/** Value shapes of production runs: recipes, runs, costs, stock, recipients and distributions by tier. */

export const recipeMaterial = z.object({
  name: z.string(),
  /** Amount per unit in the material's own unit (18 g of PLA, 0.25 m of elastic). */
  quantity: z.number(),
  unit: z.string(),
  /** What that amount costs, per unit produced, in cents. */
  centsPerUnit: cents,
});

export const recipe = z.object({
  id,
  code: z.string(),
  version: z.number().int().positive(),
  productId: id,
  productName: z.string(),
  name: z.string(),
  /** A draft may change; an active or retired version never does (a change is a new version). */
  status: z.enum(['draft', 'active', 'retired']),
  materials: z.array(recipeMaterial),
  labourMinutes: z.number().int().nonnegative(),
  labourRateCents: cents,
  machineMinutes: z.number().int().nonnegative(),
  machineRateCents: cents,
  overheadCents: cents,
  /** Planned unit cost: materials + labour + machine + overhead, each rounded half-up to the cent. */
  unitCostCents: cents,
  createdAt: isoInstant,
  activatedAt: isoInstant.nullable(),
});
export type Recipe = z.infer<typeof recipe>;

export const labourKinds = ['paid', 'member', 'volunteer'] as const;
export const labourKind = z.enum(labourKinds);

export const costBreakdown = z.object({
  materialsCents: cents,
  labourCents: cents,
  machineCents: cents,
  overheadCents: cents,
  totalCents: cents,
  /** Units the cost is spread over: planned quantity (planned) or QC-passed quantity (real). */
  units: z.number().int(),
  /** totalCents ÷ units, rounded half-up to the cent; null when no unit has passed QC yet. */
  unitCents: cents.nullable(),
});
export type CostBreakdown = z.infer<typeof costBreakdown>;

export const tierPolicy = z.object({
  tierId: id,
  tierName: z.string(),
  rank: z.number().int(),
  /** Price as basis points of the real unit cost: 0 free, 500 is 5 %. */
  priceBp: z.number().int().min(0).max(100_000),
  /** Most units this tier may receive from the run; null: no cap. */
  cap: z.number().int().positive().nullable(),
});
export type TierPolicy = z.infer<typeof tierPolicy>;

export const runSummary = z.object({
  id,
  number: z.number().int().positive(),
  title: z.string(),
  recipeId: id,
  recipeCode: z.string(),
  recipeVersion: z.number().int(),
  productId: id,
  productName: z.string(),
  status: z.enum(['open', 'completed']),
  plannedQty: z.number().int().positive(),
  /** Units added to the plan by extensions (each with a reason): the run may make plannedQty + extraQty. */
  extraQty: z.number().int().nonnegative(),
  /** Units made so far: never more than planned + extra; QC never covers more than this. */
  madeQty: z.number().int().nonnegative(),
  goodQty: z.number().int().nonnegative(),
  rejectedQty: z.number().int().nonnegative(),
  distributedQty: z.number().int().nonnegative(),
  startedOn: businessDate,
  completedOn: businessDate.nullable(),
});
export type RunSummary = z.infer<typeof runSummary>;

export const materialIssue = z.object({
  id,
  name: z.string(),
  quantity: z.number(),
  unit: z.string(),
  costCents: cents,
  source: z.enum(['purchased', 'donated']),
  at: isoInstant,
});

export const labourEntry = z.object({
  id,
  personId: id.nullable(),
  name: z.string(),
  kind: labourKind,
  minutes: z.number().int().positive(),
  rateCents: cents,
  /** minutes × rate ÷ 60, half-up; for volunteers this is the shadow price (no cash changes hands). */
  costCents: cents,
  at: isoInstant,
});

export const qcCheck = z.object({
  id,
  check: z.enum(['visual', 'fit', 'sanitation', 'other']),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  notes: z.string().nullable(),
  byName: z.string().nullable(),
  at: isoInstant,
});

export const distribution = z.object({
  id,
  number: z.number().int().positive(),
  runId: id,
  recipientId: id,
  recipientName: z.string(),
  tierId: id,
  tierName: z.string(),
  requestId: id.nullable(),
  quantity: z.number().int().positive(),
  unitCostCents: cents,
  priceBp: z.number().int(),
  unitPriceCents: cents,
  totalCents: cents,
  /** The journal entry a sale posted (number), null for free distributions. */
  journalEntryNumber: z.number().int().nullable(),
  /** The sale's receipt (R-2026-0042), null for free distributions. */
  receipt: receiptRef.nullable(),
  on: businessDate,
  at: isoInstant,
});
export type Distribution = z.infer<typeof distribution>;

export const runExtension = z.object({
  id,
  extraQty: z.number().int().positive(),
  reason: z.string(),
  byName: z.string().nullable(),
  at: isoInstant,
});

export const runDetail = z.object({
  run: runSummary,
  recipe,
  notes: z.string(),
  materials: z.array(materialIssue),
  labour: z.array(labourEntry),
  qc: z.array(qcCheck),
  /** Each time the run was allowed to make more than planned, and why. */
  extensions: z.array(runExtension),
  jobs: z.array(z.object({ id, number: z.number().int(), title: z.string(), status: z.string() })),
  planned: costBreakdown,
  real: costBreakdown,
  /** Cash actually spent: real cost without volunteer shadow prices and donated materials. */
  cashCents: cents,
  policy: z.array(tierPolicy),
  distributions: z.array(distribution),
  /** QC-passed units not yet distributed (never more than the run's own lot holds: donated stock is not drawn). */
  available: z.number().int().nonnegative(),
});
export type RunDetail = z.infer<typeof runDetail>;

export const product = z.object({ id, code: z.string(), name: z.string(), onHand: z.number().int() });

export const stockMoveKinds = [
  'produced',
  'donated_in',
  'bought_in',
  'distributed',
  'sold',
  'damaged',
  'counted',
] as const;
export const stockMove = z.object({
  id,
  productId: id,
  kind: z.enum(stockMoveKinds),
  quantity: z.number().int(),
  runId: id.nullable(),
  lotId: id,
  reason: z.string().nullable(),
  at: isoInstant,
});

/** Where units came from: made by a run, donated (perhaps for a stated purpose), bought, or on the shelf before lots. */
export const lotSources = ['made', 'donated', 'bought', 'opening'] as const;
export const stockLot = z.object({
  id,
  productId: id,
  source: z.enum(lotSources),
  runId: id.nullable(),
  runNumber: z.number().int().positive().nullable(),
  /** A donated lot given for this purpose only: a run's distribution never draws on it. */
  purpose: z.string().nullable(),
  notes: z.string().nullable(),
  onHand: z.number().int(),
  createdAt: isoInstant,
});
export type StockLot = z.infer<typeof stockLot>;

export const recipient = z.object({
  id,
  name: z.string(),
  tierId: id,
  tierName: z.string(),
  contact: z.string().nullable(),
  notes: z.string().nullable(),
});

export const request = z.object({
  id,
  recipientId: id,
  recipientName: z.string(),
  tierId: id,
  tierName: z.string(),
  tierRank: z.number().int(),
  productId: id,
  quantity: z.number().int().positive(),
  received: z.number().int().nonnegative(),
  status: z.enum(['open', 'filled', 'withdrawn']),
  requestedAt: isoInstant,
  notes: z.string().nullable(),
});
export type ProductionRequest = z.infer<typeof request>;

export const allocationLine = z.object({
  requestId: id.nullable(),
  recipientId: id,
  recipientName: z.string(),
  tierId: id,
  tierName: z.string(),
  quantity: z.number().int().positive(),
  unitPriceCents: cents,
  totalCents: cents,
});

export const allocation = z.object({
  available: z.number().int().nonnegative(),
  unitCostCents: cents.nullable(),
  lines: z.array(allocationLine),
  /** Open demand left unmet per tier after this suggestion. */
  unmet: z.array(z.object({ tierId: id, tierName: z.string(), quantity: z.number().int() })),
});
export type Allocation = z.infer<typeof allocation>;
