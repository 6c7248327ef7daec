import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import type { UsageReport } from '../../../preload/contract/methods/usage.js';
import { format } from '../../../renderer/app/i18n.js';
import { hoursIn, numberIn, quarterRange, recentQuarters } from '../../../renderer/features/usage/api.js';
import { impactCsv, usageCsv } from '../../../renderer/features/usage/csv.js';
import { chartData, machineHoursData } from '../../../renderer/features/usage/UsageChart.js';
import { usageMessages, type UsageMessageKey } from '../../../renderer/features/usage/messages.js';
import { UsageScreen } from '../../../renderer/features/usage/UsageScreen.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/** The usage screen and its quarterly report against a real host over the demo lab's SQLite file. */
let t: TestHost;
let staff: TestClient;
const FROM = '2024-01-01';
const TO = '2028-12-31';

beforeEach(async () => {
  t = await startTestHost({ demo: true });
  staff = await t.as('staff');
  const bridge: DeskBridge = { call: (method, input) => staff.raw(method, input), on: () => () => undefined };
  (window as unknown as { desk: DeskBridge }).desk = bridge;
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  await t.close();
});

const tIn = (language: 'en' | 'es') => (key: UsageMessageKey, vars?: Record<string, string | number>) =>
  format(usageMessages[language][key], vars);

/** Shows the screen for FROM..TO (other dates) and waits for the figures. */
async function showPeriod() {
  renderScreen(<UsageScreen />);
  const period = await screen.findByLabelText(document.documentElement.lang === 'es' ? 'Periodo' : 'Period');
  fireEvent.change(period, { target: { value: 'custom' } });
  fireEvent.change(screen.getByLabelText(document.documentElement.lang === 'es' ? 'Desde' : 'From'), {
    target: { value: FROM },
  });
  fireEvent.change(screen.getByLabelText(document.documentElement.lang === 'es' ? 'Hasta' : 'To'), {
    target: { value: TO },
  });
}

/** The numbers in a table's body column, read back from the page (en or es digits). */
function column(table: HTMLElement, index: number, language: 'en' | 'es'): number[] {
  return within(table)
    .getAllByRole('row')
    .filter((row) => row.closest('tbody') !== null)
    .map((row) => {
      const cell = row.querySelectorAll('th, td')[index]!.textContent;
      const plain = language === 'es' ? cell.replace(/\s/g, '').replace(/,/g, '.') : cell.replace(/,/g, '');
      return Number(plain.replace(/[^\d.-]/g, ''));
    });
}
const footer = (table: HTMLElement, index: number) =>
  table.querySelector('tfoot tr')!.querySelectorAll('th, td')[index]!.textContent;

