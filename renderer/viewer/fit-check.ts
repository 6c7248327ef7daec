import type { FileSummary } from '../../preload/contract/methods/files.js';

/** The selected machine's work area, millimetres, origin at the front-left corner of the bed. */
export interface WorkArea {
  name: string;
  width: number;
  depth: number;
  height: number;
}

export type FitResult =
  { fits: true } | { fits: false; axis: 'X' | 'Y' | 'Z'; size: number; limit: number; outside: boolean };

/** Slicers park purge lines a little off the bed (PrusaSlicer: Y −2 on the MINI); that is not a misfit. */
const MARGIN_MM = 3;

/**
 * Does the part fit the work area? Models are placed by the slicer later, so only their size counts; G-code and
 * ShopBot part files are already placed, so their working moves must lie on the bed (the router's table).
 */
export function fitCheck(summary: FileSummary, area: WorkArea): FitResult {
  const b = summary.bounds;
  if (b === null) return { fits: true };
  const limits = [area.width, area.depth, area.height] as const;
  const axes = ['X', 'Y', 'Z'] as const;
  for (let k = 0; k < 3; k++) {
    // A print stands on the bed: its height counts from 0, not from the first layer.
    const onBed = k === 2 && summary.format === 'gcode' && summary.flavor === 'fff';
    const size = b.max[k]! - (onBed ? 0 : b.min[k]!);
    const limit = limits[k]!;
    const axis = axes[k]!;
    if (size > limit + 1e-6) return { fits: false, axis, size, limit, outside: false };
    const placed = summary.format === 'gcode' || summary.format === 'sbp';
    if (placed && k < 2 && (b.min[k]! < -MARGIN_MM || b.max[k]! > limit + MARGIN_MM)) {
      return { fits: false, axis, size, limit, outside: true };
    }
  }
  return { fits: true };
}
