import type { DemoSeeder } from '../kernel/context.js';
import type { HostContext } from '../kernel/context.js';
import { parseFile } from '../files/formats.js';
import { FileLibrary } from '../files/library.js';
import type { Role } from '../../preload/contract/roles.js';
import type { WriteTx } from '../store/store.js';
import { closeRun } from './run-end.js';
import { reportProblem, saveReminder } from './maintenance.js';
import { changeStatus } from './queue.js';
import { requestJob, transitionJob, updateJob } from './requests.js';
import type { Actor } from './rows.js';

const DAY_MS = 86_400_000;
const PLATES = 25;

/** A write seen at another instant: demo history happened weeks ago (the audit rows still say when they were written). */
const atInstant = (tx: WriteTx, at: string): WriteTx => ({ ...tx, at });

/**
 * The demo lab's jobs: a queue across the two simulated machines, a request waiting for approval, the mask drive's
 * printed frames run weeks ago (six copies, in the history and the printer's counters), reminders and a ticket.
 * The production seeder links the mask-frame job to its run.
 */
export const seedJobsDemo: DemoSeeder = (ctx, people) => {
  const { store } = ctx;
  const person = (username: string, roles: Role[]): Actor => ({ id: people.get(username)!, roles });
  const admin = person('admin', ['admin']);
  const staff = person('staff', ['staff']);
  const instructor = person('instructor', ['instructor', 'staff']);
  const keisha = person('trainee', ['trainee']);
  const tomas = person('trainee3', ['trainee']);
  const machines = store.db.prepare('SELECT id, kind FROM machines ORDER BY id').all() as {
    id: number;
    kind: string;
  }[];
  const printer = machines.find((m) => m.kind === 'fff-printer')?.id;
  const router = machines.find((m) => m.kind === 'cnc-router')?.id;
  if (printer === undefined || router === undefined) return;
  const fileId = (name: string) =>
    (store.db.prepare('SELECT id FROM files WHERE name = ?').get(name) as { id: number } | undefined)?.id;
  const cube = fileId('calibration-cube-20mm.gcode');
  const pocket = fileId('pocket-test.nc');
  const bracket = fileId('bracket.stl');
  const frames = addMaskFrames(ctx, staff.id);
  if (cube === undefined || pocket === undefined || bracket === undefined) return;
  const pla = (store.db.prepare(`SELECT id FROM job_materials WHERE code = 'pla'`).get() as { id: number })
    .id;
  const tier = (code: string) =>
    (store.db.prepare('SELECT id FROM priority_tiers WHERE code = ?').get(code) as { id: number }).id;
  const now = ctx.clock.now().getTime();
  const day = (days: number) => new Date(now + days * DAY_MS).toISOString().slice(0, 10);
  const queue = (id: number, machineId: number) => {
    transitionJob(store, staff, { id, to: 'approved' });
    transitionJob(store, staff, { id, to: 'queued', machineId });
  };

  // The mask drive, four weeks ago: 25 plates of eight frames, run by the instructor while the FFF-1 records were on paper.
  const masks = requestJob(store, staff, {
    title: 'Mask frames for the mask drive',
    fileIds: [frames.plate],
    machineId: printer,
    materialId: pla,
    colour: 'white',
    quantity: PLATES,
    tierId: tier('core-staff'),
    notes: 'Eight frames a plate; the sewing table adds the covers.',
    submit: true,
  });
  queue(masks.id, printer);
  const perCopy = masks.quote.seconds === null ? 1200 : masks.quote.seconds / PLATES;
  const mg = masks.quote.grams === null ? null : Math.round((masks.quote.grams * 1000) / PLATES);
  store.write({ actor: staff.id, reason: 'demo: mask drive history' }, (tx) => {
    for (let copy = 1; copy <= PLATES; copy++) {
      const start = new Date(now - 30 * DAY_MS + copy * 3600_000);
      const end = new Date(start.getTime() + perCopy * 1000);
      changeStatus(atInstant(tx, start.toISOString()), masks.id, 'running', `copy ${copy} of ${PLATES}`);
      const runId = Number(
        tx.db
          .prepare(
            `INSERT INTO job_runs (job_id, copy_no, machine_id, operator_id, started_by, started_at, authorized,
               override_reason, bed_clear) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0)`,
          )
          .run(
            masks.id,
            copy,
            printer,
            instructor.id,
            staff.id,
            start.toISOString(),
            'Mask drive: run by the FFF-1 instructor before the records were entered',
          ).lastInsertRowid,
      );
      closeRun(atInstant(tx, end.toISOString()), runId, 'normal', Math.round(perCopy), mg, null, null);
    }
    changeStatus(
      atInstant(tx, new Date(now - 27 * DAY_MS).toISOString()),
      masks.id,
      'picked_up',
      'to the sewing table',
    );
  });

  // Today's queue across the simulated machines.
  const keishaCube = requestJob(store, keisha, {
    title: 'Calibration cube',
    fileIds: [cube],
    machineId: printer,
    materialId: pla,
    colour: 'orange',
    quantity: 1,
    notes: 'My first print after the FFF-1 sign-off.',
    submit: true,
  });
  updateJob(store, staff, { id: keishaCube.id, tierId: tier('members') });
  queue(keishaCube.id, printer);
  const tomasCubes = requestJob(store, tomas, {
    title: 'Two cubes for the class table',
    fileIds: [cube],
    machineId: printer,
    materialId: pla,
    colour: 'blue',
    quantity: 2,
    dueOn: day(5),
    submit: true,
  });
  queue(tomasCubes.id, printer);
  const pocketTest = requestJob(store, staff, {
    title: 'Pocket test before the plywood order',
    fileIds: [pocket],
    machineId: router,
    quantity: 1,
    tierId: tier('core-staff'),
    dueOn: day(2),
    submit: true,
  });
  queue(pocketTest.id, router);
  requestJob(store, keisha, {
    title: 'Shelf bracket',
    fileIds: [bracket],
    machineKind: 'fff-printer',
    materialId: pla,
    colour: 'black',
    quantity: 4,
    notes: 'For the tool wall; I can slice it with staff.',
    submit: true,
  });

  // Maintenance: reminders on the counters the mask drive fed, and a ticket that does not stop the router.
  saveReminder(store, admin.id, {
    machineId: printer,
    counter: 'print_hours',
    title: 'Clean the nozzle and check the belts',
    every: 50,
    active: true,
  });
  saveReminder(store, admin.id, {
    machineId: printer,
    counter: 'filament_grams',
    title: 'Replace the PTFE tube',
    every: 5000,
    active: true,
  });
  saveReminder(store, admin.id, {
    machineId: router,
    counter: 'spindle_hours',
    title: 'Grease the lead screws',
    every: 20,
    active: true,
  });
  reportProblem(store, keisha.id, {
    machineId: router,
    kind: 'needs_check',
    title: 'Dust shoe brush is worn on one side',
    details: 'Chips escape towards the front during pocketing.',
    forcesShutdown: false,
  });
};

