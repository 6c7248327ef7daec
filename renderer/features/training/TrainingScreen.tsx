import { useState } from 'react';
import { currentSubRoute } from '../../app/router.js';
import { useT, useTrainingQuery } from './api.js';
import { InstructorDesk } from './InstructorDesk.js';
import { Matrix } from './Matrix.js';
import { MyTraining } from './MyTraining.js';
import { Transcript } from './Transcript.js';

type View =
  { kind: 'mine' } | { kind: 'desk' } | { kind: 'matrix' } | { kind: 'transcript'; personId: number };

/**
 * The training area: everyone has their own page; instructors get the desk; staff and instructors the matrix,
 * from which a name opens that person's transcript.
 */
export function TrainingScreen() {
  const t = useT();
  const who = useTrainingQuery('session.whoami', {});
  const me = who.data ?? null;
  const teaches = me?.permissions.includes('training.teach') === true;
  const caretaker = me?.roles.some((r) => r === 'admin' || r === 'staff' || r === 'instructor') === true;
  // `#/training/desk` (an instructor's landing) opens on the desk; the tabs switch views from there.
  const [view, setView] = useState<View>(() =>
    currentSubRoute() === 'desk' ? { kind: 'desk' } : { kind: 'mine' },
  );
  if (me === null) return <p>{t('training.loading')}</p>;
  const tabs: { view: View; label: string; show: boolean }[] = [
    { view: { kind: 'mine' }, label: t('training.nav.mine'), show: true },
    { view: { kind: 'desk' }, label: t('training.nav.desk'), show: teaches },
    { view: { kind: 'matrix' }, label: t('training.nav.matrix'), show: caretaker },
  ];
  return (
    <div className="training">
      <nav className="tabs" aria-label={t('training.nav')}>
        {tabs
          .filter((tab) => tab.show)
          .map((tab) => (
            <button
              key={tab.view.kind}
              type="button"
              aria-current={view.kind === tab.view.kind ? 'page' : undefined}
              onClick={() => setView(tab.view)}
            >
              {tab.label}
            </button>
          ))}
      </nav>
      {view.kind === 'mine' && <MyTraining me={me.person.id} />}
      {view.kind === 'desk' && teaches && <InstructorDesk />}
      {view.kind === 'matrix' && caretaker && (
        <Matrix onOpen={(personId) => setView({ kind: 'transcript', personId })} />
      )}
      {view.kind === 'transcript' && (
        <Transcript personId={view.personId} manage={teaches} onBack={() => setView({ kind: 'matrix' })} />
      )}
    </div>
  );
}
