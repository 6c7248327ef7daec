import { z } from 'zod';
import { reportKinds } from '../report-kinds.js';
import { businessDate, id, isoInstant } from '../common.js';
import { parseAmount } from './treasury-money.js';

/** Dollars and cents as typed ("1,000.00", "$1,000.5"), parsed to integer cents by the one stated rule. */
export const money = z.string().transform((s, ctx) => {
  const r = parseAmount(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.cents;
});
/** The same, where zero makes sense (interest on a 0 % loan, nothing given in return). */
export const moneyOrZero = z.string().transform((s, ctx) => {
  const r = parseAmount(s, { allowZero: true });
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.cents;
});

const cents = z.number().int();
const nullableText = z.string().nullable();

export const party = z.object({
  id,
  kind: z.enum(['person', 'organisation']),
  name: z.string(),
  email: nullableText,
  phone: nullableText,
  address: nullableText,
  personId: id.nullable(),
});

export const memberClass = z.object({
  id,
  code: z.string(),
  name: z.string(),
  nameEs: z.string(),
  eligibility: z.string(),
  votesPerMember: z.number().int(),
  boardSeats: z.number().int(),
  maxInstalments: z.number().int(),
  issueRule: z.enum(['full', 'per-share']),
  shareClass: z.object({
    id,
    code: z.string(),
    name: z.string(),
    parCents: cents,
    minPerMember: z.number().int(),
    maxPerMember: z.number().int().nullable(),
    transferable: z.boolean(),
    redeemable: z.boolean(),
    equityAccount: z.string(),
  }),
});

export const membership = z.object({
  id,
  memberNumber: z.number().int(),
  partyId: id,
  partyName: z.string(),
  memberClassId: id,
  memberClassCode: z.string(),
  status: z.enum(['candidate', 'active', 'withdrawn', 'expelled']),
  admittedOn: businessDate,
  endedOn: businessDate.nullable(),
  shares: z.number().int(),
});

export const subscription = z.object({
  id,
  membershipId: id,
  shares: z.number().int(),
  amountCents: cents,
  paidCents: cents,
  payments: z.number().int(),
  issuedShares: z.number().int(),
  subscribedOn: businessDate,
});

export const certificate = z.object({
  id,
  number: z.number().int(),
  membershipId: id,
  memberNumber: z.number().int(),
  partyName: z.string(),
  shareClass: z.string(),
  shareClassName: z.string(),
  parCents: cents,
  quantity: z.number().int(),
  issuedOn: businessDate,
  cancelledOn: businessDate.nullable(),
  cancelReason: nullableText,
});

export const shareOperation = z.object({
  id,
  number: z.number().int(),
  kind: z.enum(['issue', 'transfer-out', 'transfer-in', 'redeem', 'correction']),
  membershipId: id,
  memberNumber: z.number().int(),
  partyName: z.string(),
  shareClass: z.string(),
  quantity: z.number().int(),
  date: businessDate,
  entryNumber: z.number().int(),
  note: nullableText,
});

export const gift = z.object({
  id,
  number: z.number().int(),
  donorPartyId: id,
  donorName: z.string(),
  receivingEntity: z.string(),
  receivedOn: businessDate,
  kind: z.enum(['cash', 'in-kind']),
  amountCents: cents.nullable(),
  description: nullableText,
  returnDescription: nullableText,
  returnValueCents: cents,
  fundId: id,
  fundCode: z.string(),
  trancheId: id.nullable(),
  entryNumber: z.number().int().nullable(),
  voided: z.boolean(),
  voidReason: nullableText,
});

const ackLine = z.object({
  giftNumber: z.number().int(),
  date: businessDate,
  kind: z.enum(['cash', 'in-kind']),
  amountCents: cents.nullable(),
  description: nullableText,
  returnDescription: nullableText,
  returnValueCents: cents,
});

export const acknowledgment = z.object({
  id,
  number: z.number().int(),
  kind: z.enum(['gift', 'year-end']),
  donorPartyId: id,
  giftId: id.nullable(),
  year: z.number().int().nullable(),
  language: z.enum(['en', 'es']),
  createdAt: isoInstant,
  sentAt: isoInstant.nullable(),
  supersedesId: id.nullable(),
  supersededBy: z.number().int().nullable(),
  content: z.object({
    organisation: z.string(),
    donorName: z.string(),
    donorAddress: nullableText,
    language: z.enum(['en', 'es']),
    title: z.string(),
    issuedOn: businessDate,
    year: z.number().int().nullable(),
    lines: z.array(ackLine),
    totalCashCents: cents,
    statements: z.array(z.string()),
    supersedesNumber: z.number().int().nullable(),
    note: nullableText,
  }),
  pdf: z.string(),
});

export const scheduleRow = z.object({
  n: z.number().int(),
  dueOn: businessDate,
  paymentCents: cents,
  interestCents: cents,
  principalCents: cents,
  balanceAfterCents: cents,
});

export const loanKind = z.enum(['pri', 'non-extractive', 'member-loan']);

export const loan = z.object({
  id,
  number: z.number().int(),
  lenderPartyId: id,
  lenderName: z.string(),
  kind: loanKind,
  principalCents: cents,
  rateBp: z.number().int(),
  method: z.enum(['amortizing', 'interest-only']),
  termMonths: z.number().int(),
  paymentsPerYear: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(12)]),
  agreementOn: businessDate,
  firstPaymentOn: businessDate,
  reportDueDays: z.number().int().nullable(),
  note: nullableText,
  disbursedCents: cents,
  repaidPrincipalCents: cents,
  interestPaidCents: cents,
  interestAccruedCents: cents,
  interestPayableCents: cents,
  forgivenCents: cents,
  balanceCents: cents,
  next: scheduleRow.nullable(),
});

