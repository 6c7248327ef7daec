// Electron composition root: lifecycle, window, host + IPC. Nothing else lives here.
import { app, dialog } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, type Host } from './host/create-host.js';
import { connectIpc } from './electron/ipc.js';
import { registerSchemes, serveAppProtocol } from './electron/protocol.js';
import { hardenApp } from './electron/security.js';
import { createMainWindow } from './electron/window.js';
import { APP_VERSION } from './version.js';

const here = dirname(fileURLToPath(import.meta.url));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemes();
  hardenApp();
  let host: Host | undefined;

  app.on('second-instance', () => {
    // One Desk per shop PC: focus the open window instead of starting another owner of the serial ports.
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
      const win = createMainWindow(join(here, '..', 'preload', 'index.cjs'));
      serveAppProtocol(join(here, '..', 'renderer'), host, () => ipc.connectionFor(win.webContents).auth);
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
