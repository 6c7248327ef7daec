import type { DeskBridge, Result } from '../../preload/contract/index.js';

export type ConnectionState = 'connecting' | 'open' | 'lost';

export interface SocketBridge extends DeskBridge {
  readonly state: ConnectionState;
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

const lost = (): Result<unknown> => ({
  ok: false,
  error: {
    code: 'DISCONNECTED',
    message:
      'The connection to the desk dropped before the answer came. Check whether it was done, then try again.',
  },
});

/**
 * The web host's bridge: one WebSocket to `/ws?token=…` speaking `{id, method, input}` → `{id, result}` and pushed
 * `{event, payload}`. Calls made while (re)connecting wait for the socket; a call in flight when the socket drops
 * answers DISCONNECTED (it may or may not have run, so it is never silently re-sent). After a drop it reconnects
 * with a growing pause (0.5 s up to 5 s) and tells `onState` listeners, so the session can be resumed.
 */
export function createSocketBridge(url: string, WebSocketImpl: typeof WebSocket = WebSocket): SocketBridge {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let next = 1;
  let delay = 500;
  let closed = false;
  const pending = new Map<number, Pending>();
  const waiting: (() => void)[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  const setState = (s: ConnectionState) => {
    if (s === state) return;
    state = s;
    for (const l of stateListeners) l(s);
  };

  const open = () => {
    const ws = new WebSocketImpl(url);
    socket = ws;
    ws.onopen = () => {
      delay = 500;
      setState('open');
      for (const send of waiting.splice(0)) send();
    };
    ws.onmessage = (message: MessageEvent) => {
      let data: { id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
      try {
        data = JSON.parse(String(message.data)) as typeof data;
      } catch {
        return;
      }
      if (typeof data.event === 'string') {
        for (const l of listeners.get(data.event) ?? []) l(data.payload);
      } else if (typeof data.id === 'number') {
        const p = pending.get(data.id);
        pending.delete(data.id);
        p?.resolve(data.result ?? lost());
      }
    };
    // A failed connect reports an error and then a close; the close is what reconnects. Listening here also keeps
    // a Node WebSocket (tests, ws) from throwing the error as uncaught when the host is away.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const p of pending.values()) p.resolve(lost());
      pending.clear();
      if (closed) return;
      setState('lost');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  open();

  return {
    get state() {
      return state;
    },
    call(method, input) {
      return new Promise((resolve) => {
        const send = () => {
          if (socket === null || socket.readyState !== WebSocketImpl.OPEN) {
            resolve(lost());
            return;
          }
          const id = next++;
          pending.set(id, { resolve });
          socket.send(JSON.stringify({ id, method, input }));
        };
        if (socket !== null && socket.readyState === WebSocketImpl.OPEN) send();
        else waiting.push(send);
      });
    },
    on(topic, listener) {
      const set = listeners.get(topic) ?? new Set();
      set.add(listener);
      listeners.set(topic, set);
      return () => set.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
