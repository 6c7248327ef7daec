import { afterEach, describe, expect, it } from 'vitest';
import { blobUrl, errorText, setBlobLogin } from '../../../renderer/api/index.js';

/** One blobUrl for every feature (library files, training certificates, treasury letters). */
describe('blobUrl', () => {
  afterEach(() => {
    setBlobLogin(undefined);
    sessionStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  it('is a bare /blob/ path where there is neither a page token nor a login (Electron’s app://)', () => {
    expect(blobUrl('files/ab/cd.bin')).toBe('/blob/files/ab/cd.bin');
  });

  it('carries the web host’s page token and this screen’s login, or the login it is given', () => {
    window.history.replaceState(null, '', '/?token=page-1');
    setBlobLogin('login-A');
    expect(blobUrl('treasury/letter/3.pdf')).toBe('/blob/treasury/letter/3.pdf?token=page-1&login=login-A');
    expect(blobUrl('training/certificate/9.pdf', 'login-B')).toBe(
      '/blob/training/certificate/9.pdf?token=page-1&login=login-B',
    );
    // The token outlives a reload that dropped it from the address (kept for the tab).
    window.history.replaceState(null, '', '/');
    setBlobLogin(undefined);
    expect(blobUrl('x/y')).toBe('/blob/x/y?token=page-1');
  });

  it('errorText gives what main said, for errors and for anything else thrown', () => {
    expect(errorText(new Error('That file is not yours.'))).toBe('That file is not yours.');
    expect(errorText('plain words')).toBe('plain words');
  });
});
