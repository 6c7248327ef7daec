import type { MachineSnapshot } from '../../preload/contract/index.js';
import { useDeskQuery } from '../api/index.js';
import { EStopBar } from '../features/machines/EStop.js';
import { useLiveSnapshots } from '../features/machines/api.js';
import { useCan } from './session.js';

/**
 * The emergency stop on every screen, not only on the machines pages: whoever is at the shop PC can stop any
 * connected machine from wherever they are in the app.
 */
export function GlobalEStop() {
  const can = useCan('machines.operate');
  return can ? <Bar /> : null;
}

function Bar() {
  const list = useDeskQuery('machines.list', {});
  const live = useLiveSnapshots();
  if (list.data === undefined) return null;
  const merged = new Map<number, MachineSnapshot>();
  for (const { machine, snapshot } of list.data) {
    const pushed = live.get(machine.id);
    merged.set(machine.id, pushed !== undefined && pushed.at >= snapshot.at ? pushed : snapshot);
  }
  return <EStopBar machines={list.data.map((i) => i.machine)} live={merged} />;
}
