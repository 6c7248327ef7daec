import { useState } from 'react';
import { formatCents } from '../../../preload/contract/methods/treasury-money.js';
import { useDeskQuery } from '../../api/index.js';
import { useT as useMachinesT } from '../machines/api.js';
import { MaterialEditForm, PresetVersionForm } from './StaffForms.js';
import { labErrorText, useLabMutation, useLanguage, useT } from './api.js';

/** Thousandths of a unit as a number people read (3 sheets, 0.25 kg). */
const quantity = (milli: number) => String(Math.round(milli) / 1000);

/**
 * The materials and settings library: each material's unit, price, stock and the machines that must never take
 * it; the tested presets per machine and material (latest versions). Staff record stock received here.
 */
export function MaterialsLibrary({ manages }: { manages: boolean }) {
  const t = useT();
  const tm = useMachinesT();
  const language = useLanguage();
  const materials = useDeskQuery('lab.materials.list', {});
  const presets = useDeskQuery('lab.presets.list', {});
  const receive = useLabMutation('lab.materials.stock');
  const [materialId, setMaterialId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const list = (materials.data ?? []).filter((m) => m.active);
  return (
    <details className="lab-library">
      <summary>{t('lab.lib.title')}</summary>
      <table>
        <caption>{t('lab.lib.materials')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lab.lib.material')}</th>
            <th scope="col">{t('lab.lib.price')}</th>
            <th scope="col">{t('lab.lib.stock')}</th>
            <th scope="col">{t('lab.lib.forbidden')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.name}</th>
              <td>
                {t('lab.lib.perUnit', {
                  price: formatCents(m.unitCents, language),
                  unit: t(`lab.unit.${m.unit}`),
                })}
              </td>
              <td>
                {m.tracksStock
                  ? `${quantity(m.stockMilli)} ${t(`lab.unit.${m.unit}`)}`
                  : t('lab.lib.notStocked')}
              </td>
              <td>
                {m.forbidden.length === 0
                  ? '—'
                  : m.forbidden
                      .map((f) => `${tm(`machines.kind.${f.kind}` as Parameters<typeof tm>[0])}: ${f.reason}`)
                      .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {manages && (
        <form
          aria-label={t('lab.lib.receive')}
          onSubmit={(e) => {
            e.preventDefault();
            receive.mutate(
              { materialId: Number(materialId), kind: 'received', quantity: Number(amount), reason },
              {
                onSuccess: () => {
                  setAmount('');
                  setReason('');
                },
              },
            );
          }}
        >
          <label>
            {t('lab.lib.material')}{' '}
            <select required value={materialId} onChange={(e) => setMaterialId(e.target.value)}>
              <option value="">—</option>
              {list
                .filter((m) => m.tracksStock)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('lab.lib.amount')}{' '}
            <input
              type="number"
              required
              min={0}
              step="any"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </label>
          <label>
            {t('lab.lib.reason')}{' '}
            <input required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit">{t('lab.lib.receive')}</button>
          {receive.error !== null && <p role="alert">{labErrorText(t, tm, receive.error)}</p>}
        </form>
      )}
      <table>
        <caption>{t('lab.lib.presets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lab.lib.machine')}</th>
            <th scope="col">{t('lab.lib.material')}</th>
            <th scope="col">{t('lab.lib.operation')}</th>
            <th scope="col">{t('lab.lib.settings')}</th>
            <th scope="col">{t('lab.lib.tested')}</th>
          </tr>
        </thead>
        <tbody>
          {(presets.data ?? []).map((p) => (
            <tr key={p.id}>
              <td>{p.machineName}</td>
              <td>{p.materialName}</td>
              <td>
                {t(`lab.op.${p.operation}`)} · v{p.version}
              </td>
              <td>
                {Object.entries(p.settings)
                  .map(([k, v]) => `${k} ${String(v)}`)
                  .join(' · ')}
              </td>
              <td>
                {t('lab.preset.tested', { name: p.testedByName, on: p.testedOn })}: {p.testNote}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {manages && (
        <>
          <MaterialEditForm />
          <PresetVersionForm />
        </>
      )}
    </details>
  );
}
