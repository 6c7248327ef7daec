import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { machineServiceOf } from '../../../main/machines/service-of.js';
import { rmlProtocol } from '../../../main/machines/protocols/roland.js';
import { parseRml, writeRml } from '../../../main/toolpaths/rml.js';
import { startRolandDevice, type RolandDevice } from '../../../main/toolpaths/roland-sim.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { waitFor } from '../../helpers/pty.js';
import { uploadBytes } from '../../helpers/upload.js';

type Person = TestClient & { personId: number };

const containing = (text: string): string => expect.stringContaining(text) as string;

/**
 * The "Mill a board" flow against a real host and store, sending through the real device-file transport to the
 * simulated SRM-20 (a FIFO standing in for /dev/usb/lp0).
 */
describe('mill a board: plan, design-rule check, training gate, send, remembered values', () => {
  let t: TestHost;
  let device: RolandDevice;
  let mill: number;
  let trainee: Person;
  let novice: Person;
  const count = (table: string) =>
    (t.host.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeEach(async () => {
    t = await startTestHost();
    device = startRolandDevice({
      language: 'rml',
      bytesPerSecond: 1e6,
      wait: () => new Promise<void>((r) => setImmediate(r)),
    });
    machineServiceOf(t.host.context)!.rolandOptions = {
      wait: () => new Promise<void>((r) => setImmediate(r)),
    };
    mill = (
      await t.admin.ok('machines.create', {
        name: 'SRM-20',
        kind: 'cnc-mill',
        firmware: 'rml',
        connection: { type: 'device-file', path: device.path },
        workArea: { x: 203.2, y: 152.4, z: 60.5 },
      })
    ).id;
    const instructor = await t.as('instructor');
    trainee = await t.as('trainee');
    novice = await t.as('trainee');
    const def = await t.admin.ok('training.definitions.create', {
      code: 'PCB-1',
      name: 'PCB milling',
      tier: 'competency',
      validity: { kind: 'never' },
      machineKinds: ['cnc-mill'],
    });
    await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId: def.id });
    await instructor.ok('training.authorizations.grant', {
      personId: trainee.personId,
      definitionId: def.id,
    });
  });

  afterEach(async () => {
    await t.close();
    await device.close();
  });

  async function board(who: Person, file: string): Promise<number> {
    const bytes = readFileSync(join('tests/fixtures/pcb', file));
    return (await who.ok('toolpaths.import', { uploadId: await uploadBytes(t, who, bytes), name: file })).id;
  }

  it('shows the 0.25 mm gap the 1/64" tool cannot pass before anything is cut, with mods’s default values', async () => {
    const sourceId = await board(trainee, 'synth-hello.traces.png');
    const plan = await trainee.ok('toolpaths.plan', {
      sourceId,
      machineId: mill,
      process: 'pcb-traces',
      material: 'FR-1',
    });
    expect(plan.model).toBe('srm-20');
    expect(plan.mill).toEqual({
      toolDiameter: 0.39624,
      cutDepth: 0.1016,
      maxDepth: 0.1016,
      offsets: 4,
      stepover: 0.5,
      speed: 4,
      direction: 'climb',
    });
    expect(plan.board.width).toBeCloseTo(1181 * (25.4 / plan.dpi!), 6);
    expect(plan.board.height).toBeCloseTo(787 * (25.4 / plan.dpi!), 6); // 787 px at 999.998 dpi
    const narrow = plan.gaps.filter((g) => g.kind === 'merge' && Math.abs(g.width - 0.25) < 0.03);
    expect(narrow.length).toBeGreaterThanOrEqual(1);
    expect(plan.gaps.every((g) => g.width < 0.39624)).toBe(true);
    expect(count('machine_runs')).toBe(0); // planning sends nothing
    expect(device.jobs).toHaveLength(0);
  });

  it('an untrained trainee is refused before a byte is written; a trained one mills the planned outline', async () => {
    const before = { runs: count('machine_runs'), settings: count('toolpath_settings') };
    const theirs = await board(novice, 'synth-hello.interior.png');
    const refused = await novice.call('toolpaths.send', {
      sourceId: theirs,
      machineId: mill,
      process: 'pcb-outline',
      material: 'FR-1',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: containing('PCB milling'), details: { gate: 'training' } },
    });
    expect(count('machine_runs')).toBe(before.runs);
    expect(count('toolpath_settings')).toBe(before.settings);
    expect(machineServiceOf(t.host.context)!.session(mill)).toBeUndefined(); // never even connected
    expect(device.jobs).toHaveLength(0);
    expect(device.progress()).toBe(0);

    const sourceId = await board(trainee, 'synth-hello.interior.png');
    const mine = { sourceId, machineId: mill, process: 'pcb-outline' as const, material: 'FR-1' };
    const settings = {
      toolDiameter: 0.79248,
      cutDepth: 0.6096,
      maxDepth: 1.2192,
      offsets: 1,
      stepover: 0.5,
      speed: 3,
      direction: 'climb' as const,
    };
    const plan = await trainee.ok('toolpaths.plan', { ...mine, mill: settings });
    expect(new Set(plan.strokes.map((s) => s.z))).toEqual(new Set([-0.6096, -1.2192])); // depths not rounded
    const job = device.nextJob();
    const sent = await trainee.ok('toolpaths.send', { ...mine, mill: settings });
    const recorded = await job;
    expect(recorded.error).toBeNull();
    expect(recorded.bytes).toBe(sent.bytes);
    const cut = recorded.program.strokes;
    expect(cut).toHaveLength(plan.strokes.length);
    cut.forEach((s, i) => {
      const p = plan.strokes[i]!;
      expect(Math.abs(s.z - p.z)).toBeLessThanOrEqual(0.005);
      expect(s.points).toHaveLength(p.points.length);
      s.points.forEach(([x, y], k) => {
        expect(Math.abs(x - p.points[k]![0])).toBeLessThanOrEqual(0.005);
        expect(Math.abs(y - p.points[k]![1])).toBeLessThanOrEqual(0.005);
      });
    });
    const run = await waitFor(
      () =>
        t.host.store.db
          .prepare("SELECT * FROM machine_runs WHERE id = ? AND state = 'completed'")
          .get(sent.runId) as { actor_id: number; acked_offset: number; total_bytes: number } | undefined,
      10_000,
      'the run to complete',
    );
    expect(run.acked_offset).toBe(run.total_bytes);
    // the values are remembered for this machine and material, and only for them
    expect(
      await trainee.ok('toolpaths.settings', { machineId: mill, material: 'fr-1', process: 'pcb-outline' }),
    ).toMatchObject({ mill: settings, cut: null });
    expect(
      await trainee.ok('toolpaths.settings', { machineId: mill, material: 'FR-4', process: 'pcb-outline' }),
    ).toBeNull();
  });

  it('a Roland file that would stop the machine mid-job, or leave its travel, is refused and nothing is sent', async () => {
    const service = machineServiceOf(t.host.context)!;
    await t.admin.ok('machines.connect', { id: mill });
    const dir = t.dataDir;
    const bad = join(dir, 'bad.rml');
    writeFileSync(bad, 'PA;PU100,100;Z100,100,-10;QQ1;Z300,100,-10;');
    await expect(
      service.startJob(mill, trainee.personId, { path: bad, name: 'bad', sha256: 'x' }),
    ).rejects.toThrow(
      '"bad" cannot be sent to SRM-20: Unknown RML-1 command "QQ" at byte 26. Nothing was sent.',
    );
    const far = join(dir, 'far.rml');
    writeFileSync(far, 'PA;PU100,100;Z20330,100,-10;');
    await expect(
      service.startJob(mill, trainee.personId, { path: far, name: 'far', sha256: 'x' }),
    ).rejects.toThrow(
      '"far" moves to X 203.30 Y 1.00 mm, outside SRM-20\'s travel (203.2 × 152.4 mm). Nothing was sent.',
    );
    const edge = join(dir, 'edge.rml');
    writeFileSync(edge, 'PA;PU100,100;Z20320,15240,-10;');
    const job = device.nextJob();
    await service.startJob(mill, trainee.personId, { path: edge, name: 'edge', sha256: 'x' });
    expect((await job).program.strokes).toHaveLength(1); // exactly at the travel limit is accepted
    expect(count('machine_runs')).toBe(1);
  });

  it('refuses a board image that is not one, and a vinyl job on a mill, in words', async () => {
    const fake = await trainee.call('toolpaths.import', {
      uploadId: await uploadBytes(t, trainee, 'not a png'),
      name: 'board.png',
    });
    expect(fake).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'board.png is not a PNG image.' },
    });
    expect(count('toolpath_sources')).toBe(0);
    const svg = await board(trainee, 'vinyl-sticker.svg');
    expect(
      await trainee.call('toolpaths.plan', {
        sourceId: svg,
        machineId: mill,
        process: 'vinyl',
        material: 'vinyl',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        message:
          'SRM-20 is not a Roland cutter (CAMM-GL): vinyl and copper foil are cut on a GX-24 or GS-24.',
      },
    });
  });

  it('a simulated GX-24 is practice: anyone cuts the sticker through the same path, and the cutter draws the plan', async () => {
    const cutter = (
      await t.admin.ok('machines.create', {
        name: 'Practice GX-24',
        kind: 'vinyl-cutter',
        firmware: 'camm',
        connection: { type: 'simulated' },
        workArea: { x: 584, y: 1000, z: 1 },
      })
    ).id;
    const sourceId = await board(novice, 'vinyl-sticker.svg');
    const input = {
      sourceId,
      machineId: cutter,
      process: 'vinyl' as const,
      material: 'vinyl',
      cut: { force: 50, speed: 2, bladeOffset: 0, overcut: 0 },
    };
    const plan = await novice.ok('toolpaths.plan', input);
    expect(plan.model).toBe('gx-24');
    expect(plan.summary.cutLengthMm).toBeCloseTo(292.12, 0);
    const sent = await novice.ok('toolpaths.send', input);
    const device = machineServiceOf(t.host.context)!.simulatedRoland(cutter)!;
    const recorded = device.jobs[0] ?? (await device.nextJob());
    expect(recorded.error).toBeNull();
    expect(recorded.bytes).toBe(sent.bytes);
    expect(recorded.program.strokes).toHaveLength(plan.strokes.length);
    recorded.program.strokes.forEach((s, i) => {
      const p = plan.strokes[i]!;
      expect(s.closed).toBe(p.closed);
      s.points.forEach(([x, y], k) => {
        expect(Math.abs(x - p.points[k]![0])).toBeLessThanOrEqual(0.0125 + 1e-9);
        expect(Math.abs(y - p.points[k]![1])).toBeLessThanOrEqual(0.0125 + 1e-9);
      });
    });
  });

  it('a Roland file made elsewhere is imported, previewed as the machine reads it, and sent unchanged', async () => {
    const text = writeRml(
      [
        {
          points: [
            [1, 1],
            [11, 1],
            [11, 6],
            [1, 1],
          ],
          z: -0.1,
          closed: true,
        },
        {
          points: [
            [2, 2],
            [3, 2],
          ],
          z: -0.2,
          closed: false,
        },
      ],
      { unitsPerMm: 100, speed: 4, plungeSpeed: 4, jogZ: 2, home: [0, 152.4, 60.5] },
    );
    const upload = await uploadBytes(t, trainee, text);
    const source = await trainee.ok('toolpaths.import', { uploadId: upload, name: 'from-fab-modules.rml' });
    expect(source.kind).toBe('rml');
    const input = { sourceId: source.id, machineId: mill, process: 'pcb-traces' as const, material: 'FR-1' };
    const plan = await trainee.ok('toolpaths.plan', input);
    expect(plan.strokes).toEqual(parseRml(text, 100).strokes);
    expect(plan.mill).toBeNull();
    expect(plan.machineBytes).toBe(text.length);
    const job = device.nextJob();
    const sent = await trainee.ok('toolpaths.send', input);
    expect(sent.bytes).toBe(text.length);
    expect((await job).program.strokes).toEqual(plan.strokes);
    expect(count('toolpath_settings')).toBe(0); // its values are its own: nothing remembered

    const binary = await trainee.call('toolpaths.import', {
      uploadId: await uploadBytes(t, trainee, new Uint8Array([0x50, 0x41, 0x3b, 0x00, 0xff])),
      name: 'broken.camm',
    });
    expect(binary).toMatchObject({
      ok: false,
      error: { message: 'broken.camm is not a CAMM-GL file (it has bytes that are not text).' },
    });
  });

  it('Stop on the machine page ends a Roland job after the chunk in flight: the run is stopped, the abort reaches the mill', async () => {
    // the pause after each chunk waits for the test: the first one is held until Stop has been pressed
    let release: () => void = () => undefined;
    let paused: () => void = () => undefined;
    const firstPause = new Promise<void>((r) => (paused = r));
    let pauses = 0;
    machineServiceOf(t.host.context)!.rolandOptions = {
      chunkBytes: 128,
      wait: () => {
        pauses += 1;
        if (pauses > 1) return new Promise<void>((r) => setImmediate(r));
        paused();
        return new Promise<void>((r) => (release = r));
      },
    };
    const sourceId = await board(trainee, 'synth-hello.interior.png');
    const sent = await trainee.ok('toolpaths.send', {
      sourceId,
      machineId: mill,
      process: 'pcb-outline',
      material: 'FR-1',
    });
    await firstPause;
    const snapshot = await novice.ok('machines.action', { id: mill, action: 'stop' }); // stop is open to anyone
    expect(snapshot.state).toBe('Sending');
    release();
    const run = await waitFor(
      () =>
        t.host.store.db
          .prepare("SELECT * FROM machine_runs WHERE id = ? AND state = 'stopped'")
          .get(sent.runId) as { acked_offset: number; total_bytes: number; reason: string } | undefined,
      10_000,
      'the run to stop',
    );
    expect(run.reason).toBe('Stopped by the operator.');
    expect(run.acked_offset).toBeLessThanOrEqual(128);
    expect(run.acked_offset).toBeLessThan(run.total_bytes);
    while (device.jobs.flatMap((j) => j.program.deviceControl).length < 2) await device.nextJob();
    expect(device.jobs.flatMap((j) => j.program.deviceControl)).toEqual(['K', 'R']);
    expect(device.jobs.reduce((n, j) => n + j.bytes, 0)).toBe(
      run.acked_offset + rmlProtocol.roland!.abort.length,
    );
  });
});
