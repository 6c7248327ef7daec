import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProductionScreen } from '../../../renderer/features/production/ProductionScreen.js';
import { loginOnScreen, renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/** Editing a recipe draft and activating it, against a real host over the demo lab (face-mask v2 is active). */
let t: TestHost;

const WAIT = { timeout: 10_000 };
const card = (name: RegExp) => screen.findByRole('listitem', { name }, WAIT);
const type = (root: HTMLElement, label: string, value: string) =>
  fireEvent.change(within(root).getByLabelText(label), { target: { value } });

beforeEach(async () => {
  t = await startTestHost({ demo: true });
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  delete window.desk;
  await t.close();
});

describe('recipe editor', () => {
  it('staff start v3 from the active v2, edit the draft (a comma amount refused, nothing written), activate it; then it is refused for edits', async () => {
    const staff = await loginOnScreen(t, 'staff');
    const versions = () => staff.ok('production.recipes.versions', { code: 'face-mask' });
    const v2Before = (await versions())[1]!;
    renderScreen(<ProductionScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Recipes' }, WAIT));

    // The active version has no edit: it says it never changes and offers the next version as a draft.
    const active = await card(/^face-mask v2: /);
    expect(within(active).getByText('Active')).toBeTruthy();
    expect(within(active).queryByRole('button', { name: /^Edit version/ })).toBeNull();
    expect(within(active).getByText(/Version 2 is no longer a draft: it never changes/)).toBeTruthy();
    fireEvent.click(within(active).getByRole('button', { name: 'Start version 3 as a draft' }));
    const next = await screen.findByRole('form', { name: 'New draft: face-mask version 3' }, WAIT);
    expect(within(next).getByLabelText<HTMLInputElement>('Cost of material 1').value).toBe('$0.45');
    type(next, 'Recipe name', 'Face mask, recycled elastic');
    type(next, 'Cost of material 3', '$0.12');
    fireEvent.click(within(next).getByRole('button', { name: 'Save draft' }));
    await screen.findByText('face-mask version 3 saved as a draft.', {}, WAIT);
    const draft = await card(/^face-mask v3: Face mask, recycled elastic/);
    expect(within(draft).getByText('Draft')).toBeTruthy();

    // Edit the draft: "0,25" is refused in words and nothing is written; "$0.25" changes v3 itself (no v4).
    fireEvent.click(within(draft).getByRole('button', { name: 'Edit version 3' }));
    const edit = await screen.findByRole('form', { name: 'Edit face-mask version 3 (draft)' }, WAIT);
    type(edit, 'Overhead per unit', '0,25');
    fireEvent.click(within(edit).getByRole('button', { name: 'Save draft' }));
    expect((await within(edit).findByRole('alert')).textContent).toBe(
      'Overhead per unit not saved: Use a period for cents: write 0.25.',
    );
    const afterRefusal = await versions();
    expect(afterRefusal).toHaveLength(3);
    expect(afterRefusal[2]!.overheadCents).toBe(20);
    type(edit, 'Overhead per unit', '$0.25');
    fireEvent.click(within(edit).getByRole('button', { name: 'Save draft' }));
    const edited = await card(/^face-mask v3: /);
    // 45 + 60 + 12 materials + 300 labour + 10 machine + 25 overhead cents.
    await within(edited).findByText(/Planned unit cost \$4\.52/, {}, WAIT);
    const saved = await versions();
    expect(saved.map((r) => [r.version, r.status])).toEqual([
      [1, 'retired'],
      [2, 'active'],
      [3, 'draft'],
    ]);
    expect(saved[1]).toEqual(v2Before);
    expect(saved[2]).toMatchObject({
      name: 'Face mask, recycled elastic',
      overheadCents: 25,
      unitCostCents: 452,
    });
    expect(saved[2]!.materials[2]).toEqual({ name: 'Elastic', quantity: 0.5, unit: 'm', centsPerUnit: 12 });

    // Activate: v3 is active, v2 retires unchanged, and v3 no longer offers an edit.
    fireEvent.click(within(edited).getByRole('button', { name: 'Activate version 3' }));
    await screen.findByText('face-mask version 3 is active.', {}, WAIT);
    const nowActive = await card(/^face-mask v3: /);
    await within(nowActive).findByText('Active', {}, WAIT);
    expect(within(nowActive).queryByRole('button', { name: 'Edit version 3' })).toBeNull();
    expect(within(nowActive).getByText(/Version 3 is no longer a draft: it never changes/)).toBeTruthy();
    expect(within(nowActive).getByRole('button', { name: 'Start version 4 as a draft' })).toBeTruthy();
    const after = await versions();
    expect(after.map((r) => [r.version, r.status])).toEqual([
      [1, 'retired'],
      [2, 'retired'],
      [3, 'active'],
    ]);
    expect({ ...after[1], status: 'active' }).toEqual(v2Before);

    // A change to the active version is written as v4, a draft; v3 stays exactly as activated.
    fireEvent.click(within(nowActive).getByRole('button', { name: 'Start version 4 as a draft' }));
    const v4 = await screen.findByRole('form', { name: 'New draft: face-mask version 4' }, WAIT);
    type(v4, 'Overhead per unit', '$0.30');
    fireEvent.click(within(v4).getByRole('button', { name: 'Save draft' }));
    await screen.findByText('face-mask version 4 saved as a draft.', {}, WAIT);
    await waitFor(async () => expect(await versions()).toHaveLength(4), WAIT);
    const final = await versions();
    expect(final[2]).toEqual(after[2]);
    expect(final[3]).toMatchObject({ status: 'draft', overheadCents: 30 });
  }, 60_000);

  it('on a Spanish screen a refused amount says why in Spanish, and no version is written', async () => {
    document.documentElement.lang = 'es';
    const staff = await loginOnScreen(t, 'staff');
    const before = await staff.ok('production.recipes.versions', { code: 'face-mask' });
    renderScreen(<ProductionScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Recetas' }, WAIT));
    const active = await card(/^face-mask v2: /);
    fireEvent.click(within(active).getByRole('button', { name: 'Empezar la versión 3 como borrador' }));
    const next = await screen.findByRole('form', { name: 'Borrador nuevo: face-mask versión 3' }, WAIT);
    type(next, 'Gastos generales por unidad', '-5');
    fireEvent.click(within(next).getByRole('button', { name: 'Guardar borrador' }));
    expect((await within(next).findByRole('alert')).textContent).toBe(
      'Gastos generales por unidad no guardado: Escriba el monto sin signo; los reembolsos y las correcciones tienen su propio paso.',
    );
    type(next, 'Gastos generales por unidad', '0,25');
    fireEvent.click(within(next).getByRole('button', { name: 'Guardar borrador' }));
    await waitFor(
      () =>
        expect(within(next).getByRole('alert').textContent).toBe(
          'Gastos generales por unidad no guardado: Use un punto para los centavos: escriba 0.25.',
        ),
      WAIT,
    );
    expect(await staff.ok('production.recipes.versions', { code: 'face-mask' })).toEqual(before);
  }, 60_000);
});
