import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHost, type Host } from '../../../main/host/create-host.js';
import { memoryLogger } from '../../../main/kernel/logger.js';
import { startWebHost, type WebHost } from '../../../main/host/web.js';
import { manualClock } from '../../../main/kernel/clock.js';
import {
  createSocketBridge,
  type ConnectionState,
  type SocketBridge,
} from '../../../renderer/api/socket-bridge.js';
import type { Result } from '../../../preload/contract/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

/**
 * The browser's bridge against the real web host (ws stands in for the browser's WebSocket): calls and answers,
 * a dropped server, calls made while it is away, and picking the login back up with the resume token.
 */
const TOKEN = 'bridge-test-token-0123456789';
let cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function start(): { host: Host; dir: ReturnType<typeof tempDir> } {
  const dir = tempDir();
  const host = createHost({
    dataDir: dir.path,
    kind: 'web',
    clock: manualClock('2026-11-24T15:00:00.000Z'),
    log: memoryLogger(),
    timers: false,
  });
  cleanups.push(async () => {
    await host.close();
    dir.remove();
  });
  return { host, dir };
}

async function serve(host: Host, port = 0): Promise<WebHost> {
  return startWebHost({ host, rendererDir: tempDir().path, port, token: TOKEN });
}

function bridgeTo(port: number): SocketBridge {
  const bridge = createSocketBridge(
    `ws://127.0.0.1:${port}/ws?token=${TOKEN}`,
    WebSocket as unknown as typeof globalThis.WebSocket,
  );
  cleanups.push(() => bridge.close());
  return bridge;
}

function waitFor(bridge: SocketBridge, state: ConnectionState): Promise<void> {
  if (bridge.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const off = bridge.onState((s) => {
      if (s === state) {
        off();
        resolve();
      }
    });
  });
}

describe('the web bridge', () => {
  it('answers calls, and a refused call comes back as the typed error', async () => {
    const { host } = start();
    const web = await serve(host);
    cleanups.push(() => web.close());
    const bridge = bridgeTo(web.port);

    const info = await bridge.call('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { needsSetup: true, host: 'web' } });
    const refused = await bridge.call('people.list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    const unknown = await bridge.call('people.explode', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('after the server drops, waits, reconnects, sends what was asked meanwhile, and the login resumes', async () => {
    const { host } = start();
    let web = await serve(host);
    const port = web.port;
    const bridge = bridgeTo(port);
    const setup = (await bridge.call('setup.createAdmin', {
      displayName: 'Ada Admin',
      username: 'ada',
      password: 'correct horse battery',
      language: 'en',
    })) as Result<{ resumeToken?: string }>;
    expect(setup.ok).toBe(true);
    const resumeToken = setup.ok ? setup.value.resumeToken : undefined;
    expect(resumeToken).toBeTypeOf('string');

    await web.close();
    await waitFor(bridge, 'lost');
    // Asked while the server is away: held, not failed, and sent once the socket is back.
    const whileAway = bridge.call('app.info', {});

    web = await serve(host, port);
    cleanups.push(() => web.close());
    await waitFor(bridge, 'open');
    expect(await whileAway).toMatchObject({ ok: true, value: { needsSetup: false } });

    // A new socket is a new connection: nobody is logged in on it until the tab resumes its login.
    expect(await bridge.call('session.whoami', {})).toMatchObject({ ok: true, value: null });
    const resumed = await bridge.call('session.resume', { resumeToken });
    expect(resumed).toMatchObject({
      ok: true,
      value: { person: { displayName: 'Ada Admin' }, roles: ['admin'] },
    });
    expect(await bridge.call('people.list', {})).toMatchObject({ ok: true });
  });

  it('pushes events to the listeners of their topic only', async () => {
    const { host } = start();
    const web = await serve(host);
    cleanups.push(() => web.close());
    const bridge = bridgeTo(web.port);
    const changed: unknown[] = [];
    const sessions: unknown[] = [];
    bridge.on('changed', (p) => changed.push(p));
    const off = bridge.on('session.changed', (p) => sessions.push(p));
    await bridge.call('setup.createAdmin', {
      displayName: 'Ada Admin',
      username: 'ada',
      password: 'correct horse battery',
      language: 'en',
    });
    await bridge.call('people.create', { displayName: 'Tomás Ortega', roles: ['trainee'] });
    await expect.poll(() => changed.length).toBeGreaterThan(0);
    expect(changed).toContainEqual({ entity: 'person', id: '2' });
    off();
    await bridge.call('session.lock', {});
    await bridge.call('session.touch', {});
    expect(sessions).toEqual([]);
  });
});
