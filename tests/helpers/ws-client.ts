import WebSocket from 'ws';
import type { Result } from '../../preload/contract/index.js';

/** A bare WebSocket client speaking the web host's wire format: `{id, method, input}` → `{id, result}`. */
export interface DeskSocket {
  ws: WebSocket;
  /** Pushed events, in order. */
  events: { event: string; payload: unknown }[];
  call(method: unknown, input: unknown): Promise<Result<unknown>>;
  /** Sends any text frame and resolves with the next reply that has no matching call (e.g. `id: null`). */
  sendRaw(text: string): Promise<{ id: unknown; result: Result<unknown> }>;
  /** Calls and throws on an error result (for set-up steps). */
  ok(method: string, input: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export function connectDesk(url: string, headers: Record<string, string> = {}): Promise<DeskSocket> {
  return new Promise((resolveOpen, reject) => {
    const ws = new WebSocket(url, { headers });
    let next = 1;
    const pending = new Map<number, { resolve: (r: Result<unknown>) => void; reject: (e: Error) => void }>();
    const orphans: ((m: { id: unknown; result: Result<unknown> }) => void)[] = [];
    const events: DeskSocket['events'] = [];
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as {
        id?: unknown;
        result?: Result<unknown>;
        event?: string;
        payload?: unknown;
      };
      if (message.event !== undefined) {
        events.push({ event: message.event, payload: message.payload });
        return;
      }
      const waiting = typeof message.id === 'number' ? pending.get(message.id) : undefined;
      if (waiting !== undefined && typeof message.id === 'number') {
        pending.delete(message.id);
        waiting.resolve(message.result!);
      } else {
        orphans.shift()?.({ id: message.id, result: message.result! });
      }
    });
    ws.on('error', reject);
    // Calls still waiting when the socket goes (the server stopped or died) fail rather than hang.
    ws.on('close', () => {
      for (const waiting of pending.values())
        waiting.reject(new Error('the connection closed before the answer came'));
      pending.clear();
    });
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused with HTTP ${String(res.statusCode)}`)),
    );
    ws.once('open', () => {
      const socket: DeskSocket = {
        ws,
        events,
        call(method, input) {
          const id = next++;
          return new Promise((resolve, reject) => {
            if (ws.readyState !== WebSocket.OPEN) {
              reject(new Error('the connection is closed'));
              return;
            }
            pending.set(id, { resolve, reject });
            ws.send(JSON.stringify({ id, method, input }), (error) => {
              if (error) {
                pending.delete(id);
                reject(error);
              }
            });
          });
        },
        sendRaw(text) {
          return new Promise((r) => {
            orphans.push(r);
            ws.send(text);
          });
        },
        async ok(method, input) {
          const result = await socket.call(method, input);
          if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
          return result.value;
        },
        close() {
          return new Promise((r) => {
            if (ws.readyState === WebSocket.CLOSED) {
              r();
              return;
            }
            ws.once('close', () => r());
            ws.close();
          });
        },
      };
      resolveOpen(socket);
    });
  });
}

/** Tries to open a WebSocket and reports the HTTP status it was refused with, or 101 if it opened. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolveStatus(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolveStatus(101);
      ws.close();
    });
    // After a refusal the library may still report the aborted handshake; the status is already settled by then.
    ws.on('error', reject);
  });
}
