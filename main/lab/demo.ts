import type { DemoSeeder } from '../kernel/context.js';
import { insertMachine } from '../machines/registry.js';
import { createDefinition, grantRight } from '../training/definitions-service.js';
import type { Actor } from '../training/access.js';
import { signOff } from '../training/grants-service.js';
import { labMidnight } from '../training/policy.js';
import { hourCounterOf } from '../jobs/maintenance.js';
import { labWall } from './bookings.js';
import { saveLabMaterial, moveStock, savePreset } from './materials.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * (Their names sort after the two practice machines, which stay first on the boards a newcomer opens.)
 * The whole lab for a newcomer: the laser on its print driver, two sewing machines, the ShopBot router run by its
 * own control software, the electronics bench; materials with stock and tested presets; a week of sessions behind
 * (with the material they drew) and a week of bookings ahead; someone at a sewing machine right now.
 */
export const seedLabDemo: DemoSeeder = (ctx, people) => {
  const { store } = ctx;
  const id = (username: string) => people.get(username) ?? null;
  const admin = id('admin');
  const staff = id('staff');
  const instructor = id('instructor');
  const keisha = id('trainee');
  const luis = id('trainee2');
  const tomas = id('trainee3');
  if (
    admin === null ||
    staff === null ||
    instructor === null ||
    keisha === null ||
    luis === null ||
    tomas === null
  )
    return;
  const now = ctx.clock.now().getTime();

  const machines = store.write({ actor: admin, reason: 'demo data: the lab' }, (tx) => ({
    laser: insertMachine(tx, {
      name: 'Shop laser (Epilog Zing 24)',
      kind: 'laser',
      firmware: 'none',
      connection: { type: 'device-file', path: '/dev/usb/lp0' },
      workArea: { x: 610, y: 305, z: 178 },
      kindFields: { bedWidthMm: 610, bedDepthMm: 305, tubeWatts: 40, airAssist: true },
      notes: 'Printed to from CorelDRAW or Inkscape on the laser PC; the Desk records its sessions.',
    }),
    singer: insertMachine(tx, {
      name: 'Sewing machine: Singer 4423',
      kind: 'sewing-machine',
      firmware: 'none',
      connection: { type: 'manual' },
      workArea: null,
      kindFields: { sewingType: 'domestic' },
      notes: 'The mask drive ran on this one.',
    }),
    juki: insertMachine(tx, {
      name: 'Sewing machine: Juki overlock',
      kind: 'sewing-machine',
      firmware: 'none',
      connection: { type: 'manual' },
      workArea: null,
      kindFields: { sewingType: 'overlock' },
    }),
    shopbot: insertMachine(tx, {
      name: 'ShopBot PRSalpha 96×48',
      kind: 'cnc-router',
      firmware: 'none',
      connection: { type: 'manual' },
      workArea: { x: 2440, y: 1220, z: 203 },
      kindFields: { spindle: 'air-cooled', spindleMaxRpm: 18000, spindleWatts: 2200 },
      notes: 'Run from the ShopBot control software; furniture and housing parts.',
    }),
    bench: insertMachine(tx, {
      name: 'Soldering and electronics bench',
      kind: 'electronics-bench',
      firmware: 'none',
      connection: { type: 'manual' },
      workArea: null,
      kindFields: { stations: 2, fumeExtraction: true },
    }),
  }));

  // Sewing and the bench have their own trainings (the laser and router ones come with the training demo).
  const adminActor: Actor = { id: admin, roles: ['admin'] };
  const trainer: Actor = { id: instructor, roles: ['instructor', 'staff'] };
  const base = {
    tier: 'competency' as const,
    validity: { kind: 'never' as const },
    renewOnUse: false,
    lapseUnusedDays: null,
    needsPractical: true,
    needsWaiver: false,
    machineIds: [],
    prerequisites: [],
  };
  const sewing = createDefinition(store, adminActor, {
    ...base,
    code: 'SEW-1',
    name: 'Sewing machines',
    description: 'Threading, needles, the foot pedal and the overlock knife.',
    machineKinds: ['sewing-machine'],
  });
  const bench = createDefinition(store, adminActor, {
    ...base,
    code: 'ELEC-1',
    name: 'Soldering and electronics bench',
    description: 'Soldering, fume extraction, the bench supply.',
    machineKinds: ['electronics-bench'],
  });
  grantRight(store, adminActor, instructor, sewing.id);
  grantRight(store, adminActor, instructor, bench.id);
  for (const [person, def] of [
    [keisha, sewing.id],
    [luis, sewing.id],
    [tomas, sewing.id],
    [keisha, bench.id],
  ] as const) {
    signOff(store, trainer, { personId: person, definitionId: def, evidence: [] });
  }

  const material = (
    code: string,
    name: string,
    unit: 'sheet' | 'm' | 'piece',
    unitCents: number,
    stock: number,
  ): number => {
    const m = saveLabMaterial(store, staff, {
      code,
      name,
      unit,
      unitCents,
      tracksStock: true,
      forbidden: [],
      active: true,
    });
    moveStock(store, staff, {
      materialId: m.id,
      kind: 'received',
      quantity: stock,
      costCents: stock * unitCents,
      reason: 'Opening stock (demo)',
    });
    return m.id;
  };
  const plywood = material('plywood-3mm', 'Plywood 3 mm', 'sheet', 450, 40);
  const acrylic = material('acrylic-3mm', 'Acrylic 3 mm (cast)', 'sheet', 1200, 12);
  const plywood18 = material('plywood-18mm', 'Plywood 18 mm', 'sheet', 5200, 8);
  const cotton = material('cotton', 'Cotton, quilting weight', 'm', 600, 60);
  const fr1 = material('fr1', 'FR-1 copper board 76×51 mm', 'piece', 150, 50);
  material('vinyl', 'Adhesive vinyl, 30 cm roll', 'm', 300, 25);
  material('copper-foil', 'Copper foil tape', 'm', 80, 30);

  const today = new Date(now).toISOString().slice(0, 10);
  const preset = (
    machineId: number,
    materialId: number,
    operation: 'cut' | 'engrave' | 'score' | 'profile' | 'sew' | 'other',
    settings: Record<string, number | string>,
    testNote: string,
  ) =>
    savePreset(store, staff, {
      machineId,
      materialId,
      operation,
      settings,
      testedById: instructor,
      testedOn: today,
      testNote,
    });
  preset(
    machines.laser.id,
    plywood,
    'cut',
    { powerPct: 100, speedMmS: 10, frequencyHz: 5000, passes: 1 },
    'Through on the first pass; slight char on the back.',
  );
  preset(
    machines.laser.id,
    plywood,
    'engrave',
    { powerPct: 35, speedMmS: 300, passes: 1 },
    'Even mid-brown raster at 300 dpi.',
  );
  preset(
    machines.laser.id,
    plywood,
    'score',
    { powerPct: 15, speedMmS: 80, passes: 1 },
    'A fine line that does not cut the top veneer.',
  );
  preset(
    machines.laser.id,
    acrylic,
    'cut',
    { powerPct: 100, speedMmS: 6, frequencyHz: 20000, passes: 1 },
    'Flame-polished edge; air assist on.',
  );
  preset(
    machines.shopbot.id,
    plywood18,
    'profile',
    {
      bit: '1/4 in two-flute upcut',
      feedMmMin: 3000,
      plungeMmMin: 900,
      spindleRpm: 18000,
      stepdownMm: 6,
    },
    'Clean profile in three passes; tabs held.',
  );
  preset(
    machines.singer.id,
    cotton,
    'sew',
    { stitchLengthMm: 2.5, needle: '90/14 universal' },
    'Three layers for the masks without skipped stitches.',
  );
  preset(
    machines.bench.id,
    fr1,
    'other',
    { ironTipC: 330, solder: 'SAC305 0.5 mm' },
    'Good fillets on 1206 parts.',
  );

  // A week of sessions behind us, written as they happened (time, material drawn, counters fed).
  const sessions: {
    machine: { id: number; kind: string };
    person: number;
    daysAgo: number;
    hour: number;
    minutes: number;
    materialId: number | null;
    usedMilli: number;
    unitCents: number;
    note: string;
  }[] = [
    {
      machine: machines.singer,
      person: luis,
      daysAgo: 6,
      hour: 16,
      minutes: 150,
      materialId: cotton,
      usedMilli: 4000,
      unitCents: 600,
      note: '60 mask covers for the clinic',
    },
    {
      machine: machines.juki,
      person: tomas,
      daysAgo: 6,
      hour: 17,
      minutes: 90,
      materialId: cotton,
      usedMilli: 0,
      unitCents: 600,
      note: 'Overlocked the mask covers',
    },
    {
      machine: machines.laser,
      person: keisha,
      daysAgo: 5,
      hour: 18,
      minutes: 45,
      materialId: plywood,
      usedMilli: 2000,
      unitCents: 450,
      note: 'Press-fit kit, second version',
    },
    {
      machine: machines.bench,
      person: keisha,
      daysAgo: 4,
      hour: 19,
      minutes: 120,
      materialId: fr1,
      usedMilli: 2000,
      unitCents: 150,
      note: 'Soldered two hello-world boards',
    },
    {
      machine: machines.shopbot,
      person: luis,
      daysAgo: 3,
      hour: 16,
      minutes: 180,
      materialId: plywood18,
      usedMilli: 1500,
      unitCents: 5200,
      note: 'Two stools for the community kitchen',
    },
    {
      machine: machines.singer,
      person: keisha,
      daysAgo: 2,
      hour: 20,
      minutes: 60,
      materialId: cotton,
      usedMilli: 1500,
      unitCents: 600,
      note: 'Tote bags',
    },
    {
      machine: machines.laser,
      person: tomas,
      daysAgo: 1,
      hour: 17,
      minutes: 30,
      materialId: acrylic,
      usedMilli: 500,
      unitCents: 1200,
      note: 'Signs for the garden beds',
    },
  ];
  store.write({ actor: staff, reason: 'demo data: a week of sessions' }, (tx) => {
    for (const s of sessions) {
      const start = new Date(now - s.daysAgo * DAY_MS);
      start.setUTCHours(s.hour, 0, 0, 0);
      const end = new Date(start.getTime() + s.minutes * 60_000);
      const cost = Math.round((s.usedMilli * s.unitCents) / 1000);
      const sessionId = Number(
        tx.db
          .prepare(
            `INSERT INTO lab_sessions (machine_id, person_id, started_by, started_at, authorized, material_id,
               ended_at, ended_by, end_kind, duration_s, note, used_milli, cost_cents)
             VALUES (?, ?, ?, ?, 1, ?, ?, ?, 'stopped', ?, ?, ?, ?)`,
          )
          .run(
            s.machine.id,
            s.person,
            s.person,
            start.toISOString(),
            s.materialId,
            end.toISOString(),
            s.person,
            s.minutes * 60,
            s.note,
            s.usedMilli > 0 ? s.usedMilli : null,
            s.usedMilli > 0 ? cost : null,
          ).lastInsertRowid,
      );
      const counter = hourCounterOf(s.machine.kind as Parameters<typeof hourCounterOf>[0]);
      if (counter !== null)
        tx.db
          .prepare(
            'INSERT INTO machine_usage (machine_id, session_id, counter, amount, at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(s.machine.id, sessionId, counter, s.minutes * 60, end.toISOString());
      if (s.usedMilli > 0 && s.materialId !== null)
        tx.db
          .prepare(
            `INSERT INTO lab_stock_moves (material_id, kind, quantity_milli, cost_cents, session_id, by_id, at)
             VALUES (?, 'used', ?, ?, ?, ?, ?)`,
          )
          .run(s.materialId, -s.usedMilli, cost, sessionId, s.person, end.toISOString());
    }
    // Luis is at the Singer now: the Machines board shows him there with the time running.
    tx.db
      .prepare(
        `INSERT INTO lab_sessions (machine_id, person_id, started_by, started_at, authorized, material_id)
         VALUES (?, ?, ?, ?, 1, ?)`,
      )
      .run(machines.singer.id, luis, luis, new Date(now - 40 * 60_000).toISOString(), cotton);
    tx.audit('lab_session', 'demo', 'seed', null, { sessions: sessions.length + 1 });
  });

  // A week of bookings ahead, on open days (Tuesday to Saturday, 10:00–18:00 in the lab).
  const plan: { machineId: number; person: number; hour: number; hours: number; purpose: string }[] = [
    { machineId: machines.laser.id, person: keisha, hour: 11, hours: 2, purpose: 'Laser: press-fit kit v3' },
    { machineId: machines.singer.id, person: luis, hour: 10, hours: 3, purpose: 'Masks for the clinic' },
    { machineId: machines.shopbot.id, person: luis, hour: 13, hours: 3, purpose: 'Bench seats' },
    { machineId: machines.bench.id, person: keisha, hour: 15, hours: 2, purpose: 'Sensor board' },
    { machineId: machines.juki.id, person: tomas, hour: 14, hours: 2, purpose: 'Overlock tote bags' },
  ];
  store.write({ actor: staff, reason: 'demo data: a week of bookings' }, (tx) => {
    let n = 0;
    for (let d = 1; d <= 7; d++) {
      const date = labWall(new Date(now + d * DAY_MS)).date;
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 1) continue;
      const p = plan[n % plan.length]!;
      n += 1;
      const start = new Date(labMidnight(date).getTime() + p.hour * HOUR_MS);
      tx.db
        .prepare(
          `INSERT INTO lab_bookings (machine_id, person_id, starts_at, ends_at, purpose, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          p.machineId,
          p.person,
          start.toISOString(),
          new Date(start.getTime() + p.hours * HOUR_MS).toISOString(),
          p.purpose,
          p.person,
          tx.at,
        );
    }
    tx.audit('booking', 'demo', 'seed', null, { bookings: n });
  });
};
