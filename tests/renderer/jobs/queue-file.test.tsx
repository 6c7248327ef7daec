import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PriorityTier } from '../../../preload/contract/methods/jobs.js';
import { defaultTierFor, QueueFile } from '../../../renderer/features/jobs/QueueFile.js';
import { loginOnScreen, renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/**
 * "Queue / Run on…" beside a library file, against a real host over the demo lab: its simulated printer streams in
 * this process and its pushed snapshots reach the form as the web host would deliver them.
 */
let t: TestHost;
const WAIT = { timeout: 10_000 };

async function fileNamed(client: TestClient, name: string) {
  const files = await client.ok('files.list', { scope: 'visible' });
  const file = files.find((f) => f.name === name);
  if (file === undefined) throw new Error(`the demo has no ${name}`);
  return file;
}

const tierOfJob = (jobId: number) =>
  (
    t.host.store.db
      .prepare('SELECT t.code FROM jobs j JOIN priority_tiers t ON t.id = j.tier_id WHERE j.id = ?')
      .get(jobId) as { code: string }
  ).code;

const lastJob = () =>
  t.host.store.db
    .prepare('SELECT id, status, machine_id, quantity FROM jobs ORDER BY id DESC LIMIT 1')
    .get() as {
    id: number;
    status: string;
    machine_id: number;
    quantity: number;
  };

beforeEach(async () => {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(null, { status: 404 })));
  t = await startTestHost({ demo: true });
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  delete window.desk;
  await t.close();
});

describe('the tier a request starts from', () => {
  const tier = (id: number, code: string, rank: number, active = true): PriorityTier => ({
    id,
    code,
    name: code,
    nameEs: code,
    rank,
    active,
  });
  const tiers = [tier(4, 'community', 4), tier(1, 'core-staff', 1), tier(2, 'members', 2)];

  it('is core staff for staff and admins, the last active tier for everyone else', () => {
    expect(defaultTierFor(['staff'], tiers)?.code).toBe('core-staff');
    expect(defaultTierFor(['admin'], tiers)?.code).toBe('core-staff');
    expect(defaultTierFor(['instructor', 'staff'], tiers)?.code).toBe('core-staff');
    expect(defaultTierFor(['trainee'], tiers)?.code).toBe('community');
    expect(defaultTierFor(['instructor'], tiers)?.code).toBe('community');
  });

  it('skips inactive tiers on both sides', () => {
    const some = [tier(4, 'community', 4, false), tier(1, 'core-staff', 1, false), tier(2, 'members', 2)];
    expect(defaultTierFor(['staff'], some)?.code).toBe('members');
    expect(defaultTierFor(['trainee'], some)?.code).toBe('members');
    expect(defaultTierFor(['trainee'], [])).toBeNull();
  });
});

