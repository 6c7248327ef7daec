import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bakePng, badgeImage, bakedText, crc32, encodePng } from '../../../main/training/badge-png.js';
import { startWebHost, type WebHost } from '../../../main/host/web.js';
import { rawRequest } from '../../helpers/http-get.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { trainingLab, type TrainingLab } from './helpers.js';

/**
 * Issue 12, item 11: Open Badges 2.0 that a verifier accepts. Each document is fetched back from the Desk's own web
 * address, as a verifier does; the baked PNG is read by a PNG reader written here, independent of the encoder (its CRC
 * is node's zlib.crc32, its pixels are inflated and counted).
 */

const OB2 = 'https://w3id.org/openbadges/v2';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** The properties the Open Badges 2.0 vocabulary defines for each class: nothing else may appear. */
const SPEC_KEYS = {
  Assertion: [
    '@context',
    'type',
    'id',
    'recipient',
    'badge',
    'verification',
    'issuedOn',
    'image',
    'evidence',
    'narrative',
    'expires',
    'revoked',
    'revocationReason',
  ],
  IdentityObject: ['type', 'identity', 'hashed', 'salt'],
  VerificationObject: ['type', 'verificationProperty', 'startsWith', 'allowedOrigins', 'creator'],
  BadgeClass: [
    '@context',
    'type',
    'id',
    'name',
    'description',
    'image',
    'criteria',
    'issuer',
    'alignment',
    'tags',
  ],
  Criteria: ['id', 'narrative'],
  Profile: [
    '@context',
    'type',
    'id',
    'name',
    'url',
    'telephone',
    'description',
    'image',
    'email',
    'publicKey',
    'verification',
    'revocationList',
  ],
  Evidence: ['type', 'id', 'narrative', 'name', 'description', 'genre', 'audience'],
};

interface Chunk {
  type: string;
  data: Buffer;
}

/** A PNG reader of its own: signature, then length/type/data/CRC per chunk, each CRC checked with zlib.crc32. */
function readPng(png: Buffer): { chunks: Chunk[]; width: number; height: number; pixels: Buffer } {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks: Chunk[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(
      zlibCrc32(png.subarray(at + 4, at + 8 + length)),
    );
    chunks.push({ type, data });
    at += 12 + length;
  }
  const ihdr = chunks[0]!;
  expect(ihdr.type).toBe('IHDR');
  expect(chunks.at(-1)!.type).toBe('IEND');
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  return { chunks, width, height, pixels };
}

/** The iTXt chunks with their parts split out as the PNG specification lays them. */
function itxtChunks(chunks: Chunk[]) {
  return chunks
    .filter((c) => c.type === 'iTXt')
    .map((c) => {
      const keywordEnd = c.data.indexOf(0);
      const flag = c.data[keywordEnd + 1];
      const method = c.data[keywordEnd + 2];
      const languageEnd = c.data.indexOf(0, keywordEnd + 3);
      const translatedEnd = c.data.indexOf(0, languageEnd + 1);
      return {
        keyword: c.data.subarray(0, keywordEnd).toString('latin1'),
        compressed: flag,
        method,
        language: c.data.subarray(keywordEnd + 3, languageEnd).toString('latin1'),
        text: c.data.subarray(translatedEnd + 1).toString('utf8'),
      };
    });
}

const keysOf = (o: unknown) => Object.keys(o as Record<string, unknown>);

describe('the PNG encoder and baking', () => {
  it('computes the CRC-32 PNG uses (checked against zlib on random data)', () => {
    for (const n of [0, 1, 3, 64, 1000]) {
      const bytes = randomBytes(n);
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
    expect(crc32(Buffer.from('IEND', 'latin1'))).toBe(0xae426082);
  });

  it('writes a PNG another reader decodes: size, one filter byte and four bytes a pixel per row', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => i * 7);
    const read = readPng(encodePng(3, 2, rgba));
    expect([read.width, read.height]).toEqual([3, 2]);
    expect(read.pixels.length).toBe(2 * (1 + 3 * 4));
    expect([...read.pixels.subarray(1, 13)]).toEqual([...rgba.subarray(0, 12)]);
    const badge = readPng(badgeImage('LASER-1|v1'));
    expect([badge.width, badge.height, badge.pixels.length]).toEqual([256, 256, 256 * (1 + 256 * 4)]);
  });

  it('bakes one uncompressed openbadges iTXt chunk right after IHDR, and baking again replaces it', () => {
    const once = bakePng(badgeImage('X|v1'), '{"a":"ñ"}');
    const twice = bakePng(once, '{"b":2}');
    const read = readPng(twice);
    expect(read.chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(itxtChunks(read.chunks)).toEqual([
      { keyword: 'openbadges', compressed: 0, method: 0, language: '', text: '{"b":2}' },
    ]);
    expect(bakedText(once)).toBe('{"a":"ñ"}');
    expect(bakedText(badgeImage('X|v1'))).toBeNull();
    const broken = Buffer.from(once);
    broken[40] = broken[40]! ^ 0xff;
    expect(() => bakedText(broken)).toThrow(/CRC/);
  });
});

