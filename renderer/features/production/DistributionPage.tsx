import { useState } from 'react';
import type { RunDetail, StockLot } from '../../../preload/contract/methods/production.js';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText } from '../../app/words.js';
import { basisPoints, money, percentOf, useManages, useT } from './api.js';
import { useBlobUrl, useLanguage } from '../treasury/api.js';

/** The product's stock by lot: the run's own lot is what it hands out; donated and bought lots stay where they are. */
function Lots({ d }: { d: RunDetail }) {
  const t = useT();
  const lots = useDeskQuery('production.stock.lots', { productId: d.recipe.productId });
  if (lots.data === undefined) return null;
  const source = (l: StockLot) =>
    l.source === 'made'
      ? t('production.lots.made', { number: l.runNumber ?? '?' })
      : l.source === 'donated' && l.purpose !== null
        ? t('production.lots.donatedFor', { purpose: l.purpose })
        : t(`production.lots.${l.source}`);
  const shown = lots.data.filter((l) => l.onHand !== 0 || l.runId === d.run.id);
  return (
    <section className="card" aria-label={t('production.lots.title')}>
      <h3>{t('production.lots.title')}</h3>
      <ul>
        {shown.map((l) => (
          <li key={l.id}>{t('production.lots.line', { id: l.id, source: source(l), count: l.onHand })}</li>
        ))}
      </ul>
      <p className="hint">{t('production.lots.rule')}</p>
    </section>
  );
}

/**
 * A run's distribution: pricing per tier (free, or a percentage of the real unit cost), the allocation main
 * suggests (tiers in order; skipping one needs a reason), handing out as suggested, and what went to whom.
 * Main refuses more than passed QC, more than on hand, past a cap, or a skip without a reason.
 */
