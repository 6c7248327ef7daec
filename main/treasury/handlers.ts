import type { treasuryMethods } from '../../preload/contract/methods/treasury.js';
import type { HandlersFor, CallContext } from '../kernel/handler-types.js';
import { requireActor } from '../kernel/handler-types.js';
import type { HostContext } from '../kernel/context.js';
import type { WriteTx } from '../store/store.js';
import type { MethodOutput } from '../../preload/contract/index.js';
import { DeskError } from '../kernel/errors.js';
import { formatCents } from './money.js';
import { listEntries, postEntry, reverseEntry, verifyLedgerWithAnchors, getEntry } from './journal.js';
import { anchorHead, chainHeadOf, describeHead } from './anchors.js';
import { priorResult, rememberResult } from './idempotency.js';
import { paidToDate, payActual, scheduleStatus } from './arrears.js';
import {
  admitMember,
  createParty,
  endMembership,
  getParty,
  listMemberClasses,
  listMemberships,
  listParties,
} from './members.js';
import { listOperations, listSubscriptions, recordSharePayment } from './shares.js';
import { correctShares, redeemShares, transferShares } from './share-moves.js';
import { listCertificates } from './certificates.js';
import { listGifts, recordCashGift, recordInKindGift, voidGift } from './gifts.js';
import {
  acknowledgeGift,
  correctAcknowledgment,
  listAcknowledgments,
  markSent,
  yearEndLetter,
  type Acknowledgment,
} from './acknowledgments.js';
import {
  closeFiscalYearWithInterest,
  createLoan,
  disburse,
  forgive,
  getLoan,
  listLoanEvents,
  listLoans,
  priCalendar,
  repay,
  scheduleOf,
  submitPriReport,
} from './loans.js';
import { campaignSummary } from './campaign.js';
import { fiscalYearStart, listPeriods, periodOf, setFiscalYearStart } from './periods.js';
import { accrueInterest } from './interest.js';
import { buildReport, toCsv, type ReportParams } from './reports.js';
import { toBeancount, toHledger } from './ledger-export.js';
import { openDocument } from './document-kinds.js';
import { issueGiftReceipt, issueSharePaymentReceipt, listReceipts, receiptRef } from './receipts.js';
import { listPayableJobs, payJob } from './job-payments.js';
import type { Db } from '../store/store.js';
import { sql } from './sql.js';
import { assertTimeZone, LAB_TIME_ZONE_KEY, labTimeZone, labToday } from '../kernel/lab-time.js';
import { readOrganisation, writeOrganisation } from '../system/settings.js';

type SetupOutput = MethodOutput<'treasury.setup'>;

/** Today's business date where the lab is (the lab clock: settings' time zone, default America/Chicago). */
export function businessToday(db: Db, now: Date): string {
  return labToday(db, now);
}

/**
 * The database triggers are the last line of defence; if one fires, the service missed a check — still answer
 * with the rule in words rather than an internal error.
 */
function asRule(error: unknown): never {
  if (
    error instanceof Error &&
    error.name === 'SqliteError' &&
    (error as Error & { code?: string }).code === 'SQLITE_CONSTRAINT_TRIGGER'
  ) {
    throw new DeskError(
      'RULE_VIOLATION',
      `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`,
    );
  }
  throw error;
}

const ackOut = (a: Acknowledgment) => ({ ...a, pdf: `treasury/acknowledgment/${a.number}.pdf` });

function loanDetail(db: Db, id: number, today: string) {
  const loan = getLoan(db, id, today);
  const { rows, arrears } = scheduleStatus(
    scheduleOf(loan),
    paidToDate(db, id, today),
    today,
    loan.balanceCents,
  );
  return {
    loan,
    schedule: rows,
    arrears,
    events: listLoanEvents(db, id),
    calendar: priCalendar(db, loan, today),
  };
}

