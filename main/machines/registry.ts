import type { z } from 'zod';
import type { Machine, machineConnection } from '../../preload/contract/methods/machines.js';
import {
  isMachineKind,
  kindConnections,
  kindFieldProblems,
  machineKindRegistry,
  machineKinds,
  type KindFieldValue,
} from '../../preload/contract/machine-kinds.js';
import type { Store, WriteTx } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import type { JobProgressRecord } from './job-runner.js';
import type { ModalState } from './streamer/modal.js';
import { connectionProblem } from './protocols/index.js';

export type MachineConnection = z.infer<typeof machineConnection>;

export interface MachineInput {
  name: string;
  kind: Machine['kind'];
  firmware: Machine['firmware'];
  connection: MachineConnection;
  workArea: { x: number; y: number; z: number } | null;
  notes?: string | undefined;
  /** Heater limits (°C); the defaults of migration 014 when not given. */
  maxHotendC?: number | undefined;
  maxBedC?: number | undefined;
  /** The kind's own fields (see the kind registry); none when not given. */
  kindFields?: Record<string, KindFieldValue> | undefined;
}

const DEFAULT_MAX_HOTEND_C = 260;
const DEFAULT_MAX_BED_C = 110;

interface MachineRow {
  id: number;
  name: string;
  kind: Machine['kind'];
  firmware: Machine['firmware'];
  connection_json: string;
  work_area_json: string | null;
  notes: string | null;
  max_hotend_c: number;
  max_bed_c: number;
  kind_fields_json: string;
  retired_at: string | null;
  created_at: string;
}

function toMachine(row: MachineRow): Machine {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    firmware: row.firmware,
    connection: JSON.parse(row.connection_json) as MachineConnection,
    workArea: row.work_area_json === null ? null : (JSON.parse(row.work_area_json) as Machine['workArea']),
    notes: row.notes,
    maxHotendC: row.max_hotend_c,
    maxBedC: row.max_bed_c,
    kindFields: JSON.parse(row.kind_fields_json) as Record<string, KindFieldValue>,
    retired: row.retired_at !== null,
    createdAt: row.created_at,
  };
}

export function listMachines(store: Store, includeRetired: boolean): Machine[] {
  const rows = store.db
    .prepare(
      `SELECT * FROM machines ${includeRetired ? '' : 'WHERE retired_at IS NULL'} ORDER BY name COLLATE NOCASE`,
    )
    .all() as MachineRow[];
  return rows.map(toMachine);
}

export function getMachine(store: Store, id: number): Machine {
  const row = store.db.prepare('SELECT * FROM machines WHERE id = ?').get(id) as MachineRow | undefined;
  if (row === undefined) throw notFound('Machine', id);
  return toMachine(row);
}

function checkInput(input: MachineInput): void {
  // The contract's schema checks the kind for calls; this holds for every other caller too (CLI, demo, imports).
  const kind: string = input.kind;
  if (!isMachineKind(kind))
    throw new DeskError(
      'INVALID_INPUT',
      `"${kind}" is not a kind of machine the Desk knows (${machineKinds.join(', ')}).`,
      { field: 'kind' },
    );
  const spec = machineKindRegistry[kind];
  if (!(spec.firmwares as readonly string[]).includes(input.firmware))
    throw new DeskError(
      'INVALID_INPUT',
      `A ${kind} machine cannot speak ${input.firmware}: choose ${spec.firmwares.join(' or ')}.`,
      { field: 'firmware' },
    );
  const connections = kindConnections(kind);
  if (!connections.includes(input.connection.type))
    throw new DeskError(
      'INVALID_INPUT',
      `A ${kind} machine is reached by ${connections.join(' or ')}, not ${input.connection.type}.`,
      { field: 'connection' },
    );
  const problem = kindFieldProblems(kind, input.kindFields ?? {})[0];
  if (problem !== undefined)
    throw new DeskError('INVALID_INPUT', `${problem.field} ${problem.message}.`, {
      field: `kindFields.${problem.field}`,
    });
  // The firmware's protocol says how it is reached (Grbl and Marlin over serial, a Roland through its device file
  // or serial, a machine the Desk does not drive by any link or none).
  const linkProblem = connectionProblem(input.firmware, input.connection.type);
  if (linkProblem !== null) throw new DeskError('INVALID_INPUT', linkProblem, { field: 'firmware' });
}

