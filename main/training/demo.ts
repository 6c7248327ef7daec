import type { DemoSeeder } from '../kernel/context.js';
import type { Actor } from './access.js';
import { addModule, createCourse, enroll, review, submit } from './course-service.js';
import { createDefinition, grantRight } from './definitions-service.js';
import { changeStatus, grant, signOff } from './grants-service.js';
import { createSession, recordAttendance, recordWaiver, register } from './sessions-service.js';

const DAY_MS = 86_400_000;

/** Fab Academy weeks (the first eight of the handbook), three of which lead to a machine authorization. */
const WEEKS: readonly { title: string; outcome: string; assignment: string; proposes?: string }[] = [
  {
    title: 'Principles and practices',
    outcome: 'Plan and sketch a final project',
    assignment: 'Sketch your final project idea',
  },
  {
    title: 'Project management',
    outcome: 'Document work with version control',
    assignment: 'Build your documentation site',
  },
  {
    title: 'Computer-aided design',
    outcome: 'Model in 2D and 3D',
    assignment: 'Model a possible final project',
  },
  {
    title: 'Computer-controlled cutting',
    outcome: 'Cut a press-fit kit on the laser',
    assignment: 'Design and cut a parametric press-fit kit',
    proposes: 'LASER-1',
  },
  {
    title: 'Electronics production',
    outcome: 'Mill and stuff a circuit board',
    assignment: 'Make an in-circuit programmer',
  },
  {
    title: '3D scanning and printing',
    outcome: 'Print what cannot be made subtractively',
    assignment: 'Design and print a small object',
    proposes: 'FFF-1',
  },
  {
    title: 'Computer-controlled machining',
    outcome: 'Make something big on the router',
    assignment: 'Make something big',
    proposes: 'CNC-1',
  },
  {
    title: 'Embedded programming',
    outcome: 'Program a microcontroller',
    assignment: 'Program your board to do something',
  },
];

