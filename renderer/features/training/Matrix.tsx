import type { AuthorizationState } from '../../../preload/contract/methods/training.js';
import { errorText, useT, useTrainingQuery } from './api.js';
import { stateLabel } from './AuthorizationList.js';

const LEGEND: readonly AuthorizationState[] = [
  'active',
  'expiring',
  'expired',
  'lapsed',
  'suspended',
  'revoked',
];

/** Person x training: active / expiring within 30 days / expired / revoked at a glance; a name opens the transcript. */
export function Matrix({ onOpen }: { onOpen: (personId: number) => void }) {
  const t = useT();
  const matrix = useTrainingQuery('training.matrix', {});
  if (matrix.isPending) return <p>{t('training.loading')}</p>;
  if (matrix.isError) return <p role="alert">{t('training.error', { message: errorText(matrix.error) })}</p>;
  const { definitions, people, cells } = matrix.data;
  const cell = new Map(cells.map((c) => [`${c.personId}:${c.definitionId}`, c]));
  return (
    <section className="training-matrix">
      <h1>{t('training.matrix.title')}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('training.matrix.person')}</th>
            {definitions.map((d) => (
              <th key={d.id} scope="col" title={d.code}>
                {d.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <button type="button" className="link" onClick={() => onOpen(p.id)}>
                  {p.displayName}
                </button>
              </th>
              {definitions.map((d) => {
                const c = cell.get(`${p.id}:${d.id}`);
                return (
                  <td
                    key={d.id}
                    className={c === undefined ? 'state-none' : `state-${c.state}`}
                    data-training={d.code}
                  >
                    {c === undefined ? t('training.matrix.empty') : stateLabel(t, c.state)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="training-legend" aria-label={t('training.matrix.legend')}>
        {LEGEND.map((s) => (
          <span key={s} className={`badge state-${s}`}>
            {stateLabel(t, s)}{' '}
          </span>
        ))}
      </p>
    </section>
  );
}
