import { readFileSync } from 'node:fs';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { machineServiceOf } from '../../../main/machines/service-of.js';
import { startRolandDevice, type RolandDevice } from '../../../main/toolpaths/roland-sim.js';
import { MillBoard } from '../../../renderer/features/toolpaths/MillBoard.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';

/**
 * "Mill a board" against a real host and store: the board image is one the person added, the machine a simulated
 * SRM-20 behind a FIFO standing in for its device file, reached through the real transport.
 */
type Person = TestClient & { personId: number };
let t: TestHost;
let device: RolandDevice;
let trainee: Person;
let novice: Person;
const WAIT = { timeout: 15_000 };

function onScreen(client: TestClient): void {
  window.desk = {
    call: (method, input) => client.raw(method, input),
    on: (topic, listener) => client.on(topic, listener),
  };
}

async function addBoard(who: Person, file: string): Promise<void> {
  const bytes = readFileSync(`tests/fixtures/pcb/${file}`);
  await who.ok('toolpaths.import', { uploadId: await uploadBytes(t, who, bytes), name: file });
}

beforeEach(async () => {
  t = await startTestHost();
  document.documentElement.lang = 'en';
  device = startRolandDevice({
    language: 'rml',
    bytesPerSecond: 1e6,
    wait: () => new Promise((r) => setImmediate(r)),
  });
  machineServiceOf(t.host.context)!.rolandOptions = { wait: () => new Promise<void>((r) => setImmediate(r)) };
  await t.admin.ok('machines.create', {
    name: 'SRM-20',
    kind: 'cnc-mill',
    firmware: 'rml',
    connection: { type: 'device-file', path: device.path },
    workArea: { x: 203.2, y: 152.4, z: 60.5 },
  });
  const instructor = await t.as('instructor');
  trainee = await t.as('trainee');
  novice = await t.as('trainee');
  const def = await t.admin.ok('training.definitions.create', {
    code: 'PCB-1',
    name: 'PCB milling',
    tier: 'competency',
    validity: { kind: 'never' },
    machineKinds: ['cnc-mill'],
  });
  await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId: def.id });
  await instructor.ok('training.authorizations.grant', { personId: trainee.personId, definitionId: def.id });
});

afterEach(async () => {
  cleanup();
  delete window.desk;
  await t.close();
  await device.close();
});

async function chooseBoard(name: string): Promise<void> {
  const select = screen.getByLabelText('Board image (PNG) or drawing (SVG)');
  await waitFor(() => expect(within(select).getByRole('option', { name })).toBeTruthy(), WAIT);
  const option = within(select).getByRole<HTMLOptionElement>('option', { name });
  fireEvent.change(select, { target: { value: option.value } });
}

describe('Mill a board: mods’s parameters, preview with the design-rule check, send through the gate', () => {
  it('shows the gaps the 1/64" tool cannot pass, the paths by depth over the board, then mills it and remembers the values', async () => {
    await addBoard(trainee, 'synth-hello.traces.png');
    onScreen(trainee);
    renderScreen(<MillBoard onBack={() => undefined} />);
    await chooseBoard('synth-hello.traces.png');
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Machine').value).not.toBe(''), WAIT);
    // mods's names and defaults
    expect(screen.getByLabelText<HTMLInputElement>('tool diameter (mm)').value).toBe('0.39624');
    expect(screen.getByLabelText<HTMLInputElement>('offset number (0 = fill)').value).toBe('4');
    expect(screen.getByLabelText<HTMLInputElement>('offset stepover').value).toBe('0.5');
    expect(screen.getByText('mods defaults for this process.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const alert = await screen.findByText(/gap\(s\) narrower than the tool\./, undefined, WAIT);
    const findings = within(alert.parentElement!)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(findings.some((f) => /^Traces stay joined: gap 0\.2[4-6] mm at X /.test(f))).toBe(true);
    const figure = screen.getByRole('img', { name: /Tool paths over the board/ });
    expect(figure.querySelectorAll('[data-testid="toolpath-gap"]')).toHaveLength(findings.length);
    expect(figure.querySelector('[data-testid="toolpath-board"]')?.getAttribute('width')).toMatch(
      /^29\.99|^30/,
    );
    const lines = figure.querySelectorAll('polyline');
    expect(lines.length).toBeGreaterThan(40);
    // cut order: the slider shows the first strokes only
    fireEvent.change(screen.getByLabelText(/Cut order/), { target: { value: '3' } });
    expect(figure.querySelectorAll('polyline')).toHaveLength(3);

    fireEvent.change(screen.getByLabelText('speed (mm/s)'), { target: { value: '3' } });
    const job = device.nextJob();
    fireEvent.click(screen.getByRole('button', { name: 'Send to SRM-20' }));
    await screen.findByText(/^Sent to the machine: run \d+\./, undefined, WAIT);
    const cut = await job;
    expect(cut.error).toBeNull();
    expect(cut.program.speed).toBe(3);
    expect(cut.program.strokes).toHaveLength(lines.length);

    cleanup();
    renderScreen(<MillBoard onBack={() => undefined} />);
    await screen.findByText(/^Values last used on this machine for FR-1/, undefined, WAIT);
    expect(screen.getByLabelText<HTMLInputElement>('speed (mm/s)').value).toBe('3');
  });

  it('an untrained trainee sees the training refusal and nothing reaches the machine', async () => {
    await addBoard(novice, 'synth-hello.interior.png');
    onScreen(novice);
    renderScreen(<MillBoard onBack={() => undefined} />);
    fireEvent.click(screen.getByLabelText('Mill the outline (1/32")'));
    expect(screen.getByLabelText<HTMLInputElement>('max depth (mm)').value).toBe('1.8288');
    await chooseBoard('synth-hello.interior.png');
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Machine').value).not.toBe(''), WAIT);
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByText('Design-rule check: every gap is at least as wide as the tool.', undefined, WAIT);
    fireEvent.click(screen.getByRole('button', { name: 'Send to SRM-20' }));
    const refusal = await screen.findByText(/PCB milling/, undefined, WAIT);
    expect(refusal.getAttribute('role')).toBe('alert');
    expect(device.progress()).toBe(0);
    expect(device.jobs).toHaveLength(0);
    expect((t.host.store.db.prepare('SELECT count(*) AS n FROM machine_runs').get() as { n: number }).n).toBe(
      0,
    );
  });
});
