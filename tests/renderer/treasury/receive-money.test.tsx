import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { ReceiveMoney } from '../../../renderer/features/treasury/ReceiveMoney.js';
import { Campaign } from '../../../renderer/features/treasury/Campaign.js';
import { Reports } from '../../../renderer/features/treasury/Reports.js';
import { Organisation } from '../../../renderer/features/treasury/Organisation.js';
import { JobPayments } from '../../../renderer/features/treasury/JobPayments.js';
import { Gifts } from '../../../renderer/features/treasury/Gifts.js';
import { DialogProvider } from '../../../renderer/app/dialogs.js';
import { jobsLab } from '../../unit/jobs/helpers.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/**
 * The screens against a real host over a real SQLite file: the bridge is the logged-in treasurer's connection,
 * so what the screen posts is what main books (no fake answers).
 */
let t: TestHost;
let treasurer: TestClient;

function connect(client: TestClient): void {
  const bridge: DeskBridge = {
    call: (method, input) => client.raw(method, input),
    on: () => () => undefined,
  };
  (window as unknown as { desk: DeskBridge }).desk = bridge;
}

function show(node: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{node}</QueryClientProvider>);
}

beforeEach(async () => {
  t = await startTestHost();
  treasurer = await t.as('treasurer');
  connect(treasurer);
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  await t.close();
});

