import { randomUUID } from 'node:crypto';
import type { EventTopic, Result } from '../../preload/contract/index.js';
import { systemClock, type Clock } from '../kernel/clock.js';
import { openStore, type Store } from '../store/store.js';
import { acquireDataLock, type DataLock } from '../store/data-lock.js';
import { startBackupSchedule } from '../store/schedule.js';
import type { Connection } from '../kernel/connection.js';
import { Sessions } from '../people/sessions.js';
import { Passwords, type ScryptParams } from '../people/password.js';
import { peopleHandlers } from '../people/handlers.js';
import { systemHandlers } from '../system/handlers.js';
import { trainingHandlers } from '../training/handlers.js';
import { filesHandlers } from '../files/handlers.js';
import { machineHandlers } from '../machines/handlers.js';
import { seedMachines } from '../machines/demo.js';
import { seedFilesDemo } from '../files/demo.js';
import { seedTrainingDemo } from '../training/demo.js';
import { treasuryHandlers } from '../treasury/handlers.js';
import { seedTreasuryDemo } from '../treasury/demo.js';
import { jobsHandlers } from '../jobs/handlers.js';
import { productionHandlers } from '../production/handlers.js';
import { usageHandlers } from '../usage/handlers.js';
import { toolpathHandlers } from '../toolpaths/handlers.js';
import { labHandlers } from '../lab/handlers.js';
import { seedLabDemo } from '../lab/demo.js';
import { seedJobsDemo } from '../jobs/demo.js';
import { seedProductionDemo } from '../production/demo.js';
import { seedDemo } from './demo.js';
import { dispatch } from './dispatch.js';
import { EventBus } from '../kernel/event-bus.js';
import { BlobRoutes } from '../kernel/blobs.js';
import type { Handlers } from '../kernel/handler-types.js';
import type { HostContext } from '../kernel/context.js';
import { consoleLogger, type Logger } from '../kernel/logger.js';

export interface HostOptions {
  dataDir: string;
  kind: 'electron' | 'web';
  version?: string;
  clock?: Clock;
  log?: Logger;
  /** Seed a demo lab into an empty data directory. */
  demo?: boolean;
  /** Scheduled backups and the idle-lock sweep (off in unit tests, which drive time by hand). */
  timers?: boolean;
  /** Tests only: cheaper password hashing for suites that create many logins (the Desk always uses N=2^17). */
  testOnlyScrypt?: ScryptParams;
}

export interface Host {
  readonly context: HostContext;
  readonly store: Store;
  /** The login table (the people area's); dispatch and the session handlers share it. */
  readonly sessions: Sessions;
  readonly events: EventBus;
  readonly handlers: Handlers;
  /** A new caller (window or socket). `push` delivers events to it. */
  connect(kind: 'electron' | 'web', push: (topic: EventTopic, payload: unknown) => void): Connection;
  disconnect(conn: Connection): void;
  call(conn: Connection, method: unknown, input: unknown): Promise<Result<unknown>>;
  /** Locks idle sessions now and tells their screens (the timer does this every 15 s). */
  sweepIdle(): void;
  close(): Promise<void>;
}

/**
 * Builds every service over one store and returns the handlers and the event bus. The Electron entry wraps it
 * with ipcMain; the web host with a loopback WebSocket. Same handlers, same checks.
 */
export function createHost(options: HostOptions): Host {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? consoleLogger;
  const lock: DataLock = acquireDataLock(options.dataDir);
  let store: Store;
  try {
    store = openStore({ dataDir: options.dataDir, clock });
  } catch (error) {
    lock.release();
    throw error;
  }
  const events = new EventBus();
  const sessions = new Sessions(store, {
    passwords: new Passwords(options.testOnlyScrypt ? { testOnlyParams: options.testOnlyScrypt } : {}),
  });
  const closers: (() => void | Promise<void>)[] = [];
  const context: HostContext = {
    store,
    events,
    clock,
    log,
    blobs: new BlobRoutes(),
    info: { version: options.version ?? '0.0.0-dev', kind: options.kind, demo: options.demo === true },
    timers: options.timers !== false,
    onClose: (fn) => closers.push(fn),
  };

  const handlers: Handlers = {
    ...systemHandlers(context, sessions),
    ...peopleHandlers(context, sessions),
    ...trainingHandlers(context),
    ...filesHandlers(context),
    ...machineHandlers(context),
    ...treasuryHandlers(context),
    ...jobsHandlers(context),
    ...productionHandlers(context),
    ...usageHandlers(context),
    ...toolpathHandlers(context),
    ...labHandlers(context),
  };

  // Each area that has demo data adds its seeder to this list, in dependency order.
  if (options.demo === true)
    seedDemo(context, sessions.passwords.params, [
      seedMachines,
      seedTrainingDemo,
      seedTreasuryDemo,
      seedFilesDemo,
      seedJobsDemo,
      seedProductionDemo,
      seedLabDemo,
    ]);

  const sweepIdle = () => {
    for (const conn of events.all()) {
      if (sessions.refresh(conn)) conn.push('session.changed', sessions.info(conn));
    }
  };
  if (options.timers !== false) {
    const sweep = setInterval(sweepIdle, 15_000);
    sweep.unref();
    closers.push(() => clearInterval(sweep));
    const backups = startBackupSchedule(store, log);
    closers.push(() => backups.stop());
  }

  let closed = false;
  return {
    context,
    store,
    sessions,
    events,
    handlers,
    connect(kind, push) {
      const conn: Connection = { id: randomUUID(), kind, auth: null, push };
      events.attach(conn);
      return conn;
    },
    disconnect(conn) {
      events.detach(conn);
    },
    call(conn, method, input) {
      return dispatch({ handlers, sessions, log, clock }, conn, method, input);
    },
    sweepIdle,
    async close() {
      if (closed) return;
      closed = true;
      for (const fn of closers.reverse()) await fn();
      store.close();
      lock.release();
    },
  };
}
