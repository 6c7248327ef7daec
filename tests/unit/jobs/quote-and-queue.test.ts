import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateCopy, quoteFor, toMilligrams } from '../../../main/jobs/quote.js';
import { roundDiv } from '../../../main/kernel/cents.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, jobsLab, snapshot, type JobsLab } from './helpers.js';

describe('quotes in integer cents', () => {
  it('round half-up to the cent, with BigInt, never floats', () => {
    expect(roundDiv(5n, 10n)).toBe(1); // 0.5 ¢ → 1 ¢
    expect(roundDiv(4n, 10n)).toBe(0);
    expect(roundDiv(15n, 10n)).toBe(2);
    expect(roundDiv(0n, 7n)).toBe(0);
    expect(() => roundDiv(-1n, 2n)).toThrow();
    expect(toMilligrams(12.5)).toBe(12500);
    expect(toMilligrams(0.0005)).toBe(1);
    // 12.5 g at $18.80/kg is 23.5 ¢ → 24 ¢; 90 s at $18.20/h is 45.5 ¢ → 46 ¢.
    const one = quoteFor({ grams: 12.5, seconds: 90, notes: [] }, 1, { centsPerKg: 1880, hourlyCents: 1820 });
    expect(one).toMatchObject({
      grams: 12.5,
      seconds: 90,
      materialCents: 24,
      machineCents: 46,
      totalCents: 70,
    });
    // Three copies: 37.5 g → 70.5 ¢ → 71 ¢, 270 s → 136.5 ¢ → 137 ¢ (rounded once over the whole quantity).
    const three = quoteFor({ grams: 12.5, seconds: 90, notes: [] }, 3, {
      centsPerKg: 1880,
      hourlyCents: 1820,
    });
    expect(three).toMatchObject({
      grams: 37.5,
      seconds: 270,
      materialCents: 71,
      machineCents: 137,
      totalCents: 208,
    });
    const noMaterial = quoteFor({ grams: 10, seconds: null, notes: [] }, 1, {
      centsPerKg: null,
      hourlyCents: 200,
    });
    expect(noMaterial).toMatchObject({ materialCents: 0, machineCents: 0, totalCents: 0 });
    expect(noMaterial.notes).toContain('No material chosen: the material part is not counted.');
  });

  it('a model is weighed by volume and density, and says it has no machine time until sliced', () => {
    const copy = estimateCopy(
      [
        {
          format: 'stl',
          detail: '',
          triangles: 12,
          bounds: null,
          volumeMm3: 8000,
          watertight: true,
          warnings: [],
        },
      ],
      1240,
    );
    expect(copy.grams).toBeCloseTo(9.92, 10);
    expect(copy.seconds).toBeNull();
    expect(copy.notes).toContain('A model has no machine time until it is sliced.');
  });
});

