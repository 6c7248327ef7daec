import type { FileSummary } from '../../preload/contract/methods/files.js';
import type { JobDetail, Quote } from '../../preload/contract/methods/jobs.js';
import type { Machine } from '../../preload/contract/methods/machines.js';
import { openLibraryFile } from '../files/library.js';
import { getMachine } from '../machines/registry.js';
import type { Db, Store } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import { defaultTier, getMaterial, getTier, hourlyCentsOf } from './catalog.js';
import { labDate } from '../kernel/lab-dates.js';
import { changeStatus, defaultPosition, label, queuedOn } from './queue.js';
import { defaultHourlyCents, estimateCopy, quoteFor } from './quote.js';
import { assertStaff, isStaff, jobDetail, jobRow, visibleJobRow, type Actor, type JobRow } from './rows.js';

/** Requests, changes before a job runs, and the plain edges of the status graph (not start and finish). */

export interface RequestInput {
  title: string;
  fileIds: number[];
  machineId?: number | undefined;
  machineKind?: Machine['kind'] | undefined;
  materialId?: number | undefined;
  colour?: string | undefined;
  quantity: number;
  tierId?: number | undefined;
  dueOn?: string | undefined;
  notes?: string | undefined;
  submit: boolean;
}

function usableMachine(store: Store, id: number): Machine {
  const machine = getMachine(store, id);
  if (machine.retired)
    throw new DeskError('RULE_VIOLATION', `${machine.name} is retired; choose another machine.`);
  return machine;
}

function checkTier(db: Db, actor: Actor, tierId: number | undefined): number {
  const fallback = defaultTier(db);
  if (tierId === undefined || tierId === fallback.id) return fallback.id;
  const tier = getTier(db, tierId);
  if (!isStaff(actor)) throw new DeskError('NOT_AUTHORIZED', 'Only staff set a job’s priority tier.');
  if (!tier.active) throw new DeskError('INVALID_INPUT', `The tier "${tier.name}" is not in use.`);
  return tier.id;
}

function checkDue(store: Store, dueOn: string | undefined | null): void {
  if (dueOn === undefined || dueOn === null) return;
  const today = labDate(store.clock.now());
  if (dueOn < today)
    throw new DeskError('INVALID_INPUT', `The due date ${dueOn} is already past (today is ${today}).`);
}

function materialOf(db: Db, id: number | null | undefined) {
  if (id === undefined || id === null) return null;
  const material = getMaterial(db, id);
  if (!material.active) throw new DeskError('INVALID_INPUT', `${material.name} is no longer offered.`);
  return material;
}

/** The files' parse summaries, each opened as the requester (only files they may see). */
function summariesOf(store: Store, viewer: Actor, fileIds: readonly number[]): FileSummary[] {
  if (new Set(fileIds).size !== fileIds.length)
    throw new DeskError('INVALID_INPUT', 'The same file is listed twice.');
  return fileIds.map(
    (id) => openLibraryFile(store, { personId: viewer.id, roles: viewer.roles }, id).file.summary,
  );
}

/** A ShopBot part file (.sbp) is cut on a wood router: a job with one goes to no other kind of machine. */
function checkPartFilesOn(summaries: readonly FileSummary[], kind: Machine['kind']): void {
  if (kind !== 'cnc-router' && summaries.some((s) => s.format === 'sbp'))
    throw new DeskError(
      'INVALID_INPUT',
      `A ShopBot part file (.sbp) is cut on a wood router (cnc-router), not on a ${kind}: choose a router.`,
    );
}

export function quoteOf(
  store: Store,
  summaries: readonly FileSummary[],
  materialId: number | null,
  machine: Pick<Machine, 'id' | 'kind'> | null,
  kind: Machine['kind'],
  quantity: number,
): Quote {
  const material = materialId === null ? null : getMaterial(store.db, materialId);
  const copy = estimateCopy(summaries, material?.densityMgPerCm3 ?? null);
  const hourlyCents = machine === null ? (defaultHourlyCents[kind] ?? 0) : hourlyCentsOf(store.db, machine);
  return quoteFor(copy, quantity, { centsPerKg: material?.centsPerKg ?? null, hourlyCents });
}

function jobFileIds(db: Db, jobId: number): number[] {
  return (
    db.prepare('SELECT file_id FROM job_files WHERE job_id = ? ORDER BY position').all(jobId) as {
      file_id: number;
    }[]
  ).map((r) => r.file_id);
}

