import type { Db } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import { getPreset, refuseForbidden } from './materials.js';

export { bookingToTakeUp, markBookingUsed } from './bookings.js';

/**
 * What the jobs area asks the lab before a copy starts: the job's material is not forbidden on this kind of
 * machine (PVC on a laser), and a preset named for the run is this machine's, for the job's material.
 */
export function checkRunPreset(
  db: Db,
  machine: { id: number; name: string; kind: string },
  materialId: number | null,
  presetId: number | undefined,
): void {
  if (materialId !== null) refuseForbidden(db, materialId, machine);
  if (presetId === undefined) return;
  const preset = getPreset(db, presetId);
  if (preset.machineId !== machine.id)
    throw new DeskError('INVALID_INPUT', `That preset is for ${preset.machineName}, not ${machine.name}.`, {
      field: 'presetId',
    });
  if (materialId !== null && preset.materialId !== materialId)
    throw new DeskError(
      'INVALID_INPUT',
      `That preset is for ${preset.materialName}, not this job's material.`,
      {
        field: 'presetId',
      },
    );
}
