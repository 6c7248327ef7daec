import { useState } from 'react';
import { formatCents, parseAmount } from '../../../preload/contract/methods/treasury-money.js';
import { useAmountRefusal } from '../../app/money-words.js';
import type { TreasuryMessageKey } from './messages.js';
import {
  useBlobUrl,
  errorText,
  useLanguage,
  useT,
  useTreasuryMutation,
  useTreasuryQuery,
  useLabToday,
} from './api.js';
import { PartyPicker } from './PartyPicker.js';
import { AmountPreview } from './AmountPreview.js';

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
  const [membershipId, setMembershipId] = useState<number | null>(null);
  const [subscriptionId, setSubscriptionId] = useState<number | null>(null);
  const [shares, setShares] = useState(1);
  const [fundId, setFundId] = useState(1);
  const [trancheId, setTrancheId] = useState<number | null>(null);
  const [returnDescription, setReturnDescription] = useState('');
  const [returnValue, setReturnValue] = useState('');
  const [loanId, setLoanId] = useState<number | null>(null);
  // Who receives a gift: the lab, or its fiscal sponsor when one is set (the receipt and letters follow it).
  const [entity, setEntity] = useState<'lab' | 'sponsor'>('lab');
  // The form's idempotency key: a double click sends the same key, and main records the money once.
  const [formKey, setFormKey] = useState(() => crypto.randomUUID());

  /** After a success the form starts over (new key), so the same money cannot be recorded twice by accident. */
  const resetForm = () => {
    setAmountText('');
    setDate(null);
    setPartyId(null);
    setKind(null);
    setUnderstood(false);
    setMembershipId(null);
    setSubscriptionId(null);
    setShares(1);
    setReturnDescription('');
    setReturnValue('');
    setLoanId(null);
    setEntity('lab');
    setFormKey(crypto.randomUUID());
  };

  const setup = useTreasuryQuery('treasury.setup', {});
  const members = useTreasuryQuery('treasury.members.list', {});
  const subscriptions = useTreasuryQuery('treasury.subscriptions.list', {});
  const loans = useTreasuryQuery('treasury.loans.list', {});
  const organisation = useTreasuryQuery('treasury.organisation.get', {});
  const sponsor = organisation.data?.fiscalSponsor ?? null;
  const receive = useTreasuryMutation('treasury.receive');
  const acknowledge = useTreasuryMutation('treasury.acknowledgments.create');

  const parsed = parseAmount(amountText);
  const refusal = useAmountRefusal();
  const myMembers = (members.data ?? []).filter(
    (m) => m.partyId === partyId && (m.status === 'candidate' || m.status === 'active'),
  );
  const openSubs = (subscriptions.data ?? []).filter(
    (s) => s.membershipId === membershipId && s.paidCents < s.amountCents,
  );
  const myLoans = (loans.data ?? []).filter(
    (l) => l.lenderPartyId === partyId && l.disbursedCents < l.principalCents,
  );
  const kindLabel = kind === null ? '' : t(`treasury.kind.${kind}.noun`);

  const detailsReady =
    (kind === 'share' && membershipId !== null) ||
    (kind === 'gift' && partyId !== null) ||
    (kind === 'loan' && loanId !== null);
  const canPost =
    parsed.ok && partyId !== null && kind !== null && detailsReady && understood && !receive.isPending;

  const post = () => {
    if (kind === null || partyId === null) return;
    receive.mutate(
      {
        idempotencyKey: formKey,
        kind,
        amount: amountText,
        date,
        understood: true,
        ...(kind === 'share' && membershipId !== null
          ? { share: subscriptionId !== null ? { membershipId, subscriptionId } : { membershipId, shares } }
          : {}),
        ...(kind === 'gift'
          ? {
              gift: {
                donorPartyId: partyId,
                fundId,
                trancheId,
                ...(entity === 'sponsor' && sponsor !== null ? { receivingEntity: sponsor.name } : {}),
                ...(returnDescription.trim() !== ''
                  ? { returnDescription, returnValue: returnValue === '' ? '0' : returnValue }
                  : {}),
              },
            }
          : {}),
        ...(kind === 'loan' && loanId !== null ? { loan: { loanId } } : {}),
      },
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
          setMembershipId(null);
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

      {kind === 'share' && (
        <fieldset>
          <legend>{t('treasury.kind.share')}</legend>
          {myMembers.length === 0 ? (
            <p role="note">{t('treasury.receive.noMembers')}</p>
          ) : (
            <>
              <label>
                {t('treasury.receive.member')}
                <select
                  value={membershipId ?? ''}
                  onChange={(e) => {
                    setMembershipId(e.target.value === '' ? null : Number(e.target.value));
                    setSubscriptionId(null);
                  }}
                  name="membership"
                >
                  <option value="">{t('treasury.receive.choose')}</option>
                  {myMembers.map((m) => (
                    <option key={m.id} value={m.id}>
                      {`${m.memberNumber} · ${m.partyName} · ${m.memberClassCode}`}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('treasury.receive.subscription')}
                <select
                  value={subscriptionId ?? ''}
                  onChange={(e) => setSubscriptionId(e.target.value === '' ? null : Number(e.target.value))}
                  name="subscription"
                >
                  <option value="">{t('treasury.receive.newSubscription')}</option>
                  {openSubs.map((s) => (
                    <option key={s.id} value={s.id}>
                      {`${s.shares} × ${formatCents(s.amountCents / s.shares, language)} — ${formatCents(s.amountCents - s.paidCents, language)}`}
                    </option>
                  ))}
                </select>
              </label>
              {subscriptionId === null && (
                <label>
                  {t('treasury.receive.shares')}
                  <input
                    type="number"
                    min={1}
                    value={shares}
                    onChange={(e) => setShares(Math.max(1, Math.floor(Number(e.target.value))))}
                    name="shares"
                  />
                </label>
              )}
            </>
          )}
        </fieldset>
      )}

      {kind === 'gift' && (
        <fieldset>
          <legend>{t('treasury.kind.gift')}</legend>
          {sponsor !== null && organisation.data !== undefined && (
            <fieldset>
              <legend>{t('treasury.receive.entity')}</legend>
              <label>
                <input
                  type="radio"
                  name="entity"
                  checked={entity === 'lab'}
                  onChange={() => setEntity('lab')}
                />{' '}
                {t('treasury.receive.entityLab', { name: organisation.data.legalName })}
              </label>{' '}
              <label>
                <input
                  type="radio"
                  name="entity"
                  checked={entity === 'sponsor'}
                  onChange={() => setEntity('sponsor')}
                />{' '}
                {t('treasury.receive.entitySponsor', { name: sponsor.name })}
              </label>
            </fieldset>
          )}
          <label>
            {t('treasury.receive.fund')}
            <select value={fundId} onChange={(e) => setFundId(Number(e.target.value))} name="fund">
              {(setup.data?.funds ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('treasury.receive.tranche')}
            <select
              value={trancheId ?? ''}
              onChange={(e) => setTrancheId(e.target.value === '' ? null : Number(e.target.value))}
              name="tranche"
            >
              <option value="">{t('treasury.receive.noTranche')}</option>
              {(setup.data?.tranches ?? [])
                .filter((x) => x.kind === 'gift')
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {language === 'es' ? x.nameEs : x.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('treasury.receive.returnDescription')}
            <input
              value={returnDescription}
              onChange={(e) => setReturnDescription(e.target.value)}
              name="returnDescription"
            />
          </label>
          {returnDescription.trim() !== '' && (
            <>
              <label>
                {t('treasury.receive.returnValue')}
                <input
                  value={returnValue}
                  onChange={(e) => setReturnValue(e.target.value)}
                  inputMode="decimal"
                  name="returnValue"
                />
              </label>
              <AmountPreview text={returnValue} zeroAllowed />
            </>
          )}
        </fieldset>
      )}

      {kind === 'loan' && (
        <fieldset>
          <legend>{t('treasury.kind.loan')}</legend>
          {myLoans.length === 0 ? (
            <p role="note">{t('treasury.receive.noLoans')}</p>
          ) : (
            <label>
              {t('treasury.receive.loan')}
              <select
                value={loanId ?? ''}
                onChange={(e) => setLoanId(e.target.value === '' ? null : Number(e.target.value))}
                name="loan"
              >
                <option value="">{t('treasury.receive.choose')}</option>
                {myLoans.map((l) => (
                  <option key={l.id} value={l.id}>
                    {`${l.number} · ${t(`treasury.loans.kind.${l.kind}`)} · ${formatCents(l.principalCents - l.disbursedCents, language)}`}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
      )}

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
