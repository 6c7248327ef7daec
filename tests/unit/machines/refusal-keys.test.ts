import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

describe('machine refusals carry a message key for the renderer', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => t.close());

  it('keeps main’s English sentence and adds the key and parameters; a refused call changes nothing', async () => {
    const m = await t.admin.ok('machines.create', {
      name: 'Shop router',
      kind: 'cnc-router',
      firmware: 'grbl',
      connection: { type: 'simulated' },
      workArea: { x: 600, y: 400, z: 90 },
    });
    const refused = await t.admin.call('machines.jog', { id: m.id, x: 1, feed: 500 });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: 'Shop router is not connected. Connect it first.',
        details: { refusal: { key: 'machine.notConnected', params: { name: 'Shop router' } } },
      },
    });
    expect((await t.admin.ok('machines.snapshot', { id: m.id })).connection).toBe('disconnected');
    await t.admin.ok('machines.retire', { id: m.id, reason: 'sold' });
    expect(await t.admin.call('machines.connect', { id: m.id })).toMatchObject({
      ok: false,
      error: { details: { refusal: { key: 'machine.retired', params: { name: 'Shop router' } } } },
    });
  });
});
