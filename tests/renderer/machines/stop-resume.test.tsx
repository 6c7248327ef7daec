import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskBridge, Machine, MachineSnapshot, MethodOutput } from '../../../preload/contract/index.js';
import { MachinesScreen } from '../../../renderer/features/machines/MachinesScreen.js';

const laser: Machine = {
  id: 1,
  name: 'Shop laser',
  kind: 'laser',
  firmware: 'grbl',
  connection: { type: 'serial', path: '/dev/ttyUSB0', baud: 115200 },
  workArea: null,
  maxHotendC: 260,
  maxBedC: 110,
  notes: null,
  retired: false,
  createdAt: '2026-12-07T10:00:00.000Z',
  kindFields: {},
};

const failedJob = {
  name: 'engrave.nc',
  state: 'failed' as const,
  dryRun: false,
  totalBytes: 1000,
  ackedLine: 120,
  ackedOffset: 250,
  startLine: 1,
  startedAt: '2026-12-07T10:00:00.000Z',
  endedAt: '2026-12-07T10:01:00.000Z',
  etaSeconds: null,
  reason: 'Line 121 ("G1 X17 Q1") was refused: error 20.',
  failedLine: 121,
};

const snapshot = (over: Partial<MachineSnapshot> = {}): MachineSnapshot => ({
  machineId: 1,
  at: '2026-12-07T10:01:00.000Z',
  connection: 'connected',
  firmware: 'grbl',
  firmwareVersion: '1.1h',
  state: 'Hold',
  subState: 0,
  alarm: null,
  lastError: null,
  needsHoming: false,
  workPosition: { x: 1, y: 2, z: 3 },
  machinePosition: { x: 1, y: 2, z: 3 },
  feed: 0,
  spindle: 0,
  overrides: null,
  temperatures: [],
  stalled: false,
  resumePending: false,
  prompt: null,
  buffer: { used: 30, size: 128 },
  job: failedJob,
  ...over,
});

/** Held after error:20 on line 121: the laser-on line 123 comes first, then the rest in program order. */
const held = snapshot({
  queued: {
    cause: 'error',
    hold: '!',
    failedLine: 121,
    lines: [
      { line: 123, text: 'M3 S80', energizes: true },
      { line: 122, text: 'G1 X18', energizes: false },
      { line: 124, text: 'G1 X19 Y1', energizes: false },
    ],
    at: '2026-12-07T10:01:00.000Z',
  },
});

const plan: MethodOutput<'machines.resumePlan'> = {
  machineId: 1,
  name: 'engrave.nc',
  line: 101,
  preamble: ['G21', 'G90', 'G54'],
  fileChanged: false,
  suggestion: {
    line: 101,
    ackedLine: 120,
    linesBack: 20,
    firmware: 'grbl',
    plannerBlocks: 15,
    plannerSource: 'reported',
    segmentBlocks: 5,
    atStart: false,
    failedLine: 121,
  },
  nearby: Array.from({ length: 31 }, (_, i) => ({ line: 91 + i, text: `G1 X${91 + i}` })),
};

function fakeBridge(initial: MachineSnapshot) {
  const calls: { method: string; input: unknown }[] = [];
  const bridge: DeskBridge = {
    call(method, input) {
      calls.push({ method, input });
      if (method === 'machines.list')
        return Promise.resolve({ ok: true, value: [{ machine: laser, snapshot: initial }] });
      if (method === 'machines.console' || method === 'machines.history' || method === 'files.list')
        return Promise.resolve({ ok: true, value: [] });
      if (method === 'session.whoami')
        return Promise.resolve({
          ok: true,
          value: { person: { id: 7, displayName: 'Ana' }, permissions: ['machines.operate'] },
        });
      if (method === 'machines.access')
        return Promise.resolve({
          ok: true,
          value: {
            machineId: 1,
            practice: false,
            mayCommand: true,
            reasons: [],
            missing: [],
            noTrainingDefined: false,
            staff: false,
            mayOverride: false,
            mayConfigure: false,
            maxHotendC: 260,
            maxBedC: 110,
          },
        });
      if (method === 'machines.resumePlan') {
        const line = (input as { line?: number }).line;
        return Promise.resolve({ ok: true, value: { ...plan, line: line ?? plan.line } });
      }
      if (method.startsWith('machines.')) return Promise.resolve({ ok: true, value: initial });
      // Other areas on the page (the maintenance tab) have nothing to show in this test.
      return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'not in this test' } });
    },
    on: () => () => undefined,
  };
  return { bridge, calls };
}

async function open(initial: MachineSnapshot, language: 'en' | 'es') {
  document.documentElement.lang = language;
  const fake = fakeBridge(initial);
  (window as unknown as { desk: DeskBridge }).desk = fake.bridge;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MachinesScreen />
    </QueryClientProvider>,
  );
  fireEvent.click(await screen.findByRole('button', { name: language === 'es' ? /^Abrir / : /^Open / }));
  return fake;
}

afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = 'en';
});

describe('the queued-lines notice', () => {
  it('names the held lines, laser-on first, and sends Stop or Continue (English)', async () => {
    const fake = await open(held, 'en');
    const alert = screen.getAllByRole('alert').find((a) => a.textContent.includes('The machine is held'))!;
    expect(alert.textContent).toContain('The machine is held: 3 line(s) were still queued in it');
    expect(alert.textContent).toContain('Line 121 was refused, so the Desk sent a feed hold at once.');
    const items = within(alert)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      '123: M3 S80 — switches the laser or spindle on',
      '122: G1 X18',
      '124: G1 X19 Y1',
    ]);
    expect(alert.textContent).toContain('Soft reset: the controller forgets every held line');
    // While the controller holds lines, no resume is offered.
    expect(screen.queryByRole('region', { name: 'Resume the last job' })).toBeNull();
    fireEvent.click(within(alert).getByRole('button', { name: 'Stop: discard them' }));
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.method === 'machines.action').map((c) => c.input)).toEqual([
        { id: 1, action: 'stop' },
      ]),
    );
    const again = screen.getAllByRole('alert').find((a) => a.textContent.includes('The machine is held'))!;
    fireEvent.click(within(again).getByRole('button', { name: 'Continue: run them' }));
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.method === 'machines.action').at(-1)?.input).toEqual({
        id: 1,
        action: 'resume',
      }),
    );
  });

  it('says the same in Spanish, and names M410 and M112 on a printer', async () => {
    await open(held, 'es');
    const alert = screen
      .getAllByRole('alert')
      .find((a) => a.textContent.includes('La máquina está retenida'))!;
    expect(alert.textContent).toContain('quedaban 3 línea(s) en cola');
    expect(alert.textContent).toContain(
      'La línea 121 fue rechazada, así que el Desk envió una retención de avance',
    );
    expect(within(alert).getAllByRole('listitem')[0]!.textContent).toBe(
      '123: M3 S80 — enciende el láser o el husillo',
    );
    expect(within(alert).getByRole('button', { name: 'Detener: descartarlas' })).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Continuar: ejecutarlas' })).toBeTruthy();
    document.body.innerHTML = '';

    const printer = snapshot({
      firmware: 'marlin',
      queued: { ...held.queued!, cause: 'stopped', hold: 'M410', failedLine: null },
    });
    await open(printer, 'en');
    const notice = screen.getAllByRole('alert').find((a) => a.textContent.includes('The machine is held'))!;
    expect(notice.textContent).toContain(
      'You stopped a laser or spindle program, so the Desk sent a quick stop (M410) at once.',
    );
    expect(notice.textContent).toContain('Emergency stop (M112)');
  });
});

describe('the resume suggestion', () => {
  it('explains why it goes back 20 lines and lets the operator pick an earlier one (English)', async () => {
    const fake = await open(snapshot({ state: 'Idle', subState: null }), 'en');
    const panel = await screen.findByRole('region', { name: 'Resume the last job' });
    await within(panel).findByText(/confirmed is not done/);
    expect(panel.textContent).toContain(
      'The controller confirmed line 120, but confirmed is not done: Grbl plans up to 15 moves ahead (as it reported) and can still be finishing 5 more in its step buffer. So the Desk goes back 20 lines to line 101',
    );
    const suggested = within(panel).getByRole('radio', { name: /101: G1 X101 \(suggested\)/ });
    expect((suggested as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(panel).getByRole('radio', { name: /95: G1 X95/ }));
    await waitFor(() =>
      expect(
        fake.calls.some(
          (c) => c.method === 'machines.resumePlan' && (c.input as { line?: number }).line === 95,
        ),
      ).toBe(true),
    );
    expect(await within(panel).findByRole('button', { name: 'Resume from line 95' })).toBeTruthy();
    // A later line than the suggestion is allowed, with a warning that lines may be skipped.
    fireEvent.click(within(panel).getByRole('radio', { name: /110: G1 X110/ }));
    expect((await within(panel).findByRole('alert')).textContent).toBe(
      'Line 110 is after the suggested line 101: the lines in between may never have run.',
    );
  });

  it('explains it in Spanish', async () => {
    await open(snapshot({ state: 'Idle', subState: null }), 'es');
    const panel = await screen.findByRole('region', { name: 'Reanudar el último trabajo' });
    await within(panel).findByText(/confirmada no es hecha/);
    expect(panel.textContent).toContain(
      'Grbl planifica hasta 15 movimientos por delante (según informó) y puede estar terminando 5 más en su búfer de pasos. Por eso el Desk retrocede 20 líneas, hasta la línea 101',
    );
    expect(within(panel).getByText('Elija una línea anterior para repetir más:')).toBeTruthy();
  });
});
