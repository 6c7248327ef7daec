import { useState, type SyntheticEvent } from 'react';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useErrorText } from '../../app/words.js';
import { useManages, useT } from './api.js';

/** Recipients by priority tier, and their requests (what they asked for and what they have received). */
export function RecipientsTab() {
  const t = useT();
  const manages = useManages();
  const data = useDeskQuery('production.recipients.list', {});
  const overview = useDeskQuery('production.overview', {});
  const catalog = useDeskQuery('jobs.catalog', {});
  const errorText = useErrorText();
  const saveRecipient = useDeskMutation('production.recipients.save');
  const createRequest = useDeskMutation('production.requests.create');
  const [name, setName] = useState('');
  const [tierId, setTierId] = useState('');
  const [contact, setContact] = useState('');
  const [recipientId, setRecipientId] = useState('');
  const [productId, setProductId] = useState('');
  const [quantity, setQuantity] = useState('');
  const [error, setError] = useState<string | null>(null);
  const tiers = (catalog.data?.tiers ?? []).filter((x) => x.active);
  const recipients = data.data?.recipients ?? [];
  const products = overview.data?.products ?? [];

  const addRecipient = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    saveRecipient.mutate(
      { name, tierId: Number(tierId || tiers.at(-1)?.id), ...(contact.trim() === '' ? {} : { contact }) },
      { onSuccess: () => setName(''), onError: (err) => setError(errorText(err)) },
    );
  };
  const addRequest = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    createRequest.mutate(
      {
        recipientId: Number(recipientId || recipients[0]?.id),
        productId: Number(productId || products[0]?.id),
        quantity: Number(quantity),
      },
      { onSuccess: () => setQuantity(''), onError: (err) => setError(errorText(err)) },
    );
  };

  return (
    <>
      <FormError error={error} />
      <table aria-label={t('production.tab.recipients')}>
        <thead>
          <tr>
            <th>{t('production.recipients.name')}</th>
            <th>{t('production.recipients.tier')}</th>
            <th>{t('production.recipients.contact')}</th>
          </tr>
        </thead>
        <tbody>
          {recipients.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>{r.tierName}</td>
              <td>{r.contact ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {manages && (
        <form className="card toolbar" aria-label={t('production.recipients.add')} onSubmit={addRecipient}>
          <label>
            {t('production.recipients.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </label>
          <label>
            {t('production.recipients.tier')}
            <select value={tierId} onChange={(e) => setTierId(e.target.value)}>
              {[...tiers].reverse().map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('production.recipients.contact')}
            <input value={contact} onChange={(e) => setContact(e.target.value)} maxLength={200} />
          </label>
          <button type="submit">{t('production.recipients.save')}</button>
        </form>
      )}
      <h2>{t('production.requests.title')}</h2>
      <ul>
        {(data.data?.requests ?? []).map((q) => (
          <li key={q.id}>
            {t('production.requests.line', {
              recipient: q.recipientName,
              tier: q.tierName,
              received: q.received,
              quantity: q.quantity,
            })}{' '}
            <span className="badge">{t(`production.requests.status.${q.status}`)}</span>
          </li>
        ))}
      </ul>
      {manages && recipients.length > 0 && (
        <form className="card toolbar" aria-label={t('production.requests.add')} onSubmit={addRequest}>
          <label>
            {t('production.dist.recipient')}
            <select value={recipientId} onChange={(e) => setRecipientId(e.target.value)}>
              {recipients.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('production.requests.product')}
            <select value={productId} onChange={(e) => setProductId(e.target.value)}>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('production.requests.quantity')}
            <input
              type="number"
              min={1}
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
              required
            />
          </label>
          <button type="submit">{t('production.requests.save')}</button>
        </form>
      )}
    </>
  );
}
