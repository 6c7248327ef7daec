import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: N (memory and time, a power of two), r (block size), p (parallelism). */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's floor for scrypt today: N=2^17, r=8, p=1 (128 MiB and about half a second per derivation here). */
export const PRODUCTION_SCRYPT: ScryptParams = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** A stored hash never gets to ask for more than this (1 GiB of memory): a damaged row must not take the host down. */
const MAX_N = 2 ** 20;
/**
 * Derivations allowed at once across the host. Each holds 128·N·r bytes (128 MiB in production), so a burst of
 * logins from many screens waits its turn instead of filling the memory; the machine has two cores anyway.
 */
const MAX_CONCURRENT = 2;

/**
 * Node refuses a derivation that needs more than `maxmem`: OpenSSL allocates 128·r·(N+2) bytes for V and 128·r·p
 * for B. Asking for exactly that lets raised parameters run (the 32 MiB default would refuse N=2^17).
 */
export function maxmemFor({ N, r, p }: ScryptParams): number {
  return 128 * r * (N + 2 + p);
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;

/** Reads `scrypt$N$r$p$salt$key` (salt and key in base64); null for anything else or out-of-range parameters. */
export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,8}$/.test(s) ? Number(s) : NaN)) as [
    number,
    number,
    number,
  ];
  if (!isPowerOfTwo(N) || N > MAX_N || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || key.length === 0) return null;
  return { params: { N, r, p }, salt, key };
}

function format(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

const prepare = (secret: string) => secret.normalize('NFKC');

/**
 * Password hashing for one host. The parameters travel inside each stored hash, so they can be raised without
 * breaking old accounts: `needsRehash` tells a login to store a fresh hash once the password has been checked.
 * scrypt runs on libuv's thread pool (the async form), so a login never stalls serial streaming on the main loop.
 */
export class Passwords {
  readonly params: ScryptParams;
  /**
   * What an unknown username is checked against: the current parameters with a random salt and key. Checking it
   * costs exactly one derivation, as a real account's does, and no password matches it.
   */
  private readonly dummy: ParsedHash;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Derivations finished or started so far, and how many ran at once at most: what the login tests observe. */
  derivations = 0;
  peakConcurrent = 0;
  /** The parameters of the latest derivation started. */
  lastParams: ScryptParams | null = null;

  /**
   * `testOnlyParams` makes hashing cheap for test suites that create many logins. The Desk itself never passes
   * it: createHost takes it only from a test's host options, and production hashes use PRODUCTION_SCRYPT.
   */
  constructor(options: { testOnlyParams?: ScryptParams } = {}) {
    this.params = Object.freeze({ ...(options.testOnlyParams ?? PRODUCTION_SCRYPT) });
    this.dummy = { params: this.params, salt: randomBytes(SALT_LENGTH), key: randomBytes(KEY_LENGTH) };
  }

  /** Derivations running now (waiting ones not counted). */
  get inFlight(): number {
    return this.running;
  }

  /** Takes a derivation slot, waiting for one if two are busy. A freed slot passes straight to the next waiter. */
  private async acquire(): Promise<void> {
    if (this.running < MAX_CONCURRENT) this.running += 1;
    else await new Promise<void>((go) => this.waiting.push(go));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running -= 1;
    else next();
  }

  private async derive(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
    await this.acquire();
    this.derivations += 1;
    this.lastParams = params;
    this.peakConcurrent = Math.max(this.peakConcurrent, this.running);
    try {
      return await new Promise<Buffer>((resolve, reject) => {
        scrypt(
          prepare(secret),
          salt,
          KEY_LENGTH,
          { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params) },
          (err, key) => {
            if (err) reject(err);
            else resolve(key);
          },
        );
      });
    } finally {
      this.release();
    }
  }

  async hash(secret: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    return format(this.params, salt, await this.derive(secret, salt, this.params));
  }

  /** True if `secret` matches `stored`. A hash that cannot be read costs the same one derivation and is false. */
  async verify(secret: string, stored: string): Promise<boolean> {
    const parsed = parseHash(stored);
    const against = parsed ?? this.dummy;
    const actual = await this.derive(secret, against.salt, against.params);
    return parsed !== null && actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
  }

  /** Spends exactly one derivation with the current parameters, for a username that has no account. */
  async verifyUnknown(secret: string): Promise<false> {
    await this.derive(secret, this.dummy.salt, this.dummy.params);
    return false;
  }

  /** True if `stored` was made with other parameters than this host's (older, weaker) and should be replaced. */
  needsRehash(stored: string): boolean {
    const parsed = parseHash(stored);
    if (parsed === null) return true;
    const { N, r, p } = parsed.params;
    return N !== this.params.N || r !== this.params.r || p !== this.params.p;
  }
}

/** The parameters a stored hash was made with, or null if it cannot be read. */
export function paramsOf(stored: string): ScryptParams | null {
  return parseHash(stored)?.params ?? null;
}

/** Synchronous form for seeding demo data at start-up only (never on a request path). */
export function hashPasswordSync(secret: string, params: ScryptParams = PRODUCTION_SCRYPT): string {
  const salt = randomBytes(SALT_LENGTH);
  const key = scryptSync(prepare(secret), salt, KEY_LENGTH, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: maxmemFor(params),
  });
  return format(params, salt, key);
}
