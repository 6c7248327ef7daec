import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { App } from '../../../renderer/app/App.js';
import { shellMessages } from '../../../renderer/app/messages.js';
import { jobsMessages } from '../../../renderer/features/jobs/messages.js';
import { libraryMessages } from '../../../renderer/features/library/messages.js';
import { machinesMessages } from '../../../renderer/features/machines/messages.js';
import { productionMessages } from '../../../renderer/features/production/messages.js';
import { moneyWords } from '../../../renderer/app/money-words.js';
import { trainingMessages } from '../../../renderer/features/training/messages.js';
import { treasuryMessages } from '../../../renderer/features/treasury/messages.js';
import { viewerMessages } from '../../../renderer/viewer/messages.js';
import { createHost, type Host } from '../../../main/host/create-host.js';
import { memoryLogger } from '../../../main/kernel/logger.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** The shell over a real host (a real SQLite file), through a bridge that hands calls and events straight to it. */
let t: TestHost | undefined;
let fresh: (() => Promise<void>) | undefined;

afterEach(async () => {
  await t?.close();
  await fresh?.();
  t = undefined;
  fresh = undefined;
  delete (window as { desk?: DeskBridge }).desk;
  window.location.hash = '';
});

function connect(host: Host): void {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const conn = host.connect('web', (topic, payload) => listeners.get(topic)?.forEach((l) => l(payload)));
  window.desk = {
    call: (method, input) => host.call(conn, method, input),
    on: (topic, listener) => {
      const set = listeners.get(topic) ?? new Set();
      set.add(listener);
      listeners.set(topic, set);
      return () => set.delete(listener);
    },
  };
}

const WAIT = { timeout: 10_000 };

/** Renders the app and logs in through the form as a demo person. */
async function logIn(username: string): Promise<void> {
  render(<App language="en" />);
  const form = await screen.findByRole('form', { name: 'Log in' }, WAIT);
  fireEvent.change(within(form).getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'demo-pass-2026' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Log in' }));
  await screen.findByRole('navigation', { name: /^(Areas|Áreas)$/ }, WAIT);
}

describe('every table of words', () => {
  const tables = {
    shell: shellMessages,
    jobs: jobsMessages,
    library: libraryMessages,
    machines: machinesMessages,
    production: productionMessages,
    training: trainingMessages,
    treasury: treasuryMessages,
    viewer: viewerMessages,
    money: moneyWords,
  } as Record<string, { en: Record<string, string>; es: Record<string, string> }>;

  for (const [name, table] of Object.entries(tables)) {
    it(`${name}: Spanish has every English key, no empty text, and the same {placeholders}`, () => {
      expect(Object.keys(table.es).sort()).toEqual(Object.keys(table.en).sort());
      for (const [key, english] of Object.entries(table.en)) {
        const spanish = table.es[key] ?? '';
        expect(english.trim(), key).not.toBe('');
        expect(spanish.trim(), key).not.toBe('');
        const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(names(spanish), key).toEqual(names(english));
      }
    });
  }
});

describe('the shell', () => {
  it('first run: the setup form creates the administrator, who lands in the shell with People', async () => {
    // A host over an empty data directory: nobody has set it up yet.
    const dir = tempDir();
    const host = createHost({ dataDir: dir.path, kind: 'web', log: memoryLogger(), timers: false });
    fresh = async () => {
      await host.close();
      dir.remove();
    };
    connect(host);

    render(<App language="en" />);
    const form = await screen.findByRole('form', { name: 'Welcome — first-run setup' }, WAIT);
    fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: 'Kali Akuno' } });
    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: 'kali' } });
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'a long enough secret' } });
    fireEvent.change(within(form).getByLabelText('Password again'), {
      target: { value: 'not the same secret' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Create administrator' }));
    expect(await within(form).findByRole('alert')).toHaveProperty(
      'textContent',
      'The two passwords are not the same.',
    );

    fireEvent.change(within(form).getByLabelText('Password again'), {
      target: { value: 'a long enough secret' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Create administrator' }));
    const nav = await screen.findByRole('navigation', { name: 'Areas' }, WAIT);
    expect(within(nav).getByRole('link', { name: 'People' })).toBeTruthy();
    expect(screen.getByText('Signed in as Kali Akuno')).toBeTruthy();

    // A new desk: the administrator lands on the set-up checklist, every step still to do, each a link.
    await screen.findByRole('heading', { name: 'Set up the lab' }, WAIT);
    await waitFor(() => expect(window.location.hash).toBe('#/start'), WAIT);
    expect(screen.getByText('Steps left: 4 of 4. Each link opens the screen where it is done.')).toBeTruthy();
    const machines = document.querySelector('li[data-step="machines"]') as HTMLElement;
    expect(machines.textContent).toContain('To do:');
    expect(
      within(machines).getByRole('link', { name: 'Register the lab’s machines' }).getAttribute('href'),
    ).toBe('#/machines');
  });

  it('a wrong password says so and logs nobody in; the right one opens the areas of the role', async () => {
    t = await startTestHost({ demo: true });
    connect(t.host);
    render(<App language="en" />);
    const form = await screen.findByRole('form', { name: 'Log in' }, WAIT);
    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: 'treasurer' } });
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'not the password' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Log in' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Wrong username or password.');

    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'demo-pass-2026' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Log in' }));
    const nav = await screen.findByRole('navigation', { name: /^(Areas|Áreas)$/ }, WAIT);
    expect(within(nav).getAllByRole('link')).toHaveLength(5); // Training, Treasury, Usage and impact, People, Settings
  });

  it('the language switch turns the navigation to Spanish and remembers it on this computer', async () => {
    t = await startTestHost({ demo: true });
    connect(t.host);
    await logIn('admin');
    const group = screen.getAllByRole('group', { name: /^(Language|Idioma)$/ })[0]!;
    fireEvent.click(within(group).getByRole('button', { name: 'Español' }));
    const nav = await screen.findByRole('navigation', { name: 'Áreas' });
    expect(within(nav).getByRole('link', { name: 'Personas' })).toBeTruthy();
    expect(localStorage.getItem('cp-desk.language')).toBe('es');
    expect(document.documentElement.lang).toBe('es');
  });

  it('a pushed lock shows the lock screen; the password unlocks it', async () => {
    t = await startTestHost({ demo: true });
    connect(t.host);
    await logIn('admin');

    // Main's idle sweep locks the screen after the configured minutes without activity.
    t.clock.advance(60 * 60 * 1000);
    t.host.sweepIdle();
    const lock = await screen.findByRole('form', { name: /^(Screen locked|Pantalla bloqueada)$/ }, WAIT);
    fireEvent.change(within(lock).getByLabelText(/^(Password|Contraseña)$/), {
      target: { value: 'demo-pass-2026' },
    });
    fireEvent.click(within(lock).getByRole('button', { name: /^(Unlock|Desbloquear)$/ }));
    await waitFor(() => expect(screen.queryByRole('form', { name: /locked|bloqueada/ })).toBeNull(), WAIT);
    expect(screen.getByRole('navigation', { name: /^(Areas|Áreas)$/ })).toBeTruthy();
  });
});

