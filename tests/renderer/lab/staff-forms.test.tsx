import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  HoursAndBlackoutForms,
  MaterialEditForm,
  PresetVersionForm,
} from '../../../renderer/features/lab/StaffForms.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { labFixture, type Lab } from '../../unit/lab/helpers.js';

/** The lab's staff forms against a real host and SQLite file (issue 16 items 3 and 5). */
let t: TestHost;
let lab: Lab;
const WAIT = { timeout: 10_000 };

function onScreen(client: TestClient): void {
  window.desk = {
    call: (method, input) => client.raw(method, input),
    on: (topic, listener) => client.on(topic, listener),
  };
}

const form = (name: string) => screen.findByRole('form', { name }, WAIT);
const field = (f: HTMLElement, label: RegExp) => within(f).getByLabelText(label);

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
  document.documentElement.lang = 'en';
  await t.close();
});

async function acrylic(): Promise<number> {
  return (
    await lab.staff.ok('lab.materials.save', {
      code: 'acrylic-3mm',
      name: 'Acrylic 3 mm',
      unit: 'sheet',
      unitCents: 1000,
      tracksStock: true,
    })
  ).id;
}

describe('staff forms of the lab, on screen', () => {
  it('edits a material: unit, cost per unit in cents, a forbidden kind with its reason; a bad cost changes nothing', async () => {
    const id = await acrylic();
    onScreen(lab.staff);
    renderScreen(<MaterialEditForm />);
    const f = await form('Edit a material');
    await waitFor(() => expect(within(f).getAllByRole('option').length).toBeGreaterThan(1), WAIT);
    fireEvent.change(field(f, /^Material/), { target: { value: String(id) } });
    expect((field(f, /^Cost per unit/) as HTMLInputElement).value).toBe('10.00');
    // Not an amount: refused on screen, the material is as it was.
    fireEvent.change(field(f, /^Cost per unit/), { target: { value: '12,5' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Save the material' }));
    expect((await within(f).findByRole('alert')).textContent).toBe(
      '“12,5” is not an amount in dollars and cents, like 4.50.',
    );
    const before = (await lab.staff.ok('lab.materials.list', {})).find((m) => m.id === id);
    expect(before).toMatchObject({ unit: 'sheet', unitCents: 1000, forbidden: [] });
    // A forbidden kind needs its reason.
    fireEvent.change(field(f, /^Cost per unit/), { target: { value: '12.35' } });
    fireEvent.change(field(f, /^Never on this kind/), { target: { value: 'sewing-machine' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Save the material' }));
    expect((await within(f).findByRole('alert')).textContent).toMatch(/^Say why the material/);
    fireEvent.change(field(f, /^Why \(people are told/), {
      target: { value: 'Rigid sheet: it breaks the needle.' },
    });
    fireEvent.change(field(f, /^Unit/), { target: { value: 'piece' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Save the material' }));
    expect(await within(f).findByText('Saved.', {}, WAIT)).toBeTruthy();
    const after = (await lab.staff.ok('lab.materials.list', {})).find((m) => m.id === id);
    expect(after).toMatchObject({
      unit: 'piece',
      unitCents: 1235,
      forbidden: [{ kind: 'sewing-machine', reason: 'Rigid sheet: it breaks the needle.' }],
    });
  });

  it('a forbidden material set on screen is refused at a session start with the reason; in Spanish the form speaks Spanish', async () => {
    const id = await acrylic();
    document.documentElement.lang = 'es';
    onScreen(lab.staff);
    renderScreen(<MaterialEditForm />);
    const f = await form('Editar un material');
    await waitFor(() => expect(within(f).getAllByRole('option').length).toBeGreaterThan(1), WAIT);
    fireEvent.change(field(f, /^Material/), { target: { value: String(id) } });
    fireEvent.change(field(f, /^Nunca en este tipo/), { target: { value: 'sewing-machine' } });
    fireEvent.change(field(f, /^Por qué/), { target: { value: 'Rompe la aguja.' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Guardar el material' }));
    expect(await within(f).findByText('Guardado.', {}, WAIT)).toBeTruthy();
    expect(
      await lab.trained.call('lab.sessions.start', { machineId: lab.singer, materialId: id }),
    ).toMatchObject({
      ok: false,
      error: { details: { gate: 'forbidden-material', reason: 'Rompe la aguja.' } },
    });
  });

  it('saves a new preset version with its test-cut note; a settings line without a value is refused', async () => {
    const id = await acrylic();
    await lab.staff.ok('lab.presets.save', {
      machineId: lab.laser,
      materialId: id,
      operation: 'cut',
      settings: { powerPct: 90, speedMmS: 10, passes: 1 },
      testedById: lab.staff.personId,
      testedOn: '2026-12-01',
      testNote: 'Cut through, light charring',
    });
    onScreen(lab.staff);
    renderScreen(<PresetVersionForm />);
    const f = await form('Save a new preset version');
    await waitFor(() => expect(within(field(f, /^Machine/)).getAllByRole('option').length).toBe(3), WAIT);
    await waitFor(() =>
      expect(within(field(f, /^Material/)).getAllByRole('option').length).toBeGreaterThan(1),
    );
    fireEvent.change(field(f, /^Machine/), { target: { value: String(lab.laser) } });
    fireEvent.change(field(f, /^Material/), { target: { value: String(id) } });
    fireEvent.change(field(f, /^Settings/), { target: { value: 'powerPct=\nspeedMmS=12' } });
    fireEvent.change(field(f, /^Test-cut note/), { target: { value: 'Clean edge, no flame' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Save as the next version' }));
    expect((await within(f).findByRole('alert')).textContent).toMatch(/^Write each setting/);
    expect(await lab.staff.ok('lab.presets.list', { materialId: id, allVersions: true })).toHaveLength(1);
    // The host checks a laser's settings: more than 100 % power is refused, and nothing is saved.
    fireEvent.change(field(f, /^Settings/), { target: { value: 'powerPct=150\nspeedMmS=12\npasses=2' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Save as the next version' }));
    await waitFor(() => expect(within(f).getByRole('alert').textContent).toMatch(/100/), WAIT);
    expect(await lab.staff.ok('lab.presets.list', { materialId: id, allVersions: true })).toHaveLength(1);
    fireEvent.change(field(f, /^Settings/), { target: { value: 'powerPct=85\nspeedMmS=12\npasses=2' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Save as the next version' }));
    expect(await within(f).findByText('Saved as version 2.', {}, WAIT)).toBeTruthy();
    const versions = await lab.staff.ok('lab.presets.list', { materialId: id, allVersions: true });
    expect(versions.find((p) => p.version === 2)).toMatchObject({
      machineId: lab.laser,
      operation: 'cut',
      settings: { powerPct: 85, speedMmS: 12, passes: 2 },
      testNote: 'Clean edge, no flame',
      testedById: lab.staff.personId,
      testedOn: '2026-12-08',
    });
  });

  it('sets the opening hours and blocks time on a machine; a closing before the opening changes nothing', async () => {
    const machine = (await lab.staff.ok('machines.list', {})).find(
      (m) => m.machine.id === lab.singer,
    )!.machine;
    const hoursNow = async () =>
      (
        await lab.staff.ok('lab.bookings.list', {
          machineId: lab.singer,
          from: '2026-12-08T00:00:00.000Z',
          to: '2026-12-15T00:00:00.000Z',
        })
      ).hours;
    const before = await hoursNow();
    onScreen(lab.staff);
    renderScreen(<HoursAndBlackoutForms machine={machine} />);
    const hours = await form('Opening hours');
    fireEvent.click(within(hours).getByLabelText('Open on Sunday'));
    fireEvent.change(within(hours).getByLabelText('Sunday opens at'), { target: { value: '14:00' } });
    fireEvent.change(within(hours).getByLabelText('Sunday closes at'), { target: { value: '10:00' } });
    fireEvent.click(within(hours).getByRole('button', { name: 'Save the hours' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A day must close after it opens.');
    expect(await hoursNow()).toEqual(before);
    fireEvent.change(within(hours).getByLabelText('Sunday opens at'), { target: { value: '10:00' } });
    fireEvent.change(within(hours).getByLabelText('Sunday closes at'), { target: { value: '14:00' } });
    fireEvent.click(within(hours).getByRole('button', { name: 'Save the hours' }));
    expect(await screen.findByText('Opening hours saved.', {}, WAIT)).toBeTruthy();
    const after = await hoursNow();
    expect(after).toContainEqual({ weekday: 0, opens: '10:00', closes: '14:00' });
    expect(after.filter((h) => h.weekday !== 0)).toEqual(before.filter((h) => h.weekday !== 0));

    const block = await form('Block time on Singer 4423');
    fireEvent.change(field(block, /^From \(date\)/), { target: { value: '2026-12-09' } });
    fireEvent.change(field(block, /^From \(time\)/), { target: { value: '10:00' } });
    fireEvent.change(field(block, /^Until \(date\)/), { target: { value: '2026-12-09' } });
    fireEvent.change(field(block, /^Until \(time\)/), { target: { value: '12:00' } });
    fireEvent.change(field(block, /^Why/), { target: { value: 'Service visit' } });
    fireEvent.click(within(block).getByRole('button', { name: 'Block this time' }));
    expect(await screen.findByText('Time blocked: nobody can book it.', {}, WAIT)).toBeTruthy();
    const listed = await lab.staff.ok('lab.bookings.list', {
      machineId: lab.singer,
      from: '2026-12-09T00:00:00.000Z',
      to: '2026-12-10T12:00:00.000Z',
    });
    // 10:00–12:00 in the lab (America/Chicago, UTC−6 in December).
    expect(listed.blackouts).toContainEqual(
      expect.objectContaining({
        machineId: lab.singer,
        startsAt: '2026-12-09T16:00:00.000Z',
        endsAt: '2026-12-09T18:00:00.000Z',
        reason: 'Service visit',
      }),
    );
    expect(
      await lab.trained.call('lab.bookings.book', {
        machineId: lab.singer,
        startsAt: '2026-12-09T16:30:00.000Z',
        endsAt: '2026-12-09T17:00:00.000Z',
      }),
    ).toMatchObject({ ok: false, error: { details: { gate: 'blackout' } } });
  });

  it('shows none of the forms to a trainee', async () => {
    onScreen(lab.trained);
    const machine = (await lab.trained.ok('machines.list', {})).find(
      (m) => m.machine.id === lab.singer,
    )!.machine;
    renderScreen(
      <>
        <MaterialEditForm />
        <PresetVersionForm />
        <HoursAndBlackoutForms machine={machine} />
        <p>end</p>
      </>,
    );
    await screen.findByText('end');
    await waitFor(async () => {
      expect(await lab.trained.ok('session.whoami', {})).not.toBeNull();
    });
    expect(screen.queryByRole('form')).toBeNull();
  });
});
