import { createHash, randomBytes } from 'node:crypto';
import type { TrainingAuthorization } from '../../preload/contract/methods/training.js';
import type { Blob, PublicSource } from '../kernel/blobs.js';
import type { Clock } from '../kernel/clock.js';
import { DeskError, ruleViolation } from '../kernel/errors.js';
import type { Db, Store } from '../store/store.js';
import type { Actor } from './access.js';
import { badgeImage, bakePng } from './badge-png.js';
import { credentialFacts } from './documents.js';
import { getAuthorization } from './rows.js';

/**
 * Open Badges 2.0 with hosted verification. Everything a verifier fetches lives on the Desk's own web address, under
 * `/public/training/`: the issuer profile, a badge class per policy version (JSON and PNG image), and per published
 * badge the assertion (JSON) and the badge image with that assertion baked in. Only properties the 2.0 vocabulary
 * defines are written. A revoked authorization's assertion answers 410 Gone with `revoked: true`.
 *
 * The recipient is only ever a salted sha256 of their email, or of a web address they give (a Fab Academy page):
 * the salt and a random id are kept in `training_badges` when the badge is first published.
 */

export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface BadgeRow {
  authorizationId: number;
  publicId: string;
  recipientType: 'email' | 'url';
  salt: string;
  identityHash: string;
  issuedAt: string;
}

const SELECT_BADGE = `SELECT authorization_id AS authorizationId, public_id AS publicId, recipient_type AS recipientType,
  salt, identity_hash AS identityHash, issued_at AS issuedAt FROM training_badges`;

export const hashIdentity = (identity: string, salt: string) => `sha256$${sha256(identity + salt)}`;

export const badgeUrls = (origin: string) => ({
  issuer: `${origin}/public/training/issuer.json`,
  badgeClass: (code: string, version: number) =>
    `${origin}/public/training/badges/${encodeURIComponent(code)}/v${version}.json`,
  badgeImage: (code: string, version: number) =>
    `${origin}/public/training/badges/${encodeURIComponent(code)}/v${version}.png`,
  assertion: (publicId: string) => `${origin}/public/training/assertions/${publicId}.json`,
  baked: (publicId: string) => `${origin}/public/training/assertions/${publicId}.png`,
});

/**
 * Publishes (or finds) the badge of an authorization, issued to the person's email, or to `recipientUrl` when given.
 * Issuing again to another identity replaces the salted hash under the same address.
 */
