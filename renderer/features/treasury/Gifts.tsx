import { useState } from 'react';
import { formatCents } from '../../../preload/contract/methods/treasury-money.js';
import {
  useBlobUrl,
  errorText,
  useLanguage,
  useT,
  useTreasuryMutation,
  useTreasuryQuery,
  useLabToday,
} from './api.js';
import { useDialogs } from '../../app/dialogs.js';
import { PartyPicker } from './PartyPicker.js';

/** Gifts and their numbered acknowledgments: create, send (then frozen), correct by a new one; year-end letters. */
export function Gifts() {
  const t = useT();
  const dialogs = useDialogs();
  const labDay = useLabToday();
  // A new key per form: a second click on the same form records nothing more (main/treasury/idempotency.ts).
  const [inKindKey, setInKindKey] = useState(() => crypto.randomUUID());
  const blobUrl = useBlobUrl();
  const language = useLanguage();
  const gifts = useTreasuryQuery('treasury.gifts.list', {});
  const acks = useTreasuryQuery('treasury.acknowledgments.list', {});
  const acknowledge = useTreasuryMutation('treasury.acknowledgments.create');
  const markSent = useTreasuryMutation('treasury.acknowledgments.markSent');
  const correct = useTreasuryMutation('treasury.acknowledgments.correct');
  const yearEnd = useTreasuryMutation('treasury.acknowledgments.yearEnd');
  const inKind = useTreasuryMutation('treasury.gifts.recordInKind');
  const voidGift = useTreasuryMutation('treasury.gifts.void');
  const receipts = useTreasuryQuery('treasury.receipts.list', {});
  const [donor, setDonor] = useState<number | null>(null);
  const [description, setDescription] = useState('');
  const [yearTyped, setYear] = useState<number | null>(null);
  const year = yearTyped ?? Number(labDay.slice(0, 4));
  const acked = new Set(
    (acks.data ?? []).filter((a) => a.giftId !== null && a.supersededBy === null).map((a) => a.giftId),
  );
  const error =
    acknowledge.error ?? markSent.error ?? correct.error ?? yearEnd.error ?? inKind.error ?? voidGift.error;
  return (
    <section aria-labelledby="gifts-title">
      <h2 id="gifts-title">{t('treasury.gifts.title')}</h2>
      {error !== null && <p role="alert">{errorText(error)}</p>}
      <table data-testid="gifts">
        <thead>
          <tr>
            <th scope="col">{t('treasury.gifts.number')}</th>
            <th scope="col">{t('treasury.common.date')}</th>
            <th scope="col">{t('treasury.gifts.donor')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>
              {t('treasury.gifts.amount')}
            </th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {[...(gifts.data ?? [])].reverse().map((g) => (
            <tr key={g.id} style={g.voided ? { textDecoration: 'line-through' } : undefined}>
              <td>{g.number}</td>
              <td>{g.receivedOn}</td>
              <td>{g.donorName}</td>
              <td style={{ textAlign: 'right' }}>
                {g.kind === 'cash'
                  ? formatCents(g.amountCents ?? 0, language)
                  : t('treasury.gifts.inKind', { description: g.description ?? '' })}
              </td>
              <td>
                {g.voided ? (
                  t('treasury.gifts.voided')
                ) : (
                  <>
                    {!acked.has(g.id) && (
                      <button type="button" onClick={() => acknowledge.mutate({ giftId: g.id, language })}>
                        {t('treasury.gifts.acknowledge')}
                      </button>
                    )}
                    {g.entryNumber !== null && (
                      <button
                        type="button"
                        aria-label={t('treasury.gifts.voidTitle', { id: g.id, donor: g.donorName })}
                        onClick={() => {
                          void dialogs
                            .ask({
                              title: t('treasury.gifts.voidTitle', { id: g.id, donor: g.donorName }),
                              label: t('treasury.gifts.voidReason'),
                              confirmLabel: t('treasury.gifts.void'),
                              required: true,
                              danger: true,
                            })
                            .then((reason) => {
                              // One key per confirmed void: a repeated send returns the first answer.
                              if (reason !== null)
                                voidGift.mutate({
                                  idempotencyKey: crypto.randomUUID(),
                                  giftId: g.id,
                                  date: labDay,
                                  reason,
                                });
                            });
                        }}
                      >
                        {t('treasury.gifts.void')}
                      </button>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('treasury.gifts.recordInKind')}</h3>
      <PartyPicker label={t('treasury.gifts.donor')} value={donor} onChange={setDonor} />
      <label>
        {t('treasury.gifts.description')}
        <input
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          name="inKindDescription"
        />
      </label>
      <button
        type="button"
        disabled={donor === null || description.trim() === ''}
        onClick={() =>
          donor !== null &&
          inKind.mutate(
            { idempotencyKey: inKindKey, donorPartyId: donor, date: labDay, description, fundId: 2 },
            {
              onSuccess: () => {
                setDescription('');
                setInKindKey(crypto.randomUUID());
              },
            },
          )
        }
      >
        {t('treasury.common.save')}
      </button>
      <h3>{t('treasury.acks.yearEnd')}</h3>
      <label>
        {t('treasury.acks.year')}
        <input type="number" value={year} onChange={(e) => setYear(Number(e.target.value))} name="year" />
      </label>
      <button
        type="button"
        disabled={donor === null}
        onClick={() => donor !== null && yearEnd.mutate({ donorPartyId: donor, year, language })}
      >
        {t('treasury.acks.yearEnd')}
      </button>

      <h3>{t('treasury.acks.title')}</h3>
      <table data-testid="acknowledgments">
        <thead>
          <tr>
            <th scope="col">{t('treasury.acks.number')}</th>
            <th scope="col">{t('treasury.gifts.donor')}</th>
            <th scope="col">{t('treasury.members.status')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(acks.data ?? []).map((a) => (
            <tr key={a.id}>
              <td>
                <a href={blobUrl(a.pdf)} target="_blank" rel="noreferrer">
                  {a.number} (PDF)
                </a>
              </td>
              <td>{`${a.content.donorName} — ${a.content.title}`}</td>
              <td>
                {a.supersededBy !== null
                  ? t('treasury.acks.replacedBy', { no: a.supersededBy })
                  : a.sentAt !== null
                    ? t('treasury.acks.sent', { date: a.sentAt.slice(0, 10) })
                    : t('treasury.acks.draft')}
              </td>
              <td>
                {a.sentAt === null && a.supersededBy === null && (
                  <button type="button" onClick={() => markSent.mutate({ id: a.id })}>
                    {t('treasury.acks.markSent')}
                  </button>
                )}
                {a.supersededBy === null && (
                  <button type="button" onClick={() => correct.mutate({ id: a.id })}>
                    {t('treasury.acks.correct')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('treasury.receipts.title')}</h3>
      <table data-testid="receipts">
        <thead>
          <tr>
            <th scope="col">{t('treasury.acks.number')}</th>
            <th scope="col">{t('treasury.common.date')}</th>
            <th scope="col">{t('treasury.gifts.donor')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>
              {t('treasury.gifts.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...(receipts.data ?? [])].reverse().map((r) => (
            <tr key={r.number}>
              <td>
                {/* A reprint is the receipt as issued; a voided gift's says VOID under the same number. */}
                <a href={blobUrl(language === 'es' ? r.pdfEs : r.pdf)} target="_blank" rel="noreferrer">
                  {`${r.number} (PDF)`}
                </a>
                {r.voided && ` — ${t('treasury.receipts.void')}`}
              </td>
              <td>{r.receivedOn}</td>
              <td>{`${r.payerName} — ${t(`treasury.receipts.kind.${r.kind}`)}`}</td>
              <td style={{ textAlign: 'right' }}>{formatCents(r.amountCents, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
