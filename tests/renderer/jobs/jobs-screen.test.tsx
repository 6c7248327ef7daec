import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobsScreen } from '../../../renderer/features/jobs/JobsScreen.js';
import { loginOnScreen, renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/**
 * The jobs screens against a real host over the demo lab: its store, its simulated printer streaming in this
 * process, and pushed events delivered to the screen as the web host would.
 */
let t: TestHost;

const WAIT = { timeout: 10_000 };
const select = (label: string, option: string, root: HTMLElement = document.body) => {
  const el = within(root).getByLabelText<HTMLSelectElement>(label);
  const opt = within(el).getByRole<HTMLOptionElement>('option', { name: option });
  fireEvent.change(el, { target: { value: opt.value } });
};

beforeEach(async () => {
  // No web host serves /blob here (WebGL is not available either): the preview says it cannot load, in words.
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

describe('jobs screens', () => {
  it('staff queue a job on the simulated printer, start it with an override, watch it reach 100 %, find it in the history', async () => {
    await loginOnScreen(t, 'staff');
    document.documentElement.lang = 'en';
    renderScreen(<JobsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Request a job' }, WAIT));
    const form = await screen.findByRole('form', { name: 'Request a job' }, WAIT);
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Frame for the demo' } });
    await within(form).findByRole('option', { name: 'mask-frame.gcode' }, WAIT);
    const files = within(form).getByLabelText<HTMLSelectElement>('Files');
    within(files).getByRole<HTMLOptionElement>('option', { name: 'mask-frame.gcode' }).selected = true;
    fireEvent.change(files);
    await within(form).findByRole('option', { name: 'Practice printer (simulated Marlin)' }, WAIT);
    select('Machine', 'Practice printer (simulated Marlin)', form);
    await within(form).findByRole('option', { name: 'PLA filament' }, WAIT);
    select('Material', 'PLA filament', form);
    expect(within(form).getByLabelText<HTMLInputElement>('Approve and queue now').checked).toBe(true);
    // Staff ask as core staff unless they pick another tier (never silently "Community").
    await waitFor(
      () =>
        expect(
          within(form).getByLabelText<HTMLSelectElement>('Priority tier').selectedOptions[0]?.textContent,
        ).toBe('Core staff'),
      WAIT,
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Send request' }));

    const page = await screen.findByRole('article', { name: /^Job \d+$/ }, WAIT);
    const status = (text: string, timeout: number) =>
      waitFor(() => expect(within(page).getByRole('heading', { level: 2 }).textContent).toContain(text), {
        timeout,
      });
    await status('Queued', 10_000);
    const start = await within(page).findByRole('form', { name: 'Start' }, WAIT);
    await within(start).findByText(
      'Marisol Vega is not authorized on Practice printer (simulated Marlin): no training for this machine.',
      {},
      WAIT,
    );
    const button = within(start).getByRole<HTMLButtonElement>('button', { name: 'Start copy 1 of 1' });
    expect(button.disabled).toBe(true);
    fireEvent.change(within(start).getByLabelText('Staff override reason'), {
      target: { value: 'Demo print, instructor watching' },
    });
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await status('Running', 15_000);
    await status('Done', 60_000);
    const progress = await within(page).findByRole('progressbar', { name: 'Progress' }, WAIT);
    expect(progress.getAttribute('value')).toBe('100');
    expect(within(page).getByText('100 %')).toBeTruthy();
    expect(within(page).getByText('Override: Demo print, instructor watching')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const table = await screen.findByRole('table', { name: 'History' }, WAIT);
    const row = await waitFor(() => {
      const r = within(table)
        .getAllByRole('row')
        .find((tr) => tr.textContent.includes('Frame for the demo'));
      expect(r).toBeTruthy();
      return r!;
    }, WAIT);
    expect(row.textContent).toContain('Finished');
    expect(row.textContent).toMatch(/\d+(\.\d)? g/); // material from the file's estimate
    expect(row.textContent).toMatch(/\d+ s/); // duration (the test host's clock stands still: 0 s)
  }, 90_000);

  it('staff reorder a queue with the keyboard buttons; the board shows the new order', async () => {
    await loginOnScreen(t, 'staff');
    renderScreen(<JobsScreen />);
    const lane = await screen.findByRole(
      'region',
      { name: 'Queue of Practice printer (simulated Marlin)' },
      WAIT,
    );
    await within(lane).findByText(/Calibration cube/, {}, WAIT);
    const order = () =>
      within(lane)
        .getAllByRole('button', { name: /^Open job/ })
        .map((b) => b.textContent);
    expect(order()).toEqual([
      expect.stringContaining('Calibration cube'),
      expect.stringContaining('Two cubes'),
    ]);
    const first = within(lane).getAllByRole('button', { name: /^Move job \d+ down$/ })[0]!;
    fireEvent.click(first);
    await waitFor(
      () =>
        expect(order()).toEqual([
          expect.stringContaining('Two cubes'),
          expect.stringContaining('Calibration cube'),
        ]),
      WAIT,
    );
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM job_queue_moves').get()).toEqual({ n: 1 });
  });

  it('a trainee whose printer authorization was revoked sees why and cannot start; no override for them (in Spanish)', async () => {
    await loginOnScreen(t, 'trainee3');
    document.documentElement.lang = 'es';
    renderScreen(<JobsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Mis trabajos' }, WAIT));
    fireEvent.click(await screen.findByRole('button', { name: /Abrir el trabajo \d+: Two cubes/ }, WAIT));
    const start = await screen.findByRole('form', { name: 'Arrancar' }, WAIT);
    await within(start).findByText(
      /Tomás Ortega no está autorizado\/a en Practice printer .*autorización revocada/,
      {},
      WAIT,
    );
    expect(within(start).queryByLabelText('Motivo de la excepción del personal')).toBeNull();
    expect(
      within(start).getByRole<HTMLButtonElement>('button', { name: 'Arrancar la copia 1 de 2' }).disabled,
    ).toBe(true);
    expect(screen.queryByRole('button', { name: /^Subir el trabajo/ })).toBeNull();
  });

  it('anyone reports a safety hazard that takes a machine down; the board says so', async () => {
    await loginOnScreen(t, 'trainee');
    renderScreen(<JobsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Maintenance' }, WAIT));
    await screen.findByRole('heading', { name: /Practice printer/ }, WAIT);
    const report = screen.getByRole('form', { name: 'Report a problem' });
    select('Kind', 'Safety hazard', report);
    expect(
      within(report).getByLabelText<HTMLInputElement>(
        'Take the machine out of service until this is resolved',
      ).checked,
    ).toBe(true);
    fireEvent.change(within(report).getByLabelText('What is wrong'), {
      target: { value: 'Hot end thermistor loose' },
    });
    fireEvent.click(within(report).getByRole('button', { name: 'Report' }));
    await screen.findByText('Ticket 2: Hot end thermistor loose', {}, WAIT);
    await waitFor(
      () => expect(screen.getByRole('heading', { name: /Practice printer/ }).textContent).toContain('Down'),
      WAIT,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Queue' }));
    const lane = await screen.findByRole(
      'region',
      { name: 'Queue of Practice printer (simulated Marlin)' },
      WAIT,
    );
    await within(lane).findByText('Down: nothing starts on it', {}, WAIT);
  });
});
