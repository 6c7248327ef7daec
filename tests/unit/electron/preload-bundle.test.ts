import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { events, methods } from '../../../preload/contract/index.js';
import { createBridge, type BridgeIpc } from '../../../preload/bridge.js';
import { contractNames, preloadBuildOptions } from '../../../scripts/preload-build.mjs';

/** The preload bridge knows the contract's names (put in at build time) but carries no zod: main validates. */

function fakeIpc() {
  const invoked: unknown[][] = [];
  const listeners = new Set<(event: unknown, ...args: unknown[]) => void>();
  const ipc: BridgeIpc = {
    invoke: (...args) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    on: (_channel, listener) => listeners.add(listener),
    removeListener: (_channel, listener) => listeners.delete(listener),
  };
  const emit = (topic: string, payload: unknown) => {
    for (const l of listeners) l({ sender: 'ipc event' }, topic, payload);
  };
  return { ipc, invoked, listeners, emit };
}

describe('preload bridge', () => {
  it('the build-time names are exactly the contract’s methods and events', async () => {
    const names = await contractNames();
    expect(names.methods).toEqual(Object.keys(methods));
    expect(names.events).toEqual(Object.keys(events));
  });

  it('forwards a known method; refuses an unknown one without reaching main', async () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, { methods: ['app.info'], events: ['changed'] });
    await bridge.call('app.info', {});
    expect(f.invoked).toEqual([['desk:call', 'app.info', {}]]);
    expect(await bridge.call('app.nothing', {})).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'There is no method called app.nothing.' },
    });
    expect(f.invoked).toHaveLength(1);
  });

  it('delivers only its own topic’s payload (never the IPC event), refuses an unknown topic, and unsubscribes', () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc, { methods: [], events: ['changed', 'jobs.notice'] });
    const got: unknown[] = [];
    const off = bridge.on('changed', (p) => got.push(p));
    f.emit('jobs.notice', { n: 1 });
    f.emit('changed', { entity: 'files' });
    expect(got).toEqual([{ entity: 'files' }]);
    off();
    expect(f.listeners.size).toBe(0);
    expect(() => bridge.on('nope', () => undefined)).toThrow('There is no event called nope.');
  });

  it('the built preload bundle has no zod and is a few KB', async () => {
    const out = await build({ ...(await preloadBuildOptions()), write: false, outdir: 'out' });
    const code = out.outputFiles.find((f) => f.path.endsWith('.cjs'))!.text;
    expect(code).not.toMatch(/zod|ZodError|safeParse/);
    expect(code).toContain('"app.info"');
    expect(code.length).toBeLessThan(20_000);
  }, 30_000);
});
