import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

const auditCount = (t: TestHost) =>
  (t.host.store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('dispatch', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.close();
  });

  it('rejects an unknown method with UNKNOWN_METHOD and writes nothing', async () => {
    const before = auditCount(t);
    const result = await t.admin.raw('treasury.deleteEverything', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(auditCount(t)).toBe(before);
  });

  it('rejects a payload that fails its schema with INVALID_INPUT naming the field, and writes nothing', async () => {
    const before = auditCount(t);
    const result = await t.admin.raw('people.create', { displayName: '', roles: ['wizard'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['displayName', 'roles.0']),
    );
    expect(auditCount(t)).toBe(before);
    const people = await t.admin.ok('people.list', {});
    expect(people).toHaveLength(1);
  });

  it('rejects extra fields instead of silently dropping them', async () => {
    const result = await t.admin.raw('people.get', { id: 1, admin: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses a call without login with NOT_AUTHENTICATED', async () => {
    const anonymous = t.client();
    const result = await anonymous.raw('people.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
  });

  it('refuses a trainee a people write with NOT_AUTHORIZED, writes nothing and logs the refusal', async () => {
    const trainee = await t.as('trainee');
    const before = auditCount(t);
    const result = await trainee.raw('people.create', { displayName: 'Mallory', roles: ['admin'] });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(auditCount(t)).toBe(before);
    expect(t.log.lines.some((l) => l.includes('refused people.create'))).toBe(true);
  });

  it('answers a domain rule with its own code and a sentence', async () => {
    const me = await t.admin.ok('session.whoami', {});
    const result = await t.admin.call('people.setActive', {
      id: me!.person.id,
      active: false,
      reason: 'leaving',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'You cannot deactivate yourself.' },
    });
  });
});
