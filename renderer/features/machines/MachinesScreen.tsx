import { useState } from 'react';
import { useLiveSnapshots, useMachinesQuery, useT } from './api.js';
import { Dashboard } from './Dashboard.js';
import { EStopBar } from './EStop.js';
import { MachineForm } from './MachineForm.js';
import { MachinePage } from './MachinePage.js';
import { MaterialsLibrary } from '../lab/MaterialsLibrary.js';
import './machines.css';

/**
 * The machines area: the dashboard, or one machine's page. Live snapshots (pushed at ≤ 20 Hz) override the listed
 * ones, and the emergency-stop bar stays on screen on both views for every connected machine.
 */
export function MachinesScreen() {
  const t = useT();
  const list = useMachinesQuery('machines.list', {});
  const live = useLiveSnapshots();
  const who = useMachinesQuery('session.whoami', {});
  const manages = who.data?.permissions.includes('machines.manage') === true;
  const [open, setOpen] = useState<number | null>(null);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  if (list.data === undefined) return <p>{t('machines.loading')}</p>;
  const items = list.data.map(({ machine, snapshot }) => {
    const pushed = live.get(machine.id);
    return { machine, snapshot: pushed !== undefined && pushed.at >= snapshot.at ? pushed : snapshot };
  });
  const liveMap = new Map(items.map((i) => [i.machine.id, i.snapshot]));
  const current = items.find((i) => i.machine.id === open);
  return (
    <div className="machines">
      <EStopBar machines={items.map((i) => i.machine)} live={liveMap} />
      <h1>{t('machines.title')}</h1>
      {manages && editing === null && (
        <div className="machines-buttons">
          <button type="button" onClick={() => setEditing('new')}>
            {t('machines.form.add')}
          </button>
          {current !== undefined && (
            <button type="button" onClick={() => setEditing(current.machine.id)}>
              {t('machines.edit')}
            </button>
          )}
        </div>
      )}
      {editing !== null ? (
        <MachineForm
          machine={editing === 'new' ? null : (items.find((i) => i.machine.id === editing)?.machine ?? null)}
          onDone={() => setEditing(null)}
        />
      ) : current === undefined ? (
        <>
          <Dashboard items={items} onOpen={setOpen} />
          <MaterialsLibrary manages={manages} />
        </>
      ) : (
        <MachinePage machine={current.machine} snapshot={current.snapshot} onBack={() => setOpen(null)} />
      )}
    </div>
  );
}
