import { useState } from 'react';
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
import { useDialogs } from '../../app/dialogs.js';
import { PartyPicker } from './PartyPicker.js';
import type { TreasuryMessageKey } from './messages.js';

/** Members with their holdings (derived from the register), admission, transfers, redemptions and certificates. */
export function Members() {
  const t = useT();
  const dialogs = useDialogs();
  const labDay = useLabToday();
  const blobUrl = useBlobUrl();
  const language = useLanguage();
  const setup = useTreasuryQuery('treasury.setup', {});
  const members = useTreasuryQuery('treasury.members.list', {});
  const certificates = useTreasuryQuery('treasury.certificates.list', {});
  const register = useTreasuryQuery('treasury.register.list', {});
  const admit = useTreasuryMutation('treasury.members.admit');
  const transfer = useTreasuryMutation('treasury.shares.transfer');
  const redeem = useTreasuryMutation('treasury.shares.redeem');
  const end = useTreasuryMutation('treasury.members.end');
  const [partyId, setPartyId] = useState<number | null>(null);
  const [classId, setClassId] = useState(3);
  const [admittedOnTyped, setAdmittedOn] = useState<string | null>(null);
  const admittedOn = admittedOnTyped ?? labDay;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [quantity, setQuantity] = useState(1);
  // The transfer/redemption form's key: a double click moves the shares once; a success starts a new form.
  const [moveKey, renewMoveKey] = useFormKey();
  const moved = {
    onSuccess: () => {
      setFrom(null);
      setTo(null);
      setQuantity(1);
      renewMoveKey();
    },
  };
  const list = members.data ?? [];
  const holders = list.filter((m) => m.shares > 0);
  const className = (code: string) => {
    const c = setup.data?.memberClasses.find((x) => x.code === code);
    return c === undefined ? code : language === 'es' ? c.nameEs : c.name;
  };
  const error = admit.error ?? transfer.error ?? redeem.error ?? end.error;
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t('treasury.members.title')}</h2>
      <table data-testid="members">
        <thead>
          <tr>
            <th scope="col">{t('treasury.members.number')}</th>
            <th scope="col">{t('treasury.party.name')}</th>
            <th scope="col">{t('treasury.members.class')}</th>
            <th scope="col">{t('treasury.members.status')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>
              {t('treasury.members.shares')}
            </th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {list.map((m) => (
            <tr key={m.id}>
              <td>{m.memberNumber}</td>
              <td>{m.partyName}</td>
              <td>{className(m.memberClassCode)}</td>
              <td>{t(`treasury.members.status.${m.status}` as TreasuryMessageKey)}</td>
              <td style={{ textAlign: 'right' }}>{m.shares}</td>
              <td>
                {(m.status === 'active' || m.status === 'candidate') && m.shares === 0 && (
                  <button
                    type="button"
                    aria-label={t('treasury.members.withdrawTitle', { name: m.partyName })}
                    onClick={() => {
                      void dialogs
                        .ask({
                          title: t('treasury.members.withdrawTitle', { name: m.partyName }),
                          label: t('treasury.members.withdrawReason'),
                          confirmLabel: t('treasury.members.withdraw'),
                          required: true,
                        })
                        .then((reason) => {
                          if (reason !== null)
                            end.mutate({ membershipId: m.id, status: 'withdrawn', on: labDay, reason });
                        });
                    }}
                  >
                    {t('treasury.members.withdraw')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('treasury.members.admit')}</h3>
      <PartyPicker label={t('treasury.party.name')} value={partyId} onChange={setPartyId} />
      <label>
        {t('treasury.members.class')}
        <select value={classId} onChange={(e) => setClassId(Number(e.target.value))} name="memberClass">
          {(setup.data?.memberClasses ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {language === 'es' ? c.nameEs : c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('treasury.members.admittedOn')}
        <input
          type="date"
          value={admittedOn}
          onChange={(e) => setAdmittedOn(e.target.value)}
          name="admittedOn"
        />
      </label>
      <button
        type="button"
        disabled={partyId === null}
        onClick={() => partyId !== null && admit.mutate({ partyId, memberClassId: classId, admittedOn })}
      >
        {t('treasury.members.admit')}
      </button>

      <h3>
        {t('treasury.members.transfer')} / {t('treasury.members.redeem')}
      </h3>
      <select
        value={from ?? ''}
        onChange={(e) => setFrom(e.target.value === '' ? null : Number(e.target.value))}
        name="from"
        aria-label={t('treasury.receive.member')}
      >
        <option value="">{t('treasury.receive.choose')}</option>
        {holders.map((m) => (
          <option key={m.id} value={m.id}>{`${m.memberNumber} · ${m.partyName} (${m.shares})`}</option>
        ))}
      </select>
      <input
        type="number"
        min={1}
        value={quantity}
        onChange={(e) => setQuantity(Math.max(1, Math.floor(Number(e.target.value))))}
        aria-label={t('treasury.members.quantity')}
      />
      <select
        value={to ?? ''}
        onChange={(e) => setTo(e.target.value === '' ? null : Number(e.target.value))}
        name="to"
        aria-label={t('treasury.members.to')}
      >
        <option value="">{t('treasury.members.to')}</option>
        {list
          .filter((m) => m.id !== from && m.status !== 'withdrawn' && m.status !== 'expelled')
          .map((m) => (
            <option key={m.id} value={m.id}>{`${m.memberNumber} · ${m.partyName}`}</option>
          ))}
      </select>
      <button
        type="button"
        disabled={from === null || to === null || transfer.isPending}
        onClick={() =>
          from !== null &&
          to !== null &&
          transfer.mutate(
            { idempotencyKey: moveKey, fromMembershipId: from, toMembershipId: to, quantity, date: labDay },
            moved,
          )
        }
      >
        {t('treasury.members.transfer')}
      </button>
      <button
        type="button"
        disabled={from === null || redeem.isPending}
        onClick={() =>
          from !== null &&
          redeem.mutate({ idempotencyKey: moveKey, membershipId: from, quantity, date: labDay }, moved)
        }
      >
        {t('treasury.members.redeem')}
      </button>
      {error !== null && <p role="alert">{errorText(error)}</p>}

      <h3>{t('treasury.certificates.title')}</h3>
      <table data-testid="certificates">
        <thead>
          <tr>
            <th scope="col">{t('treasury.certificates.number')}</th>
            <th scope="col">{t('treasury.party.name')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>
              {t('treasury.members.shares')}
            </th>
            <th scope="col">{t('treasury.common.date')}</th>
            <th scope="col">{t('treasury.members.status')}</th>
            <th scope="col">{t('treasury.certificates.pdf')}</th>
          </tr>
        </thead>
        <tbody>
          {(certificates.data ?? []).map((c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <td>{`${c.partyName} (${c.memberNumber})`}</td>
              <td style={{ textAlign: 'right' }}>{c.quantity}</td>
              <td>{c.issuedOn}</td>
              <td>
                {c.cancelledOn === null
                  ? t('treasury.certificates.live')
                  : t('treasury.certificates.cancelled', { date: c.cancelledOn })}
              </td>
              <td>
                <a href={blobUrl(c.pdf)} target="_blank" rel="noreferrer">
                  PDF
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('treasury.register.title')}</h3>
      <table data-testid="register">
        <thead>
          <tr>
            <th scope="col">{t('treasury.register.number')}</th>
            <th scope="col">{t('treasury.common.date')}</th>
            <th scope="col">{t('treasury.register.kind')}</th>
            <th scope="col">{t('treasury.members.number')}</th>
            <th scope="col">{t('treasury.party.name')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>
              {t('treasury.members.shares')}
            </th>
            <th scope="col">{t('treasury.common.entry')}</th>
          </tr>
        </thead>
        <tbody>
          {[...(register.data ?? [])].reverse().map((o) => (
            <tr key={o.id}>
              <td>{o.number}</td>
              <td>{o.date}</td>
              <td>{t(`treasury.register.kind.${o.kind}`)}</td>
              <td>{o.memberNumber}</td>
              <td>{o.partyName}</td>
              <td style={{ textAlign: 'right' }}>{o.quantity > 0 ? `+${o.quantity}` : o.quantity}</td>
              <td>{o.entryNumber}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
