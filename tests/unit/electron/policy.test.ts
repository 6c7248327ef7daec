import { describe, expect, it } from 'vitest';
import { applicationMenu, DEVELOPER_ROLES, rolesIn } from '../../../main/electron/menu.js';
import {
  cancelDeviceChoice,
  decideWindowOpen,
  denyPermissionCheck,
  denyPermissionRequest,
  devtoolsAllowed,
  isOurUrl,
  mayNavigate,
  secureWebPreferences,
  trustedFrame,
} from '../../../main/electron/policy.js';

/** Every permission name Electron 45's session handlers can be asked about (electron.d.ts), and one it may add. */
const PERMISSIONS = [
  'ar',
  'automatic-fullscreen',
  'background-fetch',
  'background-sync',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'geolocation-approximate',
  'hand-tracking',
  'hid',
  'idle-detection',
  'keyboardLock',
  'local-fonts',
  'local-network',
  'local-network-access',
  'loopback-network',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'nfc',
  'notifications',
  'openExternal',
  'payment-handler',
  'periodic-background-sync',
  'persistent-storage',
  'pointerLock',
  'screen-wake-lock',
  'sensors',
  'serial',
  'smart-card',
  'speaker-selection',
  'storage-access',
  'system-wake-lock',
  'top-level-storage-access',
  'usb',
  'vr',
  'web-app-installation',
  'web-printing',
  'window-management',
  'unknown',
  'a-permission-from-a-later-chromium',
];

/** The Electron window's security decisions (applied by main/electron/*; Electron itself cannot run here). */
describe('the desktop window policy', () => {
  it('runs the page sandboxed and isolated with no Node anywhere, DevTools off unless asked for', () => {
    const strict = {
      preload: '/app/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    };
    expect(secureWebPreferences('/app/preload/index.cjs', { devtools: false })).toMatchObject({
      ...strict,
      devTools: false,
    });
    // A developer's --devtools run changes that one switch and nothing else.
    expect(secureWebPreferences('/app/preload/index.cjs', { devtools: true })).toEqual({
      ...secureWebPreferences('/app/preload/index.cjs', { devtools: false }),
      devTools: true,
    });
  });

  it('allows DevTools only in an unpackaged run started with --devtools', () => {
    expect(devtoolsAllowed(['/usr/bin/electron', '.', '--devtools'], false)).toBe(true);
    expect(devtoolsAllowed(['/usr/bin/electron', '.'], false)).toBe(false);
    expect(devtoolsAllowed(['/opt/desk/cp-desk', '--devtools'], true)).toBe(false);
    expect(devtoolsAllowed(['/opt/desk/cp-desk', '--devtools=1'], false)).toBe(false);
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

  it('denies every permission request and check, whatever Chromium asks about', () => {
    for (const permission of PERMISSIONS) {
      const answers: boolean[] = [];
      denyPermissionRequest({}, permission, (granted) => answers.push(granted));
      expect([permission, answers]).toEqual([permission, [false]]);
    }
    expect(denyPermissionCheck()).toBe(false);
  });

  it('cancels a Web Serial, HID or USB device chooser the moment the page opens one', () => {
    let prevented = 0;
    const chosen: string[] = [];
    cancelDeviceChoice({ preventDefault: () => (prevented += 1) }, (choice) => chosen.push(choice));
    expect(prevented).toBe(1);
    expect(chosen).toEqual(['']);
  });
});

describe('the application menu', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`has no DevTools and no Reload in production on ${platform}, and has them with --devtools`, () => {
      const production = rolesIn(
        applicationMenu({ appName: 'Community Production Desk', platform, devtools: false }),
      );
      for (const role of DEVELOPER_ROLES) expect(production).not.toContain(role);
      expect(production).toEqual(
        expect.arrayContaining(['copy', 'paste', 'zoomIn', 'togglefullscreen', 'minimize']),
      );

      const developer = rolesIn(
        applicationMenu({ appName: 'Community Production Desk', platform, devtools: true }),
      );
      expect(developer).toEqual(expect.arrayContaining(['toggleDevTools', 'reload', 'forceReload']));
      // The developer's menu is the production menu plus those three, nothing else.
      expect(developer.filter((role) => !DEVELOPER_ROLES.includes(role))).toEqual(production);
    });
  }

  it('quits from File on Windows and Linux, and from the app menu on macOS', () => {
    const linux = applicationMenu({ appName: 'Desk', platform: 'linux', devtools: false });
    expect(linux[0]).toEqual({ label: 'File', submenu: [{ role: 'quit' }] });
    const mac = applicationMenu({ appName: 'Desk', platform: 'darwin', devtools: false });
    expect(mac[0]).toMatchObject({ label: 'Desk' });
    expect(rolesIn([mac[0]!])).toContain('quit');
  });
});
