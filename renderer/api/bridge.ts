import type { DeskBridge } from '../../preload/contract/index.js';
import { createSocketBridge, type ConnectionState } from './socket-bridge.js';

declare global {
  interface Window {
    desk?: DeskBridge;
  }
}

const TOKEN_KEY = 'cp-desk.token';
let socketState: { get: () => ConnectionState; on: (l: (s: ConnectionState) => void) => () => void } | null =
  null;

/** The page's token: from the address the server printed, kept for reloads of this tab. */
export function pageToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * `window.desk` from the Electron preload when present; otherwise a WebSocket bridge to the web host that serves
 * this page, installed as `window.desk` so every screen talks through the same object.
 */
export function getBridge(): DeskBridge {
  if (window.desk !== undefined) return window.desk;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const token = encodeURIComponent(pageToken() ?? '');
  const socket = createSocketBridge(`${scheme}://${window.location.host}/ws?token=${token}`);
  socketState = { get: () => socket.state, on: (l) => socket.onState(l) };
  window.desk = socket;
  return socket;
}

/** The connection's state, for the banner; Electron's IPC never drops, so it is always open there. */
export function connectionState(): ConnectionState {
  return socketState?.get() ?? 'open';
}

export function onConnectionState(listener: (state: ConnectionState) => void): () => void {
  return socketState?.on(listener) ?? (() => undefined);
}
