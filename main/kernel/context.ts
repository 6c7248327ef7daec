import type { Clock } from './clock.js';
import type { Store } from '../store/store.js';
import type { EventBus } from './event-bus.js';
import type { Logger } from './logger.js';
import type { BlobRoutes } from './blobs.js';

/**
 * What every area's handlers are built from: one store, one event bus, one clock. Logins are the people area's
 * (main/people/sessions.ts); the host hands them to the handlers that log people in, so no area needs them here.
 */
export interface HostContext {
  store: Store;
  events: EventBus;
  clock: Clock;
  log: Logger;
  /** Byte routes for big data (see blobs.ts). */
  blobs: BlobRoutes;
  info: { version: string; kind: 'electron' | 'web'; demo: boolean };
  /** The host runs its own periodic timers (false in unit tests, which drive time by hand). */
  timers?: boolean;
  /** Close hooks: areas that own devices or timers register here so `host.close()` ends them in order. */
  onClose(fn: () => void | Promise<void>): void;
}

/**
 * An area's demo data. createHost lists them in order; they run once, into an empty data directory, so a
 * newcomer sees a lab with people, machines, jobs and books rather than empty screens. `people` maps the demo
 * usernames (main/host/demo.ts) to person ids.
 */
export type DemoSeeder = (ctx: HostContext, people: ReadonlyMap<string, number>) => void;
