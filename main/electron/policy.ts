// The Electron window's security decisions as plain functions and values, with no electron import, so they are
// unit-tested in Node (the Electron binary cannot run on the build machines). window.ts, security.ts and ipc.ts
// apply them.

/** Only these https hosts may be opened in the person's own browser (help pages); nothing else leaves the app. */
const EXTERNAL_ALLOW = new Set(['cooperationjackson.org', 'fabacademy.org', 'fabfoundation.org']);

/** The window: sandboxed, context-isolated, no Node anywhere, no webview, our preload only. */
export function secureWebPreferences(preload: string) {
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

/** Navigation is allowed only within app://desk (hash routes); everything else is cancelled. */
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
