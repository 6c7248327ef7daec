// The application menu as plain data (no electron import, so it is unit-tested in Node). window.ts builds it
// with Menu.buildFromTemplate. Electron's default menu has Toggle Developer Tools and Reload; a production Desk
// has neither, so nobody can open a console on the page or reload it in the middle of a job.

export type MenuRole =
  | 'about'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools';

export type MenuItemSpec =
  { type: 'separator' } | { role: MenuRole } | { label: string; submenu: MenuItemSpec[] };

const separator: MenuItemSpec = { type: 'separator' };

/** The roles a developer's `--devtools` run adds to the View menu, and only that run. */
export const DEVELOPER_ROLES: readonly MenuRole[] = ['reload', 'forceReload', 'toggleDevTools'];

export function applicationMenu(options: {
  appName: string;
  platform: NodeJS.Platform;
  devtools: boolean;
}): MenuItemSpec[] {
  const mac = options.platform === 'darwin';
  const menu: MenuItemSpec[] = [];
  if (mac) {
    menu.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  }
  menu.push(
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
        ...(options.devtools ? [separator, ...DEVELOPER_ROLES.map((role) => ({ role }))] : []),
      ],
    },
    {
      label: 'Window',
      submenu: mac
        ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
  );
  return menu;
}

/** Every role anywhere in a menu, depth first (what the tests and a reviewer look for). */
export function rolesIn(menu: readonly MenuItemSpec[]): MenuRole[] {
  return menu.flatMap((item) =>
    'role' in item ? [item.role] : 'submenu' in item ? rolesIn(item.submenu) : [],
  );
}
