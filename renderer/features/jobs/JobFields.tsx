import type { JobMaterial, PriorityTier } from '../../../preload/contract/methods/jobs-schemas.js';
import { useT } from './api.js';

/** The material a job is made of, or none: the same field wherever a job is asked for. Only active materials. */
export function MaterialField({
  materials,
  value,
  onChange,
}: {
  materials: readonly JobMaterial[];
  value: string;
  onChange: (value: string) => void;
}) {
  const t = useT();
  return (
    <label>
      {t('jobs.field.material')}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('jobs.field.noMaterial')}</option>
        {materials
          .filter((m) => m.active)
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
      </select>
    </label>
  );
}

/** The priority tier staff pick for a job; only active tiers are offered. */
export function TierField({
  tiers,
  value,
  onChange,
}: {
  tiers: readonly PriorityTier[];
  value: string;
  onChange: (value: string) => void;
}) {
  const t = useT();
  return (
    <label>
      {t('jobs.field.tier')}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {tiers
          .filter((x) => x.active)
          .map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
      </select>
    </label>
  );
}
