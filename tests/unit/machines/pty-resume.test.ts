import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { machineServiceOf } from '../../../main/machines/service-of.js';
import { hashFile } from '../../../main/machines/job-runner.js';
import type { GrblSim } from '../../../main/machines/sim/grbl-sim.js';
import { ptyFixture, waitFor } from '../../helpers/pty.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/**
 * A program whose modal state changes along the way (work offset, spindle speed, coolant, feeds), so a resume in
 * the middle has something to replay. `expected[i]` is what the controller should receive for `lines[i]`
 * (comments and blank lines never reach it: null).
 */
function modalProgram(count: number) {
  const lines: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    if (i === 1) lines.push('G21 G90 (metric, absolute)');
    else if (i === 2) lines.push('G55');
    else if (i === 3) lines.push('M3 S10000');
    else if (i === 4) lines.push('M8');
    else if (i % 400 === 0) lines.push(`M3 S${10000 + i}`);
    else if (i % 97 === 0) lines.push('');
    else if (i % 89 === 0) lines.push(`; pass ${i}`);
    else
      lines.push(
        `G1 X${((i * 37) % 200).toFixed(3)} Y${((i * 53) % 150).toFixed(3)} F${1000 + (i % 5) * 100}`,
      );
  }
  const clean = (l: string) =>
    l
      .replace(/\(.*?\)/g, '')
      .replace(/;.*$/, '')
      .trim();
  const expected = lines.map((l) => (clean(l) === '' ? null : clean(l)));
  /** What the controller receives for lines `from`..`to` (1-based, inclusive). */
  const sent = (from: number, to = count) =>
    expected.slice(from - 1, to).filter((l): l is string => l !== null);
  return { text: `${lines.join('\n')}\n`, lines, sent };
}

interface RunRow {
  id: number;
  state: string;
  acked_line: number;
  start_line: number;
  resumed_from: number | null;
}

