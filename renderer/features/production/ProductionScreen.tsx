import { useState, type SyntheticEvent } from 'react';
import type { Recipe } from '../../../preload/contract/methods/production.js';
import { useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useErrorText } from '../../app/words.js';
import { useManages, useT } from './api.js';
import { RecipesTab } from './RecipesTab.js';
import { RecipientsTab } from './RecipientsTab.js';
import { RunPage } from './RunPage.js';
import { TabBar } from '../../components/TabBar.js';

type Tab = 'runs' | 'recipients' | 'recipes';

/**
 * Production runs and their distribution by priority tier (the mask drive, and the next one): runs with planned
 * vs real unit cost, recipients and their requests, and recipes by version.
 */
export function ProductionScreen() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('runs');
  const [open, setOpen] = useState<number | null>(null);
  const overview = useDeskQuery('production.overview', {});
  return (
    <section className="production">
      <h1>{t('production.title')}</h1>
      <TabBar
        label={t('production.title')}
        tabs={['runs', 'recipients', 'recipes'] as const}
        current={open === null ? tab : null}
        onSelect={(name) => {
          setTab(name);
          setOpen(null);
        }}
        labelOf={(name) => t(`production.tab.${name}`)}
      />
      {overview.data !== undefined && (
        <p className="hint">
          {overview.data.products
            .map((p) => t('production.stock', { name: p.name, count: p.onHand }))
            .join(' · ')}
        </p>
      )}
      {open !== null ? (
        <RunPage id={open} onBack={() => setOpen(null)} />
      ) : tab === 'runs' ? (
        <Runs onOpen={setOpen} />
      ) : tab === 'recipients' ? (
        <RecipientsTab />
      ) : (
        <RecipesTab recipes={overview.data?.recipes ?? []} />
      )}
    </section>
  );
}

function Runs({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useT();
  const overview = useDeskQuery('production.overview', {});
  const manages = useManages();
  if (overview.data === undefined) return <p className="loading">{t('production.loading')}</p>;
  return (
    <>
      {manages && <NewRun recipes={overview.data.recipes} onCreated={onOpen} />}
      {overview.data.runs.length === 0 && <p className="hint">{t('production.none')}</p>}
      <ul>
        {overview.data.runs.map((run) => (
          <li key={run.id}>
            <button
              type="button"
              className="link"
              onClick={() => onOpen(run.id)}
              aria-label={t('production.runs.open', { number: run.number, title: run.title })}
            >
              {t('production.runs.line', { number: run.number, title: run.title })}
            </button>{' '}
            <span className="badge">{t(`production.status.${run.status}`)}</span>{' '}
            {t('production.runs.counts', {
              good: run.goodQty,
              planned: run.plannedQty,
              rejected: run.rejectedQty,
              distributed: run.distributedQty,
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

function NewRun({ recipes, onCreated }: { recipes: readonly Recipe[]; onCreated: (id: number) => void }) {
  const t = useT();
  const errorText = useErrorText();
  const create = useDeskMutation('production.runs.create');
  const active = recipes.filter((r) => r.status === 'active');
  const [recipeId, setRecipeId] = useState('');
  const [title, setTitle] = useState('');
  const [planned, setPlanned] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    create.mutate(
      { recipeId: Number(recipeId || active[0]?.id), title, plannedQty: Number(planned) },
      { onSuccess: (run) => onCreated(run.run.id), onError: (err) => setError(errorText(err)) },
    );
  };
  return (
    <form className="card toolbar" aria-label={t('production.runs.new')} onSubmit={submit}>
      <label>
        {t('production.runs.recipe')}
        <select value={recipeId} onChange={(e) => setRecipeId(e.target.value)}>
          {active.map((r) => (
            <option key={r.id} value={r.id}>
              {t('production.recipes.version', { code: r.code, version: r.version, name: r.name })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('production.runs.title')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} />
      </label>
      <label>
        {t('production.runs.planned')}
        <input type="number" min={1} value={planned} onChange={(e) => setPlanned(e.target.value)} required />
      </label>
      <button type="submit">{t('production.runs.create')}</button>
      <FormError error={error} />
    </form>
  );
}
