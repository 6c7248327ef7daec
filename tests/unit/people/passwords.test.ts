import { describe, expect, it } from 'vitest';
import { Passwords, hashPasswordSync, parseHash } from '../../../main/people/password.js';
import { KeyedSerializer } from '../../../main/people/serializer.js';
import { TEST_SCRYPT } from '../../helpers/temp-host.js';

/** The hashing and ordering parts on their own, at the test cost (production's is proven in password-cost.test.ts). */

describe('stored hashes', () => {
  const good = hashPasswordSync('password-123', TEST_SCRYPT);

  it('carry their parameters and verify only the right password', async () => {
    expect(parseHash(good)).toMatchObject({ params: TEST_SCRYPT });
    const passwords = new Passwords({ testOnlyParams: TEST_SCRYPT });
    expect(await passwords.verify('password-123', good)).toBe(true);
    expect(await passwords.verify('password-124', good)).toBe(false);
    // NFKC: the same password typed with a full-width digit matches.
    expect(await passwords.verify('password-12３', good)).toBe(true);
  });

  it.each([
    ['another scheme', good.replace(/^scrypt/, 'bcrypt')],
    ['a missing part', good.split('$').slice(0, 5).join('$')],
    ['N not a power of two', good.replace(/^scrypt\$1024/, 'scrypt$1000')],
    ['N above 2^20 (a gigabyte)', good.replace(/^scrypt\$1024/, `scrypt$${2 ** 21}`)],
    ['r of 0', good.replace(/^scrypt\$1024\$8/, 'scrypt$1024$0')],
    ['an empty key', good.replace(/\$[^$]+$/, '$')],
  ])(
    'that cannot be read (%s) match nothing, cost one derivation and are due for a new hash',
    async (_what, bad) => {
      expect(parseHash(bad)).toBeNull();
      const passwords = new Passwords({ testOnlyParams: TEST_SCRYPT });
      expect(await passwords.verify('password-123', bad)).toBe(false);
      expect(passwords.derivations).toBe(1);
      expect(passwords.lastParams).toEqual(TEST_SCRYPT);
      expect(passwords.needsRehash(bad)).toBe(true);
    },
  );

  it('made with other parameters are due for a new hash; those made with the current ones are not', () => {
    const passwords = new Passwords({ testOnlyParams: TEST_SCRYPT });
    expect(passwords.needsRehash(good)).toBe(false);
    expect(passwords.needsRehash(hashPasswordSync('x', { ...TEST_SCRYPT, N: 512 }))).toBe(true);
    expect(passwords.needsRehash(hashPasswordSync('x', { ...TEST_SCRYPT, r: 4 }))).toBe(true);
    expect(passwords.needsRehash(hashPasswordSync('x', { ...TEST_SCRYPT, p: 2 }))).toBe(true);
  });

  it('an unknown username is checked against a dummy with the current parameters: one derivation, never a match', async () => {
    const passwords = new Passwords({ testOnlyParams: TEST_SCRYPT });
    expect(await passwords.verifyUnknown('password-123')).toBe(false);
    expect(passwords.derivations).toBe(1);
    expect(passwords.lastParams).toEqual(TEST_SCRYPT);
  });
});

describe('derivations at once', () => {
  it('never more than two across the host, however many are asked for together', async () => {
    const passwords = new Passwords({ testOnlyParams: TEST_SCRYPT });
    const hashes = await Promise.all(Array.from({ length: 9 }, (_, i) => passwords.hash(`secret-${i}`)));
    expect(new Set(hashes).size).toBe(9);
    expect(passwords.derivations).toBe(9);
    expect(passwords.peakConcurrent).toBe(2);
    expect(passwords.inFlight).toBe(0);
  });
});

describe('KeyedSerializer', () => {
  it('runs tasks sharing a key one after another in arrival order, others alongside, and forgets idle keys', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        gates.set(name, () => {
          log.push(`end ${name}`);
          resolve(name);
        });
      });
    const flush = () => new Promise((r) => setImmediate(r));

    const a = serializer.run(['account:x', 'conn:1'], task('a'));
    const b = serializer.run(['account:x', 'conn:2'], task('b')); // same account as a
    const c = serializer.run(['account:y', 'conn:1'], task('c')); // same connection as a
    const d = serializer.run(['account:z', 'conn:3'], task('d')); // shares nothing
    await flush();
    expect(log).toEqual(['start a', 'start d']);
    gates.get('a')!();
    await flush();
    expect(log).toEqual(['start a', 'start d', 'end a', 'start b', 'start c']);
    gates.get('b')!();
    gates.get('c')!();
    gates.get('d')!();
    expect(await Promise.all([a, b, c, d])).toEqual(['a', 'b', 'c', 'd']);
    await flush();
    expect(serializer.busyKeys).toBe(0);
  });

  it('a task that fails does not hold up the next', async () => {
    const serializer = new KeyedSerializer();
    const failed = serializer.run(['k'], () => Promise.reject(new Error('wrong password')));
    const next = serializer.run(['k'], () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('wrong password');
    expect(await next).toBe('next');
  });
});
