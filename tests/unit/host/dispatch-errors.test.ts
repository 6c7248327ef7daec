import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatch } from '../../../main/host/dispatch.js';
import { DeskError } from '../../../main/kernel/errors.js';
import { memoryLogger } from '../../../main/kernel/logger.js';
import type { Handlers } from '../../../main/kernel/handler-types.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/**
 * What dispatch makes of whatever a handler throws or returns: typed refusals for the expected ones, INTERNAL
 * (logged, apologised for in words) for anything else. The host's own handlers, with people.list replaced.
 */
describe('dispatch turns what a handler throws into a typed answer', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.close();
  });

  async function callThrowing(behaviour: () => unknown) {
    const log = memoryLogger();
    const handlers = { ...t.host.handlers, 'people.list': behaviour } as unknown as Handlers;
    const result = await dispatch(
      { handlers, sessions: t.host.sessions, log, clock: t.host.context.clock },
      t.admin.conn,
      'people.list',
      {},
    );
    return { result, lines: log.lines };
  }

  const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('a DeskError keeps its code, sentence and details', async () => {
    const { result } = await callThrowing(() => {
      throw new DeskError('CONFLICT', 'Somebody changed it first.', { id: 3 });
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'Somebody changed it first.', details: { id: 3 } },
    });
    const bare = await callThrowing(() => {
      throw new DeskError('NOT_FOUND', 'Gone.');
    });
    expect(bare.result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Gone.' } });
  });

  it('a broken database rule is a CONFLICT naming it, a busy database asks to try again, neither is logged as a bug', async () => {
    const constraint = await callThrowing(() => {
      throw sqliteError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: accounts.username');
    });
    expect(constraint.result).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'That change breaks a rule of the records: UNIQUE constraint failed: accounts.username',
      },
    });
    const busy = await callThrowing(() => {
      throw sqliteError('SQLITE_BUSY', 'database is locked');
    });
    expect(busy.result).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'The records are busy; try again in a moment.' },
    });
    expect([...constraint.lines, ...busy.lines].filter((l) => l.startsWith('error'))).toEqual([]);
  });

  it('a schema refusal thrown inside a handler is INVALID_INPUT naming the field', async () => {
    const { result } = await callThrowing(() => z.object({ name: z.string() }).parse({ name: 4 }));
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'name' }] } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/^name: /);
  });

  it('anything else is INTERNAL: logged with the method, told in words, never the stack', async () => {
    for (const thrown of [new TypeError('x is undefined'), sqliteError('SQLITE_IOERR', 'disk I/O error')]) {
      const { result, lines } = await callThrowing(() => {
        throw thrown;
      });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'INTERNAL',
          message: 'Something went wrong; it has been logged. Nothing was changed.',
        },
      });
      expect(lines).toEqual([`error people.list failed ${thrown.message}`]);
    }
  });

  it('an answer that fails the output schema is INTERNAL and logged, never sent', async () => {
    const { result, lines } = await callThrowing(() => [{ id: 'not a number' }]);
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong preparing the answer; it has been logged.' },
    });
    expect(lines[0]).toMatch(/^error people\.list returned a value that fails its output schema/);
  });

  it('a good answer carries the host clock’s time', async () => {
    const { result } = await callThrowing(() => []);
    expect(result).toEqual({ ok: true, value: [], at: t.host.context.clock.now().toISOString() });
  });
});
