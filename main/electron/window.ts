import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './policy.js';

/** The one window: sandboxed, context-isolated, no Node, our preload only, loaded from app://desk. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Community Production Desk',
    backgroundColor: '#f6f5f1',
    webPreferences: secureWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL('app://desk/');
  return win;
}