describe('Queue / Run on… from a library file', () => {
  it('staff run a file now on the idle simulated printer: the tier is core staff, the gate asks for the override, it runs to the end', async () => {
    const staff = await loginOnScreen(t, 'staff');
    const file = await fileNamed(staff, 'mask-frame.gcode');
    const watched: number[] = [];
    renderScreen(<QueueFile file={file} onWatch={(id) => watched.push(id)} />);
    const form = await screen.findByRole('form', { name: 'Queue / Run on…' }, WAIT);
    await within(form).findByRole('option', { name: 'Practice printer (simulated Marlin)' }, WAIT);
    // The tier follows the role: staff are not silently "Community".
    await waitFor(
      () =>
        expect(
          within(form).getByLabelText<HTMLSelectElement>('Priority tier').selectedOptions[0]?.textContent,
        ).toBe('Core staff'),
      WAIT,
    );
    fireEvent.change(within(form).getByLabelText('Copies'), { target: { value: '1' } });
    fireEvent.click(
      within(form).getByRole('button', { name: 'Run now on Practice printer (simulated Marlin)' }),
    );

    // Marisol holds no training for the printer: the job's own start panel asks for the reason on record.
    const start = await screen.findByRole('form', { name: 'Start' }, WAIT);
    const job = lastJob();
    expect(job.status).toBe('queued');
    expect(tierOfJob(job.id)).toBe('core-staff');
    const button = within(start).getByRole<HTMLButtonElement>('button', { name: 'Start copy 1 of 1' });
    await waitFor(() => expect(button.disabled).toBe(true), WAIT);
    // Run now's button went busy: once the check answers, the focus is put in the field it asks for.
    await waitFor(
      () => expect(document.activeElement).toBe(within(start).getByLabelText('Staff override reason')),
      WAIT,
    );
    fireEvent.change(within(start).getByLabelText('Staff override reason'), {
      target: { value: 'Demo print from the library' },
    });
    fireEvent.click(button);
    const progress = await screen.findByRole(
      'progressbar',
      { name: 'Progress of this file' },
      { timeout: 20_000 },
    );
    expect(watched).toEqual([job.machine_id]);
    await waitFor(() => expect(progress.getAttribute('value')).toBe('100'), { timeout: 60_000 });
    expect(screen.getByText('100 % done')).toBeTruthy();
  }, 90_000);

  it('a trainee asks for a file on a machine: community tier said in words, no Run now, the job waits for staff', async () => {
    const trainee = await loginOnScreen(t, 'trainee');
    const file = await fileNamed(trainee, 'calibration-cube-20mm.gcode');
    renderScreen(<QueueFile file={file} onWatch={() => undefined} />);
    const form = await screen.findByRole('form', { name: 'Queue / Run on…' }, WAIT);
    await within(form).findByText('Priority: Community (staff set the priority).', {}, WAIT);
    expect(within(form).queryByLabelText('Priority tier')).toBeNull();
    expect(within(form).queryByRole('button', { name: /^Run now/ })).toBeNull();
    const ask = await within(form).findByRole('button', { name: /^Ask for it on / }, WAIT);
    fireEvent.change(within(form).getByLabelText('Copies'), { target: { value: '3' } });
    fireEvent.click(ask);
    await screen.findByText(/^Job \d+ was sent to staff for /, {}, WAIT);
    const job = lastJob();
    expect(job.status).toBe('submitted');
    expect(job.quantity).toBe(3);
    expect(tierOfJob(job.id)).toBe('community');
  }, 30_000);

  it('a machine the file does not fit is not offered, and says why', async () => {
    const staff = await loginOnScreen(t, 'staff');
    const file = await fileNamed(staff, 'mask-frame.gcode');
    const printer = (await staff.ok('machines.list', { includeRetired: false })).find((r) =>
      r.machine.name.startsWith('Practice printer'),
    )!.machine;
    // Shrink the printer's bed below the frame: it leaves the list and the reason is given in millimetres.
    await t.admin.ok('machines.update', {
      id: printer.id,
      name: printer.name,
      kind: printer.kind,
      firmware: printer.firmware,
      connection: printer.connection,
      workArea: { x: 20, y: 20, z: 250 },
      maxHotendC: printer.maxHotendC,
      maxBedC: printer.maxBedC,
    });
    renderScreen(<QueueFile file={file} onWatch={() => undefined} />);
    const form = await screen.findByRole('form', { name: 'Queue / Run on…' }, WAIT);
    await screen.findByText('Machines not offered (1)', {}, WAIT);
    expect(within(form).queryByRole('option', { name: /Practice printer/ })).toBeNull();
    expect(
      screen.getByText(
        /^Practice printer \(simulated Marlin\): too big: X is \d+ mm, the machine takes 20 mm$/,
      ),
    ).toBeTruthy();
  }, 30_000);

  it('Run now is off on a busy machine and says why; queuing behind it stays open', async () => {
    const staff = await loginOnScreen(t, 'staff');
    const file = await fileNamed(staff, 'mask-frame.gcode');
    const printer = (await staff.ok('machines.list', { includeRetired: false })).find((r) =>
      r.machine.name.startsWith('Practice printer'),
    )!.machine;
    // Something already runs on the printer (started the way the jobs screen does, with an override).
    const other = await staff.ok('jobs.request', {
      title: 'Already printing',
      fileIds: [file.id],
      machineId: printer.id,
      quantity: 1,
      submit: true,
    });
    await staff.ok('jobs.transition', { id: other.id, to: 'approved' });
    await staff.ok('jobs.transition', { id: other.id, to: 'queued' });
    await staff.ok('jobs.start', { id: other.id, bedClear: false, overrideReason: 'Keep the printer busy' });
    // Held, so it stays busy for as long as the test looks (a short frame would otherwise finish in a second).
    await staff.ok('machines.action', { id: printer.id, action: 'hold' });
    const rows = await staff.ok('machines.list', { includeRetired: false });
    expect(rows.find((r) => r.machine.id === printer.id)?.snapshot.job).not.toBeNull();

    const picked: string[] = [];
    renderScreen(<QueueFile file={file} onWatch={() => undefined} onPick={(name) => picked.push(name)} />);
    const form = await screen.findByRole('form', { name: 'Queue / Run on…' }, WAIT);
    const busy = await within(form).findByRole<HTMLOptionElement>(
      'option',
      { name: 'Practice printer (simulated Marlin) — busy now' },
      WAIT,
    );
    fireEvent.change(within(form).getByLabelText('Machine'), { target: { value: busy.value } });
    // The preview follows the machine picked here.
    expect(picked).toEqual(['Practice printer (simulated Marlin)']);
    const run = within(form).getByRole<HTMLButtonElement>('button', {
      name: 'Run now on Practice printer (simulated Marlin)',
    });
    expect(run.disabled).toBe(true);
    expect(
      within(form).getByText(
        'Run now is off: Practice printer (simulated Marlin) is busy with another job. Queue it instead, or pick an idle machine.',
      ),
    ).toBeTruthy();
    // Queuing behind it is still open.
    const queue = within(form).getByRole<HTMLButtonElement>('button', {
      name: 'Queue on Practice printer (simulated Marlin)',
    });
    expect(queue.disabled).toBe(false);
    fireEvent.click(queue);
    await screen.findByText(/^Job \d+ is queued on Practice printer \(simulated Marlin\)\.$/, {}, WAIT);
    expect(lastJob().status).toBe('queued');
  }, 30_000);
});
