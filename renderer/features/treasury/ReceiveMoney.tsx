import { useState } from 'react';
import { formatCents, parseAmount } from '../../../preload/contract/methods/treasury-money.js';
import { useAmountRefusal } from '../../app/money-words.js';
import type { TreasuryMessageKey } from './messages.js';
import {
  useBlobUrl,
  errorText,
  useFormKey,
  useLanguage,
  useT,
  useTreasuryMutation,
  useTreasuryQuery,
  useLabToday,
} from './api.js';
import { PartyPicker } from './PartyPicker.js';
import {
  emptyGift,
  emptyShare,
  giftPart,
  GiftDetails,
  loanPart,
  LoanDetails,
  sharePart,
  ShareDetails,
  type GiftState,
  type ShareState,
} from './ReceiveKinds.js';

type Kind = 'share' | 'gift' | 'loan';
const KINDS: readonly Kind[] = ['share', 'gift', 'loan'];

/**
 * "Share, gift or loan?" — the step that stands between $1,000 arriving and the books. The treasurer must pick the
 * kind after seeing what each means, tick that they read it, and only then can post; main refuses anything else.
 */
export function ReceiveMoney() {
  const t = useT();
  const labDay = useLabToday();
  const blobUrl = useBlobUrl();
  const language = useLanguage();
  const [amountText, setAmountText] = useState('');
  const [dateTyped, setDate] = useState<string | null>(null);
  const date = dateTyped ?? labDay;
  const [partyId, setPartyId] = useState<number | null>(null);
  const [kind, setKind] = useState<Kind | null>(null);
  const [understood, setUnderstood] = useState(false);
  // One part per kind (ReceiveKinds.tsx): each keeps what the treasurer picked for it.
  const [share, setShare] = useState<ShareState>(emptyShare);
  const [gift, setGift] = useState<GiftState>(emptyGift);
  const [loanId, setLoanId] = useState<number | null>(null);
  // The form's idempotency key: a double click sends the same key, and main records the money once.
  const [formKey, renewKey] = useFormKey();

  /** After a success the form starts over (new key), so the same money cannot be recorded twice by accident. */
  const resetForm = () => {
    setAmountText('');
    setDate(null);
    setPartyId(null);
    setKind(null);
    setUnderstood(false);
    setShare(emptyShare);
    setGift(emptyGift);
    setLoanId(null);
    renewKey();
  };

  const organisation = useTreasuryQuery('treasury.organisation.get', {});
  const sponsorName = organisation.data?.fiscalSponsor?.name ?? null;
  const receive = useTreasuryMutation('treasury.receive');
  const acknowledge = useTreasuryMutation('treasury.acknowledgments.create');

  const parsed = parseAmount(amountText);
  const refusal = useAmountRefusal();
  const kindLabel = kind === null ? '' : t(`treasury.kind.${kind}.noun`);
  const details =
    kind === 'share'
      ? sharePart(share)
      : kind === 'gift'
        ? giftPart(gift, partyId, sponsorName)
        : kind === 'loan'
          ? loanPart(loanId)
          : null;
  const canPost =
    parsed.ok && partyId !== null && kind !== null && details !== null && understood && !receive.isPending;

  const post = () => {
    if (kind === null || details === null) return;
    receive.mutate(
      { idempotencyKey: formKey, kind, amount: amountText, date, understood: true, ...details },
      { onSuccess: resetForm },
    );
  };

  const result = receive.data;
  return (
    <section className="treasury-receive" aria-labelledby="receive-title">
      <h2 id="receive-title">{t('treasury.receive.title')}</h2>
      <div className="form-row">
        <label>
          {t('treasury.receive.amount')}
          <input
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            placeholder={t('treasury.receive.amountHint')}
            inputMode="decimal"
            name="amount"
          />
        </label>
        <output aria-live="polite" data-testid="amount-preview">
          {amountText.trim() === '' ? '' : parsed.ok ? formatCents(parsed.cents, language) : refusal(parsed)}
        </output>
        <label>
          {t('treasury.receive.date')}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} name="date" />
        </label>
      </div>
      <PartyPicker
        label={t('treasury.receive.from')}
        value={partyId}
        onChange={(id) => {
          setPartyId(id);
          setShare(emptyShare);
          setLoanId(null);
        }}
      />

      <fieldset className="treasury-kind">
        <legend>{t('treasury.receive.question')}</legend>
        <p>{t('treasury.receive.questionHint')}</p>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: '1rem' }}>
          {KINDS.map((k) => (
            <label
              key={k}
              className={`treasury-kind-card${kind === k ? ' selected' : ''}`}
              style={{ border: '1px solid #999', padding: '0.75rem', borderRadius: '0.5rem' }}
            >
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setUnderstood(false);
                }}
              />{' '}
              <strong>{t(`treasury.kind.${k}`)}</strong>
              <ul>
                {([1, 2, 3, 4] as const).map((n) => (
                  <li key={n}>{t(`treasury.consequence.${k}.${n}` as TreasuryMessageKey)}</li>
                ))}
              </ul>
            </label>
          ))}
        </div>
      </fieldset>

      {kind === 'share' && <ShareDetails partyId={partyId} value={share} onChange={setShare} />}
      {kind === 'gift' && (
        <GiftDetails
          value={gift}
          onChange={setGift}
          legalName={organisation.data?.legalName ?? null}
          sponsorName={sponsorName}
        />
      )}
      {kind === 'loan' && <LoanDetails partyId={partyId} value={loanId} onChange={setLoanId} />}

      {kind !== null && (
        <div className="treasury-confirm">
          <label>
            <input
              type="checkbox"
              checked={understood}
              onChange={(e) => setUnderstood(e.target.checked)}
              name="understood"
            />{' '}
            {t('treasury.receive.understood', { kind: kindLabel })}
          </label>
          <button type="button" disabled={!canPost} onClick={post}>
            {t('treasury.receive.post', {
              amount: parsed.ok ? formatCents(parsed.cents, language) : '—',
              kind: kindLabel,
            })}
          </button>
        </div>
      )}
      {receive.error !== null && <p role="alert">{errorText(receive.error)}</p>}
      {result !== undefined && (
        <div role="status" data-testid="receive-result">
          <p>
            {t(`treasury.receive.done.${result.kind}`, {
              amount: formatCents(result.amountCents, language),
              name: result.fromName,
              no: result.recordNumber ?? '',
              receipt: result.receipt?.number ?? '',
            })}
          </p>
          {result.receipt !== null && (
            <p>
              <a
                className="button"
                role="button"
                href={blobUrl(language === 'es' ? result.receipt.pdfEs : result.receipt.pdf)}
                target="_blank"
                rel="noreferrer"
                data-testid="receipt-pdf"
              >
                {t('treasury.receive.openReceipt', { no: result.receipt.number })}
              </a>
            </p>
          )}
          {result.certificateNumbers.map((n) => (
            <p key={n}>
              <a href={blobUrl(`treasury/certificate/${n}.pdf`)} target="_blank" rel="noreferrer">
                {t('treasury.receive.certificate', { no: n })}
              </a>
            </p>
          ))}
          {result.giftId !== null && acknowledge.data === undefined && (
            <button type="button" onClick={() => acknowledge.mutate({ giftId: result.giftId!, language })}>
              {t('treasury.receive.acknowledge')}
            </button>
          )}
          {acknowledge.data !== undefined && (
            <a href={blobUrl(acknowledge.data.pdf)} target="_blank" rel="noreferrer" data-testid="ack-pdf">
              {t('treasury.acks.pdf', { no: acknowledge.data.number })}
            </a>
          )}
          {acknowledge.error !== null && <p role="alert">{errorText(acknowledge.error)}</p>}
        </div>
      )}
    </section>
  );
}
