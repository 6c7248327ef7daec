import { BrowserWindow, Menu, app } from 'electron';
import { applicationMenu } from './menu.js';
import { secureWebPreferences } from './policy.js';

/**
 * The application menu: Electron's default one offers Toggle Developer Tools and Reload to anyone at the PC;
 * ours has them only in a developer's `--devtools` run (see menu.ts).
 */
export function installMenu(options: { devtools: boolean }): void {
  const template = applicationMenu({
    appName: app.name,
    platform: process.platform,
    devtools: options.devtools,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** The one window: sandboxed, context-isolated, no Node, our preload only, loaded from app://desk. */
export function createMainWindow(preloadPath: string, options: { devtools: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Community Production Desk',
    backgroundColor: '#f6f5f1',
    webPreferences: secureWebPreferences(preloadPath, options),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL('app://desk/');
  return win;
}
