import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { Members } from '../../../renderer/features/treasury/Members.js';
import { Loans } from '../../../renderer/features/treasury/Loans.js';
import { Journal } from '../../../renderer/features/treasury/Journal.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/** The members and loans tabs against a real host: what the screen shows is what the books hold. */
let t: TestHost;
let treasurer: TestClient;

function show(node: ReactElement) {
  return renderScreen(node);
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
      idempotencyKey: crypto.randomUUID(),
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
    expect(rows[1]!.textContent).toBe('12027-02-01$3,702.35$250.00$3,452.35$96,547.65Not yet due');
    expect(screen.getByTestId('pri-calendar').textContent).toContain(
      '2026 · Financial report · 2027-04-30 · Due',
    );
  });

  it('the loan book shows interest paid and interest accrued but unpaid; the history names each interest accrual', async () => {
    const fund = await treasurer.ok('treasury.parties.create', { kind: 'organisation', name: 'Delta Fund' });
    const { loan } = await treasurer.ok('treasury.loans.create', {
      lenderPartyId: fund.id,
      kind: 'pri',
      principal: '100,000',
      rateBp: 100,
      method: 'amortizing',
      termMonths: 84,
      paymentsPerYear: 4,
      agreementOn: '2026-09-15',
      firstPaymentOn: '2027-01-01',
    });
    await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'loan',
      amount: '100,000',
      date: '2026-10-01',
      loan: { loanId: loan.id },
      understood: true,
    });
    // October's interest (30 days, 30/360, at 1 %: $83.33) is accrued before the payment, then paid from payable.
    await treasurer.ok('treasury.loans.repay', {
      loanId: loan.id,
      date: '2026-11-01',
      principal: '0',
      interest: '83.33',
    });
    show(<Loans />);
    const book = await screen.findByTestId('loans');
    // The host's day is 2026-11-24: Oct 1 to Nov 24 is 54 days, $150.00 earned, $83.33 paid, $66.67 unpaid.
    await waitFor(() =>
      expect(within(book).getAllByRole('row')[1]!.textContent).toContain('$100,000.00$83.33$66.67'),
    );
    fireEvent.click(within(book).getByRole('button', { name: '1' }));
    const detail = await screen.findByTestId('loan-detail');
    expect(detail.textContent).toContain('2026-11-01 · Interest accrued · $0.00 + $83.33');
    expect(detail.textContent).toContain('2026-11-01 · Repayment · $0.00 + $83.33');
    expect(screen.getByText(/30\/360/)).toBeTruthy();

    // The actual-payment form: the day it arrived and the amount; main pays the interest owed first. The form
    // starts over after it (so a second click records nothing more).
    const form = within(screen.getByTestId('loan-payment'));
    fireEvent.change(form.getByLabelText('Date received'), { target: { value: '2026-11-24' } });
    fireEvent.change(form.getByLabelText('Amount received'), { target: { value: '1,066.67' } });
    fireEvent.click(
      form.getByRole('button', { name: 'Record payment (interest owed first, then principal)' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('loan-detail').textContent).toContain(
        '2026-11-24 · Repayment · $1,000.00 + $66.67',
      ),
    );
    expect(form.getByLabelText<HTMLInputElement>('Amount received').value).toBe('');
    // Not due yet: the first instalment (1 January) shows what is on it so far.
    const firstRow = within(screen.getByTestId('loan-schedule')).getAllByRole('row')[1]!;
    // Every payment counts towards the instalments in due order: $83.33 + $1,066.67 so far.
    expect(firstRow.textContent).toContain('Partly paid ($1,150.00)');
    expect(screen.queryByTestId('loan-arrears')).toBeNull();
  });
});

describe('fiscal years', () => {
  it('the treasurer sets a July 1 year before the books start, sees the open year, and closes the one that ended', async () => {
    show(<Journal />);
    const input = await screen.findByRole('textbox', { name: 'The fiscal year starts on (MM-DD)' });
    await waitFor(() => expect((input as HTMLInputElement).value).toBe('01-01'));
    fireEvent.change(input, { target: { value: '07-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set' }));
    await waitFor(() =>
      expect(screen.getByTestId('current-period').textContent).toBe('FY2027 open (2026-07-01 to 2027-06-30)'),
    );
    await treasurer.ok('treasury.journal.post', {
      idempotencyKey: crypto.randomUUID(),
      date: '2026-05-04',
      memo: 'Plywood',
      lines: [
        { account: 'Expenses:Materials', debit: '40.00' },
        { account: 'Assets:Bank:Operating', credit: '40.00' },
      ],
    });
    cleanup();
    show(<Journal />);
    fireEvent.click(await screen.findByRole('button', { name: 'Close fiscal year FY2026' }));
    await waitFor(() => expect(screen.getByText(/FY2026 closed/)).toBeTruthy());
    // The close prints the chain head the closed books end on (also kept in the anchors file beside the database).
    expect(screen.getByTestId('close-result').textContent).toMatch(
      /^The books of FY2026 end on entry \d+, sha256 [0-9a-f]{64}: keep this line/,
    );
    // Once the books have entries in an open year, the start no longer changes, and the screen says why.
    fireEvent.change(screen.getByRole('textbox', { name: 'The fiscal year starts on (MM-DD)' }), {
      target: { value: '01-01' },
    });
    await treasurer.ok('treasury.journal.post', {
      idempotencyKey: crypto.randomUUID(),
      date: '2026-08-04',
      memo: 'Filament',
      lines: [
        { account: 'Expenses:Materials', debit: '20.00' },
        { account: 'Assets:Bank:Operating', credit: '20.00' },
      ],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Set' }));
    expect((await screen.findByRole('alert')).textContent).toContain('only between years');
  });
});

describe('amounts typed on the loans tab', () => {
  it('says in Spanish why an amount will not do, before anything is sent, and keeps the button off', async () => {
    await treasurer.ok('treasury.parties.create', { kind: 'organisation', name: 'Magnolia Foundation' });
    document.documentElement.lang = 'es';
    show(<Loans />);
    await waitFor(() => expect(screen.getByRole('option', { name: 'Magnolia Foundation' })).toBeTruthy());
    fireEvent.change(screen.getByRole('combobox', { name: 'Prestamista' }), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Principal'), { target: { value: '1000,5' } });
    expect(await screen.findByText('Use un punto para los centavos: escriba 1000.5.')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Guardar' }).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Principal'), { target: { value: '1000.50' } });
    expect(await screen.findByText('$1,000.50')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Guardar' }).disabled).toBe(false);
    expect(await treasurer.ok('treasury.loans.list', {})).toEqual([]);
  });
});
