import { z } from 'zod';
import { method } from '../define.js';
import { businessDate, cents, empty, id, optionalText, text } from '../common.js';
import {
  allocation,
  distribution,
  labourKind,
  product,
  recipe,
  recipient,
  request,
  runDetail,
  runSummary,
  stockLot,
  stockMove,
} from './production-schemas.js';
import { idempotencyKey } from './treasury-schemas.js';

export * from './production-schemas.js';

const reason = text(300);
const quantity = z.number().int().min(1, 'at least 1').max(1_000_000, 'at most 1,000,000');
const skips = z
  .array(z.strictObject({ tierId: id, reason }))
  .max(20)
  .default([]);

const recipeMethods = {
  'production.overview': method({
    summary: 'Products with stock on hand, runs newest first, and recipes at their latest version.',
    permission: 'production.read',
    input: empty,
    output: z.object({
      products: z.array(product),
      runs: z.array(runSummary),
      recipes: z.array(recipe),
    }),
  }),
  'production.recipes.versions': method({
    summary: 'Every version of a recipe, oldest first.',
    permission: 'production.read',
    input: z.strictObject({ code: text(40) }),
    output: z.array(recipe),
  }),
  'production.recipes.save': method({
    summary:
      'Write a recipe as a draft: materials per unit, labour and machine minutes, rates, overhead. A code whose ' +
      'latest version is active or retired gets a new version; an active version never changes.',
    permission: 'production.manage',
    input: z.strictObject({
      code: z
        .string()
        .trim()
        .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and - (up to 40)'),
      productName: text(80),
      name: text(120),
      materials: z
        .array(
          z.strictObject({
            name: text(80),
            quantity: z.number().positive('must be more than 0').max(1_000_000),
            unit: text(20),
            centsPerUnit: cents.min(0, 'must not be negative').max(10_000_000),
          }),
        )
        .max(30),
      labourMinutes: z.number().int().min(0).max(100_000),
      labourRateCents: cents.min(0).max(1_000_000),
      machineMinutes: z.number().int().min(0).max(100_000),
      machineRateCents: cents.min(0).max(1_000_000),
      overheadCents: cents.min(0).max(10_000_000),
    }),
    output: recipe,
  }),
  'production.recipes.activate': method({
    summary:
      'Make a draft version the active one (the previous active version retires). It never changes again.',
    permission: 'production.manage',
    input: z.strictObject({ id }),
    output: recipe,
  }),
};

const runMethods = {
  'production.runs.create': method({
    summary: 'Start a production run of an active recipe version, with its planned quantity.',
    permission: 'production.manage',
    input: z.strictObject({
      recipeId: id,
      title: text(120),
      plannedQty: quantity,
      startedOn: businessDate.optional(),
      notes: optionalText(2000),
    }),
    output: runDetail,
  }),
  'production.runs.get': method({
    summary:
      'A run with its materials, labour, QC, linked jobs, planned vs real cost, policy and distributions.',
    permission: 'production.read',
    input: z.strictObject({ id }),
    output: runDetail,
  }),
  'production.runs.linkJob': method({
    summary: 'Link a lab job to the run: its machine time counts in the real cost.',
    permission: 'production.manage',
    input: z.strictObject({ runId: id, jobId: id }),
    output: runDetail,
  }),
  'production.runs.issueMaterial': method({
    summary: 'Record material issued to the run, purchased or donated, with its cost in cents.',
    permission: 'production.manage',
    input: z.strictObject({
      runId: id,
      name: text(80),
      quantity: z.number().positive('must be more than 0').max(1_000_000),
      unit: text(20),
      costCents: cents.min(0, 'must not be negative').max(100_000_000),
      source: z.enum(['purchased', 'donated']).default('purchased'),
    }),
    output: runDetail,
  }),
  'production.runs.addLabour': method({
    summary:
      'Record labour: paid, member or volunteer minutes. Volunteer time is shadow-priced (default rate) so the ' +
      'true cost shows, though no cash changes hands.',
    permission: 'production.manage',
    input: z.strictObject({
      runId: id,
      personId: id.optional(),
      name: text(80),
      kind: labourKind,
      minutes: z.number().int().min(1, 'at least 1 minute').max(100_000),
      rateCents: cents.min(0).max(1_000_000).optional(),
    }),
    output: runDetail,
  }),
  'production.runs.made': method({
    summary:
      'Record units made in the run. Never more than planned in all, unless the run was extended with a reason.',
    permission: 'production.manage',
    input: z.strictObject({ runId: id, quantity, notes: optionalText(1000) }),
    output: runDetail,
  }),
  'production.runs.extend': method({
    summary: 'Allow the run to make more than planned, by a number of units, with the reason (kept).',
    permission: 'production.manage',
    input: z.strictObject({ runId: id, extraQty: quantity, reason }),
    output: runDetail,
  }),
  'production.runs.qc': method({
    summary:
      'Record a QC or sanitation check of units made: passed go into the run’s lot, failed are rejects. ' +
      'Passed + failed over all checks never exceed the units made.',
    permission: 'production.manage',
    input: z.strictObject({
      runId: id,
      check: z.enum(['visual', 'fit', 'sanitation', 'other']),
      passed: z.number().int().min(0).max(1_000_000),
      failed: z.number().int().min(0).max(1_000_000),
      notes: optionalText(1000),
    }),
    output: runDetail,
  }),
  'production.runs.setPolicy': method({
    summary: 'Set the distribution policy of a run: price per tier (basis points of unit cost) and caps.',
    permission: 'production.manage',
    input: z.strictObject({
      runId: id,
      tiers: z
        .array(
          z.strictObject({
            tierId: id,
            priceBp: z.number().int().min(0, 'must not be negative').max(100_000, 'at most 1000 %'),
            cap: z.number().int().positive().nullable().default(null),
          }),
        )
        .max(20),
    }),
    output: runDetail,
  }),
  'production.runs.complete': method({
    summary: 'Close production on a run (no more QC); distributions may go on.',
    permission: 'production.manage',
    input: z.strictObject({ id, completedOn: businessDate.optional() }),
    output: runDetail,
  }),
};

