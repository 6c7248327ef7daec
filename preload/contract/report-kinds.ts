/**
 * Every treasury report, listed once: main builds each in main/treasury/reports/<kind>.ts (a kind without a builder
 * does not compile), the Reports screen offers them in this order, titles are `treasury.report.<kind>` in its messages.
 */
export const reportKinds = [
  'member-register',
  'voting-roster',
  'certificate-ledger',
  'gifts-by-donor',
  'loan-book',
  'trial-balance',
  'balance-sheet',
  'activities',
  'campaign',
  'audit-trail',
  'acknowledgment-batch',
] as const;

export type ReportKind = (typeof reportKinds)[number];
