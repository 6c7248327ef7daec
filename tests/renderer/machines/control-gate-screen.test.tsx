import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MachinesScreen } from '../../../renderer/features/machines/MachinesScreen.js';
import { renderScreen } from '../../helpers/screen.js';
import { ptyFixture } from '../../helpers/pty.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/**
 * The machine page over a real host and a simulated Grbl on a real pseudo-terminal: a trainee who is not trained on
 * the router sees why its controls are off, the console's refusal in their language, and the stops still on.
 */
describe('a trainee on a machine they are not trained on', () => {
  let t: TestHost;
  const fixture = ptyFixture();
  let id: number;

  beforeEach(async () => {
    t = await startTestHost();
    await t.admin.ok('training.definitions.create', {
      code: 'CNC-1',
      name: 'CNC router basics',
      tier: 'safety',
      validity: { kind: 'never' },
      machineKinds: ['cnc-router'],
    });
    const sim = await fixture.machine('grbl');
    id = (
      await t.admin.ok('machines.create', {
        name: 'Shop router',
        kind: 'cnc-router',
        firmware: 'grbl',
        connection: { type: 'serial', path: sim.path, baud: 115200 },
        workArea: { x: 600, y: 400, z: 90 },
      })
    ).id;
  });
  afterEach(async () => {
    document.documentElement.lang = 'en';
    document.body.innerHTML = '';
    await t.close();
    await fixture.cleanup();
  });

  async function onScreen(who: TestClient, open = 'Open') {
    window.desk = { call: (method, input) => who.raw(method, input), on: (topic, l) => who.on(topic, l) };
    await who.ok('machines.connect', { id });
    renderScreen(<MachinesScreen />);
    // Each card's Open names its machine ("Open Lab laser"): one name per button.
    fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${open} `) }));
  }

  it('sees why jog, home and unlock are off, and why the console refused $X; stop jog and the e-stop stay on', async () => {
    const trainee = await t.as('trainee');
    await onScreen(trainee);
    expect((await screen.findByText(/^You can watch Shop router but not command it/)).textContent).toBe(
      'You can watch Shop router but not command it: it needs “CNC router basics” (not trained).',
    );
    const home = screen.getByRole<HTMLButtonElement>('button', { name: 'Home' });
    expect(home.disabled).toBe(true);
    expect(home.title).toBe('Off: it needs “CNC router basics” (not trained)');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'X+' }).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Unlock' }).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Stop jog' }).disabled).toBe(false);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: /EMERGENCY STOP/ }).disabled).toBe(false);
    expect(
      screen.getByText(/Firmware settings \(\$N=, \$RST, M500, M502, M92…\) are for staff only/),
    ).toBeTruthy();
    // The console still sends; main refuses $X and the screen says why.
    fireEvent.change(screen.getByLabelText('Command'), { target: { value: '$X' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Refused: you are not authorized to command Shop router: it needs “CNC router basics” (not trained). ' +
          'Staff may override with a reason.',
      ),
    );
  });

  it('reads the same in Spanish', async () => {
    document.documentElement.lang = 'es';
    const trainee = await t.as('trainee');
    await onScreen(trainee, 'Abrir');
    expect((await screen.findByText(/^Puede observar Shop router/)).textContent).toBe(
      'Puede observar Shop router pero no manejarla: necesita “CNC router basics” (sin formación).',
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Homing' }).title).toBe(
      'Desactivado: necesita “CNC router basics” (sin formación)',
    );
    fireEvent.change(screen.getByLabelText('Comando'), { target: { value: 'G0 X150 Y150' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enviar' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(
        /^Rechazado: no está autorizado a manejar Shop router: necesita “CNC router basics” \(sin formación\)\./,
      ),
    );
  });

  it('a trained trainee is told, in Spanish, why a firmware setting was refused', async () => {
    document.documentElement.lang = 'es';
    const instructor = await t.as('instructor');
    const trainee = await t.as('trainee');
    const definitionId = (await t.admin.ok('training.definitions.list', {}))[0]!.id;
    await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId });
    await instructor.ok('training.authorizations.grant', { personId: trainee.personId, definitionId });
    await onScreen(trainee, 'Abrir');
    const home = await screen.findByRole<HTMLButtonElement>('button', { name: 'Homing' });
    await waitFor(() => expect(screen.getByText(/son solo para el personal/)).toBeTruthy());
    expect(home.disabled).toBe(false);
    expect(screen.queryByText(/^Puede observar/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Comando'), { target: { value: '$RST=*' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enviar' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Rechazado: $RST= cambia los ajustes del firmware; solo el personal puede hacerlo, aunque usted tenga la formación.',
      ),
    );
  });

  it('staff see the override box; with a reason typed the controls come on and the command goes through', async () => {
    const staff = await t.as('staff');
    await onScreen(staff);
    await screen.findByText(/^You can watch Shop router/);
    const home = screen.getByRole<HTMLButtonElement>('button', { name: 'Home' });
    expect(home.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/Override reason/), {
      target: { value: 'Checking the limit switches after repair' },
    });
    await waitFor(() => expect(home.disabled).toBe(false));
    fireEvent.change(screen.getByLabelText('Command'), { target: { value: '$130=300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => {
      const row = t.host.store.db
        .prepare(`SELECT reason FROM audit_log WHERE entity = 'machine_control' AND action = 'override'`)
        .get() as { reason: string } | undefined;
      expect(row?.reason).toBe('Checking the limit switches after repair');
    });
  });
});