function nameTaken(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: machines\.name/.test(error.message);
}

/** Adds a machine in an existing transaction (the demo seeder uses this too). */
export function insertMachine(tx: WriteTx, input: MachineInput): Machine {
  checkInput(input);
  try {
    const { lastInsertRowid } = tx.db
      .prepare(
        `INSERT INTO machines (name, kind, firmware, connection_json, work_area_json, notes, max_hotend_c, max_bed_c,
           kind_fields_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.name,
        input.kind,
        input.firmware,
        JSON.stringify(input.connection),
        input.workArea === null ? null : JSON.stringify(input.workArea),
        input.notes ?? null,
        input.maxHotendC ?? DEFAULT_MAX_HOTEND_C,
        input.maxBedC ?? DEFAULT_MAX_BED_C,
        JSON.stringify(input.kindFields ?? {}),
        tx.at,
      );
    const machine = toMachine(
      tx.db.prepare('SELECT * FROM machines WHERE id = ?').get(lastInsertRowid) as MachineRow,
    );
    tx.audit('machine', machine.id, 'create', null, machine);
    return machine;
  } catch (error) {
    if (nameTaken(error))
      throw new DeskError('CONFLICT', `A machine called "${input.name}" already exists. Pick another name.`, {
        field: 'name',
      });
    throw error;
  }
}

export function createMachine(store: Store, actor: number, input: MachineInput): Machine {
  return store.write({ actor, reason: 'register machine' }, (tx) => insertMachine(tx, input));
}

export function updateMachine(store: Store, actor: number, id: number, input: MachineInput): Machine {
  checkInput(input);
  return store.write({ actor, reason: 'edit machine' }, (tx) => {
    const before = getMachine(store, id);
    if (before.retired)
      throw new DeskError('RULE_VIOLATION', `${before.name} is retired; it cannot be edited.`);
    try {
      tx.db
        .prepare(
          `UPDATE machines SET name = ?, kind = ?, firmware = ?, connection_json = ?, work_area_json = ?, notes = ?,
             max_hotend_c = ?, max_bed_c = ?, kind_fields_json = ? WHERE id = ?`,
        )
        .run(
          input.name,
          input.kind,
          input.firmware,
          JSON.stringify(input.connection),
          input.workArea === null ? null : JSON.stringify(input.workArea),
          input.notes ?? null,
          input.maxHotendC ?? before.maxHotendC,
          input.maxBedC ?? before.maxBedC,
          JSON.stringify(input.kindFields ?? before.kindFields),
          id,
        );
    } catch (error) {
      if (nameTaken(error))
        throw new DeskError(
          'CONFLICT',
          `A machine called "${input.name}" already exists. Pick another name.`,
          { field: 'name' },
        );
      throw error;
    }
    const after = getMachine(store, id);
    tx.audit('machine', id, 'update', before, after);
    return after;
  });
}

export function retireMachine(store: Store, actor: number, id: number, reason: string): Machine {
  return store.write({ actor, reason }, (tx) => {
    const before = getMachine(store, id);
    if (before.retired) throw new DeskError('CONFLICT', `${before.name} is already retired.`);
    tx.db
      .prepare(`UPDATE machines SET retired_at = ?, retired_reason = ?, status = 'retired' WHERE id = ?`)
      .run(tx.at, reason, id);
    const after = getMachine(store, id);
    tx.audit('machine', id, 'retire', before, after);
    return after;
  });
}

export interface RunRow {
  id: number;
  machine_id: number;
  name: string;
  path: string;
  sha256: string;
  total_bytes: number;
  dry_run: number;
  state: JobProgressRecord['state'];
  start_line: number;
  acked_line: number;
  acked_offset: number;
  modal_json: string;
  started_at: string;
  ended_at: string | null;
  reason: string | null;
  failed_line: number | null;
}

export function recordRunStart(
  store: Store,
  actor: number | null,
  machineId: number,
  record: JobProgressRecord,
  resumedFrom: number | null,
): number {
  return store.write({ actor, reason: record.dryRun ? 'dry run' : 'start job' }, (tx) => {
    const { lastInsertRowid } = tx.db
      .prepare(
        `INSERT INTO machine_runs (machine_id, name, path, sha256, total_bytes, dry_run, state, start_line, acked_line, acked_offset,
           modal_json, started_by, started_at, updated_at, resumed_from)
         VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        machineId,
        record.name,
        record.path,
        record.sha256,
        record.totalBytes,
        record.dryRun ? 1 : 0,
        record.startLine,
        record.ackedLine,
        record.ackedOffset,
        JSON.stringify(record.modal),
        actor,
        tx.at,
        tx.at,
        resumedFrom,
      );
    const id = Number(lastInsertRowid);
    tx.audit('machine_run', id, 'start', null, {
      machineId,
      name: record.name,
      startLine: record.startLine,
      resumedFrom,
    });
    return id;
  });
}

