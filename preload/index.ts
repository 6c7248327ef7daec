// The only bridge between the sandboxed renderer and main: call(method, input) for contract methods and
// on(topic, cb) for contract events. The IPC event object never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { events, isMethodName, type DeskBridge } from './contract/index.js';

const CALL_CHANNEL = 'desk:call';
const EVENT_CHANNEL = 'desk:event';

const bridge: DeskBridge = {
  call(method, input) {
    if (!isMethodName(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `There is no method called ${method}.` },
      });
    }
    return ipcRenderer.invoke(CALL_CHANNEL, method, input) as ReturnType<DeskBridge['call']>;
  },
  on(topic, listener) {
    if (!Object.hasOwn(events, topic)) throw new Error(`There is no event called ${topic}.`);
    const handler = (_event: IpcRendererEvent, t: string, payload: unknown) => {
      if (t === topic) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('desk', bridge);
