import { app, session, shell, type WebContents } from 'electron';
import {
  cancelDeviceChoice,
  decideWindowOpen,
  denyPermissionCheck,
  denyPermissionRequest,
  mayNavigate,
} from './policy.js';

/**
 * Electron's security checklist, applied to every web contents: no navigation away from app://desk (main frame,
 * iframes, redirects), no new windows (our PDFs are saved as files, https links on the allow-list open in the
 * system browser), no <webview>, every permission request and check denied and every device chooser cancelled
 * (serial ports live in main, never Web Serial; screen capture is refused with its permission), and DevTools closed again if anything opens
 * them in a run without `--devtools`.
 */
export function hardenApp(options: { devtools: boolean }): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    // The URL comes from the event's details: the positional url argument is deprecated.
    contents.on('will-navigate', (event) => {
      if (!mayNavigate(event.url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!mayNavigate(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!mayNavigate(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    if (!options.devtools) {
      contents.on('devtools-opened', () => contents.closeDevTools());
    }
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
      const ses = session.defaultSession;
      ses.setPermissionRequestHandler(denyPermissionRequest);
      ses.setPermissionCheckHandler(denyPermissionCheck);
      ses.setDevicePermissionHandler(denyPermissionCheck);
      ses.on('select-serial-port', (event, _ports, _contents, callback) =>
        cancelDeviceChoice(event, callback),
      );
      ses.on('select-hid-device', (event, _details, callback) =>
        cancelDeviceChoice(event, () => callback(null)),
      );
      ses.on('select-usb-device', (event, _details, callback) => cancelDeviceChoice(event, () => callback()));
      ses.setBluetoothPairingHandler((_details, callback) => callback({ confirmed: false }));
    })
    .catch(() => undefined);
}
