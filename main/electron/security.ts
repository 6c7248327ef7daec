import { app, session, shell, type WebContents } from 'electron';
import { decideWindowOpen, mayNavigate } from './policy.js';

/**
 * Electron's security checklist, applied to every web contents: no navigation away from app://desk,
 * no new windows (our PDFs are saved as files, https links on the allow-list open in the system browser), every permission request denied
 * (serial ports live in main, never Web Serial), no <webview>.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      if (decision.action === 'download') contents.downloadURL(decision.url);
      if (decision.action === 'external') void shell.openExternal(decision.url);
      return { action: 'deny' };
    });
  });
  app
    .whenReady()
    .then(() => {
      session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
      session.defaultSession.setPermissionCheckHandler(() => false);
      session.defaultSession.setDevicePermissionHandler(() => false);
    })
    .catch(() => undefined);
}