/**
 * Mask-frame programs (eight layers, two perimeters per frame), parsed here so their estimates come from the parser:
 * a single frame (short enough to watch on the simulated printer) and a plate of eight for the drive.
 */
function addMaskFrames(ctx: HostContext, owner: number): { single: number; plate: number } {
  const f = (v: number) => v.toFixed(2).replace(/\.?0+$/, '');
  const program = (origins: readonly [number, number][]) => {
    const lines = [
      '; mask frame (demo)',
      'G21',
      'G90',
      'M83',
      'M104 S205',
      'M140 S60',
      'G28',
      'G1 Z0.3 F3000',
    ];
    for (let layer = 0; layer < 8; layer++) {
      const z = 0.3 + layer * 0.25;
      lines.push(';LAYER_CHANGE', `;Z:${f(z)}`, `G1 Z${f(z)} F600`);
      for (const [ox, oy] of origins) {
        for (const inset of [0, 0.45]) {
          const [x0, y0, x1, y1] = [ox + inset, oy + inset, ox + 90 - inset, oy + 30 - inset];
          lines.push(
            `G0 X${f(x0)} Y${f(y0)} F6000`,
            `G1 X${f(x1)} E${f((x1 - x0) * 0.05)} F1800`,
            `G1 Y${f(y1)} E${f((y1 - y0) * 0.05)}`,
            `G1 X${f(x0)} E${f((x1 - x0) * 0.05)}`,
            `G1 Y${f(y0)} E${f((y1 - y0) * 0.05)}`,
          );
        }
      }
    }
    lines.push('G1 Z20 F600', 'M104 S0', 'M140 S0', 'M84');
    return new TextEncoder().encode(lines.join('\n') + '\n');
  };
  const library = new FileLibrary(ctx.store, null, false);
  const add = (name: string, bytes: Uint8Array, notes: string) =>
    library.addParsed(owner, name, bytes, parseFile('gcode', bytes, name), {
      tags: ['mask-drive', '3d-printer'],
      notes,
      sharedAll: true,
    });
  const plate: [number, number][] = [];
  for (const x of [10, 115]) for (const y of [10, 55, 100, 145]) plate.push([x, y]);
  return {
    single: add(
      'mask-frame.gcode',
      program([[65, 95]]),
      'One face-mask frame; the sewing table adds the cover.',
    ),
    plate: add('mask-frame-plate.gcode', program(plate), 'Eight frames per plate, for production runs.'),
  };
}