export function treasuryHandlers({
  store,
  events,
  clock,
  blobs,
  log,
}: HostContext): HandlersFor<typeof treasuryMethods> {
  const db = store.db;
  const today = () => businessToday(db, clock.now());
  /** Anchors the chain head beside the database (see anchors.ts); a failure to write it is logged, not thrown. */
  const anchor = (source: 'write' | 'close' | 'report') => {
    try {
      return anchorHead(store.dataDir, db, source, clock.now().toISOString());
    } catch (error) {
      log.error('could not write the ledger anchors file', error);
      return null;
    }
  };
  function write<T>(ctx: CallContext, reason: string, entity: string, fn: (tx: WriteTx) => T): T {
    let result: T;
    try {
      result = store.write({ actor: requireActor(ctx), reason }, fn);
    } catch (error) {
      asRule(error);
    }
    anchor('write');
    events.publish('changed', { entity });
    return result;
  }
  /**
   * A money-recording write with the form's idempotency key: the same key again returns the first result and
   * records nothing (idempotency.ts); without a key, a plain write.
   */
  function writeOnce<T>(
    ctx: CallContext,
    method: string,
    input: Readonly<Record<string, unknown>> & { idempotencyKey?: string | undefined },
    reason: string,
    entity: string,
    fn: (tx: WriteTx) => T,
  ): T {
    const key = input.idempotencyKey;
    if (key === undefined) return write(ctx, reason, entity, fn);
    const prior = priorResult(db, key, method, input);
    if (prior !== undefined) return prior as T;
    return write(ctx, reason, entity, (tx) => {
      const result = fn(tx);
      rememberResult(tx, key, method, input, result);
      return result;
    });
  }
  const withFooter = (table: ReturnType<typeof buildReport>) => {
    const head = anchor('report') ?? chainHeadOf(db);
    return { ...table, footer: describeHead(head), chainHead: head };
  };
  const params = (p: {
    asOf?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    year?: number | undefined;
  }): ReportParams => {
    const t = today();
    return {
      asOf: p.asOf ?? t,
      // The fiscal year to date, unless told otherwise; `year` stays the calendar year (donors' tax year).
      from: p.from ?? periodOf(db, t).startsOn,
      to: p.to ?? t,
      year: p.year ?? Number(t.slice(0, 4)),
    };
  };

  // Every treasury document (certificates, acknowledgments and year-end letters, receipts): see document-kinds.ts.
  blobs.register('treasury', (rest, who) => openDocument(db, rest, who.roles));

  return {
    'treasury.campaign': () => campaignSummary(db),
    'treasury.organisation.get': () => ({ ...readOrganisation(db), timeZone: labTimeZone(db) }),
    'treasury.organisation.set': ({ timeZone, ...org }, ctx) =>
      write(ctx, 'organisation settings', 'settings', (tx) => {
        assertTimeZone(timeZone);
        const before = { ...readOrganisation(tx.db), timeZone: labTimeZone(tx.db) };
        writeOrganisation(tx.db, org);
        sql(
          tx.db,
          'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
        ).run(LAB_TIME_ZONE_KEY, JSON.stringify(timeZone));
        const after = { ...readOrganisation(tx.db), timeZone: labTimeZone(tx.db) };
        tx.audit('settings', 'organisation', 'update', before, after);
        return after;
      }),
    'treasury.setup': () => ({
      fiscalYearStart: fiscalYearStart(db),
      today: today(),
      timeZone: labTimeZone(db),
      memberClasses: listMemberClasses(db),
      funds: sql(
        db,
        'SELECT id, code, name, restriction FROM treasury_funds ORDER BY id',
      ).all() as SetupOutput['funds'],
      accounts: sql(
        db,
        'SELECT id, code, name, type FROM treasury_accounts WHERE active = 1 ORDER BY code',
      ).all() as SetupOutput['accounts'],
      tranches: sql(
        db,
        'SELECT id, code, name, name_es AS nameEs, kind FROM treasury_campaign_tranches ORDER BY id',
      ).all() as SetupOutput['tranches'],
    }),
    'treasury.parties.list': () => listParties(db),
    'treasury.parties.create': (input, ctx) =>
      write(ctx, 'new party', 'treasury.party', (tx) => createParty(tx, input)),
    'treasury.members.list': ({ asOf }) => listMemberships(db, asOf ?? today()),
    'treasury.members.admit': (input, ctx) =>
      write(ctx, 'admission', 'treasury.membership', (tx) => admitMember(tx, input)),
    'treasury.members.end': ({ membershipId, status, on, reason }, ctx) =>
      write(ctx, reason, 'treasury.membership', (tx) => endMembership(tx, { membershipId, status, on })),
    'treasury.subscriptions.list': ({ membershipId }) => listSubscriptions(db, membershipId),
    'treasury.certificates.list': ({ membershipId }) =>
      listCertificates(db, membershipId).map((c) => ({ ...c, pdf: `treasury/certificate/${c.number}.pdf` })),
    'treasury.register.list': () => listOperations(db),
    'treasury.receive': (input, ctx) =>
      writeOnce(
        ctx,
        'treasury.receive',
        input,
        `money received as a ${input.kind}`,
        'treasury.receipt',
        (tx) => {
          const base = {
            kind: input.kind,
            certificateNumbers: [] as number[],
            sharesIssued: 0,
            giftId: null as number | null,
            loanId: null as number | null,
            amountCents: input.amount,
            recordNumber: null as number | null,
            receipt: null as ReturnType<typeof receiptRef> | null,
          };
          if (input.kind === 'share' && input.share !== undefined) {
            const r = recordSharePayment(tx, {
              ...input.share,
              amount: input.amount,
              date: input.date,
              memo: input.memo,
            });
            const member = sql(
              tx.db,
              `SELECT p.name, p.address, m.member_number, sc.name AS class_name FROM treasury_memberships m
                 JOIN treasury_parties p ON p.id = m.party_id JOIN treasury_member_classes mc ON mc.id = m.member_class_id
                 JOIN treasury_share_classes sc ON sc.id = mc.share_class_id WHERE m.id = ?`,
            ).get(input.share.membershipId) as {
              name: string;
              address: string | null;
              member_number: number;
              class_name: string;
            };
            const fromName = member.name;
            const paymentId = (
              sql(tx.db, 'SELECT id FROM treasury_share_payments WHERE entry_id = ?').get(r.payment.id) as {
                id: number;
              }
            ).id;
            const receipt = issueSharePaymentReceipt(tx, {
              paymentId,
              date: input.date,
              amountCents: input.amount,
              payerName: fromName,
              payerAddress: member.address,
              memberNumber: member.member_number,
              shareClassName: member.class_name,
            });
            const paid = `Share payment of ${formatCents(input.amount)} from ${fromName} recorded — receipt ${receipt.number}`;
            return {
              ...base,
              fromName,
              receipt: receiptRef(receipt),
              entryNumbers: [r.payment.number, ...(r.issued === null ? [] : [r.issued.entry.number])],
              certificateNumbers: r.issued === null ? [] : [r.issued.certificate.number],
              sharesIssued: r.issued?.quantity ?? 0,
              summary:
                r.issued === null
                  ? `${paid}; ${formatCents(r.subscription.amountCents - r.subscription.paidCents)} still owed before shares are issued.`
                  : `${paid}; ${r.issued.quantity} share(s) issued on certificate ${r.issued.certificate.number}.`,
            };
          }
          if (input.kind === 'gift' && input.gift !== undefined) {
            const { gift, entry } = recordCashGift(tx, {
              ...input.gift,
              amount: input.amount,
              date: input.date,
            });
            const receipt = issueGiftReceipt(tx, gift, getParty(tx.db, gift.donorPartyId).address);
            return {
              ...base,
              giftId: gift.id,
              fromName: gift.donorName,
              recordNumber: gift.number,
              receipt: receiptRef(receipt),
              entryNumbers: [entry.number],
              summary: `Gift of ${formatCents(input.amount)} from ${gift.donorName} recorded — receipt ${receipt.number}`,
            };
          }
          if (input.kind === 'loan' && input.loan !== undefined) {
            const { loan, entry } = disburse(tx, {
              loanId: input.loan.loanId,
              amount: input.amount,
              date: input.date,
            });
            return {
              ...base,
              loanId: loan.id,
              fromName: loan.lenderName,
              recordNumber: loan.number,
              entryNumbers: [entry.number],
              summary: `${formatCents(input.amount)} received from ${loan.lenderName} on loan ${loan.number}; balance now ${formatCents(loan.balanceCents)}.`,
            };
          }
          throw new DeskError(
            'INVALID_INPUT',
            'Say whether this money is a share payment, a gift or a loan.',
          );
        },
      ),
    'treasury.shares.transfer': ({ idempotencyKey, ...input }, ctx) =>
      writeOnce(
        ctx,
        'treasury.shares.transfer',
        { idempotencyKey, ...input },
        input.note ?? 'share transfer',
        'treasury.share',
        (tx) => {
          const r = transferShares(tx, input);
          return {
            entryNumbers: [r.entry.number],
            certificateNumbers: r.certificates.map((c) => c.number),
            summary: r.entry.memo,
          };
        },
      ),
    'treasury.shares.redeem': ({ idempotencyKey, ...input }, ctx) =>
      writeOnce(
        ctx,
        'treasury.shares.redeem',
        { idempotencyKey, ...input },
        input.note ?? 'share redemption',
        'treasury.share',
        (tx) => {
          const r = redeemShares(tx, input);
          return {
            entryNumbers: [r.entry.number],
            certificateNumbers: r.certificates.map((c) => c.number),
            summary: r.entry.memo,
          };
        },
      ),
    'treasury.shares.correct': ({ idempotencyKey, ...input }, ctx) =>
      writeOnce(
        ctx,
        'treasury.shares.correct',
        { idempotencyKey, ...input },
        input.reason,
        'treasury.share',
        (tx) => {
          const r = correctShares(tx, input);
          return {
            entryNumbers: [r.entry.number],
            certificateNumbers: r.certificates.map((c) => c.number),
            summary: r.entry.memo,
          };
        },
      ),
    'treasury.gifts.list': (input) => listGifts(db, input),
    'treasury.gifts.recordInKind': ({ idempotencyKey: _key, ...input }, ctx) =>
      writeOnce(
        ctx,
        'treasury.gifts.recordInKind',
        { idempotencyKey: _key, ...input },
        'in-kind gift',
        'treasury.gift',
        (tx) => recordInKindGift(tx, input).gift,
      ),
    'treasury.gifts.void': ({ idempotencyKey, giftId, date, reason }, ctx) =>
      writeOnce(
        ctx,
        'treasury.gifts.void',
        { idempotencyKey, giftId, date, reason },
        reason,
        'treasury.gift',
        (tx) => voidGift(tx, { giftId, date, reason }).gift,
      ),
    'treasury.receipts.list': () =>
      listReceipts(db).map((r) => ({
        ...receiptRef(r),
        kind: r.kind,
        issuedOn: r.issuedOn,
        receivedOn: r.content.receivedOn,
        amountCents: r.amountCents,
        payerName: r.content.payerName,
        voided: r.voided,
      })),
    'treasury.jobs.list': () => listPayableJobs(db),
    'treasury.jobs.pay': ({ idempotencyKey, jobId, date, amount }, ctx) =>
      writeOnce(
        ctx,
        'treasury.jobs.pay',
        { idempotencyKey, jobId, date, amount },
        'job payment',
        'treasury.job-payment',
        (tx) => {
          const { job, receipt, entryNumber } = payJob(tx, { jobId, date, amount });
          const paid = job.payment?.amountCents ?? 0;
          return {
            job,
            receipt: receiptRef(receipt),
            entryNumbers: [entryNumber],
            amountCents: paid,
            fromName: job.requesterName,
            summary: `Payment of ${formatCents(paid)} from ${job.requesterName} for job ${job.number} recorded — receipt ${receipt.number}.`,
          };
        },
      ),
    'treasury.acknowledgments.list': () => listAcknowledgments(db).map(ackOut),
    'treasury.acknowledgments.create': (input, ctx) =>
      write(ctx, 'acknowledgment', 'treasury.acknowledgment', (tx) => ackOut(acknowledgeGift(tx, input))),
    'treasury.acknowledgments.yearEnd': (input, ctx) =>
      write(ctx, 'year-end letter', 'treasury.acknowledgment', (tx) => ackOut(yearEndLetter(tx, input))),
    'treasury.acknowledgments.markSent': ({ id }, ctx) =>
      write(ctx, 'sent', 'treasury.acknowledgment', (tx) => ackOut(markSent(tx, id))),
    'treasury.acknowledgments.correct': (input, ctx) =>
      write(ctx, input.note ?? 'correction', 'treasury.acknowledgment', (tx) =>
        ackOut(correctAcknowledgment(tx, input)),
      ),
    'treasury.loans.list': () => listLoans(db, today()),
    'treasury.loans.get': ({ id }) => loanDetail(db, id, today()),
    'treasury.loans.create': (input, ctx) =>
      write(ctx, 'loan terms', 'treasury.loan', (tx) => {
        const { principal, ...rest } = input;
        return loanDetail(tx.db, createLoan(tx, { ...rest, principalCents: principal }).id, today());
      }),
    'treasury.loans.repay': ({ idempotencyKey, ...input }, ctx) =>
      writeOnce(
        ctx,
        'treasury.loans.repay',
        { idempotencyKey, ...input },
        'repayment',
        'treasury.loan',
        (tx) => loanDetail(tx.db, repay(tx, input).loan.id, today()),
      ),
    'treasury.loans.pay': ({ idempotencyKey, ...input }, ctx) =>
      writeOnce(
        ctx,
        'treasury.loans.pay',
        { idempotencyKey, ...input },
        'loan payment',
        'treasury.loan',
        (tx) => loanDetail(tx.db, payActual(tx, input).loan.id, today()),
      ),
    'treasury.loans.forgive': ({ idempotencyKey, ...input }, ctx) =>
      writeOnce(
        ctx,
        'treasury.loans.forgive',
        { idempotencyKey, ...input },
        'forgiveness',
        'treasury.loan',
        (tx) => loanDetail(tx.db, forgive(tx, input).loan.id, today()),
      ),
    'treasury.loans.accrue': ({ through }, ctx) =>
      write(ctx, `interest through ${through}`, 'treasury.loan', (tx) => {
        const accruals = accrueInterest(tx, through);
        const total = accruals.reduce((s, a) => s + a.interestCents, 0);
        return {
          accruals,
          summary:
            accruals.length === 0
              ? `No interest to accrue through ${through}: the books already carry all that the loans earned.`
              : `${formatCents(total)} of interest accrued through ${through} on ${accruals.length} loan(s).`,
        };
      }),
    'treasury.loans.submitReport': (input, ctx) =>
      write(ctx, 'PRI report', 'treasury.loan', (tx) => {
        submitPriReport(tx, input);
        return loanDetail(tx.db, input.loanId, today());
      }),
    'treasury.journal.list': (input) => listEntries(db, input),
    'treasury.journal.post': ({ idempotencyKey, date, memo, lines }, ctx) =>
      writeOnce(
        ctx,
        'treasury.journal.post',
        { idempotencyKey, date, memo, lines },
        memo,
        'treasury.entry',
        (tx) =>
          postEntry(tx, {
            date,
            memo,
            kind: 'manual',
            lines: lines.map((l, i) => {
              const debit = l.debit ?? 0;
              const credit = l.credit ?? 0;
              if ((debit === 0) === (credit === 0))
                throw new DeskError('INVALID_INPUT', `Line ${i + 1}: give either a debit or a credit.`);
              return { account: l.account, amount: debit - credit, memo: l.memo };
            }),
          }),
      ),
    'treasury.journal.reverse': ({ entryId, date, memo }, ctx) =>
      write(ctx, memo ?? 'reversal', 'treasury.entry', (tx) => {
        const kind = getEntry(tx.db, entryId).kind;
        // Register, gift and loan entries are undone through their own step so their records move with the books.
        if (kind !== 'manual') {
          throw new DeskError(
            'RULE_VIOLATION',
            `This ${kind} entry belongs to the ${kind.split('-')[0] ?? kind} records; correct it there (void the gift, correct the register).`,
          );
        }
        return reverseEntry(tx, entryId, date, memo ?? '');
      }),
    'treasury.journal.verify': () => {
      const { notes: _notes, ...result } = verifyLedgerWithAnchors(db, store.dataDir);
      return result;
    },
    'treasury.periods.list': () => listPeriods(db, today()),
    'treasury.periods.setFiscalYearStart': ({ start }, ctx) =>
      write(ctx, `fiscal year starts ${start}`, 'treasury.period', (tx) => {
        setFiscalYearStart(tx, start);
        return listPeriods(tx.db, today());
      }),
    'treasury.periods.close': ({ year }, ctx) => {
      const period = write(ctx, `close FY${year}`, 'treasury.period', (tx) => {
        const { accruals: _accruals, ...closed } = closeFiscalYearWithInterest(tx, year);
        return closed;
      });
      // Every close is anchored and printed: the head the closed books end on, kept outside the database.
      const head = anchor('close') ?? chainHeadOf(db);
      return { ...period, chainHead: head, chainHeadText: describeHead(head) };
    },
    'treasury.report': ({ kind, ...p }) => withFooter(buildReport(db, kind, params(p))),
    'treasury.export': ({ format, kind, ...p }) => {
      if (format === 'beancount')
        return {
          fileName: 'journal.beancount',
          mimeType: 'text/plain',
          text: toBeancount(db, 'Center for Community Production', today()),
        };
      if (format === 'hledger')
        return { fileName: 'journal.journal', mimeType: 'text/plain', text: toHledger(db, today()) };
      if (kind === undefined) throw new DeskError('INVALID_INPUT', 'Say which report to export as CSV.');
      const table = buildReport(db, kind, params(p));
      return { fileName: `${kind}-${params(p).asOf}.csv`, mimeType: 'text/csv', text: toCsv(table) };
    },
  };
}
