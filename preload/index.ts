// The only bridge between the sandboxed renderer and main: call(method, input) for contract methods and
// on(topic, cb) for contract events (bridge.ts). The names are put in by the build (scripts/preload-build.mjs), so
// this bundle carries no zod: validation lives in main.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

declare const __DESK_METHOD_NAMES__: readonly string[];
declare const __DESK_EVENT_NAMES__: readonly string[];

contextBridge.exposeInMainWorld(
  'desk',
  createBridge(ipcRenderer, {
    methods: __DESK_METHOD_NAMES__,
    events: __DESK_EVENT_NAMES__,
  }),
);
