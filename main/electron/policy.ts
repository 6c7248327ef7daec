// The Electron window's security decisions as plain functions and values, with no electron import, so they are
// unit-tested in Node (the Electron binary cannot run on the build machines). window.ts, security.ts and ipc.ts
// apply them.

/** Only these https hosts may be opened in the person's own browser (help pages); nothing else leaves the app. */
const EXTERNAL_ALLOW = new Set(['cooperationjackson.org', 'fabacademy.org', 'fabfoundation.org']);

/**
 * Whether this run may open DevTools: only a developer's unpackaged run (`electron .`) started with
 * `--devtools`. A packaged Desk ignores the flag, so nobody at a shop PC can open a console on the page.
 */
export function devtoolsAllowed(argv: readonly string[], packaged: boolean): boolean {
  return !packaged && argv.includes('--devtools');
}

/**
 * The window: sandboxed, context-isolated, no Node anywhere, no webview, our preload only, and DevTools
 * switched off in the page itself unless this is a developer's `--devtools` run.
 */
export function secureWebPreferences(preload: string, options: { devtools: boolean }) {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A file dropped on the window must not replace the Desk with file:// (will-navigate refuses it too).
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: options.devtools,
    spellcheck: false,
  } as const;
}

export function isOurUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'desk';
  } catch {
    return false;
  }
}

/**
 * Navigation is allowed only within app://desk (hash routes); everything else is cancelled. Applied to
 * will-navigate, will-frame-navigate (iframes) and will-redirect, with the URL read from the event's details
 * (the positional url argument is deprecated since Electron 25 and still only kept for compatibility).
 */
export function mayNavigate(url: string): boolean {
  return isOurUrl(url);
}

export type OpenDecision =
  { action: 'download'; url: string } | { action: 'external'; url: string } | { action: 'deny' };

/**
 * What a link that wants a new window gets: our own documents (certificates, acknowledgments: app://desk/blob/…)
 * are saved as files, allow-listed https pages open in the system browser, and no window is ever created.
 */
export function decideWindowOpen(url: string): OpenDecision {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { action: 'deny' };
  }
  if (isOurUrl(url) && u.pathname.startsWith('/blob/')) return { action: 'download', url: u.href };
  if (u.protocol === 'https:' && EXTERNAL_ALLOW.has(u.hostname) && u.username === '' && u.password === '') {
    return { action: 'external', url: u.href };
  }
  return { action: 'deny' };
}

/** An IPC call is trusted only from the window's own main frame showing app://desk (not an iframe, not elsewhere). */
export function trustedFrame(frame: { url: string } | null, mainFrame: unknown): boolean {
  return frame !== null && frame === mainFrame && isOurUrl(frame.url);
}

/**
 * Nothing the page can ask the browser for is granted: no camera, microphone, screen capture, notifications,
 * geolocation, clipboard read, fullscreen API, MIDI, HID, USB, Bluetooth or Web Serial (the machines' serial
 * ports are opened by main, never by the page), and no permission Chromium adds in a later Electron either.
 * The request handler answers through its callback, the check handler by its return value.
 */
export function denyPermissionRequest(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

/** A device chooser (Web Serial, HID, USB) is cancelled as soon as the page opens one. */
export function cancelDeviceChoice(
  event: { preventDefault(): void },
  cancel: (choice: string) => void,
): void {
  event.preventDefault();
  cancel('');
}
