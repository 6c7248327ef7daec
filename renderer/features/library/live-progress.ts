import { useEffect, useState } from 'react';
import type { DeskBridge, EventPayload } from '../../../preload/contract/index.js';

/**
 * The last G-code line a machine acknowledged for its running job, from the pushed `machines.state` snapshots
 * (≤ 20 a second). Give it to <FilePreview doneLine> and the viewer greys the done part with one uniform change
 * per snapshot. Null when nothing runs. The caller knows which library file the job streams (jobs area).
 */
export function useAckedLine(machineId: number | null): number | null {
  const [line, setLine] = useState<number | null>(null);
  useEffect(() => {
    if (machineId === null) return undefined;
    const desk = (window as unknown as { desk?: DeskBridge }).desk;
    if (desk === undefined) return undefined;
    return desk.on('machines.state', (payload) => {
      const snapshot = payload as EventPayload<'machines.state'>;
      if (snapshot.machineId !== machineId) return;
      setLine(snapshot.job?.ackedLine ?? null);
    });
  }, [machineId]);
  return machineId === null ? null : line;
}
