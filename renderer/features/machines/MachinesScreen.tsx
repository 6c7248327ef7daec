import { useState } from 'react';
import { useLiveSnapshots, useMachinesQuery, useT } from './api.js';
import { Dashboard } from './Dashboard.js';
import { EStopBar } from './EStop.js';
import { MachinePage } from './MachinePage.js';
import './machines.css';

/**
 * The machines area: the dashboard, or one machine's page. Live snapshots (pushed at ≤ 20 Hz) override the listed
 * ones, and the emergency-stop bar stays on screen on both views for every connected machine.
 */
export function MachinesScreen() {
  const t = useT();
  const list = useMachinesQuery('machines.list', {});
  const live = useLiveSnapshots();
  const [open, setOpen] = useState<number | null>(null);
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
      {current === undefined ? (
        <Dashboard items={items} onOpen={setOpen} />
      ) : (
        <MachinePage machine={current.machine} snapshot={current.snapshot} onBack={() => setOpen(null)} />
      )}
    </div>
  );
}
