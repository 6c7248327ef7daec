import { useState, type SyntheticEvent } from 'react';
import type { Recipe } from '../../../preload/contract/methods/production.js';
import { useDeskMutation } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText } from '../../app/words.js';
import { centsOf, money, useManages, useT } from './api.js';
import { useAmountRefusal } from '../../app/money-words.js';

/** What the editor starts from: a draft to change, an active/retired version to copy into the next draft, or nothing. */
type Editing = { kind: 'new' } | { kind: 'draft'; recipe: Recipe } | { kind: 'next'; recipe: Recipe };

/**
 * Recipes at their latest version. A draft can be changed and activated (the previous active version retires,
 * unchanged); an active or retired version never changes — a change starts the next version as a draft.
 */
export function RecipesTab({ recipes }: { recipes: readonly Recipe[] }) {
  const t = useT();
  const manages = useManages();
  const errorText = useErrorText();
  const toast = useToast();
  const activate = useDeskMutation('production.recipes.activate');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (editing !== null) return <RecipeEditor editing={editing} onDone={() => setEditing(null)} />;
  return (
    <>
      {manages && (
        <div className="buttons">
          <button type="button" onClick={() => setEditing({ kind: 'new' })}>
            {t('production.recipes.new')}
          </button>
        </div>
      )}
      <FormError error={error} />
      <ul>
        {recipes.map((r) => (
          <li
            key={r.id}
            className="card"
            aria-label={t('production.recipes.version', { code: r.code, version: r.version, name: r.name })}
          >
            <strong>
              {t('production.recipes.version', { code: r.code, version: r.version, name: r.name })}
            </strong>{' '}
            <span className="badge">{t(`production.recipes.status.${r.status}`)}</span>{' '}
            {t('production.recipes.unitCost', { amount: money(r.unitCostCents) })}
            <ul>
              {r.materials.map((m) => (
                <li key={m.name}>
                  {m.name}: {m.quantity} {m.unit} — {money(m.centsPerUnit)}
                </li>
              ))}
            </ul>
            <p>
              {t('production.recipes.line', {
                labour: r.labourMinutes,
                labourRate: money(r.labourRateCents),
                machine: r.machineMinutes,
                machineRate: money(r.machineRateCents),
                overhead: money(r.overheadCents),
              })}
            </p>
            {r.status !== 'draft' && (
              <p className="hint">{t('production.recipes.immutable', { version: r.version })}</p>
            )}
            {manages && (
              <div className="buttons">
                {r.status === 'draft' ? (
                  <>
                    <button type="button" onClick={() => setEditing({ kind: 'draft', recipe: r })}>
                      {t('production.recipes.edit', { version: r.version })}
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        setError(null);
                        activate.mutate(
                          { id: r.id },
                          {
                            onSuccess: (done) =>
                              toast(
                                t('production.recipes.activated', { code: done.code, version: done.version }),
                                'success',
                              ),
                            onError: (e) => setError(errorText(e)),
                          },
                        );
                      }}
                    >
                      {t('production.recipes.activate', { version: r.version })}
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => setEditing({ kind: 'next', recipe: r })}>
                    {t('production.recipes.startNext', { version: r.version + 1 })}
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

interface MaterialRow {
  name: string;
  quantity: string;
  unit: string;
  cost: string;
}

const blankMaterial = (): MaterialRow => ({ name: '', quantity: '', unit: '', cost: '' });

/** A whole number of minutes, or null. */
const minutesOf = (text: string): number | null =>
  /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : null;

/** A quantity per unit (18 g, 0.25 m): digits with an optional decimal part, more than zero. */
const quantityOf = (text: string): number | null => {
  const s = text.trim();
  if (!/^\d{1,7}(\.\d{1,4})?$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
};

function RecipeEditor({ editing, onDone }: { editing: Editing; onDone: () => void }) {
  const t = useT();
  const toast = useToast();
  const errorText = useErrorText();
  const save = useDeskMutation('production.recipes.save');
  const from = editing.kind === 'new' ? null : editing.recipe;
  const [code, setCode] = useState(from?.code ?? '');
  const [productName, setProductName] = useState(from?.productName ?? '');
  const [name, setName] = useState(from?.name ?? '');
  const [materials, setMaterials] = useState<MaterialRow[]>(
    from?.materials.map((m) => ({
      name: m.name,
      quantity: String(m.quantity),
      unit: m.unit,
      cost: money(m.centsPerUnit),
    })) ?? [blankMaterial()],
  );
  const [labourMinutes, setLabourMinutes] = useState(String(from?.labourMinutes ?? 0));
  const [labourRate, setLabourRate] = useState(money(from?.labourRateCents ?? 0));
  const [machineMinutes, setMachineMinutes] = useState(String(from?.machineMinutes ?? 0));
  const [machineRate, setMachineRate] = useState(money(from?.machineRateCents ?? 0));
  const [overhead, setOverhead] = useState(money(from?.overheadCents ?? 0));
  const [error, setError] = useState<string | null>(null);
  const refusal = useAmountRefusal();
  const title =
    editing.kind === 'new'
      ? t('production.recipes.new')
      : editing.kind === 'draft'
        ? t('production.recipes.editTitle', { code: editing.recipe.code, version: editing.recipe.version })
        : t('production.recipes.nextTitle', {
            code: editing.recipe.code,
            version: editing.recipe.version + 1,
          });

  const changeMaterial = (i: number, patch: Partial<MaterialRow>) =>
    setMaterials((all) => all.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    const refuse = (message: string) => setError(message);
    const amount = (label: string, text: string): number | null => {
      const parsed = centsOf(text);
      if (parsed.ok) return parsed.cents;
      refuse(t('production.recipes.amountRefused', { field: label, reason: refusal(parsed) }));
      return null;
    };
    const rows = [];
    for (const [i, m] of materials.entries()) {
      if (m.name.trim() === '' && m.quantity.trim() === '' && m.unit.trim() === '' && m.cost.trim() === '')
        continue;
      const quantity = quantityOf(m.quantity);
      if (quantity === null) {
        refuse(t('production.recipes.quantityRefused', { row: i + 1 }));
        return;
      }
      const cents = amount(t('production.recipes.materialCost', { row: i + 1 }), m.cost);
      if (cents === null) return;
      rows.push({ name: m.name, quantity, unit: m.unit, centsPerUnit: cents });
    }
    const labour = minutesOf(labourMinutes);
    const machine = minutesOf(machineMinutes);
    if (labour === null || machine === null) {
      refuse(t('production.recipes.minutesRefused'));
      return;
    }
    const labourRateCents = amount(t('production.recipes.labourRate'), labourRate);
    if (labourRateCents === null) return;
    const machineRateCents = amount(t('production.recipes.machineRate'), machineRate);
    if (machineRateCents === null) return;
    const overheadCents = amount(t('production.recipes.overhead'), overhead);
    if (overheadCents === null) return;
    setError(null);
    save.mutate(
      {
        code,
        productName,
        name,
        materials: rows,
        labourMinutes: labour,
        labourRateCents,
        machineMinutes: machine,
        machineRateCents,
        overheadCents,
      },
      {
        onSuccess: (saved) => {
          toast(t('production.recipes.saved', { code: saved.code, version: saved.version }), 'success');
          onDone();
        },
        onError: (err) => setError(errorText(err)),
      },
    );
  };

  return (
    <form className="card" aria-label={title} onSubmit={submit}>
      <h2>{title}</h2>
      {editing.kind === 'next' && (
        <p className="hint">{t('production.recipes.nextHint', { version: editing.recipe.version })}</p>
      )}
      <label>
        {t('production.recipes.code')}
        <input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          readOnly={editing.kind !== 'new'}
          required
          maxLength={40}
        />
      </label>
      <label>
        {t('production.recipes.product')}
        <input value={productName} onChange={(e) => setProductName(e.target.value)} required maxLength={80} />
      </label>
      <label>
        {t('production.recipes.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
      </label>
      <fieldset>
        <legend>{t('production.recipes.materials')}</legend>
        {materials.map((m, i) => (
          <div key={i} className="toolbar">
            <label>
              {t('production.recipes.materialName', { row: i + 1 })}
              <input
                value={m.name}
                onChange={(e) => changeMaterial(i, { name: e.target.value })}
                maxLength={80}
              />
            </label>
            <label>
              {t('production.recipes.materialQuantity', { row: i + 1 })}
              <input
                value={m.quantity}
                onChange={(e) => changeMaterial(i, { quantity: e.target.value })}
                inputMode="decimal"
              />
            </label>
            <label>
              {t('production.recipes.materialUnit', { row: i + 1 })}
              <input
                value={m.unit}
                onChange={(e) => changeMaterial(i, { unit: e.target.value })}
                maxLength={20}
              />
            </label>
            <label>
              {t('production.recipes.materialCost', { row: i + 1 })}
              <input
                value={m.cost}
                onChange={(e) => changeMaterial(i, { cost: e.target.value })}
                inputMode="decimal"
              />
            </label>
            <button
              type="button"
              aria-label={t('production.recipes.removeMaterial', { row: i + 1 })}
              onClick={() => setMaterials((all) => all.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setMaterials((all) => [...all, blankMaterial()])}>
          {t('production.recipes.addMaterial')}
        </button>
      </fieldset>
      <label>
        {t('production.recipes.labourMinutes')}
        <input value={labourMinutes} onChange={(e) => setLabourMinutes(e.target.value)} inputMode="numeric" />
      </label>
      <label>
        {t('production.recipes.labourRate')}
        <input value={labourRate} onChange={(e) => setLabourRate(e.target.value)} inputMode="decimal" />
      </label>
      <label>
        {t('production.recipes.machineMinutes')}
        <input
          value={machineMinutes}
          onChange={(e) => setMachineMinutes(e.target.value)}
          inputMode="numeric"
        />
      </label>
      <label>
        {t('production.recipes.machineRate')}
        <input value={machineRate} onChange={(e) => setMachineRate(e.target.value)} inputMode="decimal" />
      </label>
      <label>
        {t('production.recipes.overhead')}
        <input value={overhead} onChange={(e) => setOverhead(e.target.value)} inputMode="decimal" />
      </label>
      <FormError error={error} />
      <div className="buttons">
        <button type="submit" disabled={save.isPending}>
          {t('production.recipes.saveDraft')}
        </button>
        <button type="button" onClick={onDone}>
          {t('production.recipes.cancel')}
        </button>
      </div>
    </form>
  );
}
