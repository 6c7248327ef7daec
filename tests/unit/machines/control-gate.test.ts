import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GrblSim } from '../../../main/machines/sim/grbl-sim.js';
import type { MarlinSim } from '../../../main/machines/sim/marlin-sim.js';
import type { SimulatedMachine } from '../../../main/machines/sim/simulated-machine.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWebHost } from '../../../main/host/web.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { ptyFixture, waitFor } from '../../helpers/pty.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { connectDesk } from '../../helpers/ws-client.js';

type Person = TestClient & { personId: number };
const containing = (text: string): string => expect.stringContaining(text) as string;

/**
 * The machine-control gate over the real host and real pseudo-terminals: simulated Grbl and Marlin controllers
 * opened with serialport, exactly as a USB machine. What reaches the controller is read from the controller's side
 * of the wire (every byte it receives), so "refused" means "not one byte of it arrived".
 */
describe('one gate in front of every machine command', () => {
  let t: TestHost;
  const fixture = ptyFixture();
  let staff: Person;
  let instructor: Person;
  let trained: Person;
  let untrained: Person;
  let routerTraining: number;
  let printerTraining: number;

  beforeEach(async () => {
    t = await startTestHost();
    staff = await t.as('staff');
    instructor = await t.as('instructor');
    trained = await t.as('trainee');
    untrained = await t.as('trainee');
    routerTraining = (
      await t.admin.ok('training.definitions.create', {
        code: 'CNC-1',
        name: 'CNC router basics',
        tier: 'safety',
        validity: { kind: 'never' },
        machineKinds: ['cnc-router'],
      })
    ).id;
    printerTraining = (
      await t.admin.ok('training.definitions.create', {
        code: 'FFF-1',
        name: 'Printer basics',
        tier: 'competency',
        validity: { kind: 'never' },
        machineKinds: ['fff-printer'],
      })
    ).id;
    for (const definitionId of [routerTraining, printerTraining]) {
      await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId });
      await instructor.ok('training.authorizations.grant', { personId: trained.personId, definitionId });
    }
  });
  afterEach(async () => {
    await t.close();
    await fixture.cleanup();
  });

  /** Every byte the controller receives from now on, as text. */
  function tap(machine: SimulatedMachine): { text(): string } {
    const sim = machine.sim;
    const chunks: Buffer[] = [];
    const receive = sim.receive.bind(sim);
    sim.receive = (data: Buffer) => {
      chunks.push(Buffer.from(data));
      receive(data);
    };
    return { text: () => Buffer.concat(chunks).toString('latin1') };
  }

  /** Waits for the idle status polls to settle, then drops them: what is left is what people sent. */
  const withoutPolls = (text: string) => text.replace(/\?/g, '');

  async function serialMachine(
    firmware: 'grbl' | 'marlin',
    name: string,
    kind: 'cnc-router' | 'fff-printer',
  ) {
    const machine = await fixture.machine(firmware);
    const m = await t.admin.ok('machines.create', {
      name,
      kind,
      firmware,
      connection: { type: 'serial', path: machine.path, baud: 115200 },
      workArea: { x: 600, y: 400, z: 90 },
    });
    return { machine, id: m.id };
  }

  it('Grbl: an untrained trainee may connect and watch, but not one byte of G0, $X, $RST=*, jog, home, unlock or overrides reaches the router', async () => {
    const { machine, id } = await serialMachine('grbl', 'Shop router', 'cnc-router');
    // Connecting is watching: open to the trainee.
    expect((await untrained.ok('machines.connect', { id })).connection).toBe('connected');
    const wire = tap(machine);
    const refusals: [string, Promise<unknown>][] = [
      ['G0', untrained.call('machines.send', { id, command: 'G0 X150 Y150 F6000' })],
      ['$X', untrained.call('machines.send', { id, command: '$X' })],
      ['$RST', untrained.call('machines.send', { id, command: '$RST=*' })],
      ['$130', untrained.call('machines.send', { id, command: '$130=300' })],
      ['~', untrained.call('machines.send', { id, command: '$G ~' })],
      ['jog', untrained.call('machines.jog', { id, x: 10, feed: 1000 })],
      ['home', untrained.call('machines.action', { id, action: 'home' })],
      ['unlock', untrained.call('machines.action', { id, action: 'unlock' })],
      ['resume', untrained.call('machines.action', { id, action: 'resume' })],
      ['feed+10', untrained.call('machines.action', { id, action: 'feed+10' })],
      ['spindle-10', untrained.call('machines.action', { id, action: 'spindle-10' })],
    ];
    for (const [what, pending] of refusals) {
      const result = await pending;
      expect(result, what).toMatchObject({
        ok: false,
        error: {
          code: 'RULE_VIOLATION',
          message: containing(
            'not authorized to command Shop router: it needs “CNC router basics” (not trained)',
          ),
          details: { gate: 'training', trainings: [{ name: 'CNC router basics', reasons: ['no_training'] }] },
        },
      });
    }
    // A trainee cannot override: only staff can.
    expect(
      await untrained.call('machines.send', { id, command: 'G0 X1', overrideReason: 'I watched a video' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED', details: { gate: 'override-staff-only' } },
    });
    // Reports are watching too: $G goes through. It is the first thing (after status polls) the router receives.
    await untrained.ok('machines.send', { id, command: '$G' });
    await waitFor(
      async () => (await untrained.ok('machines.console', { id })).some((l) => l.text.startsWith('[GC:')),
      5000,
      'the $G report',
    );
    expect(withoutPolls(wire.text())).toBe('$G\n');
    const sim = machine.sim as GrblSim;
    expect(sim.accepted).toEqual([]);
    expect([...sim.mpos]).toEqual([0, 0, 0]);
    // Every refusal is on record with its reasons.
    const refused = t.host.store.db
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'training_refusal' AND entity_id = ?`)
      .get(String(untrained.personId)) as { n: number };
    expect(refused.n).toBe(11);
    // Hold, stop, jog cancel and the e-stop stay open to anyone signed in.
    await untrained.ok('machines.action', { id, action: 'hold' });
    await untrained.ok('machines.action', { id, action: 'jog-cancel' });
    await untrained.ok('machines.action', { id, action: 'stop' });
    await untrained.ok('machines.estop', { id });
    await waitFor(() => wire.text().includes('\x18'), 5000, 'the soft reset on the wire');
    const after = withoutPolls(wire.text());
    expect(after.startsWith('$G\n!\x85')).toBe(true);
    // Whatever the controller's reset brings after that, none of the refused commands is in it.
    for (const refused of ['G0', '$X', '$RST', '$130', '$J', '$H', '~', '\x91', '\x9b'])
      expect(after.includes(refused), refused).toBe(false);
  });

  it('Grbl: a trained trainee commands the router but may not touch its firmware settings; staff override with a reason, which is audited', async () => {
    const { machine, id } = await serialMachine('grbl', 'Shop router', 'cnc-router');
    await trained.ok('machines.connect', { id });
    const wire = tap(machine);
    for (const command of ['$130=300', '$ 130 = 300', '$RST=*', '$RST=$', '$N0=G0X100', '$I=mine']) {
      expect(await trained.call('machines.send', { id, command }), command).toMatchObject({
        ok: false,
        error: {
          code: 'NOT_AUTHORIZED',
          message: containing('Firmware settings are for staff only'),
          details: { gate: 'firmware-config' },
        },
      });
    }
    // One line of printable text: a newline cannot smuggle a second command behind an allowed one.
    expect(await trained.raw('machines.send', { id, command: 'G0 X1\n$RST=*' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { gate: 'printable' } },
    });
    await trained.ok('machines.send', { id, command: 'G0 X150 Y150 F6000' });
    const sim = machine.sim as GrblSim;
    await waitFor(() => sim.accepted.length === 1, 5000, 'the move');
    expect(withoutPolls(wire.text())).toBe('G0 X150 Y150 F6000\n');

    // Staff not trained on the router: refused without a reason, let through with one, and the reason is kept.
    expect(await staff.call('machines.send', { id, command: 'G0 X0 Y0' })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: containing('give an override reason') },
    });
    const auditBefore = (
      t.host.store.db.prepare('SELECT max(id) AS id FROM audit_log').get() as { id: number }
    ).id;
    await staff.ok('machines.send', {
      id,
      command: '$130=300',
      overrideReason: 'Setting the new X travel after the rail upgrade',
    });
    await waitFor(() => withoutPolls(wire.text()).endsWith('$130=300\n'), 5000, 'the setting');
    const rows = t.host.store.db
      .prepare(
        `SELECT actor_id, entity_id, action, reason, after_json FROM audit_log WHERE entity = 'machine_control' AND id > ?`,
      )
      .all(auditBefore) as {
      actor_id: number;
      entity_id: string;
      action: string;
      reason: string;
      after_json: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: staff.personId,
      entity_id: String(id),
      action: 'override',
      reason: 'Setting the new X travel after the rail upgrade',
    });
    expect(JSON.parse(rows[0]!.after_json)).toMatchObject({ what: 'console "$130=300"', config: '$130=' });
    // Staff trained on the router need no reason; their firmware change is still on record.
    await instructor.ok('training.authorizations.grant', {
      personId: staff.personId,
      definitionId: routerTraining,
    });
    await staff.ok('machines.send', { id, command: '$131=200' });
    await waitFor(() => withoutPolls(wire.text()).endsWith('$131=200\n'), 5000, 'the second setting');
    expect(
      t.host.store.db
        .prepare(
          `SELECT action, reason FROM audit_log WHERE entity = 'machine_control' ORDER BY id DESC LIMIT 1`,
        )
        .get(),
    ).toEqual({ action: 'configure', reason: 'firmware configuration ($131=)' });
  });

  it("over the web host's WebSocket: the untrained are refused by name of the training, the trained are refused firmware settings, staff override with a reason", async () => {
    const { machine, id } = await serialMachine('grbl', 'Shop router', 'cnc-router');
    const renderer = tempDir('cp-desk-renderer-');
    writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>Desk</title>');
    const web = await startWebHost({ host: t.host, rendererDir: renderer.path, port: 0 });
    const sockets: Awaited<ReturnType<typeof connectDesk>>[] = [];
    const socketOf = async (username: string) => {
      const s = await connectDesk(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`, {
        Origin: `http://127.0.0.1:${web.port}`,
      });
      sockets.push(s);
      await s.ok('session.login', { username, password: 'password-123' });
      return s;
    };
    try {
      // t.as made user1 staff, user2 instructor, user3 the trained trainee, user4 the untrained one.
      const [staffWs, trainedWs, untrainedWs] = await Promise.all(
        ['user1', 'user3', 'user4'].map((u) => socketOf(u)),
      );
      await untrainedWs!.ok('machines.connect', { id });
      const wire = tap(machine);
      for (const command of ['G0 X150 Y150 F6000', '$X', '$RST=*']) {
        expect(await untrainedWs!.call('machines.send', { id, command }), command).toMatchObject({
          ok: false,
          error: {
            code: 'RULE_VIOLATION',
            message: containing('it needs “CNC router basics” (not trained)'),
          },
        });
      }
      for (const command of ['$130=300', '$RST=*']) {
        expect(await trainedWs!.call('machines.send', { id, command }), command).toMatchObject({
          ok: false,
          error: { code: 'NOT_AUTHORIZED', details: { gate: 'firmware-config' } },
        });
      }
      await staffWs!.ok('machines.send', {
        id,
        command: '$130=300',
        overrideReason: 'New rails: X travel is 300 mm now',
      });
      await waitFor(() => withoutPolls(wire.text()).includes('\n'), 5000, 'the setting on the wire');
      expect(withoutPolls(wire.text())).toBe('$130=300\n');
      expect(
        t.host.store.db
          .prepare(`SELECT reason FROM audit_log WHERE entity = 'machine_control' AND action = 'override'`)
          .all(),
      ).toEqual([{ reason: 'New rails: X travel is 300 mm now' }]);
    } finally {
      for (const s of sockets) await s.close();
      await web.close();
      renderer.remove();
    }
  });

  it('a revoked authorization cannot be overridden, not even by staff', async () => {
    const { machine, id } = await serialMachine('grbl', 'Shop router', 'cnc-router');
    const grant = await instructor.ok('training.authorizations.grant', {
      personId: staff.personId,
      definitionId: routerTraining,
    });
    await staff.ok('machines.connect', { id });
    const wire = tap(machine);
    await instructor.ok('training.authorizations.revoke', {
      authorizationId: grant.id,
      reason: 'Left the spindle running unattended',
    });
    const refused = await staff.call('machines.send', {
      id,
      command: 'G0 X10',
      overrideReason: 'I am staff and need to move it',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: containing('A revoked authorization cannot be overridden, not even by staff'),
        details: { gate: 'training', overridable: false, trainings: [{ reasons: ['revoked'] }] },
      },
    });
    expect(
      await staff.call('machines.jog', {
        id,
        x: 5,
        feed: 500,
        overrideReason: 'I am staff and need to move it',
      }),
    ).toMatchObject({ ok: false, error: { details: { overridable: false } } });
    expect(await staff.ok('machines.access', { id })).toMatchObject({
      mayCommand: false,
      mayOverride: false,
      reasons: ['revoked'],
    });
    // Stopping stays open to them.
    await staff.ok('machines.action', { id, action: 'hold' });
    await waitFor(() => wire.text().includes('!'), 5000, 'the feed hold');
    expect(withoutPolls(wire.text())).toBe('!');
    const overrides = t.host.store.db
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'machine_control'`)
      .get() as { n: number };
    expect(overrides.n).toBe(0);
  });

  it('Marlin: heaters, prompts and EEPROM writes go through the same gate; each printer has its own maximum, inclusive', async () => {
    const { machine, id } = await serialMachine('marlin', 'Prusa-ish', 'fff-printer');
    await untrained.ok('machines.connect', { id });
    const sim = machine.sim as MarlinSim;
    const sent = () => sim.accepted.filter((c) => !/^M10[5]|^M115|^M155|^M110/.test(c));
    // The untrained trainee: refused by name of the training, for the buttons and the console alike.
    for (const [what, pending] of [
      ['heater', untrained.call('machines.setTemperature', { id, heater: 'hotend', celsius: 200 })],
      ['bed', untrained.call('machines.setTemperature', { id, heater: 'bed', celsius: 60 })],
      ['prompt', untrained.call('machines.answerPrompt', { id, choice: 0 })],
      ['M104', untrained.call('machines.send', { id, command: 'M104 S200' })],
      ['break-wait', untrained.call('machines.action', { id, action: 'break-wait' })],
      ['reset', untrained.call('machines.action', { id, action: 'reset' })],
    ] as const) {
      expect(await pending, what).toMatchObject({
        ok: false,
        error: { code: 'RULE_VIOLATION', message: containing('“Printer basics” (not trained)') },
      });
    }
    // A report is fine: M503 lists the settings without changing them.
    await untrained.ok('machines.send', { id, command: 'M114' });
    await waitFor(() => sim.accepted.includes('M114'), 5000, 'M114');
    expect(sent()).toEqual(['M114']);

    // The trained trainee: EEPROM and tuning writes are staff-only.
    for (const command of [
      'M500',
      'M502',
      'M92 E93',
      'M301 P22.2 I1.08 D114',
      'M304 P1',
      'M851 Z-1.2',
      'm906 x800',
      'N12 M500*57',
    ]) {
      expect(await trained.call('machines.send', { id, command }), command).toMatchObject({
        ok: false,
        error: { code: 'NOT_AUTHORIZED', details: { gate: 'firmware-config' } },
      });
    }
    // Default maximum 260 °C hotend, 110 °C bed: exactly at the maximum is accepted, one degree more is refused.
    await trained.ok('machines.setTemperature', { id, heater: 'hotend', celsius: 260 });
    await trained.ok('machines.setTemperature', { id, heater: 'bed', celsius: 110 });
    for (const [what, pending] of [
      ['hotend 261', trained.call('machines.setTemperature', { id, heater: 'hotend', celsius: 261 })],
      ['bed 111', trained.call('machines.setTemperature', { id, heater: 'bed', celsius: 111 })],
      ['M104 S261', trained.call('machines.send', { id, command: 'M104 S261' })],
      ['M109 R261', trained.call('machines.send', { id, command: 'M109 R261' })],
      ['M140 S111', trained.call('machines.send', { id, command: 'M140 S111' })],
      ['M190 S300', trained.call('machines.send', { id, command: 'm190 s300' })],
      ['M104 T0 S280', trained.call('machines.send', { id, command: 'M104 T0 S280' })],
      ['M104 I1', trained.call('machines.send', { id, command: 'M104 I1' })],
    ] as const) {
      expect(await pending, what).toMatchObject({
        ok: false,
        error: { code: 'RULE_VIOLATION', details: { gate: 'max-temperature' } },
      });
    }
    await trained.ok('machines.send', { id, command: 'M104 S260' });
    await trained.ok('machines.send', { id, command: 'M140 S110' });
    // Staff lower this printer's hotend limit: 240 is now the most, for everyone.
    const m = await t.admin.ok('machines.get', { id });
    await t.admin.ok('machines.update', {
      id,
      name: m.name,
      kind: m.kind,
      firmware: m.firmware,
      connection: m.connection,
      workArea: m.workArea,
      maxHotendC: 240,
      maxBedC: m.maxBedC,
    });
    expect(
      await staff.call('machines.setTemperature', {
        id,
        heater: 'hotend',
        celsius: 241,
        overrideReason: 'testing the limit',
      }),
    ).toMatchObject({ ok: false, error: { message: containing('at most 240 °C on its hotend: 241 °C') } });
    await trained.ok('machines.setTemperature', { id, heater: 'hotend', celsius: 240 });
    await waitFor(() => sent().length === 6, 5000, 'the accepted heater commands');
    expect(sent()).toEqual(['M114', 'M104 S260', 'M140 S110', 'M104 S260', 'M140 S110', 'M104 S240']);
    expect(sim.heaters.T.target).toBe(240);
  });

  it('a simulated machine is for practice (no training needed), but firmware settings and heater limits still hold', async () => {
    const printer = await t.admin.ok('machines.create', {
      name: 'Practice printer',
      kind: 'fff-printer',
      firmware: 'marlin',
      connection: { type: 'simulated' },
      maxBedC: 90,
    });
    const id = printer.id;
    await untrained.ok('machines.connect', { id });
    expect(await untrained.ok('machines.access', { id })).toMatchObject({
      practice: true,
      mayCommand: true,
      mayConfigure: false,
      maxBedC: 90,
    });
    await untrained.ok('machines.setTemperature', { id, heater: 'bed', celsius: 90 });
    expect(await untrained.call('machines.setTemperature', { id, heater: 'bed', celsius: 91 })).toMatchObject(
      {
        ok: false,
        error: { details: { gate: 'max-temperature', max: 90, celsius: 91 } },
      },
    );
    expect(await untrained.call('machines.send', { id, command: 'M502' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED', details: { gate: 'firmware-config', word: 'M502' } },
    });
  });

  it('machines.access says why a control is off, without logging a refusal', async () => {
    const { id } = await serialMachine('grbl', 'Shop router', 'cnc-router');
    expect(await untrained.ok('machines.access', { id })).toEqual({
      machineId: id,
      practice: false,
      mayCommand: false,
      reasons: ['no_training'],
      missing: [{ name: 'CNC router basics', reasons: ['no_training'] }],
      noTrainingDefined: false,
      staff: false,
      mayOverride: false,
      mayConfigure: false,
      maxHotendC: 260,
      maxBedC: 110,
    });
    expect(await trained.ok('machines.access', { id })).toMatchObject({
      mayCommand: true,
      mayConfigure: false,
    });
    expect(await staff.ok('machines.access', { id })).toMatchObject({
      mayCommand: false,
      mayOverride: true,
      mayConfigure: true,
    });
    const refusals = t.host.store.db
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'training_refusal'`)
      .get() as { n: number };
    expect(refusals.n).toBe(0);
  });
});