describe('landing', () => {
  const landings: [string, string, string][] = [
    ['admin', '#/machines', 'the demo lab is set up, so the administrator starts on the machines'],
    ['staff', '#/machines', 'staff start on the machines'],
    ['instructor', '#/training/desk', 'an instructor starts on the instructor desk'],
    ['trainee', '#/training', 'a trainee starts on their training'],
    ['treasurer', '#/treasury', 'the treasurer starts on the treasury'],
  ];
  for (const [username, hash, why] of landings) {
    it(`${username}: ${why}`, async () => {
      t = await startTestHost({ demo: true });
      connect(t.host);
      window.location.hash = '#/settings'; // the screen the last person left open is not where the next one starts
      await logIn(username);
      await waitFor(() => expect(window.location.hash).toBe(hash), WAIT);
      if (username === 'instructor')
        await screen.findByRole('button', { name: 'Instructor desk', current: 'page' }, WAIT);
    });
  }

  it('after a lock and unlock the person is back on the screen they were on', async () => {
    t = await startTestHost({ demo: true });
    connect(t.host);
    await logIn('staff');
    await waitFor(() => expect(window.location.hash).toBe('#/machines'), WAIT);
    window.location.hash = '#/library';
    fireEvent.click(screen.getByRole('button', { name: /^(Lock screen|Bloquear pantalla)$/ }));
    const lock = await screen.findByRole('form', { name: /^(Screen locked|Pantalla bloqueada)$/ }, WAIT);
    fireEvent.change(within(lock).getByLabelText(/^(Password|Contraseña)$/), {
      target: { value: 'demo-pass-2026' },
    });
    fireEvent.click(within(lock).getByRole('button', { name: /^(Unlock|Desbloquear)$/ }));
    await screen.findByRole('navigation', { name: /^(Areas|Áreas)$/ }, WAIT);
    expect(window.location.hash).toBe('#/library');
  });
});