export function DistributionPage({ d }: { d: RunDetail }) {
  const t = useT();
  const manages = useManages();
  // A sale's receipt opens as a PDF in the person's language (the same blob route as the treasury's documents).
  const blobUrl = useBlobUrl();
  const language = useLanguage();
  return (
    <>
      <p role="status">{t('production.dist.available', { count: d.available })}</p>
      <p className="hint">{t('production.dist.priceRule')}</p>
      <Lots d={d} />
      <Policy d={d} manages={manages} />
      {manages && d.available > 0 && <Suggestion d={d} />}
      <section className="card">
        <h3>{t('production.dist.history')}</h3>
        <table aria-label={t('production.dist.history')}>
          <thead>
            <tr>
              <th>{t('production.dist.on')}</th>
              <th>{t('production.dist.recipient')}</th>
              <th>{t('production.dist.tier')}</th>
              <th>{t('production.dist.quantity')}</th>
              <th>{t('production.dist.unitPrice')}</th>
              <th>{t('production.dist.lineTotal')}</th>
            </tr>
          </thead>
          <tbody>
            {d.distributions.map((x) => (
              <tr key={x.id}>
                <td>{x.on}</td>
                <td>{x.recipientName}</td>
                <td>{x.tierName}</td>
                <td>{x.quantity}</td>
                <td>
                  {x.priceBp === 0
                    ? t('production.dist.free')
                    : `${money(x.unitPriceCents)} (${t('production.dist.percent', { percent: percentOf(x.priceBp) })})`}
                </td>
                <td>
                  {money(x.totalCents)}
                  {x.receipt !== null && (
                    <>
                      {' — '}
                      <a
                        href={blobUrl(language === 'es' ? x.receipt.pdfEs : x.receipt.pdf)}
                        target="_blank"
                        rel="noreferrer"
                      >
                        {t('production.dist.receipt', { number: x.receipt.number })}
                      </a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function Policy({ d, manages }: { d: RunDetail; manages: boolean }) {
  const t = useT();
  const errorText = useErrorText();
  const save = useDeskMutation('production.runs.setPolicy');
  const [rows, setRows] = useState(() =>
    d.policy.map((p) => ({
      ...p,
      price: percentOf(p.priceBp),
      capText: p.cap === null ? '' : String(p.cap),
    })),
  );
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    setError(null);
    const tiers = [];
    for (const r of rows) {
      const bp = basisPoints(r.price);
      if (bp === null) {
        setError(`${r.tierName}: ${t('production.dist.price')}`);
        return;
      }
      tiers.push({ tierId: r.tierId, priceBp: bp, cap: r.capText.trim() === '' ? null : Number(r.capText) });
    }
    save.mutate({ runId: d.run.id, tiers }, { onError: (e) => setError(errorText(e)) });
  };
  const edit = (i: number, patch: Partial<(typeof rows)[number]>) =>
    setRows((all) => all.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <section className="card">
      <h3>{t('production.dist.policy')}</h3>
      <table aria-label={t('production.dist.policy')}>
        <thead>
          <tr>
            <th>{t('production.dist.tier')}</th>
            <th>{t('production.dist.price')}</th>
            <th>{t('production.dist.cap')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.tierId}>
              <th scope="row">{r.tierName}</th>
              <td>
                {manages ? (
                  <input
                    aria-label={`${t('production.dist.price')}: ${r.tierName}`}
                    value={r.price}
                    onChange={(e) => edit(i, { price: e.target.value })}
                    inputMode="decimal"
                  />
                ) : r.priceBp === 0 ? (
                  t('production.dist.free')
                ) : (
                  t('production.dist.percent', { percent: percentOf(r.priceBp) })
                )}
              </td>
              <td>
                {manages ? (
                  <input
                    aria-label={`${t('production.dist.cap')}: ${r.tierName}`}
                    value={r.capText}
                    onChange={(e) => edit(i, { capText: e.target.value })}
                    inputMode="numeric"
                  />
                ) : (
                  (r.cap ?? '—')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {manages && (
        <button type="button" onClick={submit} disabled={save.isPending}>
          {t('production.dist.savePolicy')}
        </button>
      )}
      <FormError error={error} />
    </section>
  );
}

function Suggestion({ d }: { d: RunDetail }) {
  const t = useT();
  const toast = useToast();
  const errorText = useErrorText();
  const [skipping, setSkipping] = useState<Record<number, string>>({});
  const skips = Object.entries(skipping)
    .filter(([, reason]) => reason.trim() !== '')
    .map(([tierId, reason]) => ({ tierId: Number(tierId), reason: reason.trim() }));
  const suggestion = useDeskQuery(
    'production.allocation.suggest',
    { runId: d.run.id, skips },
    { keepPrevious: true },
  );
  const distribute = useDeskMutation('production.distribute', { invalidate: ['treasury.'] });
  // The form's idempotency key: a double click hands the units out (and sells them) once.
  const [formKey, setFormKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<string | null>(null);
  const s = suggestion.data;
  const go = () => {
    if (s === undefined || s.lines.length === 0) return;
    setError(null);
    distribute.mutate(
      {
        idempotencyKey: formKey,
        runId: d.run.id,
        lines: s.lines.map((l) => ({
          recipientId: l.recipientId,
          quantity: l.quantity,
          ...(l.requestId === null ? {} : { requestId: l.requestId }),
        })),
        skips,
      },
      {
        onSuccess: (made) => {
          setSkipping({});
          setFormKey(crypto.randomUUID());
          const receipts = made.flatMap((m) => (m.receipt === null ? [] : [m.receipt.number]));
          toast(
            receipts.length === 0
              ? t('production.dist.done', { count: made.length })
              : t('production.dist.doneSold', { count: made.length, receipts: receipts.join(', ') }),
            'success',
          );
        },
        onError: (e) => setError(errorText(e)),
      },
    );
  };
  return (
    <section className="card" aria-label={t('production.dist.suggestion')}>
      <h3>{t('production.dist.suggestion')}</h3>
      <div className="toolbar">
        {d.policy.map((p) => (
          <span key={p.tierId}>
            <label>
              <input
                type="checkbox"
                checked={skipping[p.tierId] !== undefined}
                onChange={(e) =>
                  setSkipping((all) =>
                    e.target.checked
                      ? { ...all, [p.tierId]: '' }
                      : Object.fromEntries(Object.entries(all).filter(([id]) => Number(id) !== p.tierId)),
                  )
                }
              />
              {t('production.dist.skip', { tier: p.tierName })}
            </label>
            {skipping[p.tierId] !== undefined && (
              <label>
                {t('production.dist.skipReason', { tier: p.tierName })}
                <input
                  value={skipping[p.tierId]}
                  onChange={(e) => setSkipping((all) => ({ ...all, [p.tierId]: e.target.value }))}
                  maxLength={300}
                />
              </label>
            )}
          </span>
        ))}
      </div>
      {s !== undefined && s.lines.length === 0 && <p className="hint">{t('production.dist.nothing')}</p>}
      {s !== undefined && s.lines.length > 0 && (
        <table aria-label={t('production.dist.suggestion')}>
          <thead>
            <tr>
              <th>{t('production.dist.recipient')}</th>
              <th>{t('production.dist.tier')}</th>
              <th>{t('production.dist.quantity')}</th>
              <th>{t('production.dist.unitPrice')}</th>
              <th>{t('production.dist.lineTotal')}</th>
            </tr>
          </thead>
          <tbody>
            {s.lines.map((l) => (
              <tr key={`${l.recipientId}-${l.requestId ?? 0}`}>
                <td>{l.recipientName}</td>
                <td>{l.tierName}</td>
                <td>{l.quantity}</td>
                <td>{l.unitPriceCents === 0 ? t('production.dist.free') : money(l.unitPriceCents)}</td>
                <td>{money(l.totalCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s !== undefined && s.unmet.length > 0 && (
        <p className="hint">
          {t('production.dist.unmet', { list: s.unmet.map((u) => `${u.tierName} ${u.quantity}`).join(', ') })}
        </p>
      )}
      <button
        type="button"
        onClick={go}
        disabled={s === undefined || s.lines.length === 0 || distribute.isPending}
      >
        {t('production.dist.distribute')}
      </button>
      <FormError error={error ?? (suggestion.error === null ? null : errorText(suggestion.error))} />
    </section>
  );
}
