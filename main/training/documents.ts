import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { TrainingAuthorization } from '../../preload/contract/methods/training.js';
import type { Db } from '../store/store.js';
import { labDate } from './policy.js';

/**
 * Credentials that travel: a printable certificate and the facts an Open Badge is built from (badges.ts), both derived
 * from one authorization row, so the same record always prints and exports the same way.
 */

export interface CredentialFacts {
  authorization: TrainingAuthorization;
  labName: string;
  person: { displayName: string; email: string | null; language: 'en' | 'es' };
  description: string | null;
  evidence: { narrative: string; url?: string }[];
}

export function credentialFacts(
  db: Db,
  authorization: TrainingAuthorization,
  labName: string,
): CredentialFacts {
  const person = db
    .prepare('SELECT display_name, email, language FROM persons WHERE id = ?')
    .get(authorization.personId) as {
    display_name: string;
    email: string | null;
    language: 'en' | 'es';
  };
  const version = db
    .prepare('SELECT description FROM training_definition_versions WHERE definition_id = ? AND version = ?')
    .get(authorization.definitionId, authorization.version) as { description: string | null } | undefined;
  const assessment = db
    .prepare(
      `SELECT a.kind, a.at, a.evidence_json, p.display_name AS assessor FROM training_authorizations t
       JOIN training_assessments a ON a.id = t.assessment_id JOIN persons p ON p.id = a.assessor_id WHERE t.id = ?`,
    )
    .get(authorization.id) as
    { kind: string; at: string; evidence_json: string; assessor: string } | undefined;
  const evidence: CredentialFacts['evidence'] = [];
  if (assessment !== undefined) {
    // The assessor's own note stays in the lab's record: a badge is public, so only evidence given as such travels.
    evidence.push({
      narrative: `${assessment.kind.replace('_', ' ')} assessment passed on ${labDate(new Date(assessment.at))}, assessed by ${assessment.assessor}.`,
    });
    for (const item of JSON.parse(assessment.evidence_json) as {
      kind: string;
      url?: string;
      text?: string;
      label?: string;
    }[]) {
      if (item.kind === 'link' && item.url !== undefined)
        evidence.push({ narrative: item.label ?? 'Documentation', url: item.url });
      if (item.kind === 'note' && item.text !== undefined) evidence.push({ narrative: item.text });
    }
  }
  return {
    authorization,
    labName,
    person: { displayName: person.display_name, email: person.email, language: person.language },
    description: version?.description ?? null,
    evidence,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A fingerprint of what the certificate states, printed on it so a copy can be compared with the lab's record. */
export function certificateFingerprint(facts: CredentialFacts): string {
  const a = facts.authorization;
  return `sha256$${sha256(
    [facts.labName, a.certificateNo, a.personId, a.code, a.version, a.grantedAt, a.expiresAt ?? ''].join('|'),
  )}`;
}

const WORDS = {
  en: {
    title: 'Certificate of training',
    awarded: 'This certifies that',
    completed: 'has completed and been authorized for',
    number: 'Certificate no.',
    granted: 'Granted',
    until: 'Valid until',
    never: 'does not expire',
    by: 'Signed off by',
    revoked: 'REVOKED',
    verify: 'Verification',
  },
  es: {
    title: 'Certificado de formación',
    awarded: 'Se certifica que',
    completed: 'completó la formación y está autorizado/a para',
    number: 'Certificado n.º',
    granted: 'Otorgado',
    until: 'Válido hasta',
    never: 'no vence',
    by: 'Aprobado por',
    revoked: 'REVOCADO',
    verify: 'Verificación',
  },
} as const;

/** Standard PDF fonts speak WinAnsi: Spanish accents are fine, anything beyond Latin-1 becomes '?'. */
const winAnsi = (text: string) => text.replace(/[^\u0020-\u00ff]/g, '?');

/** The certificate as a one-page landscape PDF in the person's language. */
export async function certificatePdf(facts: CredentialFacts): Promise<Uint8Array> {
  const a = facts.authorization;
  const w = WORDS[facts.person.language];
  const doc = await PDFDocument.create();
  doc.setTitle(`${w.title} ${a.certificateNo}`);
  doc.setCreator(facts.labName);
  // Fixed dates keep the bytes of a certificate the same whenever it is printed.
  doc.setCreationDate(new Date(a.grantedAt));
  doc.setModificationDate(new Date(a.grantedAt));
  const page = doc.addPage([842, 595]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.1, 0.12, 0.16);
  const centre = (text: string, y: number, size: number, font = regular) => {
    const safe = winAnsi(text);
    page.drawText(safe, { x: (842 - font.widthOfTextAtSize(safe, size)) / 2, y, size, font, color: ink });
  };
  page.drawRectangle({
    x: 24,
    y: 24,
    width: 794,
    height: 547,
    borderColor: rgb(0.2, 0.45, 0.35),
    borderWidth: 3,
  });
  centre(facts.labName, 520, 16);
  centre(w.title, 465, 34, bold);
  centre(w.awarded, 410, 14);
  centre(facts.person.displayName, 370, 28, bold);
  centre(w.completed, 330, 14);
  centre(`${a.name} (${a.code}, v${a.version})`, 295, 20, bold);
  const until = a.goodUntil === null ? w.never : labDate(new Date(a.goodUntil));
  centre(`${w.granted}: ${labDate(new Date(a.grantedAt))}    ${w.until}: ${until}`, 240, 13);
  centre(`${w.by}: ${a.grantedByName}`, 215, 13);
  centre(`${w.number} ${a.certificateNo}`, 160, 12, bold);
  centre(`${w.verify}: ${certificateFingerprint(facts).slice(0, 47)}`, 80, 8);
  if (a.status === 'revoked') centre(w.revoked, 120, 30, bold);
  return doc.save();
}
