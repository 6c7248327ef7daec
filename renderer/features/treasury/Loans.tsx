import { useState } from 'react';
import { percentToBasisPoints } from './rate.js';
import { formatCents } from '../../../preload/contract/methods/treasury-money.js';
import {
  errorText,
  useFormKey,
  useLanguage,
  useT,
  useTreasuryMutation,
  useTreasuryQuery,
  useLabToday,
} from './api.js';
import { PartyPicker } from './PartyPicker.js';
import type { TreasuryMessageKey } from './messages.js';
import { AmountPreview, amountOk } from './AmountPreview.js';

type Kind = 'pri' | 'non-extractive' | 'member-loan';
type PerYear = 1 | 2 | 4 | 12;

/** The loan book, new loan terms, and one loan's schedule, history and PRI reporting calendar. */
export function Loans() {
  const t = useT();
  const labDay = useLabToday();
  const language = useLanguage();
  const loans = useTreasuryQuery('treasury.loans.list', {});
  const create = useTreasuryMutation('treasury.loans.create');
  const accrue = useTreasuryMutation('treasury.loans.accrue');
  const [selected, setSelected] = useState<number | null>(null);
  const [lender, setLender] = useState<number | null>(null);
  const [kind, setKind] = useState<Kind>('pri');
  const [principal, setPrincipal] = useState('');
  const [rateText, setRateText] = useState('1');
  const rateBp = percentToBasisPoints(rateText);
  const [method, setMethod] = useState<'amortizing' | 'interest-only'>('amortizing');
  const [termMonths, setTermMonths] = useState(84);
  const [perYear, setPerYear] = useState<PerYear>(4);
  const [agreementOnTyped, setAgreementOn] = useState<string | null>(null);
  const agreementOn = agreementOnTyped ?? labDay;
  const [firstPaymentOnTyped, setFirstPaymentOn] = useState<string | null>(null);
  const firstPaymentOn = firstPaymentOnTyped ?? labDay;
  const money = (c: number) => formatCents(c, language);
  return (
    <section aria-labelledby="loans-title">
      <h2 id="loans-title">{t('treasury.loans.title')}</h2>
      <table data-testid="loans">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('treasury.loans.lender')}</th>
            <th scope="col">{t('treasury.loans.kind')}</th>
            <th scope="col">{t('treasury.loans.principal')}</th>
            <th scope="col">{t('treasury.loans.received')}</th>
            <th scope="col">{t('treasury.loans.balance')}</th>
            <th scope="col">{t('treasury.loans.interestPaid')}</th>
            <th scope="col">{t('treasury.loans.interestAccrued')}</th>
            <th scope="col">{t('treasury.loans.next')}</th>
          </tr>
        </thead>
        <tbody>
          {(loans.data ?? []).map((l) => (
            <tr
              key={l.id}
              onClick={() => setSelected(l.id)}
              style={{ cursor: 'pointer', fontWeight: selected === l.id ? 'bold' : undefined }}
            >
              <td>
                <button type="button" onClick={() => setSelected(l.id)}>
                  {l.number}
                </button>
              </td>
              <td>{l.lenderName}</td>
              <td>{t(`treasury.loans.kind.${l.kind}`)}</td>
              <td>{money(l.principalCents)}</td>
              <td>{money(l.disbursedCents)}</td>
              <td>{money(l.balanceCents)}</td>
              <td>{money(l.interestPaidCents)}</td>
              <td>{money(l.interestAccruedCents)}</td>
              <td>{l.next === null ? '' : `${l.next.dueOn} · ${money(l.next.paymentCents)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <p className="no-print">
        <button type="button" disabled={accrue.isPending} onClick={() => accrue.mutate({ through: labDay })}>
          {t('treasury.loans.accrue')}
        </button>{' '}
        {accrue.data !== undefined && <output data-testid="accrual-summary">{accrue.data.summary}</output>}
        {accrue.error !== null && <span role="alert">{errorText(accrue.error)}</span>}
      </p>
      <p className="hint">{t('treasury.loans.interestRule')}</p>

      <h3>{t('treasury.loans.new')}</h3>
      <PartyPicker label={t('treasury.loans.lender')} value={lender} onChange={setLender} />
      <div className="form-grid">
        <label>
          {t('treasury.loans.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} name="loanKind">
            {(['pri', 'non-extractive', 'member-loan'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`treasury.loans.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('treasury.loans.principal')}
          <input
            value={principal}
            onChange={(e) => setPrincipal(e.target.value)}
            inputMode="decimal"
            name="principal"
          />
        </label>
        <AmountPreview text={principal} />
        <label>
          {t('treasury.loans.rate')}
          <input
            value={rateText}
            onChange={(e) => setRateText(e.target.value)}
            inputMode="decimal"
            name="ratePercent"
            aria-invalid={rateBp === null}
          />
        </label>
        {rateBp === null && <p role="alert">{t('treasury.loans.rateInvalid')}</p>}
        <label>
          {t('treasury.loans.method')}
          <select
            value={method}
            onChange={(e) => setMethod(e.target.value === 'interest-only' ? 'interest-only' : 'amortizing')}
            name="method"
          >
            <option value="amortizing">{t('treasury.loans.method.amortizing')}</option>
            <option value="interest-only">{t('treasury.loans.method.interest-only')}</option>
          </select>
        </label>
        <label>
          {t('treasury.loans.term')}
          <input
            type="number"
            min={1}
            value={termMonths}
            onChange={(e) => setTermMonths(Math.floor(Number(e.target.value)))}
            name="termMonths"
          />
        </label>
        <label>
          {t('treasury.loans.perYear')}
          <select
            value={perYear}
            onChange={(e) => setPerYear(Number(e.target.value) as PerYear)}
            name="perYear"
          >
            {[1, 2, 4, 12].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('treasury.loans.agreementOn')}
          <input
            type="date"
            value={agreementOn}
            onChange={(e) => setAgreementOn(e.target.value)}
            name="agreementOn"
          />
        </label>
        <label>
          {t('treasury.loans.firstPaymentOn')}
          <input
            type="date"
            value={firstPaymentOn}
            onChange={(e) => setFirstPaymentOn(e.target.value)}
            name="firstPaymentOn"
          />
        </label>
      </div>
      <button
        type="button"
        disabled={lender === null || !amountOk(principal) || rateBp === null || create.isPending}
        onClick={() =>
          lender !== null &&
          rateBp !== null &&
          create.mutate(
            {
              lenderPartyId: lender,
              kind,
              principal,
              rateBp,
              method,
              termMonths,
              paymentsPerYear: perYear,
              agreementOn,
              firstPaymentOn,
            },
            { onSuccess: (d) => setSelected(d.loan.id) },
          )
        }
      >
        {t('treasury.common.save')}
      </button>
      {create.error !== null && <p role="alert">{errorText(create.error)}</p>}
      {selected !== null && <LoanDetail id={selected} />}
    </section>
  );
}

function LoanDetail({ id }: { id: number }) {
  const t = useT();
  const labDay = useLabToday();
  const language = useLanguage();
  const detail = useTreasuryQuery('treasury.loans.get', { id });
  const repay = useTreasuryMutation('treasury.loans.pay');
  // The actual-payment form: the day the money arrived and how much; main splits it (interest owed first).
  const [paidOnTyped, setPaidOn] = useState<string | null>(null);
  const paidOn = paidOnTyped ?? labDay;
  const [paidAmount, setPaidAmount] = useState('');
  const [payKey, setPayKey] = useState(() => crypto.randomUUID());
  const submit = useTreasuryMutation('treasury.loans.submitReport');
  const forgive = useTreasuryMutation('treasury.loans.forgive');
  const [forgiven, setForgiven] = useState('');
  const [forgiveKey, renewForgiveKey] = useFormKey();
  const money = (c: number) => formatCents(c, language);
  const d = detail.data;
  if (d === undefined) return <p>{t('treasury.common.loading')}</p>;
  const next = d.loan.next;
  return (
    <article data-testid="loan-detail">
      <h3>{`${d.loan.number} · ${d.loan.lenderName}`}</h3>
      {d.arrears.arrearsCents > 0 && (
        <p role="note" data-testid="loan-arrears">
          {t('treasury.loans.arrears', {
            amount: money(d.arrears.arrearsCents),
            rows: d.arrears.rowsBehind,
            days: d.arrears.daysOverdue,
          })}
        </p>
      )}
      {d.loan.balanceCents > 0 && (
        <fieldset data-testid="loan-payment">
          <legend>{t('treasury.loans.repay')}</legend>
          {next !== null && (
            <p>{t('treasury.loans.nextDue', { date: next.dueOn, amount: money(next.paymentCents) })}</p>
          )}
          <label>
            {t('treasury.loans.paidOn')}{' '}
            <input type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} name="paidOn" />
          </label>{' '}
          <label>
            {t('treasury.loans.paidAmount')}{' '}
            <input
              value={paidAmount}
              onChange={(e) => setPaidAmount(e.target.value)}
              inputMode="decimal"
              name="paidAmount"
            />
          </label>
          <AmountPreview text={paidAmount} />
          <button
            type="button"
            disabled={!amountOk(paidAmount) || repay.isPending}
            onClick={() =>
              repay.mutate(
                { idempotencyKey: payKey, loanId: id, date: paidOn, amount: paidAmount },
                {
                  onSuccess: () => {
                    setPaidAmount('');
                    setPaidOn(null);
                    setPayKey(crypto.randomUUID());
                  },
                },
              )
            }
          >
            {t('treasury.loans.recordPayment')}
          </button>
        </fieldset>
      )}
      {d.loan.balanceCents > 0 && (
        <span>
          <input
            value={forgiven}
            onChange={(e) => setForgiven(e.target.value)}
            inputMode="decimal"
            aria-label={t('treasury.loans.forgive')}
          />
          <AmountPreview text={forgiven} />
          <button
            type="button"
            disabled={!amountOk(forgiven) || forgive.isPending}
            onClick={() =>
              forgive.mutate(
                { idempotencyKey: forgiveKey, loanId: id, date: labDay, amount: forgiven },
                {
                  onSuccess: () => {
                    setForgiven('');
                    renewForgiveKey();
                  },
                },
              )
            }
          >
            {t('treasury.loans.forgive')}
          </button>
        </span>
      )}
      {(repay.error ?? submit.error ?? forgive.error) !== null && (
        <p role="alert">{errorText(repay.error ?? submit.error ?? forgive.error)}</p>
      )}
      {d.calendar.length > 0 && (
        <>
          <h4>{t('treasury.loans.calendar')}</h4>
          <ul data-testid="pri-calendar">
            {d.calendar.map((c) => (
              <li key={`${c.fiscalYear}-${c.kind}`}>
                {`${c.fiscalYear} · ${t(`treasury.loans.report.${c.kind}` as TreasuryMessageKey)} · ${c.dueOn} · `}
                {c.status === 'submitted'
                  ? t('treasury.loans.report.submitted', { date: c.submittedOn ?? '' })
                  : t(`treasury.loans.report.${c.status}`)}
                {c.status !== 'submitted' && (
                  <button
                    type="button"
                    onClick={() =>
                      submit.mutate({
                        loanId: id,
                        fiscalYear: c.fiscalYear,
                        kind: c.kind,
                        submittedOn: labDay,
                      })
                    }
                  >
                    {t('treasury.loans.report.markSubmitted')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>{t('treasury.loans.schedule')}</h4>
      <table data-testid="loan-schedule">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('treasury.loans.due')}</th>
            <th scope="col">{t('treasury.loans.payment')}</th>
            <th scope="col">{t('treasury.loans.interest')}</th>
            <th scope="col">{t('treasury.loans.principalPart')}</th>
            <th scope="col">{t('treasury.loans.balanceAfter')}</th>
            <th scope="col">{t('treasury.loans.rowStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {d.schedule.map((r) => (
            <tr key={r.n}>
              <td>{r.n}</td>
              <td>{r.dueOn}</td>
              <td>{money(r.paymentCents)}</td>
              <td>{money(r.interestCents)}</td>
              <td>{money(r.principalCents)}</td>
              <td>{money(r.balanceAfterCents)}</td>
              <td data-status={r.status}>
                {r.status === 'partly-paid'
                  ? t('treasury.loans.status.partly-paid', { paid: money(r.paidCents) })
                  : t(`treasury.loans.status.${r.status}`)}
                {r.daysOverdue > 0 ? ` · ${t('treasury.loans.daysOverdue', { days: r.daysOverdue })}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('treasury.loans.history')}</h4>
      <ul>
        {d.events.map((e, i) => (
          <li
            key={i}
          >{`${e.date} · ${t(`treasury.loans.event.${e.kind}`)} · ${money(e.principalCents)}${e.interestCents > 0 ? ` + ${money(e.interestCents)}` : ''} · #${e.entryNumber}`}</li>
        ))}
      </ul>
    </article>
  );
}