/**
 * Progress while a job streams: one row updated in place at least once a second. This is telemetry, not a
 * decision anyone made, so it bypasses the audited write path (an audit row per second would bury the trail);
 * the start and the end of every run are audited.
 */
export function recordRunProgress(store: Store, runId: number, record: JobProgressRecord): void {
  store.db
    .prepare(
      'UPDATE machine_runs SET acked_line = ?, acked_offset = ?, modal_json = ?, updated_at = ? WHERE id = ?',
    )
    .run(
      record.ackedLine,
      record.ackedOffset,
      JSON.stringify(record.modal),
      store.clock.now().toISOString(),
      runId,
    );
}

export function recordRunEnd(store: Store, runId: number, record: JobProgressRecord): void {
  store.write({ actor: null, reason: record.reason ?? `job ${record.state}` }, (tx) => {
    tx.db
      .prepare(
        `UPDATE machine_runs SET state = ?, acked_line = ?, acked_offset = ?, modal_json = ?, updated_at = ?, ended_at = ?,
           reason = ?, failed_line = ? WHERE id = ?`,
      )
      .run(
        record.state,
        record.ackedLine,
        record.ackedOffset,
        JSON.stringify(record.modal),
        tx.at,
        record.endedAt ?? tx.at,
        record.reason,
        record.failedLine,
        runId,
      );
    tx.audit('machine_run', runId, record.state, null, {
      ackedLine: record.ackedLine,
      reason: record.reason,
      failedLine: record.failedLine,
    });
  });
}

/** Runs left "running" by an app that stopped without ending them (crash, power cut) become interrupted. */
export function interruptOrphanRuns(store: Store): number {
  const orphans = store.db
    .prepare(`SELECT id FROM machine_runs WHERE state IN ('running', 'paused')`)
    .all() as { id: number }[];
  if (orphans.length === 0) return 0;
  store.write({ actor: null, reason: 'the app stopped while these jobs were streaming' }, (tx) => {
    for (const { id } of orphans) {
      tx.db
        .prepare(`UPDATE machine_runs SET state = 'interrupted', ended_at = ?, reason = ? WHERE id = ?`)
        .run(tx.at, 'The Desk stopped while this job was streaming.', id);
      tx.audit('machine_run', id, 'interrupted', null, null);
    }
  });
  return orphans.length;
}

export function lastResumableRun(store: Store, machineId: number): (RunRow & { modal: ModalState }) | null {
  const row = store.db
    .prepare(`SELECT * FROM machine_runs WHERE machine_id = ? AND dry_run = 0 ORDER BY id DESC LIMIT 1`)
    .get(machineId) as RunRow | undefined;
  if (row === undefined || !['interrupted', 'failed', 'stopped'].includes(row.state)) return null;
  return { ...row, modal: JSON.parse(row.modal_json) as ModalState };
}
