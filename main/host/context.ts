import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import type { Sessions } from '../people/sessions.js';
import type { EventBus } from './event-bus.js';
import type { Logger } from './logger.js';
import type { BlobRoutes } from './blobs.js';

/** What every area's handlers are built from: one store, one event bus, one clock, one session table. */
export interface HostContext {
  store: Store;
  events: EventBus;
  sessions: Sessions;
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
