import { app, session, shell, type WebContents } from 'electron';

/** Only these https hosts may be opened in the person's own browser (help pages); nothing else leaves the app. */
const EXTERNAL_ALLOW = new Set(['cooperationjackson.org', 'fabacademy.org', 'fabfoundation.org']);

export function isOurUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'desk';
  } catch {
    return false;
  }
}

export function openExternalSafely(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && EXTERNAL_ALLOW.has(u.hostname)) void shell.openExternal(u.href);
  } catch {
    // not a URL: ignore
  }
}

/**
 * Electron's security checklist, applied to every web contents: no navigation away from app://desk,
 * no new windows (https links on the allow-list open in the system browser), every permission request denied
 * (serial ports live in main, never Web Serial), no <webview>.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOurUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOurUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.setDevicePermissionHandler(() => false);
  }).catch(() => undefined);
}