export function requestJob(store: Store, actor: Actor, input: RequestInput): JobDetail {
  const machine = input.machineId === undefined ? null : usableMachine(store, input.machineId);
  const kind = machine?.kind ?? input.machineKind;
  if (kind === undefined) throw new DeskError('INVALID_INPUT', 'Choose a machine or a kind of machine.');
  if (machine !== null && input.machineKind !== undefined && input.machineKind !== machine.kind)
    throw new DeskError('INVALID_INPUT', `${machine.name} is not a ${input.machineKind}.`);
  const tierId = checkTier(store.db, actor, input.tierId);
  checkDue(store, input.dueOn);
  const material = materialOf(store.db, input.materialId);
  const summaries = summariesOf(store, actor, input.fileIds);
  checkPartFilesOn(summaries, kind);
  const quote = quoteOf(store, summaries, material?.id ?? null, machine, kind, input.quantity);
  const id = store.write({ actor: actor.id, reason: 'job request' }, (tx) => {
    const number = tx.nextNumber('job');
    const jobId = Number(
      tx.db
        .prepare(
          `INSERT INTO jobs (number, title, requester_id, machine_id, machine_kind, material_id, colour, quantity,
             tier_id, due_on, notes, status, quote_json, quote_total_cents, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
        )
        .run(
          number,
          input.title,
          actor.id,
          machine?.id ?? null,
          kind,
          material?.id ?? null,
          input.colour === undefined || input.colour === '' ? null : input.colour,
          input.quantity,
          tierId,
          input.dueOn ?? null,
          input.notes ?? '',
          JSON.stringify(quote),
          quote.totalCents,
          tx.at,
          tx.at,
        ).lastInsertRowid,
    );
    input.fileIds.forEach((fileId, i) =>
      tx.db
        .prepare('INSERT INTO job_files (job_id, file_id, position) VALUES (?, ?, ?)')
        .run(jobId, fileId, i),
    );
    tx.db
      .prepare(
        'INSERT INTO job_transitions (job_id, from_status, to_status, at, actor_id, reason) VALUES (?, NULL, ?, ?, ?, ?)',
      )
      .run(jobId, 'draft', tx.at, actor.id, 'requested');
    tx.audit('job', jobId, 'request', null, { number, title: input.title, quote });
    if (input.submit) changeStatus(tx, jobId, 'submitted', null);
    return jobId;
  });
  return jobDetail(store.db, id);
}

export interface UpdateInput {
  id: number;
  title?: string | undefined;
  machineId?: number | null | undefined;
  machineKind?: Machine['kind'] | undefined;
  materialId?: number | null | undefined;
  colour?: string | undefined;
  quantity?: number | undefined;
  tierId?: number | undefined;
  dueOn?: string | null | undefined;
  notes?: string | undefined;
}

/** Changes a job before it runs and quotes it again: its requester while draft or submitted, staff until it starts. */
export function updateJob(store: Store, actor: Actor, input: UpdateInput): JobDetail {
  const row = visibleJobRow(store.db, actor, input.id);
  const staff = isStaff(actor);
  const editable = staff ? ['draft', 'submitted', 'approved', 'queued'] : ['draft', 'submitted'];
  if (row.requester_id !== actor.id && !staff)
    throw new DeskError('NOT_AUTHORIZED', 'Only its requester or staff change a job.');
  if (!editable.includes(row.status))
    throw new DeskError(
      'RULE_VIOLATION',
      `Job ${row.number} is ${label(row.status)}; it can no longer be changed${staff ? '' : ' (ask staff)'}.`,
    );
  const machine =
    input.machineId === undefined
      ? row.machine_id === null
        ? null
        : getMachine(store, row.machine_id)
      : input.machineId === null
        ? null
        : usableMachine(store, input.machineId);
  const kind = machine?.kind ?? input.machineKind ?? row.machine_kind;
  if (row.status === 'queued' && machine === null)
    throw new DeskError('INVALID_INPUT', 'A queued job stays on a machine; choose one.');
  const tierId =
    input.tierId === undefined
      ? row.tier_id
      : input.tierId === row.tier_id
        ? row.tier_id
        : checkTier(store.db, actor, input.tierId);
  if (input.dueOn !== undefined) checkDue(store, input.dueOn);
  const materialId =
    input.materialId === undefined ? row.material_id : (materialOf(store.db, input.materialId)?.id ?? null);
  const quantity = input.quantity ?? row.quantity;
  const summaries = summariesOf(store, { id: row.requester_id, roles: [] }, jobFileIds(store.db, row.id));
  checkPartFilesOn(summaries, kind);
  const quote = quoteOf(store, summaries, materialId, machine, kind, quantity);
  store.write({ actor: actor.id, reason: 'job changed' }, (tx) => {
    const before = jobRow(tx.db, row.id);
    let position = before.queue_position;
    const machineId = machine?.id ?? null;
    if (before.status === 'queued' && machineId !== before.machine_id && machineId !== null) {
      tx.db
        .prepare(
          `UPDATE jobs SET queue_position = queue_position - 1 WHERE machine_id = ? AND status = 'queued' AND queue_position > ?`,
        )
        .run(before.machine_id, before.queue_position);
      position = defaultPosition(tx.db, { ...before, tier_rank: getTier(tx.db, tierId).rank }, machineId);
      tx.db
        .prepare(
          `UPDATE jobs SET queue_position = queue_position + 1 WHERE machine_id = ? AND status = 'queued' AND queue_position >= ?`,
        )
        .run(machineId, position);
      position = Math.min(position, queuedOn(tx.db, machineId).length + 1);
    }
    tx.db
      .prepare(
        `UPDATE jobs SET title = ?, machine_id = ?, machine_kind = ?, material_id = ?, colour = ?, quantity = ?, tier_id = ?,
           due_on = ?, notes = ?, quote_json = ?, quote_total_cents = ?, queue_position = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        input.title ?? before.title,
        machineId,
        kind,
        materialId,
        input.colour === undefined ? before.colour : input.colour === '' ? null : input.colour,
        quantity,
        tierId,
        input.dueOn === undefined ? before.due_on : input.dueOn,
        input.notes ?? before.notes,
        JSON.stringify(quote),
        quote.totalCents,
        position,
        tx.at,
        row.id,
      );
    tx.audit('job', row.id, 'update', before, jobRow(tx.db, row.id));
  });
  return jobDetail(store.db, row.id);
}

export interface TransitionInput {
  id: number;
  to: 'submitted' | 'approved' | 'declined' | 'cancelled' | 'queued' | 'picked_up';
  reason?: string | undefined;
  machineId?: number | undefined;
}

/** The plain edges: submit, approve, decline, cancel, queue (or retry after a failure), pickup. */
export function transitionJob(store: Store, actor: Actor, input: TransitionInput): JobDetail {
  const row: JobRow = visibleJobRow(store.db, actor, input.id);
  const own = row.requester_id === actor.id;
  const reason = input.reason === undefined || input.reason === '' ? null : input.reason;
  switch (input.to) {
    case 'submitted':
    case 'cancelled':
      if (!own && !isStaff(actor))
        throw new DeskError('NOT_AUTHORIZED', 'Only its requester or staff can do that.');
      break;
    case 'approved':
      assertStaff(actor, 'approve a job');
      break;
    case 'declined':
      assertStaff(actor, 'decline a job');
      break;
    case 'queued':
      assertStaff(actor, 'put a job in a queue');
      break;
    case 'picked_up':
      assertStaff(actor, 'hand a job over');
      break;
  }
  if (row.status === 'running')
    throw new DeskError(
      'RULE_VIOLATION',
      `Job ${row.number} is running; it leaves running only when its copy ends (finish it, or stop the machine).`,
    );
  if ((input.to === 'declined' || input.to === 'cancelled') && reason === null)
    throw new DeskError('INVALID_INPUT', `Say why the job is ${input.to}: the requester will read it.`, {
      field: 'reason',
    });
  let machineId: number | undefined;
  if (input.to === 'queued') {
    const machine = usableMachine(store, input.machineId ?? row.machine_id ?? notChosen());
    if (machine.kind !== row.machine_kind)
      throw new DeskError(
        'INVALID_INPUT',
        `${machine.name} is not a ${row.machine_kind}; this job needs one.`,
      );
    machineId = machine.id;
  }
  if (input.machineId !== undefined && input.to !== 'queued')
    throw new DeskError('INVALID_INPUT', 'A machine is chosen only when queueing.');
  store.write({ actor: actor.id, reason: reason ?? `job ${input.to}` }, (tx) => {
    changeStatus(tx, row.id, input.to, reason, { machineId });
  });
  return jobDetail(store.db, row.id);
}

function notChosen(): never {
  throw new DeskError('INVALID_INPUT', 'Choose the machine whose queue it joins.', { field: 'machineId' });
}