export function publishBadge(
  store: Store,
  actor: Actor,
  authorizationId: number,
  recipientUrl: string | undefined,
  now: Date,
): BadgeRow {
  const a = getAuthorization(store.db, authorizationId, now);
  if (a.status === 'revoked') throw ruleViolation('A revoked authorization is not issued as a badge.');
  const person = store.db.prepare('SELECT email FROM persons WHERE id = ?').get(a.personId) as {
    email: string | null;
  };
  const email = person.email?.trim().toLowerCase() ?? '';
  const url = recipientUrl?.trim() ?? '';
  if (url === '' && email === '') {
    throw new DeskError(
      'INVALID_INPUT',
      `${a.personName} has no email address on file: give the web address (URL) the badge is issued to, such as their Fab Academy page.`,
      { field: 'recipientUrl' },
    );
  }
  const recipientType: BadgeRow['recipientType'] = url === '' ? 'email' : 'url';
  const identity = url === '' ? email : url;
  const existing = store.db.prepare(`${SELECT_BADGE} WHERE authorization_id = ?`).get(a.id) as
    BadgeRow | undefined;
  if (
    existing !== undefined &&
    existing.recipientType === recipientType &&
    existing.identityHash === hashIdentity(identity, existing.salt)
  )
    return existing;
  const salt = randomBytes(16).toString('hex');
  return store.write({ actor: actor.id, reason: 'Open Badge published' }, (tx) => {
    if (existing === undefined) {
      tx.db
        .prepare(
          `INSERT INTO training_badges (authorization_id, public_id, recipient_type, salt, identity_hash, issued_at, issued_by)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          a.id,
          randomBytes(16).toString('hex'),
          recipientType,
          salt,
          hashIdentity(identity, salt),
          tx.at,
          actor.id,
        );
    } else {
      tx.db
        .prepare(
          'UPDATE training_badges SET recipient_type = ?, salt = ?, identity_hash = ?, changed_at = ? WHERE authorization_id = ?',
        )
        .run(recipientType, salt, hashIdentity(identity, salt), tx.at, a.id);
    }
    const row = tx.db.prepare(`${SELECT_BADGE} WHERE authorization_id = ?`).get(a.id) as BadgeRow;
    // The audit keeps which kind of identity, never the identity itself.
    tx.audit(
      'training_badge',
      a.id,
      existing === undefined ? 'publish' : 'reissue',
      existing === undefined ? null : { recipientType: existing.recipientType },
      { publicId: row.publicId, recipientType },
    );
    return row;
  });
}

export function issuerProfile(origin: string, labName: string) {
  return {
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: badgeUrls(origin).issuer,
    name: labName,
    url: `${origin}/`,
  };
}

interface VersionFacts {
  code: string;
  version: number;
  name: string;
  description: string | null;
}

export function badgeClassDoc(origin: string, labName: string, v: VersionFacts) {
  const urls = badgeUrls(origin);
  return {
    '@context': OB2_CONTEXT,
    type: 'BadgeClass',
    id: urls.badgeClass(v.code, v.version),
    name: v.name,
    description: v.description ?? `Authorization for ${v.name} at ${labName}.`,
    image: urls.badgeImage(v.code, v.version),
    criteria: {
      narrative: `Completed the ${v.name} training and its assessment at ${labName} (${v.code}, policy version ${v.version}).`,
    },
    issuer: urls.issuer,
  };
}

export function assertionDoc(
  origin: string,
  a: TrainingAuthorization,
  row: BadgeRow,
  evidence: { narrative: string; url?: string }[],
) {
  const urls = badgeUrls(origin);
  return {
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id: urls.assertion(row.publicId),
    recipient: { type: row.recipientType, hashed: true, salt: row.salt, identity: row.identityHash },
    badge: urls.badgeClass(a.code, a.version),
    verification: { type: 'hosted' },
    issuedOn: a.grantedAt,
    image: urls.baked(row.publicId),
    ...(a.goodUntil === null ? {} : { expires: a.goodUntil }),
    ...(evidence.length === 0
      ? {}
      : {
          evidence: evidence.map((e) => ({
            type: 'Evidence',
            ...(e.url === undefined ? {} : { id: e.url }),
            narrative: e.narrative,
          })),
        }),
  };
}

export type Assertion = ReturnType<typeof assertionDoc>;

/**
 * The same achievement as an Open Badges 3.0 credential (W3C Verifiable Credentials 2.0 data model), offered because it
 * costs little. It is NOT a verifiable credential yet: it carries no proof (the Desk holds no signing key and writes no
 * JWS or Data Integrity proof) and no credentialStatus, so a 3.0 verifier cannot check it was issued by the lab or
 * that it is not revoked. The 2.0 hosted assertion is the one that verifies.
 */
export function openBadgeCredential(
  assertion: Assertion,
  badgeClass: ReturnType<typeof badgeClassDoc>,
  issuer: ReturnType<typeof issuerProfile>,
) {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: assertion.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: badgeClass.name,
    issuer: { id: issuer.id, type: ['Profile'], name: issuer.name, url: issuer.url },
    validFrom: assertion.issuedOn,
    ...('expires' in assertion ? { validUntil: assertion.expires } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: assertion.recipient.identity,
          identityType: assertion.recipient.type === 'email' ? 'emailAddress' : 'url',
          hashed: true,
          salt: assertion.recipient.salt,
        },
      ],
      achievement: {
        id: badgeClass.id,
        type: ['Achievement'],
        name: badgeClass.name,
        description: badgeClass.description,
        criteria: badgeClass.criteria,
        image: { id: badgeClass.image, type: 'Image' },
      },
    },
  };
}

export const CREDENTIAL_NOTE =
  'Open Badges 3.0 form of the same badge, unsigned: it has no proof and no credentialStatus, so a 3.0 verifier ' +
  'cannot yet check its issuer or its revocation. Use the Open Badges 2.0 badge (hosted verification) to prove it.';

/** Everything of one published badge, as of now, on `origin`. */
export function badgeDocuments(
  db: Db,
  origin: string,
  labName: string,
  a: TrainingAuthorization,
  row: BadgeRow,
) {
  const version = db
    .prepare('SELECT description FROM training_definition_versions WHERE definition_id = ? AND version = ?')
    .get(a.definitionId, a.version) as { description: string | null } | undefined;
  const issuer = issuerProfile(origin, labName);
  const badgeClass = badgeClassDoc(origin, labName, {
    code: a.code,
    version: a.version,
    name: a.name,
    description: version?.description ?? null,
  });
  const assertion = assertionDoc(origin, a, row, credentialFacts(db, a, labName).evidence);
  return { issuer, badgeClass, assertion };
}

/** The badge image with the assertion baked in. */
export function bakedBadge(assertion: Assertion, code: string, version: number): Buffer {
  return bakePng(badgeImage(`${code}|v${version}`), JSON.stringify(assertion));
}

const json = (doc: unknown, status?: number): Blob => {
  const body = Buffer.from(JSON.stringify(doc, null, 2));
  return {
    body,
    contentType: 'application/ld+json; charset=utf-8',
    size: body.length,
    ...(status === undefined ? {} : { status }),
  };
};
const png = (body: Buffer): Blob => ({ body, contentType: 'image/png', size: body.length });

/** `/public/training/...`: what verifiers and backpacks fetch. Nothing here needs a login; nothing else is served. */
export function publicBadgeSource(store: Store, clock: Clock, labName: () => string): PublicSource {
  return (rest, origin) => {
    if (rest === 'issuer.json') return json(issuerProfile(origin, labName()));
    const badge = /^badges\/([^/]+)\/v(\d+)\.(json|png)$/.exec(rest);
    if (badge !== null) {
      let code: string;
      try {
        code = decodeURIComponent(badge[1]!);
      } catch {
        return null;
      }
      // Only policy versions a published badge points at are public.
      const v = store.db
        .prepare(
          `SELECT d.code, v.version, v.name, v.description FROM training_definitions d
           JOIN training_definition_versions v ON v.definition_id = d.id
           WHERE d.code = ? AND v.version = ? AND EXISTS (SELECT 1 FROM training_badges b
             JOIN training_authorizations t ON t.id = b.authorization_id WHERE t.version_id = v.id)`,
        )
        .get(code, Number(badge[2])) as VersionFacts | undefined;
      if (v === undefined) return null;
      return badge[3] === 'png'
        ? png(badgeImage(`${v.code}|v${v.version}`))
        : json(badgeClassDoc(origin, labName(), v));
    }
    const assertion = /^assertions\/([0-9a-f]{32})\.(json|png)$/.exec(rest);
    if (assertion === null) return null;
    const row = store.db.prepare(`${SELECT_BADGE} WHERE public_id = ?`).get(assertion[1]) as
      BadgeRow | undefined;
    if (row === undefined) return null;
    const a = getAuthorization(store.db, row.authorizationId, clock.now());
    if (a.status === 'revoked') {
      // Open Badges 2.0, hosted verification: a revoked assertion answers 410 Gone, saying so.
      return json(
        {
          '@context': OB2_CONTEXT,
          type: 'Assertion',
          id: badgeUrls(origin).assertion(row.publicId),
          revoked: true,
          revocationReason: a.endReason ?? 'revoked',
        },
        410,
      );
    }
    const docs = badgeDocuments(store.db, origin, labName(), a, row);
    return assertion[2] === 'png' ? png(bakedBadge(docs.assertion, a.code, a.version)) : json(docs.assertion);
  };
}
