// Electron composition root: lifecycle, window, host + IPC. Nothing else lives here.
import { app, dialog, type BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, type Host } from './host/create-host.js';
import { connectIpc } from './electron/ipc.js';
import { registerSchemes, serveAppProtocol } from './electron/protocol.js';
import { devtoolsAllowed } from './electron/policy.js';
import { hardenApp } from './electron/security.js';
import { createMainWindow, installMenu } from './electron/window.js';
import { APP_VERSION } from './version.js';

const here = dirname(fileURLToPath(import.meta.url));

// Everything the Desk writes (records, uploads, library, backups) is readable by this account only on POSIX.
if (process.platform !== 'win32') process.umask(0o077);

// A second start on the same PC hands over to the first (the data-folder lock in store/data-lock.ts is what
// keeps two Desks off the same records, whatever started them).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const devtools = devtoolsAllowed(process.argv, app.isPackaged);
  registerSchemes();
  hardenApp({ devtools });
  let host: Host | undefined;
  let win: BrowserWindow | undefined;

  app.on('second-instance', () => {
    // One Desk per shop PC: bring the open window forward instead of starting another owner of the serial ports.
    if (win === undefined || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app
    .whenReady()
    .then(() => {
      try {
        host = createHost({
          dataDir: app.getPath('userData'),
          kind: 'electron',
          version: APP_VERSION,
          demo: process.argv.includes('--demo'),
        });
      } catch (error) {
        dialog.showErrorBox(
          'Community Production Desk cannot open its records',
          error instanceof Error ? error.message : String(error),
        );
        app.exit(1);
        return;
      }
      const ipc = connectIpc(host);
      installMenu({ devtools });
      const window = createMainWindow(join(here, '..', 'preload', 'index.cjs'), { devtools });
      win = window;
      serveAppProtocol(join(here, '..', 'renderer'), host, () => ipc.connectionFor(window.webContents).auth);
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Community Production Desk failed to start', String(error));
      app.exit(1);
    });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (host === undefined) return;
    event.preventDefault();
    const closing = host;
    host = undefined;
    void closing.close().finally(() => app.quit());
  });
}