export const loanDetail = z.object({
  loan,
  /** Each row as the money actually paid left it (forgiveness apart): paid, partly paid, overdue or not yet due. */
  schedule: z.array(
    scheduleRow.extend({
      paidCents: cents,
      status: z.enum(['paid', 'partly-paid', 'overdue', 'due']),
      daysOverdue: z.number().int(),
    }),
  ),
  arrears: z.object({ arrearsCents: cents, daysOverdue: z.number().int(), rowsBehind: z.number().int() }),
  events: z.array(
    z.object({
      kind: z.enum(['disbursement', 'repayment', 'forgiveness', 'interest-accrual']),
      date: businessDate,
      principalCents: cents,
      interestCents: cents,
      entryNumber: z.number().int(),
    }),
  ),
  calendar: z.array(
    z.object({
      fiscalYear: z.number().int(),
      kind: z.enum(['financial-report', 'compliance-statement']),
      dueOn: businessDate,
      submittedOn: businessDate.nullable(),
      status: z.enum(['submitted', 'due', 'overdue']),
    }),
  ),
});

export const journalEntry = z.object({
  id,
  number: z.number().int(),
  date: businessDate,
  memo: z.string(),
  kind: z.string(),
  partyId: id.nullable(),
  trancheId: id.nullable(),
  reversesId: id.nullable(),
  reversedById: id.nullable(),
  postedAt: isoInstant,
  postedBy: id.nullable(),
  prevHash: z.string(),
  hash: z.string(),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      account: z.string(),
      amount: cents,
      fundId: id.nullable(),
      partyId: id.nullable(),
      memo: nullableText,
    }),
  ),
});

export const campaign = z.object({
  code: z.string(),
  name: z.string(),
  goalCents: cents,
  raisedCents: cents,
  startsOn: businessDate,
  tranches: z.array(
    z.object({
      id,
      code: z.string(),
      name: z.string(),
      nameEs: z.string(),
      kind: z.enum(['share', 'gift', 'loan']),
      goalCents: cents,
      raisedCents: cents,
      countTarget: z.number().int().nullable(),
      count: z.number().int(),
    }),
  ),
});

export const reportKind = z.enum(reportKinds);

const cell = z.union([z.string(), z.number(), z.null()]);
/** The journal's last entry and its hash, as anchored outside the database. */
export const chainHead = z.object({ number: z.number().int().nonnegative(), hash: z.string() });

export const reportTable = z.object({
  kind: reportKind,
  title: z.string(),
  subtitle: z.string(),
  columns: z.array(
    z.object({ key: z.string(), label: z.string(), kind: z.enum(['text', 'money', 'number', 'date']) }),
  ),
  rows: z.array(z.record(z.string(), cell)),
  totals: z.record(z.string(), cell).nullable(),
  /** The ledger's chain head when the report was made, in words: printed copies carry it (see treasury/anchors.ts). */
  footer: z.string(),
  chainHead,
});

/** The fiscal year's first day, MM-DD (01-01 to 12-28, so every year has it). */
export const fiscalYearStart = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])$/, 'Give the first day as MM-DD, from 01-01 to 12-28.');

export const setupInfo = z.object({
  fiscalYearStart: z.string(),
  /** The lab's today (main's clock, in the lab's time zone): the default of every date a form offers. */
  today: z.string(),
  timeZone: z.string(),
  memberClasses: z.array(memberClass),
  funds: z.array(
    z.object({
      id,
      code: z.string(),
      name: z.string(),
      restriction: z.enum(['unrestricted', 'purpose', 'time', 'permanent']),
    }),
  ),
  accounts: z.array(
    z.object({
      id,
      code: z.string(),
      name: z.string(),
      type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
    }),
  ),
  tranches: z.array(
    z.object({
      id,
      code: z.string(),
      name: z.string(),
      nameEs: z.string(),
      kind: z.enum(['share', 'gift', 'loan']),
    }),
  ),
});

export const accrual = z.object({
  loanId: id,
  loanNumber: z.number().int(),
  throughOn: businessDate,
  bookedOn: businessDate,
  interestCents: cents,
  entryNumber: z.number().int(),
});

export const period = z.object({
  name: z.string(),
  startsOn: businessDate,
  endsOn: businessDate,
  closedAt: isoInstant.nullable(),
});

/**
 * The key a money form makes when it opens and sends with its call: the same key again (a double click, a retry)
 * returns the first result and records nothing more (main/treasury/idempotency.ts).
 */
export const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,100}$/, 'This form has no valid key; reload it and try again.');

/** A numbered receipt (R-2026-0042) and where its PDF is served, in English and in Spanish. */
export const receiptRef = z.object({ number: z.string(), pdf: z.string(), pdfEs: z.string() });

export const receipt = receiptRef.extend({
  kind: z.enum(['share-payment', 'gift', 'sale', 'job-payment']),
  issuedOn: businessDate,
  receivedOn: businessDate,
  amountCents: z.number().int(),
  payerName: z.string(),
  voided: z.boolean(),
});

export const payableJob = z.object({
  jobId: id,
  number: z.number().int(),
  title: z.string(),
  requesterName: z.string(),
  status: z.string(),
  quoteCents: z.number().int(),
  payment: z
    .object({ paidOn: businessDate, amountCents: z.number().int(), receipt: receiptRef.nullable() })
    .nullable(),
});
