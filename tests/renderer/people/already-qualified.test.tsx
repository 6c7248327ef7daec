import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MachineForm } from '../../../renderer/features/machines/MachineForm.js';
import { PeopleScreen } from '../../../renderer/features/people/PeopleScreen.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/**
 * "Who is already qualified?" at machine registration and on the People screen, over a real host: what the form
 * records is what training's authorize then answers for the machine.
 */
let t: TestHost;
let definitionId: number;
const WAIT = { timeout: 10_000 };

function onScreen(client: TestClient): void {
  window.desk = {
    call: (method, input) => client.raw(method, input),
    on: (topic, listener) => client.on(topic, listener),
  };
}

beforeEach(async () => {
  t = await startTestHost(); // the lab day is 2026-11-24
  document.documentElement.lang = 'en';
  const d = await t.admin.ok('training.definitions.create', {
    code: 'LASER-1',
    name: 'Laser basics',
    tier: 'competency',
    validity: { kind: 'never' },
    machineKinds: ['laser'],
  });
  definitionId = d.id;
});

afterEach(async () => {
  cleanup();
  delete window.desk;
  await t.close();
});

function register(name: string) {
  let done = false;
  renderScreen(<MachineForm machine={null} onDone={() => (done = true)} />);
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: name } });
  fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'laser' } });
  fireEvent.change(screen.getByLabelText('Port'), { target: { value: '/tmp/pty/laser' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  return () => done;
}

describe('who is already qualified', () => {
  it('an instructor registers a laser and records two people trained before, with who and when; authorize then lets them run it', async () => {
    const instructor = await t.as('instructor', 'staff');
    await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId });
    const first = await t.as('trainee');
    const second = await t.as('trainee');
    onScreen(instructor);
    const isDone = register('Shop laser');

    const form = await screen.findByRole('form', { name: 'Who is already qualified on Shop laser?' }, WAIT);
    await within(form).findByRole('option', { name: 'Laser basics' }, WAIT);
    const laser = (await instructor.ok('machines.list', { includeRetired: false })).find(
      (r) => r.machine.name === 'Shop laser',
    )!.machine;
    expect((await first.ok('training.authorize', { machineId: laser.id })).allowed).toBe(false);
    const record = await within(form).findByRole<HTMLButtonElement>(
      'button',
      { name: 'Record 0 as qualified' },
      WAIT,
    );
    // Off until someone is picked, and it says so.
    expect(record.disabled).toBe(true);
    expect(
      within(form).getByText('Pick at least one person and say who qualified them to record this.'),
    ).toBeTruthy();
    // Nobody grants themselves: the instructor's own box is off.
    const self = await within(form).findByLabelText<HTMLInputElement>(
      /\(you cannot grant yourself\)$/,
      {},
      WAIT,
    );
    expect(self.disabled).toBe(true);
    fireEvent.click(within(form).getByLabelText('Test trainee 2'));
    fireEvent.click(within(form).getByLabelText('Test trainee 3'));
    expect(within(form).getByLabelText<HTMLInputElement>('Qualified by (instructor’s name)').value).toBe(
      'Test instructor+staff 1',
    );
    fireEvent.change(within(form).getByLabelText('Qualified by (instructor’s name)'), {
      target: { value: 'Rosa Díaz' },
    });
    fireEvent.change(within(form).getByLabelText('Qualified on'), { target: { value: '2026-10-15' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record 2 as qualified' }));
    await screen.findByText('2 recorded as qualified on Laser basics.', {}, WAIT);

    for (const person of [first, second]) {
      const decision = await person.ok('training.authorize', { machineId: laser.id });
      expect(decision.allowed).toBe(true);
    }
    const notes = t.host.store.db.prepare('SELECT note FROM training_authorizations ORDER BY id').all() as {
      note: string;
    }[];
    expect(notes.map((n) => n.note)).toEqual([
      'Already qualified: by Rosa Díaz on 2026-10-15.',
      'Already qualified: by Rosa Díaz on 2026-10-15.',
    ]);
    expect(isDone()).toBe(false);
    fireEvent.click(within(form).getByRole('button', { name: 'Done' }));
    expect(isDone()).toBe(true);
  });

  it('staff who do not teach register a machine and are told who can record it; nothing is granted', async () => {
    const staff = await t.as('staff');
    onScreen(staff);
    register('Back laser');
    const region = await screen.findByRole(
      'region',
      { name: 'Who is already qualified on Back laser?' },
      WAIT,
    );
    await within(region).findByText('Only instructors record who is already qualified.', {}, WAIT);
    expect(within(region).queryByRole('button', { name: /^Record/ })).toBeNull();
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM training_authorizations').get()).toEqual({
      n: 0,
    });
  });

  it('on the People screen, an instructor without the right to grant is told whose right it is', async () => {
    const instructor = await t.as('instructor');
    onScreen(instructor);
    renderScreen(<PeopleScreen />);
    const region = await screen.findByRole('region', { name: 'Who is already qualified?' }, WAIT);
    await waitFor(
      () =>
        expect(
          within(region).getByText(
            'Only an instructor with the right to grant "Laser basics" can record this. Ask them, or ask an administrator for the right.',
          ),
        ).toBeTruthy(),
      WAIT,
    );
  });
});
