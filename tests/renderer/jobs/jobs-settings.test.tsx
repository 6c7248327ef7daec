import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobsScreen } from '../../../renderer/features/jobs/JobsScreen.js';
import { loginOnScreen, renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/** The jobs area's settings (tiers, materials, machine rates) against a real host over the demo lab. */
let t: TestHost;

const WAIT = { timeout: 10_000 };
const PRINTER = 'Practice printer (simulated Marlin)';
const select = (label: string, option: string, root: HTMLElement) => {
  const el = within(root).getByLabelText<HTMLSelectElement>(label);
  const opt = within(el).getByRole<HTMLOptionElement>('option', { name: option });
  fireEvent.change(el, { target: { value: opt.value } });
};

/** Requests a cube on the practice printer through the request form (approved and queued at once); its page opens. */
async function requestCube(
  title: string,
  choose: { material?: string; tier?: string },
): Promise<HTMLElement> {
  fireEvent.click(screen.getByRole('button', { name: 'Request a job' }));
  const form = await screen.findByRole('form', { name: 'Request a job' }, WAIT);
  fireEvent.change(within(form).getByLabelText('Title'), { target: { value: title } });
  await within(form).findByRole('option', { name: 'calibration-cube-20mm.gcode' }, WAIT);
  const files = within(form).getByLabelText<HTMLSelectElement>('Files');
  within(files).getByRole<HTMLOptionElement>('option', { name: 'calibration-cube-20mm.gcode' }).selected =
    true;
  fireEvent.change(files);
  await within(form).findByRole('option', { name: PRINTER }, WAIT);
  select('Machine', PRINTER, form);
  if (choose.material !== undefined) {
    await within(form).findByRole('option', { name: choose.material }, WAIT);
    select('Material', choose.material, form);
  }
  if (choose.tier !== undefined) select('Priority tier', choose.tier, form);
  fireEvent.click(within(form).getByRole('button', { name: 'Send request' }));
  const page = await screen.findByRole('article', { name: /^Job \d+$/ }, WAIT);
  await waitFor(
    () => expect(within(page).getByRole('heading', { level: 2 }).textContent).toContain('Queued'),
    WAIT,
  );
  return page;
}

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

describe('jobs settings', () => {
  it('staff move Community to the top of the tiers; a Community job then joins the queue ahead of a Members job', async () => {
    await loginOnScreen(t, 'staff');
    renderScreen(<JobsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Prices & tiers' }, WAIT));
    const tiers = await screen.findByRole('form', { name: 'Priority tiers' }, WAIT);
    const names = () =>
      within(tiers)
        .getAllByLabelText<HTMLInputElement>(/^Name of tier \d+$/)
        .map((input) => input.value);
    expect(names()).toEqual(['Core staff', 'Members', 'Medical facilities', 'Community']);
    for (let i = 0; i < 3; i++)
      fireEvent.click(within(tiers).getByRole('button', { name: 'Move Community up' }));
    expect(names()).toEqual(['Community', 'Core staff', 'Members', 'Medical facilities']);
    fireEvent.click(within(tiers).getByRole('button', { name: 'Save tiers' }));
    await screen.findByText('Priority tiers saved.', {}, WAIT);
    const saved = await t.admin.ok('jobs.catalog', {});
    expect(saved.tiers.map((x) => [x.code, x.rank])).toEqual([
      ['community', 1],
      ['core-staff', 2],
      ['members', 3],
      ['medical', 4],
    ]);

    // Under the old order Community came last, behind both cubes already waiting; now it is served first.
    await requestCube('Face shield clips for the clinic', { tier: 'Community' });
    fireEvent.click(screen.getByRole('button', { name: 'Queue' }));
    const lane = await screen.findByRole('region', { name: `Queue of ${PRINTER}` }, WAIT);
    await within(lane).findByText(/Face shield clips/, {}, WAIT);
    const order = within(lane)
      .getAllByRole('button', { name: /^Open job/ })
      .map((b) => b.textContent);
    expect(order).toEqual([
      expect.stringContaining('Face shield clips'),
      expect.stringContaining('Calibration cube'),
      expect.stringContaining('Two cubes'),
    ]);
  }, 60_000);

  it('refuses "25,0" with a clear message and writes nothing; "$25.00" adds the material and the quote uses it', async () => {
    await loginOnScreen(t, 'staff');
    renderScreen(<JobsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Prices & tiers' }, WAIT));
    const add = await screen.findByRole('form', { name: 'Add a material' }, WAIT);
    const before = await t.admin.ok('jobs.catalog', {});
    fireEvent.change(within(add).getByLabelText('Name'), { target: { value: 'Recycled PETG' } });
    fireEvent.change(within(add).getByLabelText('Code'), { target: { value: 'rpetg' } });
    fireEvent.change(within(add).getByLabelText('Price per kg'), { target: { value: '25,0' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Save material' }));
    expect((await within(add).findByRole('alert')).textContent).toBe(
      'Price per kg not saved: Use a period for cents: write 25.0.',
    );
    expect((await t.admin.ok('jobs.catalog', {})).materials).toEqual(before.materials);

    fireEvent.change(within(add).getByLabelText('Price per kg'), { target: { value: '$25.00' } });
    fireEvent.change(within(add).getByLabelText('Density (mg per cm³)'), { target: { value: '1270' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Save material' }));
    await screen.findByText('Recycled PETG saved at $25.00 per kg.', {}, WAIT);
    const table = screen.getByRole('table', { name: 'Materials' });
    const row = await within(table).findByRole('row', { name: /^Recycled PETG rpetg/ }, WAIT);
    expect(row.textContent).toContain('$25.00');
    const added = (await t.admin.ok('jobs.catalog', {})).materials.find((m) => m.code === 'rpetg');
    expect(added).toMatchObject({
      name: 'Recycled PETG',
      centsPerKg: 2500,
      densityMgPerCm3: 1270,
      active: true,
    });

    // The practice printer's rate, typed in dollars too.
    const rate = screen.getByRole('form', { name: PRINTER });
    fireEvent.change(within(rate).getByLabelText(`Hourly rate of ${PRINTER}`), {
      target: { value: '$3.60' },
    });
    fireEvent.click(within(rate).getByRole('button', { name: `Save rate for ${PRINTER}` }));
    await screen.findByText(`${PRINTER}: $3.60 per hour.`, {}, WAIT);

    const page = await requestCube('Cube in recycled PETG', { material: 'Recycled PETG' });
    expect(page.textContent).toMatch(/ at \$25\.00\/kg, .* at \$3\.60\/h/);
    const jobs = await t.admin.ok('jobs.list', { statuses: ['queued'] });
    const job = jobs.find((j) => j.title === 'Cube in recycled PETG')!;
    expect(job.quote.centsPerKg).toBe(2500);
    expect(job.quote.hourlyCents).toBe(360);
    expect(job.quote.materialCents).toBe(Math.round((job.quote.grams! * 2500) / 1000));
  }, 60_000);

  it('on a Spanish screen a refused price or rate says why in Spanish, and nothing is written', async () => {
    document.documentElement.lang = 'es';
    await loginOnScreen(t, 'staff');
    renderScreen(<JobsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Precios y niveles' }, WAIT));
    const add = await screen.findByRole('form', { name: 'Agregar un material' }, WAIT);
    const before = await t.admin.ok('jobs.catalog', {});
    fireEvent.change(within(add).getByLabelText('Nombre'), { target: { value: 'PETG reciclado' } });
    fireEvent.change(within(add).getByLabelText('Código'), { target: { value: 'rpetg' } });
    fireEvent.change(within(add).getByLabelText('Precio por kg'), { target: { value: '25,0' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Guardar material' }));
    expect((await within(add).findByRole('alert')).textContent).toBe(
      'Precio por kg no guardado: Use un punto para los centavos: escriba 25.0.',
    );

    const rate = await screen.findByRole('form', { name: PRINTER }, WAIT);
    fireEvent.change(within(rate).getByLabelText(`Tarifa por hora de ${PRINTER}`), {
      target: { value: '$1,000.555' },
    });
    fireEvent.click(within(rate).getByRole('button', { name: `Guardar tarifa de ${PRINTER}` }));
    expect((await within(rate).findByRole('alert')).textContent).toBe(
      'Tarifa no guardada: Los centavos tienen como máximo dos dígitos.',
    );
    const after = await t.admin.ok('jobs.catalog', {});
    expect(after).toEqual(before);
  }, 60_000);
});
