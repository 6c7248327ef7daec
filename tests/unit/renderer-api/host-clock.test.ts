import { describe, expect, it } from 'vitest';
import { call } from '../../../renderer/api/index.js';
import { hostNow } from '../../../renderer/api/host-clock.js';
import { startTestHost } from '../../helpers/temp-host.js';

/** Screens take "now" from the host's clock that every answer carries, not from the computer they run on. */
describe("the host's clock on the screens", () => {
  it('an answer carries the host clock, and after it the screens’ now is the host’s, moved as the host’s moves', async () => {
    // The test host's clock sits weeks away from this machine's clock.
    const t = await startTestHost({ start: '2031-03-09T07:30:00.000Z' });
    try {
      const client = t.client();
      (globalThis as { window?: unknown }).window = {
        desk: {
          call: (method: unknown, input: unknown) => client.raw(method, input),
          on: () => () => undefined,
        },
      };
      const result = await client.raw('app.info', {});
      expect(result).toMatchObject({ ok: true, at: '2031-03-09T07:30:00.000Z' });

      await call('app.info', {});
      expect(Math.abs(hostNow().getTime() - Date.parse('2031-03-09T07:30:00.000Z'))).toBeLessThan(60_000);

      t.clock.advance(3 * 86_400_000);
      await call('app.info', {});
      expect(Math.abs(hostNow().getTime() - Date.parse('2031-03-12T07:30:00.000Z'))).toBeLessThan(60_000);
    } finally {
      delete (globalThis as { window?: unknown }).window;
      await t.close();
    }
  });
});
