import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { Members } from '../../../renderer/features/treasury/Members.js';
import { Loans } from '../../../renderer/features/treasury/Loans.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/** The members and loans tabs against a real host: what the screen shows is what the books hold. */
let t: TestHost;
let treasurer: TestClient;

function show(node: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{node}</QueryClientProvider>);
}

beforeEach(async () => {
  t = await startTestHost();
  treasurer = await t.as('treasurer');
  const bridge: DeskBridge = {
    call: (method, input) => treasurer.raw(method, input),
    on: () => () => undefined,
  };
  (window as unknown as { desk: DeskBridge }).desk = bridge;
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  await t.close();
});

describe('members and certificates', () => {
  it('a transfer cancels the old certificate and issues new ones; the register shows both operations', async () => {
    const a = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Latoya Harris' });
    const b = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Cedric Lewis' });
    const ma = await treasurer.ok('treasury.members.admit', {
      partyId: a.id,
      memberClassId: 3,
      admittedOn: '2026-10-01',
    });
    await treasurer.ok('treasury.members.admit', {
      partyId: b.id,
      memberClassId: 3,
      admittedOn: '2026-10-01',
    });
    await treasurer.ok('treasury.receive', {
      kind: 'share',
      amount: '2,000',
      date: '2026-10-02',
      share: { membershipId: ma.id, shares: 2 },
      understood: true,
    });
    show(<Members />);
    const members = await screen.findByTestId('members');
    await waitFor(() => expect(within(members).getAllByRole('row')).toHaveLength(3));
    fireEvent.change(screen.getByRole('combobox', { name: 'Member' }), { target: { value: String(ma.id) } });
    fireEvent.change(screen.getByRole('combobox', { name: 'To member' }), {
      target: { value: String(ma.id + 1) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Transfer shares' }));
    await waitFor(() => expect(within(screen.getByTestId('register')).getAllByRole('row')).toHaveLength(4));
    const certificates = within(screen.getByTestId('certificates'));
    expect(certificates.getAllByRole('row').map((r) => r.textContent)).toEqual([
      'CertificateNameSharesDateStatusPDF',
      expect.stringMatching(/^1Latoya Harris \(1\)2.*Cancelled/),
      expect.stringMatching(/^2Latoya Harris \(1\)1.*LivePDF$/),
      expect.stringMatching(/^3Cedric Lewis \(2\)1.*LivePDF$/),
    ]);
    expect(within(screen.getByTestId('register')).getByText('Transfer out')).toBeTruthy();
  });
});

describe('loans and PRIs', () => {
  it('recording a PRI’s terms shows its schedule and the reports it owes the foundation', async () => {
    await treasurer.ok('treasury.parties.create', { kind: 'organisation', name: 'Magnolia Foundation' });
    show(<Loans />);
    await waitFor(() => expect(screen.getByRole('option', { name: 'Magnolia Foundation' })).toBeTruthy());
    fireEvent.change(screen.getByRole('combobox', { name: 'Lender' }), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Principal'), { target: { value: '100,000' } });
    fireEvent.change(screen.getByLabelText('First payment'), { target: { value: '2027-02-01' } });
    fireEvent.change(screen.getByLabelText('Agreement date'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const schedule = await screen.findByTestId('loan-schedule');
    const rows = within(schedule).getAllByRole('row');
    expect(rows).toHaveLength(29);
    expect(rows[1]!.textContent).toBe('12027-02-01$3,702.35$250.00$3,452.35$96,547.65');
    expect(screen.getByTestId('pri-calendar').textContent).toContain(
      '2026 · Financial report · 2027-04-30 · Due',
    );
  });
});
