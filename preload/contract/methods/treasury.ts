import { z } from 'zod';
import { method } from '../define.js';
import { businessDate, empty, id, language, optionalText, text } from '../common.js';
import {
  accrual,
  acknowledgment,
  campaign,
  certificate,
  fiscalYearStart,
  gift,
  idempotencyKey,
  journalEntry,
  payableJob,
  receipt,
  receiptRef,
  loan,
  loanDetail,
  loanKind,
  membership,
  money,
  moneyOrZero,
  party,
  period,
  reportKind,
  reportTable,
  chainHead,
  setupInfo,
  shareOperation,
  subscription,
} from './treasury-schemas.js';

const shares = z.number().int().min(1, 'at least one share').max(10_000);
const year = z.number().int().min(1900).max(9999);
const ein = z.string().regex(/^\d{2}-\d{7}$/, 'Give the EIN as NN-NNNNNNN.');
const organisationInput = z.strictObject({
  legalName: text(200),
  address: z.string().trim().max(300),
  ein: ein.nullable(),
  taxStatus: z.enum(['501c3', 'cooperative', 'other']),
  fiscalSponsor: z.strictObject({ name: text(120), ein }).nullable(),
  /** IANA zone (America/Chicago): every today, period boundary, letter date and export cut-off follows it. */
  timeZone: text(60),
});
const organisation = organisationInput.extend({ address: z.string() });
const optionalKey = idempotencyKey.optional();

const posted = z.object({ entryNumbers: z.array(z.number().int()), summary: z.string() });

/**
 * "Share, gift or loan?" — money received is recorded by one method that will not guess: the kind is required,
 * only that kind's details may be given, and `understood: true` says the consequences were shown before posting
 * (shares: equity and a vote; gift: income and an acknowledgment, never a share; loan: a debt to repay).
 */
const receiveInput = z
  .strictObject({
    idempotencyKey,
    kind: z.enum(['share', 'gift', 'loan']),
    amount: money,
    date: businessDate,
    memo: optionalText(200),
    share: z
      .strictObject({ membershipId: id, subscriptionId: id.optional(), shares: shares.optional() })
      .optional(),
    gift: z
      .strictObject({
        donorPartyId: id,
        fundId: id,
        trancheId: id.nullable().default(null),
        receivingEntity: optionalText(120),
        description: optionalText(300),
        returnDescription: optionalText(300),
        returnValue: moneyOrZero.optional(),
      })
      .optional(),
    loan: z.strictObject({ loanId: id }).optional(),
    understood: z.literal(true, 'Confirm that you have read what recording it this way means.'),
  })
  .superRefine((v, ctx) => {
    for (const k of ['share', 'gift', 'loan'] as const) {
      if (k === v.kind && v[k] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: `Give the ${k} details for money received as a ${k}.`,
        });
      if (k !== v.kind && v[k] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: `This money is recorded as a ${v.kind}; ${k} details do not belong here.`,
        });
      }
    }
  });

