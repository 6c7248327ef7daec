import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Host } from '../host/create-host.js';
import type { Connection } from '../kernel/connection.js';
import { trustedFrame } from './policy.js';

export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';

/**
 * Every IPC call is checked before dispatch: it must come from our window's main frame on app://desk.
 * Anything else (an iframe, a navigated-away page) is refused, as VS Code's validatedIpcMain does.
 */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  return trustedFrame(event.senderFrame, event.sender.mainFrame);
}

/** Wires the host to ipcMain: one connection per window, events pushed to that window only. */
export function connectIpc(host: Host): { connectionFor(contents: WebContents): Connection } {
  const connections = new Map<number, Connection>();
  const connectionFor = (contents: WebContents): Connection => {
    let conn = connections.get(contents.id);
    if (conn === undefined) {
      conn = host.connect('electron', (topic, payload) => {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, topic, payload);
      });
      connections.set(contents.id, conn);
      const created = conn;
      contents.once('destroyed', () => {
        host.disconnect(created);
        connections.delete(contents.id);
      });
    }
    return conn;
  };
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!trustedSender(event)) {
      return {
        ok: false,
        error: { code: 'NOT_AUTHORIZED', message: 'Calls are accepted from the Desk window only.' },
      };
    }
    return host.call(connectionFor(event.sender), method, input);
  });
  return { connectionFor };
}