describe('recording money: share, gift or loan?', () => {
  it('shows what each kind means, will not post until one is chosen and understood, then books a capital gift', async () => {
    await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Eleanor Fitzgerald' });
    show(<ReceiveMoney />);
    fireEvent.change(screen.getByLabelText('Amount (dollars and cents)'), { target: { value: '$1,000.5' } });
    expect(screen.getByTestId('amount-preview').textContent).toBe('$1,000.50');
    fireEvent.change(screen.getByLabelText('Amount (dollars and cents)'), { target: { value: '10,00' } });
    expect(screen.getByTestId('amount-preview').textContent).toBe('Use a period for cents: write 10.00.');
    fireEvent.change(screen.getByLabelText('Amount (dollars and cents)'), { target: { value: '1,000.00' } });
    fireEvent.change(screen.getByLabelText('Date received'), { target: { value: '2026-11-20' } });
    await waitFor(() => expect(screen.getByRole('option', { name: 'Eleanor Fitzgerald' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: String((await treasurer.ok('treasury.parties.list', {}))[0]!.id) },
    });

    // All three consequences are on screen before anything can be posted.
    expect(screen.getByText('Gives the member a vote in their class (one member, one vote).')).toBeTruthy();
    expect(
      screen.getByText('Becomes income of the receiving entity; never a share, never a vote.'),
    ).toBeTruthy();
    expect(
      screen.getByText('Must be repaid on its schedule, with interest if the rate is above 0 %.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Record/ })).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: /Gift/ }));
    const post = screen.getByRole('button', { name: 'Record $1,000.00 as a gift' });
    expect((post as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.getByRole('option', { name: 'National gifts' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Fund'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Campaign tranche'), { target: { value: '2' } });
    fireEvent.click(screen.getByLabelText('I have read what recording it as a gift means.'));
    expect((post as HTMLButtonElement).disabled).toBe(false);
    // A double click: both clicks carry the form's one key, so main records one gift.
    fireEvent.click(post);
    fireEvent.click(post);

    const result = await screen.findByTestId('receive-result');
    expect(result.textContent).toContain(
      'Gift of $1,000.00 from Eleanor Fitzgerald recorded — receipt R-2026-0001',
    );
    expect(
      within(result).getByRole('button', { name: 'Open receipt R-2026-0001' }).getAttribute('href'),
    ).toMatch(/^\/blob\/treasury\/receipt\/R-2026-0001\.pdf\?login=/);
    expect(result.textContent).not.toMatch(/[Jj]ournal|entr/);
    // The form starts over: nothing typed, no kind chosen, so no Record button to press again.
    expect(screen.getByLabelText<HTMLInputElement>('Amount (dollars and cents)').value).toBe('');
    expect(screen.queryByRole('button', { name: /^Record/ })).toBeNull();
    fireEvent.click(within(result).getByRole('button', { name: 'Create the acknowledgment' }));
    const link = await screen.findByTestId('ack-pdf');
    expect(link.getAttribute('href')).toMatch(/^\/blob\/treasury\/acknowledgment\/1\.pdf\?login=/);

    const gifts = await treasurer.ok('treasury.gifts.list', {});
    expect(gifts).toMatchObject([{ amountCents: 100_000, fundCode: 'capital', trancheId: 2 }]);
    expect(await treasurer.ok('treasury.members.list', {})).toEqual([]);
  });

  it('on a Spanish screen a refused amount says why in Spanish', () => {
    document.documentElement.lang = 'es';
    show(<ReceiveMoney />);
    const amount = screen.getByLabelText('Monto (dólares y centavos)');
    fireEvent.change(amount, { target: { value: '10,00' } });
    expect(screen.getByTestId('amount-preview').textContent).toBe(
      'Use un punto para los centavos: escriba 10.00.',
    );
    fireEvent.change(amount, { target: { value: '$1,000.555' } });
    expect(screen.getByTestId('amount-preview').textContent).toBe(
      'Los centavos tienen como máximo dos dígitos.',
    );
    fireEvent.change(amount, { target: { value: '-5' } });
    expect(screen.getByTestId('amount-preview').textContent).toBe(
      'Escriba el monto sin signo; los reembolsos y las correcciones tienen su propio paso.',
    );
    fireEvent.change(amount, { target: { value: '$1,000.5' } });
    expect(screen.getByTestId('amount-preview').textContent).toBe('$1,000.50');
  });

  it('a share purchase for an admitted member issues a certificate, and the thermometer moves', async () => {
    const p = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Tanisha Williams' });
    await treasurer.ok('treasury.members.admit', {
      partyId: p.id,
      memberClassId: 3,
      admittedOn: '2026-11-01',
    });
    show(
      <>
        <ReceiveMoney />
        <Campaign />
      </>,
    );
    expect((await screen.findByTestId('tranche-local-shares')).textContent).toContain(
      '$0.00 of $200,000.00 · 0 of 200',
    );
    fireEvent.change(screen.getByLabelText('Amount (dollars and cents)'), { target: { value: '1000' } });
    await waitFor(() => expect(screen.getByRole('option', { name: 'Tanisha Williams' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('From'), { target: { value: String(p.id) } });
    fireEvent.click(screen.getByRole('radio', { name: /Share purchase/ }));
    await waitFor(() =>
      expect(screen.getByRole('option', { name: '1 · Tanisha Williams · community' })).toBeTruthy(),
    );
    fireEvent.change(screen.getByLabelText('Member'), {
      target: {
        value: screen.getByRole('option', { name: '1 · Tanisha Williams · community' }).getAttribute('value'),
      },
    });
    fireEvent.click(screen.getByLabelText('I have read what recording it as a share purchase means.'));
    fireEvent.click(screen.getByRole('button', { name: 'Record $1,000.00 as a share purchase' }));
    expect((await screen.findByTestId('receive-result')).textContent).toContain('Certificate 1 issued.');
    await waitFor(() =>
      expect(screen.getByTestId('tranche-local-shares').textContent).toContain(
        '$1,000.00 of $200,000.00 · 1 of 200',
      ),
    );
  });

  it('main refuses what the screen cannot prevent, and the screen says why', async () => {
    const p = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Jerome Jackson' });
    await treasurer.ok('treasury.members.admit', {
      partyId: p.id,
      memberClassId: 1,
      admittedOn: '2026-11-01',
    });
    show(<ReceiveMoney />);
    fireEvent.change(screen.getByLabelText('Amount (dollars and cents)'), { target: { value: '500' } });
    await waitFor(() => expect(screen.getByRole('option', { name: 'Jerome Jackson' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('From'), { target: { value: String(p.id) } });
    fireEvent.click(screen.getByRole('radio', { name: /Share purchase/ }));
    const option = await screen.findByRole('option', { name: '1 · Jerome Jackson · cooperation-jackson' });
    fireEvent.change(screen.getByLabelText('Member'), { target: { value: option.getAttribute('value') } });
    fireEvent.click(screen.getByLabelText('I have read what recording it as a share purchase means.'));
    fireEvent.click(screen.getByRole('button', { name: 'Record $500.00 as a share purchase' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Members of the Cooperation Jackson class pay for their shares in one payment of $1,000.00.',
    );
    expect(await treasurer.ok('treasury.journal.list', {})).toEqual([]);
  });
});

describe('reports on screen', () => {
  it('shows the trial balance in dollars and cents with its totals, in Spanish too', async () => {
    const p = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Rosa Martínez' });
    await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '250',
      date: '2026-11-02',
      gift: { donorPartyId: p.id, fundId: 1 },
      understood: true,
    });
    document.documentElement.lang = 'es';
    show(<Reports />);
    const table = await screen.findByTestId('report-trial-balance');
    expect(within(table).getByText('Income:Contributions:WithoutDonorRestrictions')).toBeTruthy();
    expect(table.querySelector('tfoot')?.textContent).toBe('Total$250.00$250.00');
    expect(screen.getByRole('button', { name: 'Descargar CSV' })).toBeTruthy();
  });
});

describe('the organisation and the receiving entity', () => {
  it('saves the legal and tax identity; with a fiscal sponsor the gift form asks who receives it, and the receipt is the sponsor’s', async () => {
    await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Aisha Bello' });
    const view = show(<Organisation />);
    const legal = await screen.findByLabelText<HTMLInputElement>('Legal name');
    fireEvent.change(legal, { target: { value: 'Fab Lab Cooperative of Jackson' } });
    fireEvent.change(screen.getByLabelText('Address'), { target: { value: '2 Sixth Street, Jackson' } });
    fireEvent.change(screen.getByLabelText('EIN (NN-NNNNNNN)'), { target: { value: '123456789' } });
    fireEvent.click(screen.getByLabelText('Cooperative (not a 501(c)(3))'));
    fireEvent.click(screen.getByRole('button', { name: 'Save organisation settings' }));
    // A badly written EIN is refused in words, and nothing changes.
    expect((await screen.findByRole('alert')).textContent).toContain('NN-NNNNNNN');
    expect((await treasurer.ok('treasury.organisation.get', {})).legalName).toBe(
      'Center for Community Production',
    );
    fireEvent.change(screen.getByLabelText('EIN (NN-NNNNNNN)'), { target: { value: '64-1234567' } });
    fireEvent.click(screen.getByLabelText('Gifts may be received through a fiscal sponsor'));
    fireEvent.change(screen.getByLabelText('Fiscal sponsor’s legal name'), {
      target: { value: 'Southern Fund for Makers' },
    });
    fireEvent.change(screen.getByLabelText('Fiscal sponsor’s EIN'), { target: { value: '58-7654321' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save organisation settings' }));
    await screen.findByText('Organisation settings saved.');
    expect(await treasurer.ok('treasury.organisation.get', {})).toMatchObject({
      legalName: 'Fab Lab Cooperative of Jackson',
      ein: '64-1234567',
      taxStatus: 'cooperative',
      fiscalSponsor: { name: 'Southern Fund for Makers', ein: '58-7654321' },
      timeZone: 'America/Chicago',
    });
    view.unmount();

    show(<ReceiveMoney />);
    fireEvent.change(screen.getByLabelText('Amount (dollars and cents)'), { target: { value: '250.00' } });
    fireEvent.change(screen.getByLabelText('Date received'), { target: { value: '2026-11-20' } });
    await waitFor(() => expect(screen.getByRole('option', { name: 'Aisha Bello' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: String((await treasurer.ok('treasury.parties.list', {}))[0]!.id) },
    });
    fireEvent.click(screen.getByRole('radio', { name: /Gift/ }));
    fireEvent.click(await screen.findByLabelText('Southern Fund for Makers (fiscal sponsor)'));
    fireEvent.click(screen.getByLabelText('I have read what recording it as a gift means.'));
    fireEvent.click(screen.getByRole('button', { name: 'Record $250.00 as a gift' }));
    const result = await screen.findByTestId('receive-result');
    expect(result.textContent).toContain('Gift of $250.00 from Aisha Bello recorded — receipt R-2026-0001');
    expect(await treasurer.ok('treasury.gifts.list', {})).toMatchObject([
      { receivingEntity: 'Southern Fund for Makers' },
    ]);
  });
});

describe('payments for lab jobs', () => {
  it('records a job’s quoted or typed amount once, offers its receipt, and lists the job as paid', async () => {
    const lab = await jobsLab(t);
    await lab.request(lab.trainee, { title: 'Bracket' });
    show(<JobPayments />);
    const job = await screen.findByRole('option', { name: /Bracket/ });
    fireEvent.change(screen.getByLabelText('Job to record a payment for'), {
      target: { value: job.getAttribute('value') },
    });
    fireEvent.change(screen.getByLabelText('Amount paid (leave empty for the quote)'), {
      target: { value: '12.50' },
    });
    fireEvent.change(screen.getByLabelText('Date paid'), { target: { value: '2026-11-24' } });
    const record = screen.getByRole('button', { name: 'Record payment of $12.50' });
    fireEvent.click(record);
    fireEvent.click(record);
    const result = await screen.findByTestId('job-payment-result');
    expect(result.textContent).toMatch(
      /Payment of \$12\.50 from .+ for job 1 recorded — receipt R-2026-0001/,
    );
    expect(within(result).getByRole('button', { name: 'Open receipt R-2026-0001' })).toBeTruthy();
    await screen.findByText('Paid $12.50 on 2026-11-24');
    // Paid once: the job leaves the list of jobs to pay, and the books hold one payment.
    expect(screen.queryByRole('option', { name: /Bracket/ })).toBeNull();
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM treasury_job_payments').get()).toEqual({
      n: 1,
    });
  });
});

describe('receipts issued', () => {
  it('lists every receipt to reprint, a voided gift’s marked VOID under its own number', async () => {
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Aisha Bello' });
    const gift = await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '250.00',
      date: '2026-11-20',
      gift: { donorPartyId: donor.id, fundId: 1 },
      understood: true,
    });
    await treasurer.ok('treasury.gifts.void', {
      idempotencyKey: crypto.randomUUID(),
      giftId: gift.giftId!,
      date: '2026-11-21',
      reason: 'was for shares',
    });
    show(
      <DialogProvider>
        <Gifts />
      </DialogProvider>,
    );
    const table = await screen.findByTestId('receipts');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    const row = within(table).getAllByRole('row')[1]!;
    expect(row.textContent).toBe('R-2026-0001 (PDF) — VOID2026-11-20Aisha Bello — Gift$250.00');
    expect(within(row).getByRole('link').getAttribute('href')).toMatch(
      /^\/blob\/treasury\/receipt\/R-2026-0001\.pdf/,
    );
  });
});
