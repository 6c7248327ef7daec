import type { MethodInput } from '../../../preload/contract/index.js';
import { formatCents } from '../../../preload/contract/methods/treasury-money.js';
import { useLanguage, useT, useTreasuryQuery } from './api.js';
import { AmountPreview } from './AmountPreview.js';

/**
 * The details each kind of money received needs, one part per kind: what the treasurer picks (member and
 * subscription; fund, tranche, receiving entity and anything given in return; the loan) and the part of
 * `treasury.receive` it becomes — null until enough is chosen to post.
 */
type Receive = MethodInput<'treasury.receive'>;

export interface ShareState {
  membershipId: number | null;
  subscriptionId: number | null;
  shares: number;
}
export const emptyShare: ShareState = { membershipId: null, subscriptionId: null, shares: 1 };

export function sharePart(s: ShareState): Pick<Receive, 'share'> | null {
  if (s.membershipId === null) return null;
  return {
    share:
      s.subscriptionId !== null
        ? { membershipId: s.membershipId, subscriptionId: s.subscriptionId }
        : { membershipId: s.membershipId, shares: s.shares },
  };
}

export function ShareDetails({
  partyId,
  value,
  onChange,
}: {
  partyId: number | null;
  value: ShareState;
  onChange: (s: ShareState) => void;
}) {
  const t = useT();
  const language = useLanguage();
  const members = useTreasuryQuery('treasury.members.list', {});
  const subscriptions = useTreasuryQuery('treasury.subscriptions.list', {});
  const mine = (members.data ?? []).filter(
    (m) => m.partyId === partyId && (m.status === 'candidate' || m.status === 'active'),
  );
  const open = (subscriptions.data ?? []).filter(
    (s) => s.membershipId === value.membershipId && s.paidCents < s.amountCents,
  );
  return (
    <fieldset>
      <legend>{t('treasury.kind.share')}</legend>
      {members.data === undefined ? null : mine.length === 0 ? (
        // Said only once the list has answered: while it loads, "no membership" would be untrue.
        <p role="note">{t('treasury.receive.noMembers')}</p>
      ) : (
        <>
          <label>
            {t('treasury.receive.member')}
            <select
              value={value.membershipId ?? ''}
              onChange={(e) =>
                onChange({
                  ...value,
                  membershipId: e.target.value === '' ? null : Number(e.target.value),
                  subscriptionId: null,
                })
              }
              name="membership"
            >
              <option value="">{t('treasury.receive.choose')}</option>
              {mine.map((m) => (
                <option key={m.id} value={m.id}>
                  {`${m.memberNumber} · ${m.partyName} · ${m.memberClassCode}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('treasury.receive.subscription')}
            <select
              value={value.subscriptionId ?? ''}
              onChange={(e) =>
                onChange({ ...value, subscriptionId: e.target.value === '' ? null : Number(e.target.value) })
              }
              name="subscription"
            >
              <option value="">{t('treasury.receive.newSubscription')}</option>
              {open.map((s) => (
                <option key={s.id} value={s.id}>
                  {`${s.shares} × ${formatCents(s.amountCents / s.shares, language)} — ${formatCents(s.amountCents - s.paidCents, language)}`}
                </option>
              ))}
            </select>
          </label>
          {value.subscriptionId === null && (
            <label>
              {t('treasury.receive.shares')}
              <input
                type="number"
                min={1}
                value={value.shares}
                onChange={(e) =>
                  onChange({ ...value, shares: Math.max(1, Math.floor(Number(e.target.value))) })
                }
                name="shares"
              />
            </label>
          )}
        </>
      )}
    </fieldset>
  );
}

export interface GiftState {
  fundId: number;
  trancheId: number | null;
  /** Who receives it: the lab, or its fiscal sponsor when one is set (the receipt and letters follow it). */
  entity: 'lab' | 'sponsor';
  returnDescription: string;
  returnValue: string;
}
export const emptyGift: GiftState = {
  fundId: 1,
  trancheId: null,
  entity: 'lab',
  returnDescription: '',
  returnValue: '',
};

export function giftPart(
  g: GiftState,
  donorPartyId: number | null,
  sponsorName: string | null,
): Pick<Receive, 'gift'> | null {
  if (donorPartyId === null) return null;
  return {
    gift: {
      donorPartyId,
      fundId: g.fundId,
      trancheId: g.trancheId,
      ...(g.entity === 'sponsor' && sponsorName !== null ? { receivingEntity: sponsorName } : {}),
      ...(g.returnDescription.trim() !== ''
        ? { returnDescription: g.returnDescription, returnValue: g.returnValue === '' ? '0' : g.returnValue }
        : {}),
    },
  };
}

export function GiftDetails({
  value,
  onChange,
  legalName,
  sponsorName,
}: {
  value: GiftState;
  onChange: (g: GiftState) => void;
  legalName: string | null;
  sponsorName: string | null;
}) {
  const t = useT();
  const language = useLanguage();
  const setup = useTreasuryQuery('treasury.setup', {});
  return (
    <fieldset>
      <legend>{t('treasury.kind.gift')}</legend>
      {sponsorName !== null && legalName !== null && (
        <fieldset>
          <legend>{t('treasury.receive.entity')}</legend>
          <label>
            <input
              type="radio"
              name="entity"
              checked={value.entity === 'lab'}
              onChange={() => onChange({ ...value, entity: 'lab' })}
            />{' '}
            {t('treasury.receive.entityLab', { name: legalName })}
          </label>{' '}
          <label>
            <input
              type="radio"
              name="entity"
              checked={value.entity === 'sponsor'}
              onChange={() => onChange({ ...value, entity: 'sponsor' })}
            />{' '}
            {t('treasury.receive.entitySponsor', { name: sponsorName })}
          </label>
        </fieldset>
      )}
      <label>
        {t('treasury.receive.fund')}
        <select
          value={value.fundId}
          onChange={(e) => onChange({ ...value, fundId: Number(e.target.value) })}
          name="fund"
        >
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
          value={value.trancheId ?? ''}
          onChange={(e) =>
            onChange({ ...value, trancheId: e.target.value === '' ? null : Number(e.target.value) })
          }
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
          value={value.returnDescription}
          onChange={(e) => onChange({ ...value, returnDescription: e.target.value })}
          name="returnDescription"
        />
      </label>
      {value.returnDescription.trim() !== '' && (
        <>
          <label>
            {t('treasury.receive.returnValue')}
            <input
              value={value.returnValue}
              onChange={(e) => onChange({ ...value, returnValue: e.target.value })}
              inputMode="decimal"
              name="returnValue"
            />
          </label>
          <AmountPreview text={value.returnValue} zeroAllowed />
        </>
      )}
    </fieldset>
  );
}

export function loanPart(loanId: number | null): Pick<Receive, 'loan'> | null {
  return loanId === null ? null : { loan: { loanId } };
}

export function LoanDetails({
  partyId,
  value,
  onChange,
}: {
  partyId: number | null;
  value: number | null;
  onChange: (loanId: number | null) => void;
}) {
  const t = useT();
  const language = useLanguage();
  const loans = useTreasuryQuery('treasury.loans.list', {});
  const mine = (loans.data ?? []).filter(
    (l) => l.lenderPartyId === partyId && l.disbursedCents < l.principalCents,
  );
  return (
    <fieldset>
      <legend>{t('treasury.kind.loan')}</legend>
      {mine.length === 0 ? (
        <p role="note">{t('treasury.receive.noLoans')}</p>
      ) : (
        <label>
          {t('treasury.receive.loan')}
          <select
            value={value ?? ''}
            onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
            name="loan"
          >
            <option value="">{t('treasury.receive.choose')}</option>
            {mine.map((l) => (
              <option key={l.id} value={l.id}>
                {`${l.number} · ${t(`treasury.loans.kind.${l.kind}`)} · ${formatCents(l.principalCents - l.disbursedCents, language)}`}
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  );
}
