import type { CostBreakdown } from '../../preload/contract/methods/production.js';
import { mulDiv } from '../kernel/cents.js';

/**
 * Unit cost and tier prices, pure and in integer cents. Every division rounds **half-up to the cent**
 * (kernel/cents.ts):
 *
 *   labour cents   = round(minutes × cents per hour ÷ 60)          (per entry, or per recipe unit)
 *   machine cents  = round(seconds × cents per hour ÷ 3,600)        (per usage session of a linked job)
 *   unit cost      = round(total cents ÷ units)                     (units: planned, or passed QC)
 *   unit price     = round(unit cost × basis points ÷ 10,000)       (5 % is 500 bp; 0 bp is free)
 *                    but at least 1 ¢ when the price is not free       (1 % of 40 ¢ is 0.4 ¢ → 1 ¢, never 0 ¢)
 *   line total     = unit price × quantity                          (so a receipt reads qty × price exactly)
 *
 * Example: a unit cost of $3.10 at 5 % is 15.5 ¢, which rounds up to 16 ¢; 40 masks cost $6.40.
 */

/** Volunteer time is shadow-priced at this rate when no rate is given ($15.00 an hour), so the true cost shows. */
export const VOLUNTEER_SHADOW_CENTS_PER_HOUR = 1500;

export interface RecipeCosts {
  materialsPerUnit: number;
  labourMinutes: number;
  labourRateCents: number;
  machineMinutes: number;
  machineRateCents: number;
  overheadCents: number;
}

export const labourCents = (minutes: number, centsPerHour: number): number =>
  mulDiv(minutes, centsPerHour, 60);
export const machineCentsForSeconds = (seconds: number, centsPerHour: number): number =>
  mulDiv(seconds, centsPerHour, 3600);

/** A recipe's planned cost of one unit. */
export function recipeUnitCost(r: RecipeCosts): number {
  return (
    r.materialsPerUnit +
    labourCents(r.labourMinutes, r.labourRateCents) +
    labourCents(r.machineMinutes, r.machineRateCents) +
    r.overheadCents
  );
}

function breakdown(
  parts: Omit<CostBreakdown, 'totalCents' | 'unitCents' | 'units'>,
  units: number,
): CostBreakdown {
  const totalCents = parts.materialsCents + parts.labourCents + parts.machineCents + parts.overheadCents;
  return { ...parts, totalCents, units, unitCents: units > 0 ? mulDiv(totalCents, 1, units) : null };
}

/** Planned: the recipe times the planned quantity (labour and machine minutes summed before rounding). */
export function plannedCost(r: RecipeCosts, plannedQty: number): CostBreakdown {
  return breakdown(
    {
      materialsCents: r.materialsPerUnit * plannedQty,
      labourCents: labourCents(r.labourMinutes * plannedQty, r.labourRateCents),
      machineCents: labourCents(r.machineMinutes * plannedQty, r.machineRateCents),
      overheadCents: r.overheadCents * plannedQty,
    },
    plannedQty,
  );
}

export interface RealInputs {
  materialsCents: number;
  labourCents: number;
  machineCents: number;
  /** Overhead is allocated to the run as planned (recipe overhead × planned quantity). */
  overheadCents: number;
  goodQty: number;
}

/** Real: what was issued, worked and run, spread over the units that passed QC (rejects raise the unit cost). */
export function realCost(inputs: RealInputs): CostBreakdown {
  const { goodQty, ...parts } = inputs;
  return breakdown(parts, goodQty);
}

/**
 * A tier price: the percentage of the unit cost, half-up to the cent. A price that is not free never rounds down to
 * nothing: a non-zero percentage of a non-zero cost is at least 1 ¢, so a sale is never recorded as a gift by rounding.
 */
export const PRICE_FLOOR_CENTS = 1;

export function unitPrice(unitCostCents: number, priceBp: number): number {
  const rounded = mulDiv(unitCostCents, priceBp, 10_000);
  if (priceBp > 0 && unitCostCents > 0 && rounded < PRICE_FLOOR_CENTS) return PRICE_FLOOR_CENTS;
  return rounded;
}

export interface AllocationTier {
  tierId: number;
  rank: number;
  /** Units this tier may still receive from the run; null: no cap. */
  capLeft: number | null;
}

export interface AllocationRequest {
  requestId: number;
  recipientId: number;
  tierId: number;
  requestedAt: string;
  /** Still wanted: asked − received. */
  remaining: number;
}

export interface AllocatedLine {
  requestId: number;
  recipientId: number;
  tierId: number;
  quantity: number;
}

/**
 * Fills tiers in rank order (core staff, members, medical facilities, community), oldest request first within a
 * tier, never past a tier's cap or the units available. A skipped tier gets nothing (its reason is the caller's).
 */
export function suggestAllocation(
  available: number,
  tiers: readonly AllocationTier[],
  requests: readonly AllocationRequest[],
  skipped: ReadonlySet<number>,
): { lines: AllocatedLine[]; unmet: Map<number, number> } {
  let left = available;
  const lines: AllocatedLine[] = [];
  const unmet = new Map<number, number>();
  for (const tier of [...tiers].sort((a, b) => a.rank - b.rank)) {
    let capLeft = tier.capLeft ?? Number.POSITIVE_INFINITY;
    const queue = requests
      .filter((r) => r.tierId === tier.tierId && r.remaining > 0)
      .sort((a, b) =>
        a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : a.requestId - b.requestId,
      );
    let wanted = 0;
    for (const r of queue) {
      const give = skipped.has(tier.tierId) ? 0 : Math.min(r.remaining, left, capLeft);
      if (give > 0) {
        lines.push({
          requestId: r.requestId,
          recipientId: r.recipientId,
          tierId: tier.tierId,
          quantity: give,
        });
        left -= give;
        capLeft -= give;
      }
      wanted += r.remaining - give;
    }
    if (wanted > 0) unmet.set(tier.tierId, wanted);
  }
  return { lines, unmet };
}