describe('requests, quotes and the queue', () => {
  let t: TestHost;
  let lab: JobsLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('a request is quoted from the file’s estimate, the material’s price and the machine’s rate', async () => {
    const material = await lab.staff.ok('jobs.materials.save', {
      code: 'test-pla',
      name: 'Test PLA',
      centsPerKg: 1880,
    });
    await lab.staff.ok('jobs.rates.set', { machineId: lab.printer, hourlyCents: 1820 });
    const job = await lab.trainee.ok('jobs.request', {
      title: 'Cubes',
      fileIds: [lab.fileId],
      machineId: lab.printer,
      materialId: material.id,
      colour: 'red',
      quantity: 3,
    });
    expect(job).toMatchObject({
      status: 'submitted',
      number: 1,
      machineKind: 'fff-printer',
      tierName: 'Community',
    });
    expect(job.quote).toMatchObject({
      grams: 37.5,
      seconds: 270,
      materialCents: 71,
      machineCents: 137,
      totalCents: 208,
    });
    // Staff change the material: the job is quoted again.
    const pla = (await lab.staff.ok('jobs.catalog', {})).materials.find((m) => m.code === 'pla')!;
    const changed = await lab.staff.ok('jobs.update', { id: job.id, materialId: pla.id });
    expect(changed.quote.materialCents).toBe(94); // 37.5 g × $25/kg = 93.75 ¢ → 94 ¢
  });

  it('joins its machine’s queue by tier, then due date, then request time; staff moves are recorded', async () => {
    const { staff, trainee, novice } = lab;
    const tiers = (await staff.ok('jobs.catalog', {})).tiers;
    const tier = (code: string) => tiers.find((x) => x.code === code)!.id;
    const community = await lab.queued(trainee, lab.laser, { title: 'community, no date' });
    const soon = await lab.queued(novice, lab.laser, { title: 'community, due soon', dueOn: '2026-11-30' });
    const member = await lab.request(trainee, { machineId: lab.laser, title: 'member' });
    await staff.ok('jobs.update', { id: member, tierId: tier('members') });
    await staff.ok('jobs.transition', { id: member, to: 'approved' });
    await staff.ok('jobs.transition', { id: member, to: 'queued' });
    const titles = async () =>
      (await staff.ok('jobs.queue', { machineId: lab.laser }))[0]!.queued.map((j) => j.title);
    expect(await titles()).toEqual(['member', 'community, due soon', 'community, no date']);
    // A trainee cannot reorder (the contract refuses before the handler runs).
    expect(await trainee.call('jobs.reorder', { id: community, toPosition: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    await staff.ok('jobs.reorder', { id: community, toPosition: 1, reason: 'Material already on the bed' });
    expect(await titles()).toEqual(['community, no date', 'member', 'community, due soon']);
    const move = t.host.store.db.prepare('SELECT * FROM job_queue_moves').get() as Record<string, unknown>;
    expect(move).toMatchObject({
      job_id: community,
      from_position: 3,
      to_position: 1,
      actor_id: staff.personId,
      reason: 'Material already on the bed',
    });
    // A later job still joins by the default order among them, and the manual move stays where it was put.
    const staffJob = await lab.request(staff, {
      machineId: lab.laser,
      title: 'core staff',
      tierId: tier('core-staff'),
    });
    await staff.ok('jobs.transition', { id: staffJob, to: 'approved' });
    await staff.ok('jobs.transition', { id: staffJob, to: 'queued' });
    expect(await titles()).toEqual(['core staff', 'community, no date', 'member', 'community, due soon']);
    // Leaving the queue closes the gap.
    await staff.ok('jobs.transition', { id: soon, to: 'cancelled', reason: 'not needed' });
    const lane = (await staff.ok('jobs.queue', { machineId: lab.laser }))[0]!;
    expect(lane.queued.map((j) => j.queuePosition)).toEqual([1, 2, 3]);
    expect(lane.machine).toMatchObject({ needsBedClear: true, streams: false, down: false, busy: false });
    // The novice's board shows only their own jobs.
    expect((await novice.ok('jobs.queue', { machineId: lab.laser }))[0]!.queued).toEqual([]);
  });

  it('bad input gets a clear message and writes nothing', async () => {
    const { trainee, staff } = lab;
    const tiers = (await staff.ok('jobs.catalog', {})).tiers;
    const before = snapshot(t);
    const cases: [unknown, string, string][] = [
      [
        { title: 'x', fileIds: [], machineId: lab.printer, quantity: 1 },
        'INVALID_INPUT',
        'pick at least one file from the library',
      ],
      [
        { title: 'x', fileIds: [lab.fileId], quantity: 1 },
        'INVALID_INPUT',
        'Choose a machine or a kind of machine.',
      ],
      [
        { title: 'x', fileIds: [lab.fileId], machineId: lab.printer, quantity: 0 },
        'INVALID_INPUT',
        'at least 1',
      ],
      [
        { title: '  ', fileIds: [lab.fileId], machineId: lab.printer, quantity: 1 },
        'INVALID_INPUT',
        'must not be empty',
      ],
      [
        { title: 'x', fileIds: [lab.fileId, lab.fileId], machineId: lab.printer, quantity: 1 },
        'INVALID_INPUT',
        'The same file is listed twice.',
      ],
      [
        { title: 'x', fileIds: [lab.fileId], machineId: 999, quantity: 1 },
        'NOT_FOUND',
        'Machine 999 does not exist.',
      ],
      [{ title: 'x', fileIds: [9999], machineId: lab.printer, quantity: 1 }, 'NOT_FOUND', '9999'],
      [
        { title: 'x', fileIds: [lab.fileId], machineId: lab.printer, quantity: 1, dueOn: '2026-11-01' },
        'INVALID_INPUT',
        'already past',
      ],
      [
        { title: 'x', fileIds: [lab.fileId], machineId: lab.printer, quantity: 1, dueOn: '2026-02-30' },
        'INVALID_INPUT',
        'dueOn',
      ],
      [
        { title: 'x', fileIds: [lab.fileId], machineId: lab.printer, quantity: 1, tierId: tiers[0]!.id },
        'NOT_AUTHORIZED',
        'Only staff set a job’s priority tier.',
      ],
      [
        { title: 'x', fileIds: [lab.fileId], machineId: lab.printer, machineKind: 'laser', quantity: 1 },
        'INVALID_INPUT',
        'Sim printer is not a laser.',
      ],
      [
        { title: 'x', fileIds: [lab.fileId], machineId: lab.printer, quantity: 1, price: 5 },
        'INVALID_INPUT',
        'price',
      ],
    ];
    for (const [input, code, message] of cases) {
      const result = await trainee.raw('jobs.request', input);
      expect(result, JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code, message: containing(message) },
      });
    }
    expect(await staff.call('jobs.transition', { id: 999, to: 'approved' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Job 999 does not exist.' },
    });
    expect(
      await staff.call('jobs.tiers.save', { tiers: [{ code: 'A', name: 'a', nameEs: 'a' }] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: containing('lower-case') },
    });
    expect(await staff.call('jobs.rates.set', { machineId: lab.printer, hourlyCents: -5 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'hourlyCents: must not be negative' },
    });
    expect(snapshot(t)).toEqual(before);
  });

  it('tiers are configurable in order; a tier left out is kept but inactive', async () => {
    const { staff } = lab;
    const tiers = (await staff.ok('jobs.catalog', {})).tiers;
    const saved = await staff.ok('jobs.tiers.save', {
      tiers: [
        ...tiers.slice(0, 2).map((x) => ({ id: x.id, code: x.code, name: x.name, nameEs: x.nameEs })),
        { code: 'schools', name: 'Schools', nameEs: 'Escuelas' },
        ...tiers.slice(2).map((x) => ({ id: x.id, code: x.code, name: x.name, nameEs: x.nameEs })),
      ],
    });
    expect(saved.map((x) => [x.code, x.rank])).toEqual([
      ['core-staff', 1],
      ['members', 2],
      ['schools', 3],
      ['medical', 4],
      ['community', 5],
    ]);
    const fewer = await staff.ok('jobs.tiers.save', {
      tiers: saved
        .filter((x) => x.code !== 'schools')
        .map((x) => ({ id: x.id, code: x.code, name: x.name, nameEs: x.nameEs })),
    });
    expect(fewer.find((x) => x.code === 'schools')).toMatchObject({ active: false, rank: 5 });
  });
});
