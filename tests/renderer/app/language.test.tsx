import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { App } from '../../../renderer/app/App.js';
import { initialLanguage } from '../../../renderer/app/i18n.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

const WAIT = { timeout: 10_000 };
let t: TestHost | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  localStorage.clear();
  await t?.close();
  t = undefined;
  delete (window as { desk?: DeskBridge }).desk;
  window.location.hash = '';
});

function browserSpeaks(language: string): void {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(language);
}

describe('the language the desk opens in, before anyone logs in', () => {
  it('follows a Spanish-speaking browser (any region), and English otherwise', () => {
    for (const spanish of ['es', 'es-MX', 'es-US', 'ES-419']) {
      browserSpeaks(spanish);
      expect(initialLanguage(), spanish).toBe('es');
    }
    for (const other of ['en-US', 'fr-FR', 'pt-BR', 'e']) {
      browserSpeaks(other);
      expect(initialLanguage(), other).toBe('en');
    }
  });

  it('a choice made on this computer wins over the browser, both ways', () => {
    browserSpeaks('en-US');
    localStorage.setItem('cp-desk.language', 'es');
    expect(initialLanguage()).toBe('es');
    browserSpeaks('es-MX');
    localStorage.setItem('cp-desk.language', 'en');
    expect(initialLanguage()).toBe('en');
  });

  it('an unreadable remembered value falls back to the browser', () => {
    browserSpeaks('es-MX');
    localStorage.setItem('cp-desk.language', 'klingon');
    expect(initialLanguage()).toBe('es');
  });
});

describe('the desk as it starts', () => {
  async function openDesk(): Promise<void> {
    t = await startTestHost({ demo: true });
    const host = t.host;
    const conn = host.connect('web', () => undefined);
    window.desk = { call: (method, input) => host.call(conn, method, input), on: () => () => undefined };
    render(<App />);
  }

  it('opens its login in the browser’s Spanish when nothing was chosen on this computer', async () => {
    browserSpeaks('es-MX');
    await openDesk();
    await screen.findByRole('form', { name: 'Iniciar sesión' }, WAIT);
    expect(document.documentElement.lang).toBe('es');
  });

  it('opens in English for an English browser', async () => {
    browserSpeaks('en-US');
    await openDesk();
    await screen.findByRole('form', { name: 'Log in' }, WAIT);
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('the language at login', () => {
  async function logInOnEnglishScreen(username: string): Promise<void> {
    t = await startTestHost({ demo: true });
    const host = t.host;
    const conn = host.connect('web', () => undefined);
    window.desk = { call: (method, input) => host.call(conn, method, input), on: () => () => undefined };
    render(<App language="en" />);
    const form = await screen.findByRole('form', { name: 'Log in' }, WAIT);
    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: username } });
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'demo-pass-2026' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Log in' }));
  }

  it('a person whose language is Spanish gets the desk in Spanish on an English screen', async () => {
    await logInOnEnglishScreen('staff');
    await screen.findByRole('navigation', { name: 'Áreas' }, WAIT);
    expect(document.documentElement.lang).toBe('es');
  });

  it('a person whose language is English gets English', async () => {
    localStorage.setItem('cp-desk.language', 'es');
    await logInOnEnglishScreen('treasurer');
    await screen.findByRole('navigation', { name: 'Areas' }, WAIT);
    expect(document.documentElement.lang).toBe('en');
  });
});
