import type { Machine, MachineSnapshot } from '../../../preload/contract/index.js';
import { useMachinesMutation, useT } from './api.js';

/**
 * The emergency stop: one big button per connected machine, in a bar that stays on screen on every machines view.
 * It never asks "are you sure" and is never disabled by a job or a missing training.
 */
export function EStopBar({
  machines,
  live,
}: {
  machines: Machine[];
  live: ReadonlyMap<number, MachineSnapshot>;
}) {
  const t = useT();
  const estop = useMachinesMutation('machines.estop');
  const connected = machines.filter((m) => live.get(m.id)?.connection === 'connected');
  if (connected.length === 0) return null;
  return (
    <div className="machines-estop-bar" role="region" aria-label={t('machines.estop')}>
      {connected.map((m) => (
        <button
          key={m.id}
          type="button"
          className="machines-estop"
          title={t('machines.estop.hint', { name: m.name })}
          onClick={() => estop.mutate({ id: m.id })}
        >
          {t('machines.estop')} · {m.name}
        </button>
      ))}
    </div>
  );
}
