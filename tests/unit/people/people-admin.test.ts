import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/** The people screen's methods: roles take effect at the next call, and bad input is refused in words, unwritten. */

let t: TestHost;
let adminId: number;
let trainee: TestClient & { personId: number };

beforeAll(async () => {
  t = await startTestHost();
  adminId = (await t.admin.ok('session.whoami', {}))!.person.id;
  trainee = await t.as('trainee'); // user1
}, 20_000);
afterAll(async () => {
  await t.close();
});

const totalChanges = () => t.host.store.db.prepare('SELECT total_changes()').pluck().get() as number;
const auditRows = () => t.host.store.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

describe('roles are read at every call', () => {
  it('an admin removes a role and the very next call is refused; given back, it works again', async () => {
    const staff = await t.as('staff');
    expect((await staff.call('people.list', {})).ok).toBe(true);

    await t.admin.ok('people.setRoles', { id: staff.personId, roles: [], reason: 'moved away' });
    expect(await staff.call('people.list', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    expect(await staff.ok('session.whoami', {})).toMatchObject({
      roles: [],
      permissions: expect.not.arrayContaining(['people.read']) as unknown,
    });

    await t.admin.ok('people.setRoles', { id: staff.personId, roles: ['staff'] });
    expect((await staff.call('people.list', {})).ok).toBe(true);
  });

  it('an admin who gives up their own admin role loses people management at once', async () => {
    const second = await t.as('admin');
    await second.ok('people.setRoles', { id: second.personId, roles: ['staff'] });
    expect(await second.call('people.create', { displayName: 'Someone' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
  });
});

describe('people-admin methods refuse bad input with a clear message and write nothing', () => {
  const cases: [string, string, () => unknown, string, RegExp][] = [
    [
      'an empty name',
      'people.create',
      () => ({ displayName: '   ' }),
      'INVALID_INPUT',
      /^displayName: must not be empty$/,
    ],
    [
      'a runaway name',
      'people.create',
      () => ({ displayName: 'x'.repeat(121) }),
      'INVALID_INPUT',
      /^displayName: at most 120 characters$/,
    ],
    [
      'a bad email',
      'people.create',
      () => ({ displayName: 'Ana', email: 'ana-at-lab' }),
      'INVALID_INPUT',
      /^email: not an email address$/,
    ],
    [
      'an unknown role',
      'people.create',
      () => ({ displayName: 'Ana', roles: ['wizard'] }),
      'INVALID_INPUT',
      /^roles\.0: /,
    ],
    [
      'an unknown language',
      'people.create',
      () => ({ displayName: 'Ana', language: 'fr' }),
      'INVALID_INPUT',
      /^language: /,
    ],
    [
      'a short password and a bad username',
      'people.create',
      () => ({ displayName: 'Ana', login: { username: 'a', password: 'short' } }),
      'INVALID_INPUT',
      /^login\.username: 2 to 32 letters, digits, dots, dashes or underscores; login\.password: at least 8 characters$/,
    ],
    [
      'a field the contract does not have',
      'people.create',
      () => ({ displayName: 'Ana', isAdmin: true }),
      'INVALID_INPUT',
      /isAdmin/,
    ],
    [
      'a username someone has (in other capitals)',
      'people.create',
      () => ({ displayName: 'Ana', login: { username: 'ADA', password: 'long enough' } }),
      'CONFLICT',
      /^The username "ADA" is already taken\.$/,
    ],
    [
      'an id that is not a number',
      'people.update',
      () => ({ id: '1', displayName: 'X' }),
      'INVALID_INPUT',
      /^id: /,
    ],
    [
      'someone who does not exist',
      'people.update',
      () => ({ id: 9999, displayName: 'X' }),
      'NOT_FOUND',
      /^Person 9999 does not exist\.$/,
    ],
    [
      'roles for someone who does not exist',
      'people.setRoles',
      () => ({ id: 9999, roles: [] }),
      'NOT_FOUND',
      /^Person 9999/,
    ],
    [
      'too many roles',
      'people.setRoles',
      () => ({ id: trainee.personId, roles: Array(6).fill('staff') }),
      'INVALID_INPUT',
      /^roles: /,
    ],
    [
      'the last admin losing the role',
      'people.setRoles',
      () => ({ id: adminId, roles: ['staff'] }),
      'RULE_VIOLATION',
      /^This is the last active administrator: give someone else the admin role first\.$/,
    ],
    [
      'a login with a taken username',
      'people.setLogin',
      () => ({ id: trainee.personId, username: 'ada', password: 'long enough' }),
      'CONFLICT',
      /^The username "ada" is already taken\.$/,
    ],
    [
      'a short new password',
      'people.setLogin',
      () => ({ id: trainee.personId, username: 'user1', password: '1234' }),
      'INVALID_INPUT',
      /^password: at least 8 characters$/,
    ],
    [
      'a login for nobody',
      'people.setLogin',
      () => ({ id: 9999, username: 'ghost', password: 'long enough' }),
      'NOT_FOUND',
      /^Person 9999/,
    ],
    [
      'deactivating yourself',
      'people.setActive',
      () => ({ id: adminId, active: false, reason: 'testing' }),
      'RULE_VIOLATION',
      /^You cannot deactivate yourself\.$/,
    ],
    [
      'deactivating without a reason',
      'people.setActive',
      () => ({ id: trainee.personId, active: false, reason: ' ' }),
      'INVALID_INPUT',
      /^reason: must not be empty$/,
    ],
    ['looking up nobody', 'people.get', () => ({ id: 9999 }), 'NOT_FOUND', /^Person 9999 does not exist\.$/],
  ];

  it.each(cases)('%s (%s)', async (_what, method, input, errorCode, message) => {
    const before = { changes: totalChanges(), audit: auditRows() };
    const result = await t.admin.raw(method, input());
    expect(result).toMatchObject({ ok: false, error: { code: errorCode } });
    if (!result.ok) expect(result.error.message).toMatch(message);
    expect({ changes: totalChanges(), audit: auditRows() }).toEqual(before);
  });

  it('the refused people are not there afterwards, and the trainee still logs in as before', async () => {
    const names = (await t.admin.ok('people.list', { includeInactive: true })).map((p) => p.displayName);
    expect(names.some((n) => n === 'Ana' || n === 'X' || n === 'Someone')).toBe(false);
    expect((await t.client().call('session.login', { username: 'user1', password: 'password-123' })).ok).toBe(
      true,
    );
  });
});
