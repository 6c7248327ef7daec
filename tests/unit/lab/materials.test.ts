import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, labFixture, labTables, pass, type Lab } from './helpers.js';

/** The materials and settings library (issue 16 item 3) over a real host and SQLite file. */
describe('materials, stock and presets', () => {
  let t: TestHost;
  let lab: Lab;
  let plywood: number;
  let pvc: number;
  beforeEach(async () => {
    t = await startTestHost({ start: '2026-12-08T16:00:00.000Z' });
    lab = await labFixture(t);
    plywood = (
      await lab.staff.ok('lab.materials.save', {
        code: 'plywood-3mm',
        name: 'Plywood 3 mm',
        unit: 'sheet',
        unitCents: 450,
      })
    ).id;
    pvc = (await lab.staff.ok('lab.materials.list', {})).find((m) => m.code === 'pvc')!.id;
  });
  afterEach(async () => {
    await t.close();
  });

  const preset = (over: Record<string, unknown> = {}) => ({
    machineId: lab.laser,
    materialId: plywood,
    operation: 'cut' as const,
    settings: { powerPct: 90, speedMmS: 12, frequencyHz: 5000, passes: 1 },
    testedById: lab.staff.personId,
    testedOn: '2026-12-07',
    testNote: 'Clean cut through, light charring on the back',
    ...over,
  });

  it('consumption draws stock down, costs the session in integer cents, and never takes stock below zero', async () => {
    await lab.staff.ok('lab.materials.stock', {
      materialId: plywood,
      kind: 'received',
      quantity: 10,
      costCents: 4500,
      reason: 'Bought 10 sheets',
    });
    const session = await lab.trained.ok('lab.sessions.start', { machineId: lab.laser, materialId: plywood });
    await pass(t, lab, { ms: 30 * 60_000 });
    // Eleven sheets from ten: refused in words, and nothing of the stop is written.
    const before = labTables(t);
    expect(await lab.trained.call('lab.sessions.stop', { id: session.id, used: 11 })).toMatchObject({
      ok: false,
      error: { message: containing('Only 10 sheet of Plywood 3 mm in stock'), details: { gate: 'stock' } },
    });
    expect(labTables(t)).toEqual(before);
    // Exactly the stock: allowed (the boundary's good side); a third of a sheet costs 150 cents.
    const ended = await lab.trained.ok('lab.sessions.stop', { id: session.id, used: 3.333 });
    expect(ended).toMatchObject({ usedMilli: 3333, costCents: 1500, materialName: 'Plywood 3 mm' });
    const [ply] = (await lab.staff.ok('lab.materials.list', {})).filter((m) => m.id === plywood);
    expect(ply).toMatchObject({ stockMilli: 6667, unitCents: 450, tracksStock: true });
    // A count that would go below zero is refused; one to exactly zero is taken.
    expect(
      await lab.staff.call('lab.materials.stock', {
        materialId: plywood,
        kind: 'adjusted',
        quantity: -6.668,
        reason: 'Counted',
      }),
    ).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    await lab.staff.ok('lab.materials.stock', {
      materialId: plywood,
      kind: 'adjusted',
      quantity: -6.667,
      reason: 'Counted',
    });
    // The store holds the rule too, whoever writes.
    expect(() =>
      t.host.store.db
        .prepare(
          `INSERT INTO lab_stock_moves (material_id, kind, quantity_milli, cost_cents, reason, at)
           VALUES (?, 'adjusted', -1, 0, 'x', 'x')`,
        )
        .run(plywood),
    ).toThrow(/below zero/);
    // Money stays integer cents: a fractional price is refused by the contract.
    expect(
      await lab.staff.call('lab.materials.save', {
        code: 'cotton',
        name: 'Cotton',
        unit: 'm',
        unitCents: 3.5,
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('PVC on the laser is refused with the reason — for a session and a preset (jobs: job-runs.test) — but not on the sewing machine', async () => {
    const before = labTables(t);
    const refusal = {
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: containing(
          'PVC (vinyl chloride) sheet or film is not allowed on Epilog Zing: PVC gives off chlorine gas',
        ),
        details: { gate: 'forbidden-material' },
      },
    };
    expect(
      await lab.trained.call('lab.sessions.start', { machineId: lab.laser, materialId: pvc }),
    ).toMatchObject(refusal);
    expect(await lab.staff.call('lab.presets.save', preset({ materialId: pvc }))).toMatchObject(refusal);
    expect(labTables(t)).toEqual(before);
    await lab.trained.ok('lab.sessions.start', { machineId: lab.singer, materialId: pvc });
    // Staff can forbid another material on another kind, with its reason.
    await lab.staff.ok('lab.materials.save', {
      id: plywood,
      code: 'plywood-3mm',
      name: 'Plywood 3 mm',
      unit: 'sheet',
      unitCents: 450,
      forbidden: [{ kind: 'sewing-machine', reason: 'It breaks needles.' }],
    });
    const [ply] = (await lab.staff.ok('lab.materials.list', {})).filter((m) => m.id === plywood);
    expect(ply!.forbidden).toEqual([{ kind: 'sewing-machine', reason: 'It breaks needles.' }]);
  });

  it('presets are checked against the machine kind, versioned with their tester and note, and recorded by sessions', async () => {
    expect(
      await lab.staff.call(
        'lab.presets.save',
        preset({ settings: { powerPct: 101, speedMmS: 12, passes: 1 } }),
      ),
    ).toMatchObject({ ok: false, error: { message: containing('powerPct: at most 100 %') } });
    expect(
      await lab.staff.call(
        'lab.presets.save',
        preset({ settings: { powerPct: 100, speedMmS: 12, passes: 0 } }),
      ),
    ).toMatchObject({ ok: false, error: { message: containing('passes: at least 1') } });
    expect(await lab.staff.call('lab.presets.save', preset({ settings: { feedMmMin: 1000 } }))).toMatchObject(
      { ok: false, error: { code: 'INVALID_INPUT' } },
    );
    const v1 = await lab.staff.ok(
      'lab.presets.save',
      preset({ settings: { powerPct: 100, speedMmS: 12, passes: 1 } }),
    );
    const v2 = await lab.staff.ok('lab.presets.save', preset({ testNote: 'Faster, still through' }));
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2).toMatchObject({
      testedByName: containing('Test staff'),
      testedOn: '2026-12-07',
      testNote: 'Faster, still through',
      latest: true,
    });
    expect((await lab.trained.ok('lab.presets.list', { machineId: lab.laser })).map((p) => p.id)).toEqual([
      v2.id,
    ]);
    expect(
      (await lab.trained.ok('lab.presets.list', { machineId: lab.laser, allVersions: true })).map((p) => [
        p.version,
        p.latest,
      ]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
    // A version is kept as tested.
    expect(() =>
      t.host.store.db.prepare('UPDATE lab_presets SET test_note = ? WHERE id = ?').run('x', v1.id),
    ).toThrow(/new version/);
    // A preset must be the machine's; a session records the one used, its material and its settings.
    expect(
      await lab.trained.call('lab.sessions.start', { machineId: lab.singer, presetId: v2.id }),
    ).toMatchObject({
      ok: false,
      error: { message: containing('That preset is for Epilog Zing') },
    });
    const session = await lab.trained.ok('lab.sessions.start', { machineId: lab.laser, presetId: v2.id });
    expect(session).toMatchObject({
      presetId: v2.id,
      presetLabel: 'cut v2',
      materialId: plywood,
      settings: { powerPct: 90, speedMmS: 12, frequencyHz: 5000, passes: 1 },
    });
  });
});
