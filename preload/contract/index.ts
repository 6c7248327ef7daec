import type { z } from 'zod';
import { systemMethods } from './methods/system.js';
import { peopleMethods } from './methods/people.js';
import { trainingMethods } from './methods/training.js';
import { filesMethods } from './methods/files.js';
import { machineMethods } from './methods/machines.js';
import { treasuryMethods } from './methods/treasury.js';
import { jobsMethods } from './methods/jobs.js';
import { productionMethods } from './methods/production.js';
import { usageMethods } from './methods/usage.js';
import { toolpathMethods } from './methods/toolpaths.js';
import { labMethods } from './methods/lab.js';

export * from './errors.js';
export * from './roles.js';
export * from './define.js';
export * from './events.js';
export * from './common.js';
export * from './machine-kinds.js';
export type { SessionInfo } from './methods/system.js';
export type { Person } from './methods/people.js';
export type { Machine, MachineSnapshot, ConsoleLine } from './methods/machines.js';

/** Every method the renderer (or a script over the socket) can call. Add an area by spreading its methods here. */
export const methods = {
  ...systemMethods,
  ...peopleMethods,
  ...trainingMethods,
  ...filesMethods,
  ...machineMethods,
  ...treasuryMethods,
  ...jobsMethods,
  ...productionMethods,
  ...usageMethods,
  ...toolpathMethods,
  ...labMethods,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller sends (before defaults are applied). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives (after parsing: defaults filled, text trimmed). */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

/** The bridge both hosts give the renderer: `window.desk` in Electron, a WebSocket client in the browser. */
export interface DeskBridge {
  call(method: string, input: unknown): Promise<import('./errors.js').Result<unknown>>;
  on(topic: string, listener: (payload: unknown) => void): () => void;
}
