import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';
import { containing, jobsLab, tinyProgram, type JobsLab, type Person } from '../jobs/helpers.js';

/**
 * A job's lines do not pass the console, so the file is read before the first byte of it is sent: firmware settings
 * in it run only when staff start it, and no heater target in it may exceed the machine's maximum.
 */
describe('the gate reads a job file before it streams', () => {
  let t: TestHost;
  let lab: JobsLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  async function queuedWith(who: Person, text: string): Promise<number> {
    const file = await who.ok('files.import', {
      name: 'part.gcode',
      uploadId: await uploadBytes(t, who, text),
      tags: [],
    });
    return lab.queued(who, lab.printer, { fileIds: [file.id] });
  }

  const runs = () =>
    (t.host.store.db.prepare('SELECT count(*) AS n FROM machine_runs').get() as { n: number }).n;

  it('a trained trainee cannot start a file that saves EEPROM settings; staff can', async () => {
    const id = await queuedWith(
      lab.trainee,
      tinyProgram(5).replace(
        'M84',
        'G1 X1 ; M500 in a comment is not a command\nM92 E410 ; new extruder\nM500\nM84',
      ),
    );
    expect(await lab.trainee.call('jobs.start', { id, bedClear: true })).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_AUTHORIZED',
        message: containing('changes firmware settings (M92 at line 14)'),
        details: { gate: 'firmware-config', word: 'M92' },
      },
    });
    expect(runs()).toBe(0);
    expect((await lab.staff.ok('jobs.get', { id })).status).toBe('queued');
    const started = await lab.staff.ok('jobs.start', {
      id,
      operatorId: lab.trainee.personId,
      bedClear: true,
    });
    expect(started.status).toBe('running');
    expect(runs()).toBe(1);
  });

  it('a file asking more than the printer’s maximum is refused for everyone; exactly the maximum runs', async () => {
    const hot = await queuedWith(lab.trainee, tinyProgram(5).replace('G21', 'M104 S261\nG21'));
    for (const who of [lab.trainee, lab.staff]) {
      expect(
        await who.call('jobs.start', { id: hot, operatorId: lab.trainee.personId, bedClear: true }),
      ).toMatchObject({
        ok: false,
        error: { code: 'RULE_VIOLATION', details: { gate: 'max-temperature', celsius: 261, max: 260 } },
      });
    }
    expect(runs()).toBe(0);
    const ok = await queuedWith(lab.trainee, tinyProgram(5).replace('G21', 'M104 S260\nM190 S110\nG21'));
    expect((await lab.trainee.ok('jobs.start', { id: ok, bedClear: true })).status).toBe('running');
  });
});