describe('unplugged mid-job, plugged back in, resumed from line N', () => {
  let t: TestHost;
  const fixture = ptyFixture();
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.close();
    await fixture.cleanup();
  });

  const runs = () =>
    t.host.store.db
      .prepare('SELECT id, state, acked_line, start_line, resumed_from FROM machine_runs ORDER BY id')
      .all() as RunRow[];

  it('Grbl over a real pseudo-terminal: interrupted at once, reconnected, homed, modal state replayed, streamed again from before every line that may not have run, none lost', async () => {
    // The operator is trained on the router (motion on a real serial machine checks it).
    const operator = await t.as('staff');
    const instructor = await t.as('instructor');
    const training = await t.admin.ok('training.definitions.create', {
      code: 'ROUTER-1',
      name: 'Router basics',
      tier: 'competency',
      validity: { kind: 'never' },
      machineKinds: ['cnc-router'],
    });
    await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId: training.id });
    await instructor.ok('training.authorizations.grant', {
      personId: operator.personId,
      definitionId: training.id,
    });

    // The cable: a pseudo-terminal at a path that stays the same when it is plugged back in.
    const cable = fixture.dir();
    // The cable is pulled right after the controller took its 1200th line, before that line's ok went out.
    const first = await fixture.machine(
      'grbl',
      { timeScale: 0.0002, faults: { disconnectAfterLines: 1200 } },
      cable,
    );
    const oldSim = first.sim as GrblSim;
    let pulledAt = Infinity;
    const pull = oldSim.onDisconnect;
    oldSim.onDisconnect = () => {
      pulledAt = performance.now();
      pull?.();
    };
    const m = await t.admin.ok('machines.create', {
      name: 'Shop router',
      kind: 'cnc-router',
      firmware: 'grbl',
      connection: { type: 'serial', path: first.path, baud: 115200 },
      workArea: { x: 600, y: 400, z: 90 },
    });
    await operator.ok('machines.connect', { id: m.id });
    const program = modalProgram(3000);
    const path = fixture.file('pocket.nc', program.text);
    const service = machineServiceOf(t.host.context)!;
    await service.startJob(m.id, operator.personId, {
      path,
      name: 'pocket.nc',
      sha256: await hashFile(path),
    });
    const before = service.session(m.id)!;

    const interrupted = await waitFor(
      () => runs().find((r) => r.state === 'interrupted'),
      20_000,
      'the run to be interrupted',
    );
    expect(performance.now() - pulledAt).toBeLessThan(1000);
    expect((await operator.ok('machines.snapshot', { id: m.id })).connection).toBe('lost');
    const writtenAtLoss = before.linkStats!;
    const acked = interrupted.acked_line;
    expect(acked).toBeGreaterThan(1000);
    // Everything acknowledged reached the controller, in order.
    expect(oldSim.accepted.slice(0, program.sent(1, acked).length)).toEqual(program.sent(1, acked));

    // Plug it back in: a freshly booted controller at the same path.
    const second = await fixture.machine('grbl', { timeScale: 0.0002 }, cable);
    expect(second.path).toBe(first.path);
    expect((await operator.ok('machines.connect', { id: m.id })).connection).toBe('connected');

    // The guided resume: the plan backs up over the 20 acknowledged lines the controller may not have run (15
    // planner blocks from [OPT:V,15,128], 5 in the step segment buffer) and names the modal state to replay.
    const plan = await operator.ok('machines.resumePlan', { id: m.id });
    const confirmed = program.lines
      .slice(0, acked)
      .flatMap((_, i) => (program.sent(i + 1, i + 1).length > 0 ? [i + 1] : []));
    expect(plan).toMatchObject({ line: confirmed.at(-20), fileChanged: false, name: 'pocket.nc' });
    expect(plan.suggestion).toMatchObject({ ackedLine: acked, linesBack: 20, plannerSource: 'reported' });
    const replayed = plan.line - 1;
    const speed = replayed >= 400 ? 10000 + Math.floor(replayed / 400) * 400 : 10000;
    const lastMove = program.sent(1, replayed).findLast((l) => l.startsWith('G1 '))!;
    expect(plan.preamble).toEqual(
      expect.arrayContaining([
        'G21',
        'G90',
        'G55',
        `M3 S${speed}`,
        'M8',
        `G1 F${/F(\d+)/.exec(lastMove)![1]}`,
      ]),
    );
    // Nothing moves until the operator confirms homing and work zero.
    expect(await operator.raw('machines.resume', { id: m.id, line: plan.line })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const newSim = second.sim as GrblSim;
    expect(newSim.accepted).toEqual([]);
    await operator.ok('machines.action', { id: m.id, action: 'home' });
    await waitFor(() => newSim.state === 'Home', 2000, 'homing to start');
    await waitFor(
      async () =>
        newSim.state === 'Idle' && (await operator.ok('machines.snapshot', { id: m.id })).state === 'Idle',
      5000,
      'homing to finish',
    );
    const resumed = await operator.ok('machines.resume', { id: m.id, line: plan.line, confirmedHomed: true });
    expect(resumed.job).toMatchObject({ state: 'running', startLine: plan.line });
    const done = await waitFor(
      () => runs().find((r) => r.id !== interrupted.id && r.state !== 'running'),
      30_000,
      'the resumed run to end',
    );
    expect(done).toMatchObject({ state: 'completed', start_line: plan.line, resumed_from: interrupted.id });

    // The new controller got the preamble, then exactly the rest of the file from the suggested line.
    const rest = program.sent(plan.line);
    expect(newSim.accepted).toEqual([...plan.preamble, ...rest]);
    expect(newSim.droppedBytes).toBe(0);
    // Before the suggestion + sent after the resume = the whole program: nothing lost, nothing out of order.
    expect([...program.sent(1, plan.line - 1), ...newSim.accepted.slice(plan.preamble.length)]).toEqual(
      program.sent(1),
    );
    // The last 20 acknowledged lines (maybe still in the planner when the cable went) are run again.
    expect(rest.slice(0, 20)).toEqual(program.sent(1, acked).slice(-20));
    // Lines the old controller took whose ok was lost with the cable are run again, never skipped.
    const unconfirmed = oldSim.accepted.slice(program.sent(1, acked).length);
    expect(unconfirmed.length).toBeGreaterThan(0);
    expect(rest.slice(20, 20 + unconfirmed.length)).toEqual(unconfirmed);
    // The old link wrote nothing after the loss and refused nothing (nobody tried).
    expect(before.linkStats).toEqual(writtenAtLoss);
    expect(writtenAtLoss.refusedWrites).toBe(0);
  });
});
