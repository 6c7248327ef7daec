import type {
  EventTopic,
  MethodInput,
  MethodName,
  MethodOutput,
  Result,
} from '../../preload/contract/index.js';
import { createHost, type Host } from '../../main/host/create-host.js';
import { memoryLogger } from '../../main/kernel/logger.js';
import type { Connection } from '../../main/kernel/connection.js';
import { manualClock } from '../../main/kernel/clock.js';
import { tempDir } from './temp-dir.js';

export interface TestClient {
  conn: Connection;
  pushed: { topic: EventTopic; payload: unknown }[];
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  /** Calls and throws on an error result: for the steps of a test that are set-up, not the behaviour under test. */
  ok<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  raw(method: unknown, input: unknown): Promise<Result<unknown>>;
  /** Listen to what main pushes to this connection (as a screen's bridge does). */
  on(topic: string, listener: (payload: unknown) => void): () => void;
}

export interface TestHost {
  host: Host;
  dataDir: string;
  clock: ReturnType<typeof manualClock>;
  log: ReturnType<typeof memoryLogger>;
  client(): TestClient;
  /** A client logged in as a new person with these roles (created by the admin made at setup). */
  as(
    ...roles: ('admin' | 'staff' | 'instructor' | 'trainee' | 'treasurer')[]
  ): Promise<TestClient & { personId: number }>;
  admin: TestClient;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'correct horse battery';

/** The password hashing cost tests use unless they ask for production's: N=2^10 (about 1 ms, not 0.5 s). */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const;

/**
 * A real host over a real SQLite file in its own temporary directory, with a clock the test moves.
 * `setup: false` leaves it at first run: no administrator yet, and `admin` is a client nobody has logged in on.
 * Passwords are hashed with TEST_SCRYPT unless `productionScrypt` is set.
 */
export async function startTestHost(
  options: { demo?: boolean; start?: string; setup?: boolean; productionScrypt?: boolean } = {},
): Promise<TestHost> {
  const dir = tempDir();
  const clock = manualClock(options.start ?? '2026-11-24T15:00:00.000Z');
  const log = memoryLogger();
  const host = createHost({
    dataDir: dir.path,
    kind: 'web',
    clock,
    log,
    timers: false,
    demo: options.demo === true,
    ...(options.productionScrypt === true ? {} : { testOnlyScrypt: TEST_SCRYPT }),
  });
  const client = (): TestClient => {
    const pushed: TestClient['pushed'] = [];
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const conn = host.connect('web', (topic, payload) => {
      pushed.push({ topic, payload });
      for (const listener of listeners.get(topic) ?? []) listener(payload);
    });
    const raw = (method: unknown, input: unknown) => host.call(conn, method, input);
    const call = raw as TestClient['call'];
    return {
      conn,
      pushed,
      raw,
      call,
      on(topic, listener) {
        const set = listeners.get(topic) ?? new Set();
        set.add(listener);
        listeners.set(topic, set);
        return () => set.delete(listener);
      },
      async ok(method, input) {
        const result = await call(method, input);
        if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
        return result.value;
      },
    };
  };
  const admin = client();
  let counter = 0;
  if (options.demo === true) {
    await admin.ok('session.login', { username: 'admin', password: 'demo-pass-2026' });
  } else if (options.setup !== false) {
    await admin.ok('setup.createAdmin', {
      displayName: 'Ada Admin',
      username: 'ada',
      password: ADMIN_PASSWORD,
      language: 'en',
    });
  }
  return {
    host,
    dataDir: dir.path,
    clock,
    log,
    client,
    admin,
    async as(...roles) {
      counter += 1;
      const username = `user${counter}`;
      const person = await admin.ok('people.create', {
        displayName: `Test ${roles.join('+') || 'nobody'} ${counter}`,
        roles,
        login: { username, password: 'password-123' },
      });
      const c = client();
      await c.ok('session.login', { username, password: 'password-123' });
      return Object.assign(c, { personId: person.id });
    },
    async close() {
      await host.close();
      dir.remove();
    },
  };
}
