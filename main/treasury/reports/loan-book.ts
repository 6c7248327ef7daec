import type { Db } from '../../store/store.js';
import { col, type ReportParams, type ReportTable } from '../report-table.js';
import { listLoans } from '../loans.js';

/** Every loan as of the date: balances, interest paid and accrued, the next payment. */
export function loanBook(db: Db, p: ReportParams): ReportTable {
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
    kind: 'loan-book',
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
