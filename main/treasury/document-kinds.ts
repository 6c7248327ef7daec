import { rolesGrant, type Permission, type Role } from '../../preload/contract/roles.js';
import type { Blob } from '../kernel/blobs.js';
import type { Db } from '../store/store.js';
import { acknowledgmentByNumber } from './acknowledgments.js';
import { certificateByNumber } from './certificates.js';
import { acknowledgmentPdf, certificatePdf, receiptPdf } from './documents.js';
import { receiptByNumber } from './receipts.js';

/**
 * Every document the treasury serves as a PDF at `/blob/treasury/<route>`, one entry each: the route it answers,
 * who may fetch it, and how it is built. Adding a document kind touches this list and nothing in the host.
 * (Year-end letters are acknowledgments of kind `year-end` and share their route.)
 */
export interface DocumentKind {
  name: string;
  /** `treasury/<route>`: the first group is the document's number as printed. */
  route: RegExp;
  /** Any one of these permissions lets a person fetch it (checked again per document by `allows`). */
  permissions: readonly Permission[];
  build(db: Db, match: RegExpExecArray, roles: readonly Role[]): Promise<Blob | null>;
}

const pdf = (body: Uint8Array, fileName: string): Blob => ({
  body: Buffer.from(body),
  contentType: 'application/pdf',
  fileName,
});

export const documentKinds: readonly DocumentKind[] = [
  {
    name: 'certificate',
    route: /^certificate\/(\d+)\.pdf$/,
    permissions: ['treasury.read'],
    async build(db, m) {
      const c = certificateByNumber(db, Number(m[1]));
      return c === undefined ? null : pdf(await certificatePdf(c), `certificate-${c.number}.pdf`);
    },
  },
  {
    name: 'acknowledgment',
    route: /^acknowledgment\/(\d+)\.pdf$/,
    permissions: ['treasury.read'],
    async build(db, m) {
      const a = acknowledgmentByNumber(db, Number(m[1]));
      return a === undefined ? null : pdf(await acknowledgmentPdf(a), `acknowledgment-${a.number}.pdf`);
    },
  },
  {
    name: 'receipt',
    route: /^receipt\/(R-\d{4}-\d{4,})(\.es)?\.pdf$/,
    // Production staff hand over a sale's receipt with the masks; every other receipt is the treasurer's.
    permissions: ['treasury.read', 'production.read'],
    async build(db, m, roles) {
      const r = receiptByNumber(db, m[1]!);
      if (r === undefined) return null;
      if (!rolesGrant(roles, 'treasury.read') && r.kind !== 'sale') return null;
      const language = m[2] === '.es' ? 'es' : 'en';
      return pdf(await receiptPdf(r, language), `receipt-${r.number}${m[2] ?? ''}.pdf`);
    },
  },
];

/** The document at `rest` for someone holding `roles`; null when there is none or they may not see it. */
export async function openDocument(db: Db, rest: string, roles: readonly Role[]): Promise<Blob | null> {
  for (const kind of documentKinds) {
    const match = kind.route.exec(rest);
    if (match === null) continue;
    if (!kind.permissions.some((p) => rolesGrant(roles, p))) return null;
    return kind.build(db, match, roles);
  }
  return null;
}
