import { useState } from 'react';
import type { Machine } from '../../../preload/contract/index.js';
import { errorText, useMachinesMutation, useT } from './api.js';
import { useControl } from './ControlAccess.js';

/** Hotend and bed targets of a printer, each held to the machine's own maximum; off (with why) when not authorized. */
export function HeaterPanel({ machine }: { machine: Machine }) {
  const t = useT();
  const heat = useMachinesMutation('machines.setTemperature');
  const control = useControl();
  const [targets, setTargets] = useState({ hotend: 200, bed: 60 });
  const max = { hotend: machine.maxHotendC, bed: machine.maxBedC };
  return (
    <section aria-label={t('machines.temperatures')}>
      {(['hotend', 'bed'] as const).map((heater) => {
        const above = targets[heater] > max[heater];
        const off = !control.canCommand || above;
        const why = above
          ? t('machines.gate.aboveMax', { celsius: targets[heater], max: max[heater] })
          : control.why;
        return (
          <div key={heater} className="machines-heater">
            <label>
              {t(`machines.heater.${heater}`)} ({t('machines.gate.maxTemp', { max: max[heater] })}){' '}
              <input
                type="number"
                min={0}
                max={max[heater]}
                value={targets[heater]}
                onChange={(e) => setTargets((v) => ({ ...v, [heater]: Number(e.target.value) || 0 }))}
              />
            </label>{' '}
            <button
              type="button"
              disabled={off}
              title={off ? t('machines.gate.offTitle', { why }) : undefined}
              onClick={() =>
                heat.mutate({
                  id: machine.id,
                  heater,
                  celsius: targets[heater],
                  ...(control.overrideReason === undefined ? {} : { overrideReason: control.overrideReason }),
                })
              }
            >
              {/* Visible words name the heater (one name per button), not an aria-label that would shadow the field's label. */}
              {t('machines.setTargetNamed', { heater: t(`machines.heater.${heater}`) })}
            </button>
            {above && <span role="note"> {why}</span>}
          </div>
        );
      })}
      {heat.error !== null && <p role="alert">{errorText(t, heat.error)}</p>}
    </section>
  );
}