describe('usage and impact screen', () => {
  it('shows the period’s totals as main sums them, and the quarterly report’s totals are the sums of its rows', async () => {
    const report: UsageReport = await staff.ok('usage.report', { from: FROM, to: TO });
    expect(report.totals.sessions).toBeGreaterThan(0);
    expect(report.totals.distributed).toBeGreaterThan(0);
    await showPeriod();
    const totals = await screen.findByRole('region', { name: 'In this period' });
    expect(within(totals).getByText('Machine hours').nextSibling?.textContent).toBe(
      hoursIn('en', report.totals.seconds),
    );
    expect(within(totals).getByText('Units distributed').nextSibling?.textContent).toBe(
      numberIn('en', report.totals.distributed),
    );
    expect(within(totals).getByText('People trained').nextSibling?.textContent).toBe(
      String(report.totals.trained),
    );
    const months = screen.getByTestId('usage-months');
    expect(column(months, 2, 'en').reduce((a, b) => a + b, 0)).toBe(report.totals.sessions);

    fireEvent.click(screen.getByRole('button', { name: 'Quarterly report for funders and members' }));
    const printed = await screen.findByRole('article', { name: 'Usage and impact report' });
    expect(within(printed).getByText(`${FROM} – ${TO}: ${FROM} to ${TO}`)).toBeTruthy();
    const machines = screen.getByTestId('report-machines');
    expect(footer(machines, 1)).toBe(hoursIn('en', report.totals.seconds));
    expect(footer(machines, 2)).toBe(numberIn('en', report.totals.sessions));
    expect(column(machines, 2, 'en').reduce((a, b) => a + b, 0)).toBe(report.totals.sessions);
    const tiers = screen.getByTestId('report-tiers');
    expect(within(tiers).getByText('Medical facilities')).toBeTruthy();
    expect(column(tiers, 1, 'en').reduce((a, b) => a + b, 0)).toBe(report.totals.distributed);
    expect(footer(tiers, 1)).toBe(numberIn('en', report.totals.distributed));
    const products = screen.getByTestId('report-products');
    expect(column(products, 1, 'en').reduce((a, b) => a + b, 0)).toBe(report.totals.made);
    expect(footer(products, 1)).toBe(numberIn('en', report.totals.made));
    expect(screen.getByRole('button', { name: 'Print' })).toBeTruthy();
  });

  it('the same report in Spanish: Spanish words and tier names, the same totals', async () => {
    document.documentElement.lang = 'es';
    const report: UsageReport = await staff.ok('usage.report', { from: FROM, to: TO });
    await showPeriod();
    await screen.findByRole('region', { name: 'En este periodo' });
    fireEvent.click(screen.getByRole('button', { name: 'Informe trimestral para financiadores y miembros' }));
    const printed = await screen.findByRole('article', { name: 'Informe de uso e impacto' });
    expect(within(printed).getByText(`${FROM} – ${TO}: del ${FROM} al ${TO}`)).toBeTruthy();
    const tiers = screen.getByTestId('report-tiers');
    expect(within(tiers).getByText('Centros médicos')).toBeTruthy();
    expect(column(tiers, 1, 'es').reduce((a, b) => a + b, 0)).toBe(report.totals.distributed);
    expect(footer(tiers, 1)).toBe(numberIn('es', report.totals.distributed));
    const machines = screen.getByTestId('report-machines');
    expect(footer(machines, 1)).toBe(hoursIn('es', report.totals.seconds));
    expect(within(machines).getByText('Horas')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Imprimir' })).toBeTruthy();
  });

  it('CSV: headers in the person’s language, plain numbers whose columns add up to the totals', async () => {
    const report: UsageReport = await staff.ok('usage.report', { from: FROM, to: TO });
    const lines = usageCsv(report, tIn('es')).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Mes,Máquina,Material,Unidad,Horas,Sesiones,Trabajos,Fallidas,Consumido,Desperdiciado',
    );
    expect(lines).toHaveLength(report.cells.length + 1);
    const impact = impactCsv(report, tIn('en')).trimEnd().split('\r\n');
    expect(impact[0]).toBe(
      'Month,Hours,Sessions,Jobs,Failed,People trained,Authorizations,Made,Distributed,Tickets',
    );
    const rows = impact.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => Number(r[2])).reduce((a, b) => a + b, 0)).toBe(report.totals.sessions);
    expect(rows.map((r) => Number(r[8])).reduce((a, b) => a + b, 0)).toBe(report.totals.distributed);
  });

  it('the charts draw the figures of the tables: per month, and per machine and month', async () => {
    const report: UsageReport = await staff.ok('usage.report', { from: FROM, to: TO });
    const [x, hours, sessions, distributed] = chartData(report.months);
    expect(x).toHaveLength(report.months.length);
    expect(sessions.reduce((a, b) => a + b, 0)).toBe(report.totals.sessions);
    expect(distributed.reduce((a, b) => a + b, 0)).toBe(report.totals.distributed);
    expect(hours[0]).toBe(Math.round((report.months[0]!.seconds / 3600) * 10) / 10);
    const perMachine = machineHoursData(report);
    expect(perMachine.names).toEqual(report.machines.map((m) => m.name));
    perMachine.data.slice(1).forEach((series, i) => {
      // Each month is rounded to a tenth of an hour: the series adds up to the machine's hours within that.
      const total = series.reduce((a, b) => a + b, 0);
      expect(Math.abs(total - report.machines[i]!.seconds / 3600)).toBeLessThanOrEqual(0.05 * series.length);
    });
    await showPeriod();
    expect(await screen.findByRole('region', { name: 'Hours by machine and month' })).toBeTruthy();
    expect(screen.getByTestId('report-machines')).toBeTruthy();
  });

  it('quarters: calendar quarters from a lab date, newest first', () => {
    expect(quarterRange(2026, 4)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterRange(2028, 1)).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(recentQuarters('2026-01-15', 3)).toEqual([
      { year: 2026, quarter: 1 },
      { year: 2025, quarter: 4 },
      { year: 2025, quarter: 3 },
    ]);
  });
});
