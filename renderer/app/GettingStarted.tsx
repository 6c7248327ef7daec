import { useDeskQuery } from '../api/index.js';
import { hrefOf } from './router.js';
import { useShellT } from './words.js';
import type { ShellMessageKey } from './messages.js';

export interface SetupStep {
  id: 'machines' | 'people' | 'training' | 'treasurer';
  done: boolean;
  /** Where the step is done. */
  area: string;
  title: ShellMessageKey;
  hint: ShellMessageKey;
}

/**
 * The lab's set-up, read from what main holds (never a flag someone ticks): machines registered, people added,
 * training policies written, a treasurer named. `null` while the answers load; disabled for anyone but an admin.
 */
export function useSetupProgress(enabled: boolean): SetupStep[] | null {
  const machines = useDeskQuery('machines.list', { includeRetired: false }, { enabled });
  const people = useDeskQuery('people.list', { includeInactive: false }, { enabled });
  const definitions = useDeskQuery('training.definitions.list', { includeRetired: false }, { enabled });
  if (!enabled || machines.data === undefined || people.data === undefined || definitions.data === undefined)
    return null;
  return [
    {
      id: 'machines',
      done: machines.data.length > 0,
      area: 'machines',
      title: 'start.machines',
      hint: 'start.machines.hint',
    },
    {
      id: 'people',
      done: people.data.length > 1,
      area: 'people',
      title: 'start.people',
      hint: 'start.people.hint',
    },
    {
      id: 'training',
      done: definitions.data.length > 0,
      area: 'training',
      title: 'start.training',
      hint: 'start.training.hint',
    },
    {
      id: 'treasurer',
      done: people.data.some((p) => p.roles.includes('treasurer')),
      area: 'people',
      title: 'start.treasurer',
      hint: 'start.treasurer.hint',
    },
  ];
}

/** The administrator's first screen on a new desk: what is left to set up, each step a link to where it is done. */
export function GettingStarted() {
  const t = useShellT();
  const steps = useSetupProgress(true);
  if (steps === null) return <p>{t('app.loading')}</p>;
  const left = steps.filter((s) => !s.done).length;
  return (
    <section className="getting-started" aria-labelledby="start-title">
      <h1 id="start-title">{t('start.title')}</h1>
      <p>{left === 0 ? t('start.allDone') : t('start.left', { count: left, total: steps.length })}</p>
      <ol className="checklist">
        {steps.map((s) => (
          <li key={s.id} className={s.done ? 'done' : 'todo'} data-step={s.id}>
            <span className="checklist-state">{t(s.done ? 'start.done' : 'start.todo')}</span>{' '}
            <a href={hrefOf(s.area)}>{t(s.title)}</a>
            <p className="muted">{t(s.hint)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
