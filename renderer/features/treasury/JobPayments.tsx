import { useState } from 'react';
import { formatCents, parseAmount } from '../../../preload/contract/methods/treasury-money.js';
import {
  errorText,
  useBlobUrl,
  useFormKey,
  useLabToday,
  useLanguage,
  useT,
  useTreasuryMutation,
  useTreasuryQuery,
} from './api.js';
import { AmountPreview } from './AmountPreview.js';

/**
 * Payments for lab jobs: pick a job, record what arrived (its quote, or the final price typed) on its day; main
 * posts it to job fees once per job and issues a receipt, which the result offers to open.
 */
export function JobPayments() {
  const t = useT();
  const language = useLanguage();
  const labDay = useLabToday();
  const blobUrl = useBlobUrl();
  const jobs = useTreasuryQuery('treasury.jobs.list', {});
  const pay = useTreasuryMutation('treasury.jobs.pay');
  const [formKey, renewKey] = useFormKey();
  const [jobId, setJobId] = useState<number | null>(null);
  const [amountText, setAmountText] = useState('');
  const [dateTyped, setDate] = useState<string | null>(null);
  const date = dateTyped ?? labDay;
  const money = (c: number) => formatCents(c, language);
  const list = jobs.data ?? [];
  const unpaid = list.filter((j) => j.payment === null);
  const job = unpaid.find((j) => j.jobId === jobId);
  const typed = amountText.trim() !== '';
  const parsed = parseAmount(amountText);
  const amountCents = typed ? (parsed.ok ? parsed.cents : null) : (job?.quoteCents ?? null);
  const canPay = job !== undefined && amountCents !== null && amountCents > 0 && !pay.isPending;
  const result = pay.data;

  const record = () => {
    if (job === undefined) return;
    pay.mutate(
      { idempotencyKey: formKey, jobId: job.jobId, date, ...(typed ? { amount: amountText } : {}) },
      {
        onSuccess: () => {
          setJobId(null);
          setAmountText('');
          setDate(null);
          renewKey();
        },
      },
    );
  };

  return (
    <section aria-labelledby="jobs-pay-title">
      <h2 id="jobs-pay-title">{t('treasury.jobs.title')}</h2>
      <p>{t('treasury.jobs.hint')}</p>
      <fieldset>
        <label>
          {t('treasury.jobs.choose')}{' '}
          <select
            value={jobId ?? ''}
            onChange={(e) => setJobId(e.target.value === '' ? null : Number(e.target.value))}
            name="job"
          >
            <option value="">{t('treasury.receive.choose')}</option>
            {unpaid.map((j) => (
              <option key={j.jobId} value={j.jobId}>
                {`${j.number} · ${j.title} · ${j.requesterName} · ${money(j.quoteCents)}`}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('treasury.jobs.amount')}{' '}
          <input
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            inputMode="decimal"
            name="jobAmount"
          />
        </label>
        {typed && <AmountPreview text={amountText} />}{' '}
        <label>
          {t('treasury.jobs.date')}{' '}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} name="jobPaidOn" />
        </label>{' '}
        <button type="button" disabled={!canPay} onClick={record}>
          {t('treasury.jobs.record', { amount: amountCents === null ? '—' : money(amountCents) })}
        </button>
      </fieldset>
      {pay.error !== null && <p role="alert">{errorText(pay.error)}</p>}
      {result !== undefined && (
        <div role="status" data-testid="job-payment-result">
          <p>
            {t('treasury.jobs.done', {
              amount: money(result.amountCents),
              name: result.fromName,
              no: result.job.number,
              receipt: result.receipt.number,
            })}
          </p>
          <a
            className="button"
            role="button"
            href={blobUrl(language === 'es' ? result.receipt.pdfEs : result.receipt.pdf)}
            target="_blank"
            rel="noreferrer"
          >
            {t('treasury.receive.openReceipt', { no: result.receipt.number })}
          </a>
        </div>
      )}
      {list.length === 0 ? (
        <p>{t('treasury.jobs.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('treasury.jobs.job')}</th>
              <th scope="col">{t('treasury.jobs.requester')}</th>
              <th scope="col">{t('treasury.jobs.quote')}</th>
              <th scope="col">{t('treasury.jobs.paid')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((j) => (
              <tr key={j.jobId}>
                <td>{`${j.number} · ${j.title}`}</td>
                <td>{j.requesterName}</td>
                <td>{money(j.quoteCents)}</td>
                <td>
                  {j.payment === null ? (
                    t('treasury.jobs.unpaid')
                  ) : (
                    <>
                      {t('treasury.jobs.paidOn', {
                        amount: money(j.payment.amountCents),
                        date: j.payment.paidOn,
                      })}
                      {j.payment.receipt !== null && (
                        <>
                          {' '}
                          <a
                            href={blobUrl(
                              language === 'es' ? j.payment.receipt.pdfEs : j.payment.receipt.pdf,
                            )}
                            target="_blank"
                            rel="noreferrer"
                          >
                            {j.payment.receipt.number}
                          </a>
                        </>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
