import { useState, type SyntheticEvent } from 'react';
import type { PriorityTier } from '../../../preload/contract/methods/jobs.js';
import { parseAmount } from '../../../preload/contract/methods/treasury-money.js';
import { useAmountRefusal } from '../../app/money-words.js';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText } from '../../app/words.js';
import { money, useT } from './api.js';
import { MaterialsSettings } from './MaterialsSettings.js';

/**
 * Staff settings of the jobs area: the priority tiers in their order of service, the materials and their price per
 * kilogram, and each machine's hourly rate. Prices are typed in dollars and cents and parsed to integer cents by
 * the treasury's one parser; nothing is written when it refuses.
 */
export function SettingsTab() {
  const t = useT();
  const catalog = useDeskQuery('jobs.catalog', {});
  if (catalog.data === undefined) return <p className="loading">{t('jobs.loading')}</p>;
  return (
    <div className="job-settings">
      {/* Keyed by the saved tiers so a save (or another person's) starts the form again from main's order. */}
      <TiersSettings key={JSON.stringify(catalog.data.tiers)} tiers={catalog.data.tiers} />
      <MaterialsSettings materials={catalog.data.materials} />
      <RatesSettings rates={catalog.data.rates} />
    </div>
  );
}

interface TierDraft {
  id?: number | undefined;
  code: string;
  name: string;
  nameEs: string;
  active: boolean;
}

/** The tiers in order (first is served first): move them up and down, rename, make inactive, add; then save. */
function TiersSettings({ tiers }: { tiers: readonly PriorityTier[] }) {
  const t = useT();
  const toast = useToast();
  const errorText = useErrorText();
  const save = useDeskMutation('jobs.tiers.save');
  const [rows, setRows] = useState<TierDraft[]>(() =>
    tiers.map(({ id, code, name, nameEs, active }) => ({ id, code, name, nameEs, active })),
  );
  const [error, setError] = useState<string | null>(null);
  const change = (i: number, patch: Partial<TierDraft>) =>
    setRows((all) => all.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const move = (i: number, by: -1 | 1) =>
    setRows((all) => {
      const next = [...all];
      const [row] = next.splice(i, 1);
      next.splice(i + by, 0, row!);
      return next;
    });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    save.mutate(
      { tiers: rows },
      {
        onSuccess: () => toast(t('jobs.settings.tiersSaved'), 'success'),
        onError: (err) => setError(errorText(err)),
      },
    );
  };
  return (
    <form className="card" aria-label={t('jobs.settings.tiers')} onSubmit={submit}>
      <h2>{t('jobs.settings.tiers')}</h2>
      <p className="hint">{t('jobs.settings.tiersHint')}</p>
      <table>
        <thead>
          <tr>
            <th>{t('jobs.settings.rank')}</th>
            <th>{t('jobs.settings.name')}</th>
            <th>{t('jobs.settings.nameEs')}</th>
            <th>{t('jobs.settings.code')}</th>
            <th>{t('jobs.settings.active')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const label = row.name.trim() === '' ? t('jobs.settings.newTier') : row.name;
            return (
              <tr key={row.id ?? `new-${i}`} aria-label={label}>
                <td>{i + 1}</td>
                <td>
                  <input
                    aria-label={t('jobs.settings.nameOf', { tier: i + 1 })}
                    value={row.name}
                    onChange={(e) => change(i, { name: e.target.value })}
                    required
                    maxLength={80}
                  />
                </td>
                <td>
                  <input
                    aria-label={t('jobs.settings.nameEsOf', { tier: i + 1 })}
                    value={row.nameEs}
                    onChange={(e) => change(i, { nameEs: e.target.value })}
                    required
                    maxLength={80}
                  />
                </td>
                <td>
                  <input
                    aria-label={t('jobs.settings.codeOf', { tier: i + 1 })}
                    value={row.code}
                    onChange={(e) => change(i, { code: e.target.value })}
                    required
                    maxLength={40}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('jobs.settings.activeOf', { name: label })}
                    checked={row.active}
                    onChange={(e) => change(i, { active: e.target.checked })}
                  />
                </td>
                <td className="buttons">
                  <button
                    type="button"
                    disabled={i === 0}
                    aria-label={t('jobs.settings.tierUp', { name: label })}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={i === rows.length - 1}
                    aria-label={t('jobs.settings.tierDown', { name: label })}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FormError error={error} />
      <div className="buttons">
        <button
          type="button"
          onClick={() => setRows((all) => [...all, { code: '', name: '', nameEs: '', active: true }])}
        >
          {t('jobs.settings.addTier')}
        </button>
        <button type="submit" disabled={save.isPending}>
          {t('jobs.settings.saveTiers')}
        </button>
      </div>
    </form>
  );
}

type Rate = { machineId: number; machineName: string; hourlyCents: number };

/** Each machine's hourly rate for quotes. */
function RatesSettings({ rates }: { rates: readonly Rate[] }) {
  const t = useT();
  return (
    <section className="card" aria-label={t('jobs.settings.rates')}>
      <h2>{t('jobs.settings.rates')}</h2>
      <ul>
        {rates.map((rate) => (
          <RateRow key={`${rate.machineId}-${rate.hourlyCents}`} rate={rate} />
        ))}
      </ul>
    </section>
  );
}

function RateRow({ rate }: { rate: Rate }) {
  const t = useT();
  const toast = useToast();
  const errorText = useErrorText();
  const set = useDeskMutation('jobs.rates.set');
  const [text, setText] = useState(money(rate.hourlyCents));
  const [error, setError] = useState<string | null>(null);
  const refusal = useAmountRefusal();
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    const parsed = parseAmount(text, { allowZero: true });
    if (!parsed.ok) {
      setError(t('jobs.settings.rateRefused', { reason: refusal(parsed) }));
      return;
    }
    setError(null);
    set.mutate(
      { machineId: rate.machineId, hourlyCents: parsed.cents },
      {
        onSuccess: (saved) =>
          toast(
            t('jobs.settings.rateSaved', { machine: saved.machineName, amount: money(saved.hourlyCents) }),
            'success',
          ),
        onError: (err) => setError(errorText(err)),
      },
    );
  };
  return (
    <li>
      <form className="toolbar" aria-label={rate.machineName} onSubmit={submit}>
        <label>
          {t('jobs.settings.hourly', { machine: rate.machineName })}
          <input value={text} onChange={(e) => setText(e.target.value)} inputMode="decimal" required />
        </label>
        <button
          type="submit"
          disabled={set.isPending}
          aria-label={t('jobs.settings.saveRateFor', { machine: rate.machineName })}
        >
          {t('jobs.settings.saveRate')}
        </button>
        <FormError error={error} />
      </form>
    </li>
  );
}
