import { machineKindRegistry } from '../../preload/contract/machine-kinds.js';
import type { FileSummary } from '../../preload/contract/methods/files.js';
import type { Quote } from '../../preload/contract/methods/jobs.js';
import { roundDiv } from '../kernel/cents.js';

/*
 * Quotes in integer cents, under the rounding rule of kernel/cents.ts: each figure is an exact integer ratio rounded
 * **half-up to the cent** (0.5 ¢ goes up), computed with BigInt so no float ever touches money:
 *
 *   material cents = round(milligrams × cents per kg ÷ 1,000,000)
 *   machine cents  = round(seconds × cents per hour ÷ 3,600)
 *   total          = material + machine
 *
 * Grams come from the parser as a decimal; they are turned into whole milligrams first (half-up), per copy, and
 * then multiplied by the quantity, so N copies cost exactly N times one copy's milligrams.
 */

/** Grams (a parser's decimal) to whole milligrams, half-up. */
export function toMilligrams(grams: number): number {
  if (!Number.isFinite(grams) || grams < 0) throw new Error(`not a weight: ${grams}`);
  return Math.floor(grams * 1000 + 0.5);
}

/** What the parser's summaries say one copy needs: grams of material and seconds of machine time. */
export interface CopyEstimate {
  grams: number | null;
  seconds: number | null;
  notes: string[];
}

/**
 * One copy's estimate from its files' parse summaries. A G-code file gives filament grams and print time (from
 * the slicer's comments, or computed); a model gives its volume, which becomes grams with the material's density,
 * and no time (it is not sliced yet).
 */
export function estimateCopy(
  summaries: readonly FileSummary[],
  densityMgPerCm3: number | null,
): CopyEstimate {
  let grams: number | null = null;
  let seconds: number | null = null;
  const notes: string[] = [];
  const addGrams = (g: number) => (grams = (grams ?? 0) + g);
  for (const s of summaries) {
    if (s.format === 'gcode') {
      if (s.filamentGrams !== null) addGrams(s.filamentGrams);
      if (s.estimatedSeconds !== null) seconds = (seconds ?? 0) + Math.round(s.estimatedSeconds);
      else notes.push('A G-code file has no time estimate.');
    } else if (s.format === 'sbp') {
      // A ShopBot part file: time from its MS/JS speeds; the material is sheet stock, not counted by weight.
      if (s.estimatedSeconds !== null) seconds = (seconds ?? 0) + Math.round(s.estimatedSeconds);
      else notes.push('A ShopBot part file has no time estimate (it sets no speeds).');
    } else {
      if (densityMgPerCm3 !== null) addGrams((s.volumeMm3 / 1000) * (densityMgPerCm3 / 1000));
      else notes.push('A model’s weight needs a material with a density.');
      notes.push('A model has no machine time until it is sliced.');
    }
  }
  return { grams, seconds, notes };
}

export interface QuoteRates {
  /** null: no material chosen (the material part is left at zero, and the quote says so). */
  centsPerKg: number | null;
  hourlyCents: number;
}

/** The quote for `quantity` copies: material + machine time, in cents, half-up (see the rule above). */
export function quoteFor(copy: CopyEstimate, quantity: number, rates: QuoteRates): Quote {
  const notes = [...copy.notes];
  const mgPerCopy = copy.grams === null ? null : toMilligrams(copy.grams);
  const mg = mgPerCopy === null ? null : mgPerCopy * quantity;
  const seconds = copy.seconds === null ? null : copy.seconds * quantity;
  if (rates.centsPerKg === null) notes.push('No material chosen: the material part is not counted.');
  const centsPerKg = rates.centsPerKg ?? 0;
  const materialCents = mg === null ? 0 : roundDiv(BigInt(mg) * BigInt(centsPerKg), 1_000_000n);
  const machineCents = seconds === null ? 0 : roundDiv(BigInt(seconds) * BigInt(rates.hourlyCents), 3600n);
  return {
    grams: mg === null ? null : mg / 1000,
    seconds,
    centsPerKg,
    hourlyCents: rates.hourlyCents,
    materialCents,
    machineCents,
    totalCents: materialCents + machineCents,
    notes: [...new Set(notes)],
  };
}

/** Hourly rates a machine has until staff set its own (cents per hour), by kind (from the kind registry). */
export const defaultHourlyCents: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(machineKindRegistry).map(([kind, spec]) => [kind, spec.defaultHourlyCents]),
);
