import type { WorkArea } from '../../viewer/fit-check.js';
import { useLibraryQuery } from './api.js';

/** Used until the lab's own machines (with work areas) are listed: common machines in a Fab Lab. */
export const PRESET_AREAS: readonly WorkArea[] = [
  { name: 'Prusa MINI', width: 180, depth: 180, height: 180 },
  { name: 'Prusa MK4', width: 250, depth: 210, height: 220 },
  { name: 'Laser 600 × 400', width: 600, depth: 400, height: 50 },
  { name: 'CNC router 1200 × 1200', width: 1200, depth: 1200, height: 120 },
];

/** The lab's machines that declare a work area, then the presets. */
export function useWorkAreas(): WorkArea[] {
  const machines = useLibraryQuery('machines.list', { includeRetired: false });
  const own = (machines.data ?? [])
    .filter((r) => r.machine.workArea !== null && !r.machine.retired)
    .map((r) => ({
      name: r.machine.name,
      width: r.machine.workArea!.x,
      depth: r.machine.workArea!.y,
      height: r.machine.workArea!.z,
    }));
  return [...own, ...PRESET_AREAS];
}
