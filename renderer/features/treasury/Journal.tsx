import { useState } from 'react';
import { formatCents, parseAmount } from '../../../preload/contract/methods/treasury-money.js';
import { useAmountRefusal } from '../../app/money-words.js';
import {
  errorText,
  useFormKey,
  useLanguage,
  useT,
  useTreasuryMutation,
  useTreasuryQuery,
  useLabToday,
} from './api.js';

/** The journal, newest first, with the chain check and year closing. */
export function Journal() {
  const t = useT();
  const labDay = useLabToday();
  const language = useLanguage();
  const entries = useTreasuryQuery('treasury.journal.list', {});
  const periods = useTreasuryQuery('treasury.periods.list', {});
  const verify = useTreasuryMutation('treasury.journal.verify');
  const close = useTreasuryMutation('treasury.periods.close');
  const setStart = useTreasuryMutation('treasury.periods.setFiscalYearStart');
  // The list ends with the open year containing today (main's day); every open year before it has ended, and
  // years close in order, so the earliest of them is the one to offer.
  const open = (periods.data ?? []).filter((p) => p.closedAt === null);
  const current = open.at(-1);
  const closable = open.length > 1 ? open[0] : undefined;
  const v = verify.data;
  const setup = useTreasuryQuery('treasury.setup', {});
  const [start, setStartText] = useState<string | null>(null);
  const post = useTreasuryMutation('treasury.journal.post');
  const [postKey, renewPostKey] = useFormKey();
  const [dateTyped, setDate] = useState<string | null>(null);
  const date = dateTyped ?? labDay;
  const [memo, setMemo] = useState('');
  const [debit, setDebit] = useState('Expenses:Materials');
  const [credit, setCredit] = useState('Assets:Bank:Operating');
  const [amount, setAmount] = useState('');
  const parsed = parseAmount(amount);
  const refusal = useAmountRefusal();
  const accounts = setup.data?.accounts ?? [];
  return (
    <section aria-labelledby="journal-title">
      <h2 id="journal-title">{t('treasury.journal.title')}</h2>
      <button type="button" onClick={() => verify.mutate({})}>
        {t('treasury.journal.verify')}
      </button>{' '}
      {v !== undefined && (
        <output data-testid="verify-result">
          {v.firstBroken === undefined
            ? t('treasury.journal.intact', { entries: v.entries })
            : t('treasury.journal.broken', { no: v.firstBroken.number, reason: v.firstBroken.reason })}{' '}
          {t('treasury.journal.anchors', { count: v.anchorsChecked })}
        </output>
      )}
      <p>
        {(periods.data ?? [])
          .filter((p) => p.closedAt !== null)
          .map((p) => t('treasury.journal.closed', { name: p.name }))
          .join(' · ')}{' '}
        {current !== undefined && (
          <span data-testid="current-period">
            {t('treasury.journal.open', { name: current.name, from: current.startsOn, to: current.endsOn })}
          </span>
        )}{' '}
        {closable !== undefined && (
          <button type="button" onClick={() => close.mutate({ year: Number(closable.name.slice(2)) })}>
            {`${t('treasury.journal.closeYear')} ${closable.name}`}
          </button>
        )}
      </p>
      {close.error !== null && <p role="alert">{errorText(close.error)}</p>}
      {close.data !== undefined && (
        <p role="status" data-testid="close-result">
          {t('treasury.journal.closedHead', {
            name: close.data.name,
            no: close.data.chainHead.number,
            hash: close.data.chainHead.hash,
          })}
        </p>
      )}
      <p className="no-print">
        <label>
          {t('treasury.journal.fiscalYearStart')}{' '}
          <input
            value={start ?? setup.data?.fiscalYearStart ?? ''}
            onChange={(e) => setStartText(e.target.value)}
            placeholder="07-01"
            size={6}
            name="fiscalYearStart"
          />
        </label>{' '}
        <button
          type="button"
          disabled={start === null || setStart.isPending}
          onClick={() =>
            start !== null && setStart.mutate({ start }, { onSuccess: () => setStartText(null) })
          }
        >
          {t('treasury.journal.setStart')}
        </button>
      </p>
      {setStart.error !== null && <p role="alert">{errorText(setStart.error)}</p>}
      <fieldset className="no-print">
        <legend>{t('treasury.journal.manual')}</legend>
        <input
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          aria-label={t('treasury.common.date')}
        />
        <input
          value={memo}
          onChange={(e) => setMemo(e.target.value)}
          placeholder={t('treasury.common.memo')}
          aria-label={t('treasury.common.memo')}
        />
        <select
          value={debit}
          onChange={(e) => setDebit(e.target.value)}
          aria-label={t('treasury.common.debit')}
        >
          {accounts.map((a) => (
            <option key={a.code} value={a.code}>
              {a.code}
            </option>
          ))}
        </select>
        <select
          value={credit}
          onChange={(e) => setCredit(e.target.value)}
          aria-label={t('treasury.common.credit')}
        >
          {accounts.map((a) => (
            <option key={a.code} value={a.code}>
              {a.code}
            </option>
          ))}
        </select>
        <input
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          inputMode="decimal"
          aria-label={t('treasury.receive.amount')}
        />
        <output>
          {amount.trim() === '' ? '' : parsed.ok ? formatCents(parsed.cents, language) : refusal(parsed)}
        </output>
        <button
          type="button"
          disabled={!parsed.ok || memo.trim() === '' || post.isPending}
          onClick={() =>
            post.mutate(
              {
                idempotencyKey: postKey,
                date,
                memo,
                lines: [
                  { account: debit, debit: amount },
                  { account: credit, credit: amount },
                ],
              },
              {
                onSuccess: () => {
                  setMemo('');
                  setAmount('');
                  setDate(null);
                  renewPostKey();
                },
              },
            )
          }
        >
          {t('treasury.journal.post')}
        </button>
        {post.error !== null && <p role="alert">{errorText(post.error)}</p>}
      </fieldset>
      <table data-testid="journal">
        <thead>
          <tr>
            <th scope="col">{t('treasury.common.entry')}</th>
            <th scope="col">{t('treasury.common.date')}</th>
            <th scope="col">{t('treasury.common.account')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>
              {t('treasury.common.debit')}
            </th>
            <th scope="col" style={{ textAlign: 'right' }}>
              {t('treasury.common.credit')}
            </th>
          </tr>
        </thead>
        {[...(entries.data ?? [])]
          .reverse()
          .slice(0, 200)
          .map((e) => (
            <tbody key={e.id}>
              <tr>
                <th scope="row">{e.number}</th>
                <td>{e.date}</td>
                <td colSpan={3}>
                  <em>{e.memo}</em>
                  {e.reversedById !== null && ` (${t('treasury.journal.reversed')})`}
                </td>
              </tr>
              {e.lines.map((l) => (
                <tr key={l.lineNo}>
                  <td />
                  <td />
                  <td>{l.account}</td>
                  <td style={{ textAlign: 'right' }}>
                    {l.amount > 0 ? formatCents(l.amount, language) : ''}
                  </td>
                  <td style={{ textAlign: 'right' }}>
                    {l.amount < 0 ? formatCents(-l.amount, language) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
      </table>
    </section>
  );
}
