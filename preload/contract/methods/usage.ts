import { z } from 'zod';
import { method } from '../define.js';
import { id } from '../common.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'is not a calendar date',
    },
  );

/** Machine time and sessions on one machine (job runs, and later manual sessions). */
export const usageMachineRow = z.object({
  machineId: id,
  name: z.string(),
  kind: z.string(),
  seconds: z.number().int(),
  sessions: z.number().int(),
  /** Distinct jobs with a run on this machine in the period. */
  jobs: z.number().int(),
  failed: z.number().int(),
  /** Maintenance tickets opened. */
  tickets: z.number().int(),
});

/** Material drawn, in thousandths of its unit (grams: milligrams), so totals stay whole numbers. */
export const usageMaterialRow = z.object({
  material: z.string(),
  unit: z.string(),
  consumedMilli: z.number().int(),
  wasteMilli: z.number().int(),
  sessions: z.number().int(),
  failed: z.number().int(),
});

export const usageMonthRow = z.object({
  month: z.string(),
  seconds: z.number().int(),
  sessions: z.number().int(),
  jobs: z.number().int(),
  failed: z.number().int(),
  /** People who attended a held training session that month (each once per month). */
  trained: z.number().int(),
  /** Authorizations granted that month. */
  authorized: z.number().int(),
  made: z.number().int(),
  distributed: z.number().int(),
  tickets: z.number().int(),
});

/** One cell of month × machine × material: what the CSV export lists. */
export const usageCell = z.object({
  month: z.string(),
  machineId: id.nullable(),
  machine: z.string().nullable(),
  material: z.string().nullable(),
  unit: z.string().nullable(),
  seconds: z.number().int(),
  sessions: z.number().int(),
  jobs: z.number().int(),
  failed: z.number().int(),
  consumedMilli: z.number().int(),
  wasteMilli: z.number().int(),
});

export const usageTierRow = z.object({
  code: z.string(),
  name: z.string(),
  nameEs: z.string(),
  rank: z.number().int(),
  distributed: z.number().int(),
  distributions: z.number().int(),
});

export const usageProductRow = z.object({
  product: z.string(),
  made: z.number().int(),
  distributed: z.number().int(),
});

export const usageFailure = z.object({
  source: z.string(),
  sourceId: id,
  day: z.string(),
  machine: z.string().nullable(),
  material: z.string().nullable(),
  unit: z.string().nullable(),
  wasteMilli: z.number().int(),
  reason: z.string(),
});

export const usageReport = z.object({
  from: z.string(),
  to: z.string(),
  /** The record sources read, in order (job runs, training, production, maintenance, …). */
  sources: z.array(z.string()),
  months: z.array(usageMonthRow),
  machines: z.array(usageMachineRow),
  materials: z.array(usageMaterialRow),
  cells: z.array(usageCell),
  tiers: z.array(usageTierRow),
  products: z.array(usageProductRow),
  failures: z.array(usageFailure),
  totals: z.object({
    seconds: z.number().int(),
    sessions: z.number().int(),
    /** Distinct jobs over the whole period (a job run in two months counts once here). */
    jobs: z.number().int(),
    failed: z.number().int(),
    /** Distinct people trained over the period. */
    trained: z.number().int(),
    authorized: z.number().int(),
    /** Distinct people given at least one authorization. */
    authorizedPeople: z.number().int(),
    made: z.number().int(),
    distributed: z.number().int(),
    tickets: z.number().int(),
  }),
});
export type UsageReport = z.infer<typeof usageReport>;

export const usageMethods = {
  'usage.report': method({
    summary:
      'Usage and impact between two lab dates (inclusive): machine hours, sessions and jobs per machine, material ' +
      'consumed and wasted (failed runs with their reasons) per material, people trained and authorized, products ' +
      'made and distributed by priority tier, per month. Every figure is a sum over the records it names.',
    permission: 'usage.read',
    input: z
      .strictObject({ from: day, to: day })
      .refine((v) => v.from <= v.to, {
        message: 'the period must end on or after its first day',
        path: ['to'],
      })
      .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 5 * 366 * 86_400_000, {
        message: 'a report covers at most five years',
        path: ['to'],
      }),
    output: usageReport,
  }),
};
