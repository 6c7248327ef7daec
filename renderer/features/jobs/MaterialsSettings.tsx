import { useState, type SyntheticEvent } from 'react';
import type { JobMaterial } from '../../../preload/contract/methods/jobs.js';
import { parseAmount } from '../../../preload/contract/methods/treasury-money.js';
import { useAmountRefusal } from '../../app/money-words.js';
import { useDeskMutation } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText } from '../../app/words.js';
import { money, useT } from './api.js';

/** The materials and their price per kilogram: a list, and one form to add a material or change the chosen one. */
export function MaterialsSettings({ materials }: { materials: readonly JobMaterial[] }) {
  const t = useT();
  const [editing, setEditing] = useState<JobMaterial | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <section className="card" aria-label={t('jobs.settings.materials')}>
      <h2>{t('jobs.settings.materials')}</h2>
      <table aria-label={t('jobs.settings.materials')}>
        <thead>
          <tr>
            <th>{t('jobs.settings.name')}</th>
            <th>{t('jobs.settings.code')}</th>
            <th>{t('jobs.settings.perKg')}</th>
            <th>{t('jobs.settings.density')}</th>
            <th>{t('jobs.settings.active')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {materials.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.code}</td>
              <td>{money(m.centsPerKg)}</td>
              <td>{m.densityMgPerCm3 ?? '—'}</td>
              <td>{m.active ? t('jobs.settings.yes') : t('jobs.settings.no')}</td>
              <td>
                <button
                  type="button"
                  aria-label={t('jobs.settings.editMaterial', { name: m.name })}
                  onClick={() => {
                    setEditing(m);
                    setFormKey((k) => k + 1);
                  }}
                >
                  {t('jobs.settings.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MaterialForm
        key={formKey}
        material={editing}
        onDone={() => {
          setEditing(null);
          setFormKey((k) => k + 1);
        }}
      />
    </section>
  );
}

function MaterialForm({ material, onDone }: { material: JobMaterial | null; onDone: () => void }) {
  const t = useT();
  const toast = useToast();
  const errorText = useErrorText();
  const save = useDeskMutation('jobs.materials.save');
  const [name, setName] = useState(material?.name ?? '');
  const [code, setCode] = useState(material?.code ?? '');
  const [price, setPrice] = useState(material === null ? '' : money(material.centsPerKg));
  const [density, setDensity] = useState(material?.densityMgPerCm3?.toString() ?? '');
  const [active, setActive] = useState(material?.active ?? true);
  const [error, setError] = useState<string | null>(null);
  const refusal = useAmountRefusal();
  const title =
    material === null
      ? t('jobs.settings.addMaterial')
      : t('jobs.settings.changeMaterial', { name: material.name });
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    const parsed = parseAmount(price, { allowZero: true });
    if (!parsed.ok) {
      setError(t('jobs.settings.priceRefused', { reason: refusal(parsed) }));
      return;
    }
    const densityText = density.trim();
    if (densityText !== '' && !/^\d+$/.test(densityText)) {
      setError(t('jobs.settings.densityRefused'));
      return;
    }
    setError(null);
    save.mutate(
      {
        ...(material === null ? {} : { id: material.id }),
        code,
        name,
        centsPerKg: parsed.cents,
        densityMgPerCm3: densityText === '' ? null : Number(densityText),
        active,
      },
      {
        onSuccess: (saved) => {
          toast(
            t('jobs.settings.materialSaved', { name: saved.name, amount: money(saved.centsPerKg) }),
            'success',
          );
          onDone();
        },
        onError: (err) => setError(errorText(err)),
      },
    );
  };
  return (
    <form className="toolbar" aria-label={title} onSubmit={submit}>
      <h3>{title}</h3>
      <label>
        {t('jobs.settings.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
      </label>
      <label>
        {t('jobs.settings.code')}
        <input value={code} onChange={(e) => setCode(e.target.value)} required maxLength={40} />
      </label>
      <label>
        {t('jobs.settings.perKg')}
        <input
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          inputMode="decimal"
          placeholder="$25.00"
          required
        />
      </label>
      <label>
        {t('jobs.settings.density')}
        <input value={density} onChange={(e) => setDensity(e.target.value)} inputMode="numeric" />
      </label>
      <label>
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        {t('jobs.settings.active')}
      </label>
      <button type="submit" disabled={save.isPending}>
        {t('jobs.settings.saveMaterial')}
      </button>
      {material !== null && (
        <button type="button" onClick={onDone}>
          {t('jobs.settings.cancel')}
        </button>
      )}
      <FormError error={error} />
    </form>
  );
}
