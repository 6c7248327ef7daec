import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProductionScreen } from '../../../renderer/features/production/ProductionScreen.js';
import { loginOnScreen, renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/** The production screens against a real host over the demo lab (the finished mask drive). */
let t: TestHost;

const WAIT = { timeout: 10_000 };
const cell = (table: HTMLElement, rowName: string, column: number) => {
  const row = within(table).getByRole('row', { name: new RegExp(`^${rowName}`) });
  return within(row).getAllByRole('cell')[column]!.textContent;
};

beforeEach(async () => {
  t = await startTestHost({ demo: true });
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  delete window.desk;
  await t.close();
});

describe('production screens', () => {
  it('the mask drive run shows planned and real cost side by side, and its distributions by tier with the sale’s receipt', async () => {
    await loginOnScreen(t, 'staff');
    renderScreen(<ProductionScreen />);
    fireEvent.click(
      await screen.findByRole('button', { name: /^Open run 1: Mask drive, first batch/ }, WAIT),
    );
    const costs = await screen.findByRole('table', { name: 'Cost' }, WAIT);
    expect(cell(costs, 'Units', 0)).toBe('200');
    expect(cell(costs, 'Units', 1)).toBe('190');
    expect(cell(costs, 'Materials', 1)).toBe('$240.00');
    expect(cell(costs, 'Unit cost', 0)).toMatch(/^\$\d+\.\d\d$/);
    expect(screen.getByText(/^Cash spent/).textContent).toContain('$400.00');
    fireEvent.click(screen.getByRole('button', { name: 'Distribution' }));
    await screen.findByText('0 units passed QC and are not yet distributed.', {}, WAIT);
    const history = screen.getByRole('table', { name: 'Distributions' });
    const church = within(history).getByRole('row', { name: /New Horizon Church/ });
    expect(church.textContent).toMatch(/\$0\.\d\d \(5 %\)/);
    expect(church.textContent).toMatch(/receipt R-\d{4}-\d{4}/);
    const clinic = within(history).getByRole('row', { name: /Jackson Free Clinic/ });
    expect(clinic.textContent).toContain('Free');
  });

  it('staff run a new batch: QC passes ten, the suggestion fills the community’s oldest requests at 5 %, and they go out', async () => {
    const staff = await loginOnScreen(t, 'staff');
    const recipe = (await staff.ok('production.overview', {})).recipes[0]!;
    const run = await staff.ok('production.runs.create', {
      recipeId: recipe.id,
      title: 'Second batch',
      plannedQty: 10,
    });
    await staff.ok('production.runs.issueMaterial', {
      runId: run.run.id,
      name: 'Kit',
      quantity: 1,
      unit: 'lot',
      costCents: 2000,
    });
    await staff.ok('production.runs.made', { runId: run.run.id, quantity: 10 });
    await staff.ok('production.runs.qc', { runId: run.run.id, check: 'sanitation', passed: 10, failed: 0 });
    // Masks donated for another purpose sit on the same shelf: the run neither counts nor hands them out.
    await staff.ok('production.stock.adjust', {
      productId: run.run.productId,
      kind: 'donated_in',
      quantity: 50,
      reason: 'County health office',
      purpose: 'school nurse kits',
    });
    renderScreen(<ProductionScreen />);
    fireEvent.click(await screen.findByRole('button', { name: /^Open run 2: Second batch/ }, WAIT));
    fireEvent.click(await screen.findByRole('button', { name: 'Distribution' }, WAIT));
    await screen.findByText('10 units passed QC and are not yet distributed.', {}, WAIT);
    const lots = await screen.findByRole('region', { name: 'Stock by lot' }, WAIT);
    await within(lots).findByText(/\(made by run 2\): 10$/, {}, WAIT);
    expect(within(lots).getByText(/\(donated for school nurse kits\): 50$/)).toBeTruthy();
    const policy = screen.getByRole('table', { name: 'Pricing per tier' });
    fireEvent.change(within(policy).getByLabelText('Price (% of unit cost): Community'), {
      target: { value: '5' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save pricing' }));
    const suggestion = await screen.findByRole('region', { name: /Suggested allocation/ }, WAIT);
    // (2,000 ¢ material + 10 × 20 ¢ overhead) ÷ 10 = 220 ¢ a unit; 5 % is 11 ¢.
    await waitFor(() => {
      const rows = within(suggestion).getAllByRole('row').slice(1);
      expect(rows.map((r) => r.textContent)).toEqual([
        'New Horizon ChurchCommunity5$0.11$0.55',
        'Westside neighboursCommunity5$0.11$0.55',
      ]);
    }, WAIT);
    fireEvent.click(within(suggestion).getByRole('button', { name: 'Distribute as suggested' }));
    await screen.findByText('0 units passed QC and are not yet distributed.', {}, WAIT);
    const history = screen.getByRole('table', { name: 'Distributions' });
    expect(within(history).getAllByRole('row')).toHaveLength(3);
    expect(within(history).getByRole('row', { name: /Westside neighbours/ }).textContent).toMatch(
      /receipt R-\d{4}-\d{4}/,
    );
  });

  it('staff record units made; more than planned is refused on screen until the run is extended with a reason', async () => {
    const staff = await loginOnScreen(t, 'staff');
    const recipe = (await staff.ok('production.overview', {})).recipes[0]!;
    const run = await staff.ok('production.runs.create', {
      recipeId: recipe.id,
      title: 'Small batch',
      plannedQty: 20,
    });
    renderScreen(<ProductionScreen />);
    fireEvent.click(await screen.findByRole('button', { name: /^Open run 2: Small batch/ }, WAIT));
    const made = await screen.findByRole('form', { name: 'Record units made' }, WAIT);
    fireEvent.change(within(made).getByLabelText('Units made'), { target: { value: '40' } });
    fireEvent.click(within(made).getByRole('button', { name: 'Record units made' }));
    await within(made).findByText(
      'Run 2 was planned for 20, and 0 are made: 40 more would be 40. Extend the run with a reason first.',
      {},
      WAIT,
    );
    expect((await staff.ok('production.runs.get', { id: run.run.id })).run.madeQty).toBe(0);
    const extend = screen.getByRole('form', { name: 'Extend the run' });
    fireEvent.change(within(extend).getByLabelText('Extra units'), { target: { value: '20' } });
    expect(within(extend).getByRole<HTMLButtonElement>('button', { name: 'Extend the run' }).disabled).toBe(
      true,
    );
    fireEvent.change(within(extend).getByLabelText('Why the run makes more'), {
      target: { value: 'A second clinic joined the drive' },
    });
    fireEvent.click(within(extend).getByRole('button', { name: 'Extend the run' }));
    await screen.findByText(/^\+20: A second clinic joined the drive/, {}, WAIT);
    fireEvent.change(within(made).getByLabelText('Units made'), { target: { value: '40' } });
    fireEvent.click(within(made).getByRole('button', { name: 'Record units made' }));
    await screen.findByText('40 made of 40 the run may make (20 planned, 20 more by extension)', {}, WAIT);
  });

  it('a trainee has no production area at all (the contract refuses); the screens speak Spanish', async () => {
    const trainee = await loginOnScreen(t, 'trainee');
    expect(await trainee.call('production.overview', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    cleanup();
    await loginOnScreen(t, 'instructor');
    document.documentElement.lang = 'es';
    renderScreen(<ProductionScreen />);
    await screen.findByRole('button', { name: /^Abrir la tanda 1/ }, WAIT);
    expect(screen.getByRole('heading', { name: 'Producción' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Nueva tanda' })).toBeTruthy(); // Darnell is staff too
  });
});