/** A Fab Academy cycle with trainees at different stages, sessions, sign-offs, one expiring and one revoked record. */
export const seedTrainingDemo: DemoSeeder = (ctx, people) => {
  const { store } = ctx;
  const id = (username: string) => people.get(username)!;
  const admin: Actor = { id: id('admin'), roles: ['admin'] };
  const instructor: Actor = { id: id('instructor'), roles: ['instructor', 'staff'] };
  const now = ctx.clock.now().getTime();
  const at = (days: number, hour = 15) => {
    const d = new Date(now + days * DAY_MS);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };

  const safety = createDefinition(store, admin, {
    code: 'SAFETY-101',
    name: 'Shop safety',
    description: 'Fire, dust, eye and hearing protection; emergency stops; first aid.',
    tier: 'safety',
    validity: { kind: 'yearly', monthDay: '09-01' },
    renewOnUse: false,
    lapseUnusedDays: null,
    needsPractical: false,
    needsWaiver: true,
    machineIds: [],
    machineKinds: [],
    prerequisites: [],
  });
  const base = {
    renewOnUse: false,
    lapseUnusedDays: null,
    needsPractical: true,
    needsWaiver: false,
    machineIds: [],
    prerequisites: [safety.id],
  };
  const defs = {
    'LASER-1': createDefinition(store, admin, {
      ...base,
      code: 'LASER-1',
      name: 'Laser cutter',
      tier: 'competency',
      description: 'Materials allowed, focus, air assist, fire watch.',
      validity: { kind: 'days', days: 365 },
      renewOnUse: true,
      lapseUnusedDays: 180,
      machineKinds: ['laser'],
    }),
    'FFF-1': createDefinition(store, admin, {
      ...base,
      code: 'FFF-1',
      name: '3D printing (FFF)',
      tier: 'competency',
      description: 'Slicing, bed levelling, filament changes, never unattended.',
      validity: { kind: 'days', days: 730 },
      machineKinds: ['fff-printer'],
    }),
    'CNC-1': createDefinition(store, admin, {
      ...base,
      code: 'CNC-1',
      name: 'CNC router',
      tier: 'competency',
      description: 'Workholding, feeds and speeds, dust collection.',
      validity: { kind: 'days', days: 365 },
      lapseUnusedDays: 30,
      machineKinds: ['cnc-router'],
    }),
    'MILL-1': createDefinition(store, admin, {
      ...base,
      code: 'MILL-1',
      name: 'PCB milling',
      tier: 'optional',
      description: 'Fixturing a board, 1/64" end mills, changing tools without breaking them.',
      validity: { kind: 'never' },
      machineKinds: ['cnc-mill'],
    }),
  };
  for (const d of [safety, ...Object.values(defs)]) grantRight(store, admin, instructor.id, d.id);

  const course = createCourse(store, admin, {
    code: 'FA2026',
    title: 'Fab Academy 2026',
    cycleYear: 2026,
    instructorIds: [instructor.id],
  });
  WEEKS.forEach((w, i) => {
    addModule(store, admin, {
      courseId: course.id,
      title: w.title,
      weekOf: at((i - 10) * 7).slice(0, 10),
      outcomes: [w.outcome],
      assignments: [{ kind: 'individual', text: w.assignment }],
      ...(w.proposes === undefined ? {} : { proposesDefinitionId: defs[w.proposes as keyof typeof defs].id }),
    });
  });
  const modules = (
    store.db
      .prepare('SELECT id FROM training_modules WHERE course_id = ? ORDER BY position')
      .all(course.id) as { id: number }[]
  ).map((m) => m.id);

  // Keisha: five modules accepted, the sixth waiting for the global evaluator; Luis: four accepted (one proposes the
  // laser, so his sign-off is pending); Tomás: just started.
  const stages: [string, number, 'local' | 'submitted' | null][] = [
    ['trainee', 5, 'local'],
    ['trainee2', 4, 'submitted'],
    ['trainee3', 0, 'submitted'],
  ];
  for (const [username, acceptedCount, next] of stages) {
    const trainee: Actor = { id: id(username), roles: ['trainee'] };
    enroll(store, instructor, course.id, trainee.id);
    const last = next === null ? acceptedCount : acceptedCount + 1;
    for (const [i, moduleId] of modules.slice(0, last).entries()) {
      const s = submit(store, trainee, {
        courseId: course.id,
        moduleId,
        url: `https://fabacademy.org/2026/labs/jackson/students/${username}/week${i + 1}.html`,
      });
      if (i < acceptedCount || next === 'local')
        review(store, instructor, { submissionId: s.id, stage: 'local', decision: 'accept' });
      if (i < acceptedCount)
        review(store, instructor, {
          submissionId: s.id,
          stage: 'global',
          decision: 'accept',
          evaluatorName: 'Global evaluator (demo)',
        });
    }
    recordWaiver(store, instructor, {
      personId: trainee.id,
      signedOn: at(-60).slice(0, 10),
      note: 'Paper waiver in the binder',
    });
  }

  // Shop safety was held yesterday; Keisha and Luis attended and were granted it.
  const held = createSession(store, instructor, {
    definitionId: safety.id,
    startsAt: at(-1, 14),
    endsAt: at(-1, 16),
    location: 'Shop floor',
    capacity: 8,
    minAttendees: 2,
  });
  recordAttendance(store, instructor, held.id, [
    { personId: id('trainee'), status: 'attended' },
    { personId: id('trainee2'), status: 'attended' },
    { personId: id('trainee3'), status: 'attended' },
  ]);
  for (const u of ['trainee', 'trainee2', 'trainee3'])
    grant(store, instructor, { personId: id(u), definitionId: safety.id });

  signOff(store, instructor, {
    personId: id('trainee'),
    definitionId: defs['LASER-1'].id,
    notes: 'Cut her press-fit kit safely',
    evidence: [],
  });
  signOff(store, instructor, { personId: id('trainee'), definitionId: defs['FFF-1'].id, evidence: [] });
  // Luis's router authorization lapses after 30 days without use: it shows as expiring in the matrix.
  signOff(store, instructor, { personId: id('trainee2'), definitionId: defs['CNC-1'].id, evidence: [] });
  const printer = signOff(store, instructor, {
    personId: id('trainee3'),
    definitionId: defs['FFF-1'].id,
    evidence: [],
  });
  changeStatus(store, instructor, printer.id, 'revoke', 'Left a print running unattended after a warning');

  const upcoming = createSession(store, instructor, {
    definitionId: defs['LASER-1'].id,
    startsAt: at(7, 15),
    endsAt: at(7, 17),
    location: 'Laser room',
    capacity: 4,
    minAttendees: 2,
    notes: 'Bring your press-fit kit file',
  });
  for (const u of ['trainee2', 'trainee3'])
    register(store, { id: id(u), roles: ['trainee'] }, upcoming.id, undefined);
  createSession(store, instructor, {
    definitionId: defs['CNC-1'].id,
    startsAt: at(14, 15),
    endsAt: at(14, 18),
    location: 'Big shop',
    capacity: 3,
    minAttendees: 1,
  });
};
