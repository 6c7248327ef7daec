import type { DeskBridge } from './contract/index.js';

/** The part of ipcRenderer the bridge uses (a stand-in in tests). */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';

/**
 * The bridge the sandboxed page gets: call(method, input) and on(topic, cb). It knows only the contract's method and
 * event names (plain strings, put in at build time), not its zod schemas: every input is validated in main, so the
 * preload bundle stays a few KB instead of carrying zod. The IPC event object never reaches the page.
 */
export function createBridge(
  ipc: BridgeIpc,
  names: { methods: readonly string[]; events: readonly string[] },
): DeskBridge {
  const methods = new Set(names.methods);
  const events = new Set(names.events);
  return {
    call(method, input) {
      if (!methods.has(method)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `There is no method called ${method}.` },
        });
      }
      return ipc.invoke(CALL_CHANNEL, method, input) as ReturnType<DeskBridge['call']>;
    },
    on(topic, listener) {
      if (!events.has(topic)) throw new Error(`There is no event called ${topic}.`);
      const handler = (_event: unknown, t: unknown, payload: unknown) => {
        if (t === topic) listener(payload);
      };
      ipc.on(EVENT_CHANNEL, handler);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, handler);
      };
    },
  };
}