const stockMethods = {
  'production.stock.moves': method({
    summary: 'Stock moves of a product, newest first: on hand is their sum, never negative.',
    permission: 'production.read',
    input: z.strictObject({ productId: id }),
    output: z.array(stockMove),
  }),
  'production.stock.adjust': method({
    summary:
      'Record goods donated in or bought in (each a new lot; a donation may name the purpose it is for), damaged, ' +
      'or a count of one lot (the difference is booked), with a reason.',
    permission: 'production.manage',
    input: z.strictObject({
      productId: id,
      kind: z.enum(['donated_in', 'bought_in', 'damaged', 'counted']),
      quantity: z.number().int().min(0).max(1_000_000),
      reason,
      /** Damaged or counted: which lot (may be left out when the product has one lot only). */
      lotId: id.optional(),
      /** Donated in: the purpose the donor gave it for; a run's distribution never draws on such a lot. */
      purpose: optionalText(300),
    }),
    output: product,
  }),
  'production.stock.lots': method({
    summary: 'Lots of a product with their source (made, donated, bought), purpose and stock on hand.',
    permission: 'production.read',
    input: z.strictObject({ productId: id }),
    output: z.array(stockLot),
  }),
  'production.recipients.list': method({
    summary: 'Recipients with their tier, and open and past requests.',
    permission: 'production.read',
    input: empty,
    output: z.object({ recipients: z.array(recipient), requests: z.array(request) }),
  }),
  'production.recipients.save': method({
    summary: 'Add or change a recipient (a person, a clinic, a church) and their priority tier.',
    permission: 'production.manage',
    input: z.strictObject({
      id: id.optional(),
      name: text(120),
      tierId: id,
      contact: optionalText(200),
      notes: optionalText(1000),
    }),
    output: recipient,
  }),
  'production.requests.create': method({
    summary: 'Record a recipient’s request for units of a product.',
    permission: 'production.manage',
    input: z.strictObject({ recipientId: id, productId: id, quantity, notes: optionalText(1000) }),
    output: request,
  }),
  'production.requests.withdraw': method({
    summary: 'Withdraw an open request, with a reason.',
    permission: 'production.manage',
    input: z.strictObject({ id, reason }),
    output: request,
  }),
  'production.allocation.suggest': method({
    summary:
      'Suggest who gets the run’s available units: tiers in order, oldest request first, within caps. ' +
      'Skipping a tier needs a reason.',
    permission: 'production.read',
    input: z.strictObject({ runId: id, skips }),
    output: allocation,
  }),
  'production.distribute': method({
    summary:
      'Hand out units of a run to recipients, priced by their tier. Never more than passed QC; a lower tier served ' +
      'while a higher one waits needs a skip reason. Each sale posts a balanced journal entry.',
    permission: 'production.manage',
    input: z.strictObject({
      /** The form's key: the same key again returns the first distribution and hands nothing more out. */
      idempotencyKey,
      runId: id,
      on: businessDate.optional(),
      lines: z
        .array(z.strictObject({ recipientId: id, requestId: id.optional(), quantity }))
        .min(1, 'give at least one line')
        .max(200),
      skips,
    }),
    output: z.array(distribution),
  }),
};

export const productionMethods = { ...recipeMethods, ...runMethods, ...stockMethods };
