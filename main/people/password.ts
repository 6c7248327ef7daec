import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt runs on libuv's thread pool (the async form), so a login never stalls serial streaming on the main loop.
// Parameters travel inside the stored hash, so they can be raised later without breaking old accounts.
const N = 1 << 15;
const r = 8;
const p = 1;
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      secret.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N: n, r: rr, p: pp, maxmem: 256 * n * rr + 1024 * 1024 },
      (err, key) => {
        if (err) reject(err);
        else resolve(key);
      },
    );
  });
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64. */
export async function hashPassword(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, key] = stored.split('$');
  if (
    scheme !== 'scrypt' ||
    n === undefined ||
    rr === undefined ||
    pp === undefined ||
    salt === undefined ||
    key === undefined
  ) {
    return false;
  }
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(secret, Buffer.from(salt, 'base64'), Number(n), Number(rr), Number(pp));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Synchronous form for seeding demo data at start-up only (never on a request path). */
export function hashPasswordSync(secret: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFKC'), salt, KEY_LENGTH, {
    N,
    r,
    p,
    maxmem: 256 * N * r + 1024 * 1024,
  });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}
