import type { Db } from '../../store/store.js';
import type { ReportKind, ReportParams, ReportTable } from '../report-table.js';
import { statement } from '../statements.js';
import { acknowledgmentBatch } from './acknowledgment-batch.js';
import { auditTrail } from './audit-trail.js';
import { campaign } from './campaign.js';
import { certificateLedger } from './certificate-ledger.js';
import { giftsByDonor } from './gifts-by-donor.js';
import { loanBook } from './loan-book.js';
import { memberRegister } from './member-register.js';
import { votingRoster } from './voting-roster.js';

export type ReportBuilder = (db: Db, p: ReportParams) => ReportTable;

/**
 * The report registry: one builder per report kind, each in its own module here (the three financial statements
 * share statements.ts). The kinds themselves are listed once, in the contract (`reportKinds` in
 * preload/contract/methods/treasury-schemas.ts), which the handlers, the CSV export and the Reports screen read;
 * a kind listed there without a builder here does not compile.
 */
export const reportBuilders: { readonly [K in ReportKind]: ReportBuilder } = {
  'member-register': memberRegister,
  'voting-roster': votingRoster,
  'certificate-ledger': certificateLedger,
  'gifts-by-donor': giftsByDonor,
  'loan-book': loanBook,
  'trial-balance': (db, p) => statement(db, 'trial-balance', p),
  'balance-sheet': (db, p) => statement(db, 'balance-sheet', p),
  activities: (db, p) => statement(db, 'activities', p),
  campaign,
  'audit-trail': auditTrail,
  'acknowledgment-batch': acknowledgmentBatch,
};
