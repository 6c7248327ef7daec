import type { Db } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import {
  col,
  type Cell,
  type ReportColumn,
  type ReportKind,
  type ReportParams,
  type ReportTable,
} from './report-table.js';
import { statement } from './statements.js';
import { plainCents } from './money.js';
import { listMemberClasses, listMemberships } from './members.js';
import { listCertificates } from './certificates.js';
import { listGifts } from './gifts.js';
import { listLoans } from './loans.js';
import { campaignSummary } from './campaign.js';
import { listAcknowledgments } from './acknowledgments.js';
import { sql } from './sql.js';

export { reportKinds, type ReportKind, type ReportParams, type ReportTable } from './report-table.js';

export function buildReport(db: Db, kind: ReportKind, p: ReportParams): ReportTable {
  switch (kind) {
    case 'member-register': {
      const rows = listMemberships(db, p.asOf).map((m) => ({
        memberNumber: m.memberNumber,
        name: m.partyName,
        memberClass: m.memberClassCode,
        status: m.status,
        admittedOn: m.admittedOn,
        shares: m.shares,
      }));
      return {
        kind,
        title: 'Member register',
        subtitle: `As of ${p.asOf}`,
        columns: [
          col('memberNumber', 'Member no.', 'number'),
          col('name', 'Name'),
          col('memberClass', 'Class'),
          col('status', 'Status'),
          col('admittedOn', 'Admitted', 'date'),
          col('shares', 'Shares', 'number'),
        ],
        rows,
        totals: { shares: rows.reduce((s, r) => s + r.shares, 0) },
      };
    }
    case 'voting-roster': {
      const classes = listMemberClasses(db);
      const rows = listMemberships(db, p.asOf)
        .filter(
          (m) =>
            m.status === 'active' &&
            m.shares >= (classes.find((c) => c.id === m.memberClassId)?.shareClass.minPerMember ?? 1),
        )
        .map((m) => ({
          memberClass: m.memberClassCode,
          memberNumber: m.memberNumber,
          name: m.partyName,
          votes: classes.find((c) => c.id === m.memberClassId)?.votesPerMember ?? 0,
        }))
        .sort((a, b) => a.memberClass.localeCompare(b.memberClass) || a.memberNumber - b.memberNumber);
      return {
        kind,
        title: 'Voting roster',
        subtitle: `Members in good standing on ${p.asOf}, one member one vote within each class`,
        columns: [
          col('memberClass', 'Class'),
          col('memberNumber', 'Member no.', 'number'),
          col('name', 'Name'),
          col('votes', 'Votes', 'number'),
        ],
        rows,
        totals: { votes: rows.reduce((s, r) => s + r.votes, 0) },
      };
    }
    case 'certificate-ledger':
      return {
        kind,
        title: 'Certificate ledger',
        subtitle: 'Every certificate ever issued, live or cancelled',
        columns: [
          col('number', 'Certificate', 'number'),
          col('memberNumber', 'Member no.', 'number'),
          col('name', 'Holder'),
          col('shareClass', 'Class'),
          col('quantity', 'Shares', 'number'),
          col('issuedOn', 'Issued', 'date'),
          col('cancelledOn', 'Cancelled', 'date'),
          col('reason', 'Reason'),
        ],
        rows: listCertificates(db).map((c) => ({
          number: c.number,
          memberNumber: c.memberNumber,
          name: c.partyName,
          shareClass: c.shareClass,
          quantity: c.quantity,
          issuedOn: c.issuedOn,
          cancelledOn: c.cancelledOn,
          reason: c.cancelReason,
        })),
        totals: null,
      };
    case 'gifts-by-donor': {
      const byDonor = new Map<string, { donor: string; gifts: number; cash: number; inKind: number }>();
      for (const g of listGifts(db, { year: p.year }).filter((x) => !x.voided)) {
        const d = byDonor.get(g.donorName) ?? { donor: g.donorName, gifts: 0, cash: 0, inKind: 0 };
        d.gifts += 1;
        if (g.kind === 'cash') d.cash += g.amountCents ?? 0;
        else d.inKind += 1;
        byDonor.set(g.donorName, d);
      }
      const rows = [...byDonor.values()].sort((a, b) => b.cash - a.cash || a.donor.localeCompare(b.donor));
      return {
        kind,
        title: 'Gifts by donor',
        subtitle: `Gifts received in ${p.year} (void gifts left out)`,
        columns: [
          col('donor', 'Donor'),
          col('gifts', 'Gifts', 'number'),
          col('cash', 'Cash', 'money'),
          col('inKind', 'In-kind gifts', 'number'),
        ],
        rows,
        totals: { gifts: rows.reduce((s, r) => s + r.gifts, 0), cash: rows.reduce((s, r) => s + r.cash, 0) },
      };
    }
    case 'loan-book': {
      const rows = listLoans(db, p.asOf).map((l) => ({
        number: l.number,
        lender: l.lenderName,
        loanKind: l.kind,
        principal: l.principalCents,
        rate: `${(l.rateBp / 100).toFixed(2)} %`,
        received: l.disbursedCents,
        balance: l.balanceCents,
        interestPaid: l.interestPaidCents,
        interestAccrued: l.interestAccruedCents,
        nextDue: l.next?.dueOn ?? null,
        nextPayment: l.next?.paymentCents ?? null,
      }));
      return {
        kind,
        title: 'Loan book',
        subtitle: `As of ${p.asOf}: balances, interest paid and interest accrued but unpaid (30/360, half-up to the cent), next scheduled payment`,
        columns: [
          col('number', 'Loan', 'number'),
          col('lender', 'Lender'),
          col('loanKind', 'Kind'),
          col('principal', 'Principal', 'money'),
          col('rate', 'Rate'),
          col('received', 'Received', 'money'),
          col('balance', 'Balance', 'money'),
          col('interestPaid', 'Interest paid', 'money'),
          col('interestAccrued', 'Interest accrued, unpaid', 'money'),
          col('nextDue', 'Next due', 'date'),
          col('nextPayment', 'Next payment', 'money'),
        ],
        rows,
        totals: {
          principal: rows.reduce((s, r) => s + r.principal, 0),
          received: rows.reduce((s, r) => s + r.received, 0),
          balance: rows.reduce((s, r) => s + r.balance, 0),
          interestPaid: rows.reduce((s, r) => s + r.interestPaid, 0),
          interestAccrued: rows.reduce((s, r) => s + r.interestAccrued, 0),
        },
      };
    }
    case 'trial-balance':
    case 'balance-sheet':
    case 'activities':
      return statement(db, kind, p);
    case 'campaign': {
      const c = campaignSummary(db);
      return {
        kind,
        title: c?.name ?? 'Campaign',
        subtitle: 'Computed from the books',
        columns: [
          col('tranche', 'Tranche'),
          col('goal', 'Goal', 'money'),
          col('raised', 'Raised', 'money'),
          col('count', 'Count', 'number'),
          col('countTarget', 'Count target', 'number'),
        ],
        rows: (c?.tranches ?? []).map((t) => ({
          tranche: t.name,
          goal: t.goalCents,
          raised: t.raisedCents,
          count: t.count,
          countTarget: t.countTarget,
        })),
        totals: c === null ? null : { goal: c.goalCents, raised: c.raisedCents },
      };
    }
    case 'audit-trail': {
      const rows = sql(
        db,
        `SELECT a.at, p.display_name AS actor, a.entity, a.entity_id, a.action, a.reason FROM audit_log a
           LEFT JOIN persons p ON p.id = a.actor_id WHERE a.entity LIKE 'treasury.%' AND substr(a.at, 1, 10) BETWEEN ? AND ? ORDER BY a.id DESC LIMIT 5000`,
      ).all(p.from, p.to) as {
        at: string;
        actor: string | null;
        entity: string;
        entity_id: string;
        action: string;
        reason: string | null;
      }[];
      return {
        kind,
        title: 'Audit trail',
        subtitle: `Treasury changes recorded ${p.from} to ${p.to}`,
        columns: [
          col('at', 'When'),
          col('actor', 'Who'),
          col('entity', 'What'),
          col('id', 'Number'),
          col('action', 'Action'),
          col('reason', 'Reason'),
        ],
        rows: rows.map((r) => ({
          at: r.at,
          actor: r.actor,
          entity: r.entity.replace('treasury.', ''),
          id: r.entity_id,
          action: r.action,
          reason: r.reason,
        })),
        totals: null,
      };
    }
    case 'acknowledgment-batch': {
      const rows = listAcknowledgments(db)
        .filter((a) => a.sentAt === null && a.supersededBy === null)
        .map((a) => ({
          number: a.number,
          donor: a.content.donorName,
          address: a.content.donorAddress,
          title: a.content.title,
          gifts: a.content.lines.map((l) => l.giftNumber).join(' '),
          cash: a.content.totalCashCents,
          language: a.language,
        }))
        .reverse();
      return {
        kind,
        title: 'Acknowledgment batch',
        subtitle: 'Acknowledgments numbered but not yet sent',
        columns: [
          col('number', 'No.', 'number'),
          col('donor', 'Donor'),
          col('address', 'Address'),
          col('title', 'Letter'),
          col('gifts', 'Gifts'),
          col('cash', 'Cash', 'money'),
          col('language', 'Language'),
        ],
        rows,
        totals: { cash: rows.reduce((s, r) => s + r.cash, 0) },
      };
    }
    default:
      throw new DeskError('INVALID_INPUT', `There is no report called ${String(kind)}.`);
  }
}

const csvCell = (v: Cell, kind: ReportColumn['kind']): string => {
  if (v === null) return '';
  const s = kind === 'money' && typeof v === 'number' ? plainCents(v) : String(v);
  // Quote when needed; a leading = + - @ would be read as a formula by a spreadsheet, so it is neutralised.
  const safe = /^[=+\-@]/.test(s) && kind !== 'money' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** RFC 4180 CSV (CRLF), money as plain decimal dollars so a spreadsheet reads numbers. */
export function toCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => csvCell(c.label, 'text')).join(',')];
  for (const row of table.rows)
    lines.push(table.columns.map((c) => csvCell(row[c.key] ?? null, c.kind)).join(','));
  if (table.totals !== null)
    lines.push(
      table.columns
        .map((c, i) =>
          i === 0 && table.totals?.[c.key] === undefined
            ? 'Total'
            : csvCell(table.totals?.[c.key] ?? null, c.kind),
        )
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