describe('Open Badges 2.0 with hosted verification on the Desk’s own address', () => {
  let t: TestHost;
  let lab: TrainingLab;
  let web: WebHost | null = null;
  let renderer: ReturnType<typeof tempDir>;
  let def: number;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await trainingLab(t);
    renderer = tempDir('cp-desk-renderer-');
    writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>Desk</title>');
    def = await lab.define('LASER-1', {
      name: 'Laser cutter',
      description: 'Safe use of the 60 W CO2 laser.',
    });
  });
  afterEach(async () => {
    await web?.close();
    web = null;
    renderer.remove();
    await t.close();
  });

  const serve = async () => {
    web = await startWebHost({ host: t.host, rendererDir: renderer.path, port: 0 });
    return `http://127.0.0.1:${web.port}`;
  };
  const get = async (url: string) => {
    const u = new URL(url);
    expect(u.port).toBe(String(web!.port));
    return rawRequest(web!.port, u.pathname);
  };
  const getBytes = async (url: string): Promise<Buffer> => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    return Buffer.from(await response.arrayBuffer());
  };

  it('exports an assertion, badge class and issuer with every required field typed, and nothing outside the spec', async () => {
    const origin = await serve();
    await t.admin.ok('people.update', { id: lab.trainee.personId, email: 'Ana.Bello@Example.org' });
    const a = await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
      notes: 'Private remark for the lab only',
    });
    const out = await lab.trainee.ok('training.badges.export', { authorizationId: a.id });
    const { assertion, badgeClass, issuer } = out;

    // Assertion: @context, type, id (HTTP on the Desk), recipient, badge, verification (hosted), issuedOn.
    expect(assertion['@context']).toBe(OB2);
    expect(assertion.type).toBe('Assertion');
    expect(assertion.id).toMatch(new RegExp(`^${origin}/public/training/assertions/[0-9a-f]{32}\\.json$`));
    expect(assertion.id).toBe(out.assertionUrl);
    const recipient = assertion.recipient as Record<string, unknown>;
    expect(recipient.type).toBe('email');
    expect(recipient.hashed).toBe(true);
    expect(typeof recipient.salt).toBe('string');
    expect(recipient.identity).toMatch(/^sha256\$[0-9a-f]{64}$/);
    // The hash is of the email as a backpack normalises it (lower case) plus the salt; the email itself is nowhere.
    expect(recipient.identity).toBe(`sha256$${sha256(`ana.bello@example.org${String(recipient.salt)}`)}`);
    expect(JSON.stringify(out).toLowerCase()).not.toContain('ana.bello');
    expect(assertion.badge).toBe(badgeClass.id);
    expect(assertion.verification).toEqual({ type: 'hosted' });
    expect(assertion.issuedOn).toMatch(ISO);
    expect(assertion.issuedOn).toBe(a.grantedAt);
    expect(assertion.image).toBe(out.bakedImageUrl);
    expect(JSON.stringify(assertion)).not.toContain('Private remark');
    for (const e of assertion.evidence as unknown[])
      expect(SPEC_KEYS.Evidence).toEqual(expect.arrayContaining(keysOf(e)));

    // BadgeClass: @context, type, id, name, description, image, criteria, issuer.
    expect(badgeClass).toMatchObject({
      '@context': OB2,
      type: 'BadgeClass',
      name: 'Laser cutter',
      description: 'Safe use of the 60 W CO2 laser.',
    });
    expect(badgeClass.id).toBe(`${origin}/public/training/badges/LASER-1/v1.json`);
    expect(badgeClass.image).toBe(`${origin}/public/training/badges/LASER-1/v1.png`);
    expect(typeof (badgeClass.criteria as { narrative: unknown }).narrative).toBe('string');
    expect(badgeClass.issuer).toBe(issuer.id);

    // Issuer profile: @context, type, id, name, and the url the validator asks for.
    expect(issuer).toEqual({
      '@context': OB2,
      type: 'Issuer',
      id: `${origin}/public/training/issuer.json`,
      name: 'Center for Community Production',
      url: `${origin}/`,
    });

    // No property outside the 2.0 vocabulary (the old export had `hash` in verification).
    expect(SPEC_KEYS.Assertion).toEqual(expect.arrayContaining(keysOf(assertion)));
    expect(SPEC_KEYS.IdentityObject).toEqual(expect.arrayContaining(keysOf(recipient)));
    expect(SPEC_KEYS.VerificationObject).toEqual(expect.arrayContaining(keysOf(assertion.verification)));
    expect(SPEC_KEYS.BadgeClass).toEqual(expect.arrayContaining(keysOf(badgeClass)));
    expect(SPEC_KEYS.Criteria).toEqual(expect.arrayContaining(keysOf(badgeClass.criteria)));
    expect(SPEC_KEYS.Profile).toEqual(expect.arrayContaining(keysOf(issuer)));

    // Hosted verification: every id resolves, without a token, to the same document, on the issuer's origin.
    for (const doc of [assertion, badgeClass, issuer]) {
      const fetched = await get(String(doc.id));
      expect(fetched.status).toBe(200);
      expect(fetched.headers['access-control-allow-origin']).toBe('*');
      expect(JSON.parse(fetched.body)).toEqual(doc);
      expect(new URL(String(doc.id)).origin).toBe(new URL(String(issuer.id)).origin);
    }
    // The same badge exported again is the same assertion (same id, salt and hash).
    expect(await lab.trainee.ok('training.badge', { authorizationId: a.id })).toEqual(assertion);

    // The badge class image is a PNG; the baked image holds the assertion in its openbadges iTXt chunk.
    const image = readPng(await getBytes(String(badgeClass.image)));
    expect([image.width, image.height]).toEqual([256, 256]);
    expect(itxtChunks(image.chunks)).toEqual([]);
    const baked = readPng(await getBytes(out.bakedImageUrl));
    const texts = itxtChunks(baked.chunks).filter((c) => c.keyword === 'openbadges');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ compressed: 0, method: 0 });
    expect(JSON.parse(texts[0]!.text)).toEqual(assertion);
    expect(baked.chunks.findIndex((c) => c.type === 'iTXt')).toBeLessThan(
      baked.chunks.findIndex((c) => c.type === 'IDAT'),
    );

    // The Open Badges 3.0 form is offered, and says what it lacks.
    expect(out.credential).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: issuer.id, url: `${origin}/` },
      credentialSubject: { achievement: { id: badgeClass.id, type: ['Achievement'] } },
    });
    expect(out.credential).not.toHaveProperty('proof');
    expect(out.credentialNote).toContain('no proof');
  });

  it('a person without an email claims the badge with a web address they own; without one, a clear refusal', async () => {
    const origin = await serve();
    const a = await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    const none = await lab.trainee.call('training.badges.export', { authorizationId: a.id });
    expect(none).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringContaining(
          'has no email address on file: give the web address (URL) the badge is issued to',
        ) as string,
      },
    });
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM training_badges').get()).toEqual({ n: 0 });
    const page = 'https://fabacademy.org/2026/labs/jackson/students/ana-bello/';
    const out = await lab.trainee.ok('training.badges.export', { authorizationId: a.id, recipientUrl: page });
    const recipient = out.assertion.recipient as { type: string; salt: string; identity: string };
    expect(recipient.type).toBe('url');
    expect(recipient.identity).toBe(`sha256$${sha256(page + recipient.salt)}`);
    expect((await get(out.assertionUrl)).status).toBe(200);
    expect(out.assertionUrl.startsWith(`${origin}/public/`)).toBe(true);
    expect(
      await lab.trainee.call('training.badges.export', {
        authorizationId: a.id,
        recipientUrl: 'ftp://example.org/x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a revoked badge answers 410 Gone with revoked: true; unknown and unpublished addresses answer 404', async () => {
    await serve();
    await t.admin.ok('people.update', { id: lab.trainee.personId, email: 'ana@example.org' });
    const a = await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    const out = await lab.trainee.ok('training.badges.export', { authorizationId: a.id });
    await lab.instructor.ok('training.authorizations.revoke', { authorizationId: a.id, reason: 'Cut PVC' });
    const gone = await get(out.assertionUrl);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.body)).toEqual({
      '@context': OB2,
      type: 'Assertion',
      id: out.assertionUrl,
      revoked: true,
      revocationReason: 'Cut PVC',
    });
    expect(await lab.trainee.call('training.badges.export', { authorizationId: a.id })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'A revoked authorization is not issued as a badge.' },
    });
    expect((await get(out.assertionUrl.replace(/[0-9a-f]{32}/, '0'.repeat(32)))).status).toBe(404);
    const other = await lab.define('CNC-1');
    expect(other).toBeGreaterThan(0);
    expect((await rawRequest(web!.port, '/public/training/badges/CNC-1/v1.json')).status).toBe(404);
    expect((await rawRequest(web!.port, '/public/files/anything')).status).toBe(404);
  });

  it('refuses to export when the Desk is not served on the web (no address to verify at), and writes nothing', async () => {
    await t.admin.ok('people.update', { id: lab.trainee.personId, email: 'ana@example.org' });
    const a = await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(await lab.trainee.call('training.badges.export', { authorizationId: a.id })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: expect.stringContaining('not served on the web') as string },
    });
    expect(t.host.store.db.prepare('SELECT count(*) AS n FROM training_badges').get()).toEqual({ n: 0 });
  });
});
