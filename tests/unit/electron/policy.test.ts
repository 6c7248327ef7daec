import { describe, expect, it } from 'vitest';
import {
  decideWindowOpen,
  isOurUrl,
  mayNavigate,
  secureWebPreferences,
  trustedFrame,
} from '../../../main/electron/policy.js';

/** The Electron window's security decisions (applied by main/electron/*; Electron itself cannot run here). */
describe('the desktop window policy', () => {
  it('runs the page sandboxed and isolated with no Node anywhere', () => {
    expect(secureWebPreferences('/app/preload/index.cjs')).toMatchObject({
      preload: '/app/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('navigates only within app://desk', () => {
    expect(mayNavigate('app://desk/#/machines')).toBe(true);
    expect(mayNavigate('app://evil/')).toBe(false);
    expect(mayNavigate('https://cooperationjackson.org/')).toBe(false);
    expect(mayNavigate('file:///etc/passwd')).toBe(false);
    expect(mayNavigate('not a url')).toBe(false);
    expect(isOurUrl('app://desk.evil/')).toBe(false);
  });

  it('never opens a window: our documents are saved, allow-listed help opens outside, the rest is denied', () => {
    expect(decideWindowOpen('app://desk/blob/training/certificate/3.pdf')).toEqual({
      action: 'download',
      url: 'app://desk/blob/training/certificate/3.pdf',
    });
    expect(decideWindowOpen('https://fabacademy.org/2026/schedule.html')).toEqual({
      action: 'external',
      url: 'https://fabacademy.org/2026/schedule.html',
    });
    expect(decideWindowOpen('http://fabacademy.org/')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://user:pw@fabacademy.org/')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://fabacademy.org.evil.example/')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('app://desk/#/treasury')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny' });
  });

  it('accepts IPC only from the main frame showing app://desk', () => {
    const main = { url: 'app://desk/' };
    expect(trustedFrame(main, main)).toBe(true);
    expect(trustedFrame({ url: 'app://desk/' }, main)).toBe(false); // an iframe, even of our own page
    expect(trustedFrame({ url: 'https://example.org/' }, { url: 'x' })).toBe(false);
    const away = { url: 'https://example.org/' };
    expect(trustedFrame(away, away)).toBe(false);
    expect(trustedFrame(null, main)).toBe(false);
  });
});