export const treasuryMethods = {
  'treasury.campaign': method({
    summary:
      'The founding campaign: goal, tranches and progress, computed from the books (read-only, for everyone).',
    permission: 'treasury.summary',
    input: empty,
    output: campaign.nullable(),
  }),
  'treasury.organisation.get': method({
    summary: 'The organisation’s legal name, address, EIN, tax status, fiscal sponsor and time zone.',
    permission: 'organisation.manage',
    input: empty,
    output: organisation,
  }),
  'treasury.organisation.set': method({
    summary:
      'Set the organisation’s legal and tax identity (acknowledgments and receipts follow it) and the lab’s time zone.',
    permission: 'organisation.manage',
    input: organisationInput,
    output: organisation,
  }),
  'treasury.setup': method({
    summary: 'Member classes from the bylaws, funds, accounts and campaign tranches (for forms).',
    permission: 'treasury.read',
    input: empty,
    output: setupInfo,
  }),
  'treasury.parties.list': method({
    summary: 'People and organisations the treasury deals with.',
    permission: 'treasury.read',
    input: empty,
    output: z.array(party),
  }),
  'treasury.parties.create': method({
    summary: 'Add a person or organisation (member, donor, lender).',
    permission: 'treasury.write',
    input: z.strictObject({
      kind: z.enum(['person', 'organisation']),
      name: text(120),
      email: optionalText(120),
      phone: optionalText(40),
      address: optionalText(300),
      personId: id.optional(),
    }),
    output: party,
  }),
  'treasury.members.list': method({
    summary: 'Memberships with their shares held, as of a date (today when omitted).',
    permission: 'treasury.read',
    input: z.strictObject({ asOf: businessDate.optional() }),
    output: z.array(membership),
  }),
  'treasury.members.admit': method({
    summary: 'Admit a party to a member class with the next member number (never reused).',
    permission: 'treasury.write',
    input: z.strictObject({ partyId: id, memberClassId: id, admittedOn: businessDate }),
    output: membership,
  }),
  'treasury.members.end': method({
    summary: 'A member withdraws or is expelled (their shares must be redeemed or transferred first).',
    permission: 'treasury.write',
    input: z.strictObject({
      membershipId: id,
      status: z.enum(['withdrawn', 'expelled']),
      on: businessDate,
      reason: text(300),
    }),
    output: membership,
  }),
  'treasury.subscriptions.list': method({
    summary: 'Share subscriptions with what has been paid and issued.',
    permission: 'treasury.read',
    input: z.strictObject({ membershipId: id.optional() }),
    output: z.array(subscription),
  }),
  'treasury.certificates.list': method({
    summary: 'Every certificate, live and cancelled, with its PDF path.',
    permission: 'treasury.read',
    input: z.strictObject({ membershipId: id.optional() }),
    output: z.array(certificate.extend({ pdf: z.string() })),
  }),
  'treasury.register.list': method({
    summary: 'The share register, operation by operation.',
    permission: 'treasury.read',
    input: empty,
    output: z.array(shareOperation),
  }),
  'treasury.receive': method({
    summary: 'Record money received — as a share payment, a gift or a loan; the kind is always explicit.',
    permission: 'treasury.write',
    input: receiveInput,
    output: posted.extend({
      kind: z.enum(['share', 'gift', 'loan']),
      certificateNumbers: z.array(z.number().int()),
      sharesIssued: z.number().int(),
      giftId: id.nullable(),
      loanId: id.nullable(),
      /** What the person typed and chose, for a result in their words ("Gift of $250.00 from Aisha Bello"). */
      amountCents: z.number().int(),
      fromName: z.string(),
      /** The gift's or loan's number; null for a share payment. */
      recordNumber: z.number().int().nullable(),
      /** The receipt issued with it (share payments and gifts); null for money received as a loan. */
      receipt: receiptRef.nullable(),
    }),
  }),
  'treasury.receipts.list': method({
    summary: 'Every receipt issued, in number order (R-YYYY-NNNN, gapless per year), with its PDF paths.',
    permission: 'treasury.read',
    input: empty,
    output: z.array(receipt),
  }),
  'treasury.jobs.list': method({
    summary:
      'Lab jobs that can be paid for, newest first, with their quote and the payment recorded, if any.',
    permission: 'treasury.read',
    input: empty,
    output: z.array(payableJob),
  }),
  'treasury.jobs.pay': method({
    summary:
      'Record the payment for a lab job (its quote, or the amount typed), once per job: income from job fees and a receipt.',
    permission: 'treasury.write',
    input: z.strictObject({ idempotencyKey, jobId: id, date: businessDate, amount: money.optional() }),
    output: z.object({
      job: payableJob,
      receipt: receiptRef,
      entryNumbers: z.array(z.number().int()),
      amountCents: z.number().int(),
      fromName: z.string(),
      summary: z.string(),
    }),
  }),
  'treasury.shares.transfer': method({
    summary: 'Transfer shares between two members of the same class (certificates cancelled and reissued).',
    permission: 'treasury.write',
    input: z.strictObject({
      idempotencyKey,
      fromMembershipId: id,
      toMembershipId: id,
      quantity: shares,
      date: businessDate,
      note: optionalText(300),
    }),
    output: posted.extend({ certificateNumbers: z.array(z.number().int()) }),
  }),
  'treasury.shares.redeem': method({
    summary: 'Redeem shares at par, paid from the bank.',
    permission: 'treasury.write',
    input: z.strictObject({
      idempotencyKey,
      membershipId: id,
      quantity: shares,
      date: businessDate,
      note: optionalText(300),
    }),
    output: posted.extend({ certificateNumbers: z.array(z.number().int()) }),
  }),
  'treasury.shares.correct': method({
    summary: 'Correct the register by a signed number of shares against a named account, with a reason.',
    permission: 'treasury.write',
    input: z.strictObject({
      idempotencyKey: optionalKey,
      membershipId: id,
      quantity: z
        .number()
        .int()
        .min(-10_000)
        .max(10_000)
        .refine((q) => q !== 0, 'must not be zero'),
      date: businessDate,
      counterAccount: text(80),
      reason: text(300),
    }),
    output: posted.extend({ certificateNumbers: z.array(z.number().int()) }),
  }),
  'treasury.gifts.list': method({
    summary: 'Gifts, optionally for one year or donor.',
    permission: 'treasury.read',
    input: z.strictObject({ year: year.optional(), donorPartyId: id.optional() }),
    output: z.array(gift),
  }),
  'treasury.gifts.recordInKind': method({
    summary: 'Record an in-kind gift (described, never valued, on the acknowledgment).',
    permission: 'treasury.write',
    input: z.strictObject({
      idempotencyKey,
      donorPartyId: id,
      date: businessDate,
      description: text(300),
      fundId: id,
      bookValue: moneyOrZero.optional(),
      receivingEntity: optionalText(120),
      returnDescription: optionalText(300),
      returnValue: moneyOrZero.optional(),
      trancheId: id.nullable().default(null),
    }),
    output: gift,
  }),
  'treasury.gifts.void': method({
    summary: 'Void a gift booked in error, by a reversing entry (the gift row and its history stay).',
    permission: 'treasury.write',
    input: z.strictObject({
      idempotencyKey,
      giftId: id,
      date: businessDate,
      reason: text(300),
    }),
    output: gift,
  }),
  'treasury.acknowledgments.list': method({
    summary: 'Acknowledgments and year-end letters.',
    permission: 'treasury.read',
    input: empty,
    output: z.array(acknowledgment),
  }),
  'treasury.acknowledgments.create': method({
    summary: 'Number and freeze an acknowledgment for one gift.',
    permission: 'treasury.write',
    input: z.strictObject({ giftId: id, language }),
    output: acknowledgment,
  }),
  'treasury.acknowledgments.yearEnd': method({
    summary: "A year-end letter listing a donor's gifts of the year.",
    permission: 'treasury.write',
    input: z.strictObject({ donorPartyId: id, year, language, receivingEntity: optionalText(120) }),
    output: acknowledgment,
  }),
  'treasury.acknowledgments.markSent': method({
    summary: 'Mark an acknowledgment sent; it is frozen from then on.',
    permission: 'treasury.write',
    input: z.strictObject({ id }),
    output: acknowledgment,
  }),
  'treasury.acknowledgments.correct': method({
    summary: 'Issue a new acknowledgment that replaces an earlier one.',
    permission: 'treasury.write',
    input: z.strictObject({ id, language: language.optional(), note: optionalText(500) }),
    output: acknowledgment,
  }),
  'treasury.loans.list': method({
    summary: 'The loan book.',
    permission: 'treasury.read',
    input: empty,
    output: z.array(loan),
  }),
  'treasury.loans.get': method({
    summary: 'One loan with its schedule, history and PRI reporting calendar.',
    permission: 'treasury.read',
    input: z.strictObject({ id }),
    output: loanDetail,
  }),
  'treasury.loans.create': method({
    summary: 'Record the terms of a loan or PRI (the money itself arrives through treasury.receive).',
    permission: 'treasury.write',
    input: z.strictObject({
      lenderPartyId: id,
      kind: loanKind,
      principal: money,
      rateBp: z.number().int().min(0).max(5000),
      method: z.enum(['amortizing', 'interest-only']),
      termMonths: z.number().int().min(1).max(600),
      paymentsPerYear: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(12)]),
      agreementOn: businessDate,
      firstPaymentOn: businessDate,
      reportDueDays: z.number().int().min(1).max(365).optional(),
      note: optionalText(300),
    }),
    output: loanDetail,
  }),
  'treasury.loans.repay': method({
    summary: 'A repayment: principal and interest.',
    permission: 'treasury.write',
    input: z.strictObject({
      idempotencyKey: optionalKey,
      loanId: id,
      date: businessDate,
      principal: moneyOrZero,
      interest: moneyOrZero,
    }),
    output: loanDetail,
  }),
  'treasury.loans.pay': method({
    summary:
      'An actual payment (the amount that arrived, on its day), split by the loan’s rule: interest owed first, then principal.',
    permission: 'treasury.write',
    input: z.strictObject({ idempotencyKey, loanId: id, date: businessDate, amount: money }),
    output: loanDetail,
  }),
  'treasury.loans.forgive': method({
    summary: 'The lender forgives part or all of the balance.',
    permission: 'treasury.write',
    input: z.strictObject({ idempotencyKey, loanId: id, date: businessDate, amount: money }),
    output: loanDetail,
  }),
  'treasury.loans.accrue': method({
    summary:
      'Accrue every loan’s interest through a day (e.g. month end): interest expense and interest payable, per loan.',
    permission: 'treasury.write',
    input: z.strictObject({ through: businessDate }),
    output: z.object({ accruals: z.array(accrual), summary: z.string() }),
  }),
  'treasury.loans.submitReport': method({
    summary: 'Record a PRI report or compliance statement as submitted.',
    permission: 'treasury.write',
    input: z.strictObject({
      loanId: id,
      fiscalYear: year,
      kind: z.enum(['financial-report', 'compliance-statement']),
      submittedOn: businessDate,
    }),
    output: loanDetail,
  }),
  'treasury.journal.list': method({
    summary: 'Journal entries with their lines, optionally within dates.',
    permission: 'treasury.read',
    input: z.strictObject({ from: businessDate.optional(), to: businessDate.optional() }),
    output: z.array(journalEntry),
  }),
  'treasury.journal.post': method({
    summary: 'Post a manual entry (debits and credits must balance).',
    permission: 'treasury.write',
    input: z.strictObject({
      idempotencyKey,
      date: businessDate,
      memo: text(200),
      lines: z
        .array(
          z.strictObject({
            account: text(80),
            debit: moneyOrZero.optional(),
            credit: moneyOrZero.optional(),
            memo: optionalText(200),
          }),
        )
        .min(2, 'an entry needs at least two lines')
        .max(50),
    }),
    output: journalEntry,
  }),
  'treasury.journal.reverse': method({
    summary: 'Correct a posted entry by posting its reversal.',
    permission: 'treasury.write',
    input: z.strictObject({ entryId: id, date: businessDate, memo: optionalText(200) }),
    output: journalEntry,
  }),
  'treasury.journal.verify': method({
    summary: 'Check that every entry balances and the hash chain is intact.',
    permission: 'treasury.read',
    input: empty,
    output: z.object({
      ok: z.boolean(),
      entries: z.number().int(),
      lastHash: z.string(),
      firstBroken: z
        .object({ number: z.number().int(), upTo: z.number().int().optional(), reason: z.string() })
        .optional(),
      /** How many anchors kept outside the database (anchors file, backup manifests) the chain was compared with. */
      anchorsChecked: z.number().int(),
      chainHead,
    }),
  }),
  'treasury.periods.list': method({
    summary: 'Fiscal years: the closed ones, then the open ones up to the one containing today.',
    permission: 'treasury.read',
    input: empty,
    output: z.array(period),
  }),
  'treasury.periods.setFiscalYearStart': method({
    summary:
      'Set the fiscal year’s first day (MM-DD); closed years keep their dates, the change applies after the last one.',
    permission: 'treasury.write',
    input: z.strictObject({ start: fiscalYearStart }),
    output: z.array(period),
  }),
  'treasury.periods.close': method({
    summary:
      'Close a fiscal year for good (loans’ interest accrued through its last day first): no entry can be dated in it afterwards.',
    permission: 'treasury.write',
    input: z.strictObject({ year }),
    output: period.extend({ chainHead, chainHeadText: z.string() }),
  }),
  'treasury.report': method({
    summary: 'A report as a table (member register, voting roster, trial balance...).',
    permission: 'treasury.read',
    input: z.strictObject({
      kind: reportKind,
      asOf: businessDate.optional(),
      from: businessDate.optional(),
      to: businessDate.optional(),
      year: year.optional(),
    }),
    output: reportTable,
  }),
  'treasury.export': method({
    summary: 'A report as CSV, or the whole journal as beancount or hledger text, for the accountant.',
    permission: 'treasury.read',
    input: z.strictObject({
      format: z.enum(['csv', 'beancount', 'hledger']),
      kind: reportKind.optional(),
      asOf: businessDate.optional(),
      from: businessDate.optional(),
      to: businessDate.optional(),
      year: year.optional(),
    }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), text: z.string() }),
  }),
};
