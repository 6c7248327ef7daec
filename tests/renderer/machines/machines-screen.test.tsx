import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskBridge, Machine, MachineSnapshot } from '../../../preload/contract/index.js';
import { MachinesScreen } from '../../../renderer/features/machines/MachinesScreen.js';
import { machinesMessages } from '../../../renderer/features/machines/messages.js';

const router: Machine = {
  id: 1,
  name: 'Practice router',
  kind: 'cnc-router',
  firmware: 'grbl',
  connection: { type: 'simulated' },
  workArea: null,
  notes: null,
  maxHotendC: 260,
  maxBedC: 110,
  retired: false,
  createdAt: '2026-11-24T15:00:00.000Z',
  kindFields: {},
};

const snapshot = (over: Partial<MachineSnapshot> = {}): MachineSnapshot => ({
  machineId: 1,
  at: '2026-11-24T15:00:00.000Z',
  connection: 'connected',
  firmware: 'grbl',
  firmwareVersion: '1.1h',
  state: 'Idle',
  subState: null,
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
  buffer: { used: 0, size: 128 },
  job: null,
  ...over,
});

/** A bridge that answers from a table and lets the test push events, as main would. */
function fakeBridge(initial: MachineSnapshot) {
  const calls: { method: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const bridge: DeskBridge = {
    call(method, input) {
      calls.push({ method, input });
      if (method === 'machines.list')
        return Promise.resolve({ ok: true, value: [{ machine: router, snapshot: initial }] });
      if (method === 'machines.console' || method === 'machines.history' || method === 'files.list')
        return Promise.resolve({ ok: true, value: [] });
      if (method === 'lab.sessions.list' || method === 'lab.materials.list' || method === 'lab.presets.list')
        return Promise.resolve({ ok: true, value: [] });
      if (method === 'lab.bookings.list')
        return Promise.resolve({ ok: true, value: { bookings: [], hours: [], blackouts: [] } });
      if (method === 'session.whoami')
        return Promise.resolve({
          ok: true,
          value: {
            person: { id: 1, displayName: 'Sam Staff', language: 'en' },
            roles: ['staff'],
            permissions: ['machines.manage'],
          },
        });
      if (method === 'machines.ports')
        return Promise.resolve({
          ok: true,
          value: [{ path: '/dev/ttyACM0', manufacturer: 'Arduino', serialNumber: null }],
        });
      if (method === 'machines.access')
        return Promise.resolve({
          ok: true,
          value: {
            machineId: 1,
            practice: true,
            mayCommand: true,
            reasons: [],
            missing: [],
            noTrainingDefined: false,
            staff: true,
            mayOverride: false,
            mayConfigure: true,
            maxHotendC: 260,
            maxBedC: 110,
          },
        });
      if (method === 'machines.resumePlan' || method.startsWith('jobs.maintenance.'))
        return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'none' } });
      return Promise.resolve({ ok: true, value: initial });
    },
    on(topic, listener) {
      const set = listeners.get(topic) ?? new Set();
      set.add(listener);
      listeners.set(topic, set);
      return () => set.delete(listener);
    },
  };
  const push = (topic: string, payload: unknown) =>
    act(() => listeners.get(topic)?.forEach((l) => l(payload)));
  return { bridge, calls, push };
}

function mount(bridge: DeskBridge) {
  (window as unknown as { desk: DeskBridge }).desk = bridge;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MachinesScreen />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('machines screens', () => {
  it('has every message in Spanish', () => {
    expect(Object.keys(machinesMessages.es).sort()).toEqual(Object.keys(machinesMessages.en).sort());
  });

  it('keeps an emergency stop on screen for a connected machine and sends it without asking', async () => {
    const fake = fakeBridge(snapshot());
    mount(fake.bridge);
    const stop = await screen.findByRole('button', { name: /EMERGENCY STOP · Practice router/ });
    fireEvent.click(stop);
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'machines.estop')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: /^Open / }));
    expect(screen.getByRole('button', { name: /EMERGENCY STOP/ })).toBeTruthy();
  });

  it('explains an alarm in words and updates live from pushed snapshots', async () => {
    const fake = fakeBridge(snapshot());
    mount(fake.bridge);
    await screen.findByText(/X 1\.000 Y 2\.000 Z 3\.000/);
    fake.push(
      'machines.state',
      snapshot({
        state: 'Alarm',
        alarm: { code: 1, name: 'Hard limit', description: 'A limit switch was hit.' },
        at: '2026-11-24T15:00:01.000Z',
      }),
    );
    expect(screen.getByRole('alert').textContent).toMatch(/Alarm 1: Hard limit.*A limit switch was hit/);
  });

  it('shows job progress with time left, and pauses it', async () => {
    const job = {
      name: 'spiral.nc',
      state: 'running' as const,
      dryRun: false,
      totalBytes: 1000,
      ackedLine: 120,
      ackedText: 'G1 X12.5 Y40 F1200',
      sha256: 'a'.repeat(64),
      ackedOffset: 250,
      startLine: 1,
      startedAt: '2026-11-24T15:00:00.000Z',
      endedAt: null,
      etaSeconds: 95,
      reason: null,
      failedLine: null,
    };
    const fake = fakeBridge(snapshot({ state: 'Run', job }));
    mount(fake.bridge);
    fireEvent.click(await screen.findByRole('button', { name: /^Open / }));
    expect(
      screen.getByText(/Line 120 · 25 % done · Elapsed \d+ (s|min \d+ s) · Time left 1 min 35 s/),
    ).toBeTruthy();
    // The running-job view names the line the machine is on; a program outside the library has no toolpath.
    const view = screen.getByRole('region', { name: 'Toolpath' });
    expect(view.textContent).toContain('Line 120: G1 X12.5 Y40 F1200');
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'files.list')).toBe(true));
    await waitFor(() => expect(view.textContent).toContain('not a library file'));
    // Disconnect is off while the job runs, and says why.
    expect(screen.getByRole('button', { name: 'Disconnect' }).getAttribute('disabled')).not.toBeNull();
    expect(screen.getByText('Disconnect is off while a job runs: pause or stop it first.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'machines.action')?.input).toEqual({
        id: 1,
        action: 'hold',
      }),
    );
  });

  it('lets staff register a machine on a typed path that the port list does not show', async () => {
    const fake = fakeBridge(snapshot());
    mount(fake.bridge);
    fireEvent.click(await screen.findByRole('button', { name: 'Add a machine' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Bench mill' } });
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '/tmp/pty/machine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'machines.create')?.input).toMatchObject({
        name: 'Bench mill',
        connection: { type: 'serial', path: '/tmp/pty/machine', baud: 115200 },
      }),
    );
  });
});
