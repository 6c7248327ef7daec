import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { TrainingScreen } from '../../../renderer/features/training/TrainingScreen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/** The training screens against a real host over the demo lab (a real SQLite file): what they show is what main holds. */
let t: TestHost;

async function loginAs(username: string): Promise<TestClient> {
  const client = t.client();
  await client.ok('session.login', { username, password: 'demo-pass-2026' });
  const bridge: DeskBridge = {
    call: (method, input) => client.raw(method, input),
    on: () => () => undefined,
  };
  (window as unknown as { desk: DeskBridge }).desk = bridge;
  return client;
}

function show() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <TrainingScreen />
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };

// This browser is not in Jackson (nor on a whole-hour offset): the desk must still speak the lab's time.
const processZone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Asia/Kolkata';
});
afterAll(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

beforeEach(async () => {
  t = await startTestHost({ demo: true });
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  await t.close();
});

describe('training screens', () => {
  it('an instructor records a session, takes attendance and signs a trainee off; the matrix shows it', async () => {
    await loginAs('instructor');
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Instructor desk' }, WAIT));
    const form = await screen.findByRole('form', { name: 'Record a session' }, WAIT);
    await waitFor(
      () => expect(within(form).getByRole('option', { name: 'Laser cutter' })).toBeTruthy(),
      WAIT,
    );
    fireEvent.change(within(form).getByLabelText('Training'), {
      target: { value: within(form).getByRole<HTMLOptionElement>('option', { name: 'Laser cutter' }).value },
    });
    fireEvent.change(within(form).getByLabelText('Place'), { target: { value: 'Back room' } });
    // The test host's clock stands still at 15:00Z (09:00 in Jackson): start the session an hour before so
    // attendance can be taken. The fields are Jackson wall-clock times, shown as such, whatever this process's zone.
    expect(new Date(2026, 10, 24, 8).getTimezoneOffset()).toBe(-330);
    const starts = within(form).getByLabelText('Starts');
    expect(starts.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(starts.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Jackson time (CT)',
    );
    fireEvent.change(starts, { target: { value: '2026-11-24T08:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2026-11-24T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Schedule' }));

    const card = await waitFor(() => {
      const item = screen
        .getAllByRole('listitem')
        .find((li) => li.textContent.includes('Back room') && li.textContent.includes('Scheduled'));
      expect(item).toBeTruthy();
      return item!;
    }, WAIT);
    // Entered as 08:00 Jackson time, shown as 08:00 on its card, and stored as that instant.
    expect(within(card).getByRole('heading').textContent).toContain('Nov 24, 2026, 8:00 AM');
    const sessions = await t.admin.ok('training.sessions.list', {});
    expect(sessions.find((s) => s.location === 'Back room')).toMatchObject({
      startsAt: '2026-11-24T14:00:00.000Z',
      endsAt: '2026-11-24T16:00:00.000Z',
    });
    const tomas = await within(card).findByRole<HTMLOptionElement>('option', { name: 'Tomás Ortega' }, WAIT);
    fireEvent.change(within(card).getByLabelText('Add a person'), { target: { value: tomas.value } });
    fireEvent.click(within(card).getByRole('button', { name: '+' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Save attendance' }));
    const signOff = await screen.findByRole('button', { name: 'Sign off: Tomás Ortega' }, WAIT);
    const grantsBefore = (await t.admin.ok('training.authorizations.list', { personId: Number(tomas.value) }))
      .length;
    fireEvent.click(signOff);
    // One click only opens the confirmation: nothing is granted until it is confirmed.
    const confirm = await screen.findByRole(
      'form',
      { name: 'Sign off Tomás Ortega for Laser cutter?' },
      WAIT,
    );
    expect((await t.admin.ok('training.authorizations.list', { personId: Number(tomas.value) })).length).toBe(
      grantsBefore,
    );
    // By keyboard the focus follows: into the note when it opens, back to the button when it is cancelled.
    expect(document.activeElement).toBe(within(confirm).getByLabelText('Assessment note (optional)'));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Sign off Tomás Ortega for Laser cutter?' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sign off: Tomás Ortega' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign off: Tomás Ortega' }));
    const again = await screen.findByRole('form', { name: 'Sign off Tomás Ortega for Laser cutter?' }, WAIT);
    fireEvent.change(within(again).getByLabelText('Assessment note (optional)'), {
      target: { value: 'Focused and vented correctly; cut acrylic cleanly' },
    });
    fireEvent.click(within(again).getByRole('button', { name: 'Confirm sign-off' }));
    await waitFor(
      () => expect(screen.queryByRole('button', { name: 'Sign off: Tomás Ortega' })).toBeNull(),
      WAIT,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Training matrix' }));
    const row = await waitFor(() => {
      const r = screen.getAllByRole('row').find((tr) => tr.textContent.includes('Tomás Ortega'));
      expect(r).toBeTruthy();
      return r!;
    }, WAIT);
    expect(row.querySelector('td[data-training="LASER-1"]')?.textContent).toBe('Active');
    expect(row.querySelector('td[data-training="FFF-1"]')?.textContent).toBe('Revoked');
    expect(row.querySelector('td[data-training="CNC-1"]')?.textContent).toBe('—');

    fireEvent.click(within(row).getByRole('button', { name: 'Tomás Ortega' }));
    await screen.findByRole('heading', { name: 'Transcript: Tomás Ortega' }, WAIT);
    expect(screen.getByText(/^Laser cutter — Practical: passed \(Darnell Price/)).toBeTruthy();
    expect(screen.getByText('Note: Focused and vented correctly; cut acrylic cleanly')).toBeTruthy();
  });

  it('an instructor revokes from a transcript with a reason; the record stays revoked and the controls go', async () => {
    await loginAs('instructor');
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Training matrix' }, WAIT));
    fireEvent.click(await screen.findByRole('button', { name: 'Keisha Brown' }, WAIT));
    await screen.findByRole('heading', { name: 'Transcript: Keisha Brown' }, WAIT);
    const laser = () => document.querySelector<HTMLElement>('li[data-code="LASER-1"]')!;
    await waitFor(() => expect(laser()).toBeTruthy(), WAIT);
    const revoke = within(laser()).getByRole<HTMLButtonElement>('button', { name: 'Revoke' });
    expect(revoke.disabled).toBe(true);
    fireEvent.change(within(laser()).getByLabelText('Reason: Laser cutter'), {
      target: { value: 'Cut PVC after two warnings' },
    });
    fireEvent.click(within(laser()).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(laser().textContent).toContain('Revoked'), WAIT);
    expect(laser().textContent).toContain('Cut PVC after two warnings');
    expect(within(laser()).queryByRole('button', { name: 'Revoke' })).toBeNull();
    expect(within(laser()).queryByRole('button', { name: 'Renew' })).toBeNull();
  });

  it("the trainee's page: progress as N of M, authorizations with countdown, upcoming sessions, register", async () => {
    await loginAs('trainee');
    show();
    await screen.findByRole('heading', { name: 'My training' }, WAIT);
    await screen.findByText('5 of 8 modules accepted', {}, WAIT);
    const laser = await waitFor(() => {
      const li = document.querySelector('li[data-code="LASER-1"]');
      expect(li).toBeTruthy();
      return li as HTMLElement;
    }, WAIT);
    expect(laser.textContent).toContain('Active');
    expect(laser.textContent).toContain('Expires in');
    expect(
      within(laser).getByRole('link', { name: 'Certificate (PDF) for “Laser cutter”' }).getAttribute('href'),
    ).toMatch(/^\/blob\/training\/certificate\/\d+\.pdf/);
    // No instructor desk or matrix for a trainee.
    expect(screen.queryByRole('button', { name: 'Instructor desk' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Training matrix' })).toBeNull();
    const register = await screen.findAllByRole('button', { name: 'Register' }, WAIT);
    fireEvent.click(register[0]!);
    await screen.findByRole('button', { name: 'Withdraw' }, WAIT);
  });

  it('a trainee publishes an Open Badge to a web address and gets the baked PNG, the 2.0 assertion and the 3.0 file', async () => {
    // The web host names its address when it starts; this screen test has none, so name it as it would.
    t.host.context.blobs.publicOrigin = 'http://desk.test:5780';
    await loginAs('trainee');
    show();
    const laser = await waitFor(() => {
      const li = document.querySelector('li[data-code="LASER-1"]');
      expect(li).toBeTruthy();
      return li as HTMLElement;
    }, WAIT);
    fireEvent.click(within(laser).getByRole('button', { name: 'Open Badge for “Laser cutter”' }));
    const panel = within(laser).getByRole('group', { name: 'Open Badge: Laser cutter' });
    const page = 'https://fabacademy.org/2026/labs/jackson/students/keisha/';
    fireEvent.change(within(panel).getByLabelText(/^Web address to issue it to/), {
      target: { value: page },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Publish badge' }));
    const png = await within(panel).findByRole('link', { name: 'Badge image (PNG, assertion inside)' }, WAIT);
    expect(png.getAttribute('href')).toMatch(
      /^http:\/\/desk\.test:5780\/public\/training\/assertions\/[0-9a-f]{32}\.png$/,
    );
    expect(within(panel).getByRole('button', { name: 'Assertion (JSON, Open Badges 2.0)' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Open Badges 3.0 (JSON, unsigned)' })).toBeTruthy();
    expect(panel.textContent).toContain('the 2.0 badge is the one that verifies');
    const badge = t.host.store.db.prepare('SELECT recipient_type FROM training_badges').all();
    expect(badge).toEqual([{ recipient_type: 'url' }]);
  });

  it('the same page in Spanish', async () => {
    document.documentElement.lang = 'es';
    await loginAs('trainee2');
    show();
    await screen.findByRole('heading', { name: 'Mi formación' }, WAIT);
    await screen.findByText('4 de 8 módulos aceptados', {}, WAIT);
    const router = await waitFor(() => {
      const li = document.querySelector('li[data-code="CNC-1"]');
      expect(li).toBeTruthy();
      return li as HTMLElement;
    }, WAIT);
    // The router lapses after 30 days without use: it is already "expiring".
    expect(router.textContent).toContain('Por vencer');
    expect(router.textContent).toContain('Vence en 30 días');
    expect(screen.getByRole('heading', { name: 'Próximas sesiones' })).toBeTruthy();
  });
});
