import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MachinesScreen } from '../../../renderer/features/machines/MachinesScreen.js';
import { renderScreen } from '../../helpers/screen.js';
import { syncHostClock } from '../../../renderer/api/host-clock.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { labFixture, type Lab } from '../../unit/lab/helpers.js';

/** The lab's screens against a real host: registering a kind beyond serial, and a session on it. */
let t: TestHost;
let lab: Lab;
const WAIT = { timeout: 10_000 };

function onScreen(client: TestClient): void {
  window.desk = {
    call: (method, input) => client.raw(method, input),
    on: (topic, listener) => client.on(topic, listener),
  };
}

beforeEach(async () => {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(null, { status: 404 })));
  t = await startTestHost({ start: '2026-12-08T16:00:00.000Z' });
  lab = await labFixture(t);
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  delete window.desk;
  await t.close();
});

describe('machines beyond serial, on screen', () => {
  it('the form adapts to a sewing machine: only a manual link, no firmware to pick, its type; the card has no Connect', async () => {
    onScreen(lab.staff);
    renderScreen(<MachinesScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add a machine' }, WAIT));
    const form = screen.getByRole('heading', { name: 'Add a machine' }).closest('form')!;
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Juki DDL-8700' } });
    fireEvent.change(within(form).getByLabelText('Kind'), { target: { value: 'sewing-machine' } });
    // One way to reach it, and no firmware but "none".
    expect(
      within(form)
        .getAllByRole('radio')
        .map((r) => r.closest('label')?.textContent.trim()),
    ).toEqual(['Manual (the Desk records sessions, it does not drive)']);
    expect(
      within(within(form).getByLabelText('Firmware'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['None (not controlled by the Desk)']);
    expect(within(form).queryByLabelText('Port')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Type of sewing machine'), {
      target: { value: 'industrial-straight' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () => {
      const listed = await t.admin.ok('machines.list', {});
      expect(listed.find((m) => m.machine.name === 'Juki DDL-8700')?.machine).toMatchObject({
        kind: 'sewing-machine',
        connection: { type: 'manual' },
        kindFields: { sewingType: 'industrial-straight' },
      });
    }, WAIT);
  });

  it('a trained trainee starts a session from the machine page; the board shows it with elapsed time; they stop it', async () => {
    onScreen(lab.trained);
    renderScreen(<MachinesScreen />);
    expect(await screen.findByText('Nobody is using a machine by hand right now.', {}, WAIT)).toBeTruthy();
    // No Connect for a manual machine, Open for every machine.
    expect(screen.queryByRole('button', { name: 'Connect Singer 4423' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open Singer 4423' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Start a session on Singer 4423' }, WAIT));
    const status = await screen.findByText(/closes itself at/, {}, WAIT);
    expect(status.textContent).toMatch(
      /^Test trainee \d+ since 10:00 AM · 0 min 0\d s · closes itself at 2:00 PM/,
    );
    const [open] = await t.admin.ok('lab.sessions.list', { open: true });
    expect(open).toMatchObject({ machineName: 'Singer 4423', personId: lab.trained.personId });
    fireEvent.change(screen.getByLabelText('Note on the result'), { target: { value: 'Hemmed 12 masks' } });
    fireEvent.click(screen.getByRole('button', { name: 'Stop the session on Singer 4423' }));
    await screen.findByRole('button', { name: 'Start a session on Singer 4423' }, WAIT);
    const [ended] = await t.admin.ok('lab.sessions.list', {});
    expect(ended).toMatchObject({ endKind: 'stopped', note: 'Hemmed 12 masks' });
  });

  it('the untrained are refused in their language, naming the training', async () => {
    document.documentElement.lang = 'es';
    onScreen(lab.untrained);
    renderScreen(<MachinesScreen />);
    fireEvent.click(await screen.findByRole('button', { name: /Singer 4423/ }, WAIT));
    fireEvent.click(await screen.findByRole('button', { name: 'Iniciar una sesión en Singer 4423' }, WAIT));
    const alert = await screen.findByRole('alert', {}, WAIT);
    expect(alert.textContent).toContain('Rechazado: no está autorizado a usar Singer 4423');
    expect(alert.textContent).toContain('“Sewing basics”');
    expect(await t.admin.ok('lab.sessions.list', { open: true })).toEqual([]);
  });
});

describe('bookings on screen', () => {
  it('a trained trainee books a free slot from the week grid, moves through it with the arrow keys, and cancels', async () => {
    syncHostClock(t.clock.now().toISOString());
    onScreen(lab.trained);
    renderScreen(<MachinesScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open Singer 4423' }, WAIT));
    const grid = await screen.findByRole('table', { name: 'Slots of Singer 4423' }, WAIT);
    const slot = await within(grid).findByRole('button', { name: 'Tue, Dec 8 11:00: Free' }, WAIT);
    // Keyboard: one slot in the tab order; the arrows move focus through the grid.
    slot.focus();
    fireEvent.keyDown(slot, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Tue, Dec 8 11:30: Free');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Wed, Dec 9 11:30: Free');
    fireEvent.click(slot);
    const form = screen.getByRole('form', { name: 'Book this slot' });
    fireEvent.change(within(form).getByLabelText('What for (optional)'), { target: { value: 'Masks' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Book Singer 4423' }));
    await within(grid).findByRole('button', { name: 'Tue, Dec 8 11:00: Your booking' }, WAIT);
    const listed = await t.admin.ok('lab.bookings.list', {
      machineId: lab.singer,
      from: '2026-12-08T00:00:00.000Z',
      to: '2026-12-09T00:00:00.000Z',
    });
    expect(listed.bookings.map((b) => [b.startsAt, b.endsAt, b.purpose])).toEqual([
      ['2026-12-08T17:00:00.000Z', '2026-12-08T18:00:00.000Z', 'Masks'],
    ]);
    fireEvent.click(within(grid).getByRole('button', { name: 'Tue, Dec 8 11:30: Your booking' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the booking' }));
    await within(grid).findByRole('button', { name: 'Tue, Dec 8 11:00: Free' }, WAIT);
  });
});

describe('materials and presets on screen', () => {
  it('staff record stock received; everyone sees stock, price, what a material is never used on, and tested presets', async () => {
    const ply = await lab.staff.ok('lab.materials.save', {
      code: 'plywood-3mm',
      name: 'Plywood 3 mm',
      unit: 'sheet',
      unitCents: 450,
    });
    await lab.staff.ok('lab.presets.save', {
      machineId: lab.laser,
      materialId: ply.id,
      operation: 'score',
      settings: { powerPct: 15, speedMmS: 80, passes: 1 },
      testedById: lab.staff.personId,
      testedOn: '2026-12-08',
      testNote: 'A fine line',
    });
    onScreen(lab.staff);
    renderScreen(<MachinesScreen />);
    fireEvent.click(await screen.findByText('Materials and presets', {}, WAIT));
    const materials = await screen.findByRole('table', { name: 'Materials' }, WAIT);
    const row = (name: string) => within(materials).getByRole('row', { name: new RegExp(`^${name}`) });
    expect(row('Plywood 3 mm').textContent).toContain('$4.50 per sheets');
    expect(row('PVC').textContent).toContain('Laser: PVC gives off chlorine gas');
    const form = screen.getByRole('form', { name: 'Record stock received' });
    fireEvent.change(within(form).getByLabelText('Material'), { target: { value: String(ply.id) } });
    fireEvent.change(within(form).getByLabelText('Amount'), { target: { value: '12' } });
    fireEvent.change(within(form).getByLabelText('From where (invoice, donor)'), {
      target: { value: 'Invoice 88' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Record stock received' }));
    await waitFor(() => expect(row('Plywood 3 mm').textContent).toContain('12 sheets'), WAIT);
    const presets = screen.getByRole('table', { name: 'Tested presets (latest versions)' });
    expect(within(presets).getByText(/powerPct 15 · speedMmS 80 · passes 1/)).toBeTruthy();
  });
});
