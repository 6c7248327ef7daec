import foundation from './001-foundation.sql';
import machines from './002-machines.sql';
import files from './003-files.sql';
import training from './004-training.sql';
import jobs from './005-jobs.sql';
import treasury from './006-treasury.sql';
import production from './007-production.sql';
import treasuryInterest from './008-treasury-interest-fiscal-year.sql';
import machineHeaterLimits from './014-machine-heater-limits.sql';
import fileOriginalNames from './017-file-original-names.sql';
import treasuryIdempotency from './021-treasury-idempotency.sql';
import trainingBadges from './030-training-badges.sql';
import productionMadeAndLots from './031-production-made-and-lots.sql';
import machineKindsInCode from './032-machine-kinds-in-code.sql';
import treasuryReceipts from './040-treasury-receipts.sql';
import productionInventory from './041-production-inventory.sql';
import machineFirmwaresInCode from './050-machine-firmwares-in-code.sql';
import toolpaths from './051-toolpaths.sql';
import labMachineKinds from './055-lab-machine-kinds.sql';
import labSessions from './056-lab-sessions.sql';
import labMaterials from './057-lab-materials.sql';
import labBookings from './058-lab-bookings.sql';
import labSessionPhotos from './059-lab-session-photos.sql';
import fileKindSbp from './060-file-kind-sbp.sql';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds a table others refer to (SQLite's way to change a constraint): it runs with foreign keys
   * off, and every reference is checked before it commits.
   */
  rebuildsTables?: boolean;
}

/**
 * Every schema change, in order. Add a numbered SQL file and a line here; never edit a migration that has shipped.
 * Versions must increase; gaps are allowed so parallel work can reserve numbers.
 */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: foundation },
  { version: 2, name: 'machines', sql: machines },
  { version: 3, name: 'files', sql: files },
  { version: 4, name: 'training', sql: training },
  { version: 5, name: 'jobs', sql: jobs },
  { version: 6, name: 'treasury', sql: treasury },
  { version: 7, name: 'production', sql: production },
  { version: 8, name: 'treasury-interest-fiscal-year', sql: treasuryInterest },
  { version: 14, name: 'machine-heater-limits', sql: machineHeaterLimits },
  { version: 17, name: 'file-original-names', sql: fileOriginalNames },
  { version: 21, name: 'treasury-idempotency', sql: treasuryIdempotency },
  { version: 30, name: 'training-badges', sql: trainingBadges },
  { version: 31, name: 'production-made-and-lots', sql: productionMadeAndLots },
  { version: 32, name: 'machine-kinds-in-code', sql: machineKindsInCode, rebuildsTables: true },
  { version: 40, name: 'treasury-receipts', sql: treasuryReceipts },
  { version: 41, name: 'production-inventory', sql: productionInventory },
  { version: 50, name: 'machine-firmwares-in-code', sql: machineFirmwaresInCode, rebuildsTables: true },
  { version: 51, name: 'toolpaths', sql: toolpaths },
  { version: 55, name: 'lab-machine-kinds', sql: labMachineKinds, rebuildsTables: true },
  { version: 56, name: 'lab-sessions', sql: labSessions },
  { version: 57, name: 'lab-materials', sql: labMaterials },
  { version: 58, name: 'lab-bookings', sql: labBookings },
  { version: 59, name: 'lab-session-photos', sql: labSessionPhotos },
  { version: 60, name: 'file-kind-sbp', sql: fileKindSbp, rebuildsTables: true },
];
