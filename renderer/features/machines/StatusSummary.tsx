import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { useT } from './api.js';
import { heaterLabel } from './LiveChart.js';

/** State, position or temperatures, and the warnings an operator must not miss (alarm, homing, stall). */
export function StatusSummary({ snapshot }: { snapshot: MachineSnapshot }) {
  const t = useT();
  const s = snapshot;
  const state = s.subState === null ? s.state : `${s.state}:${s.subState}`;
  return (
    <div className="machines-status">
      <p>
        {t(`machines.connection.${s.connection}`)}
        {s.connection === 'connected' && (
          <>
            {' · '}
            {t('machines.state')}: <strong>{state}</strong>
          </>
        )}
      </p>
      {s.workPosition !== null && (
        <p>
          {t('machines.position')}: X {s.workPosition.x.toFixed(3)} Y {s.workPosition.y.toFixed(3)} Z{' '}
          {s.workPosition.z.toFixed(3)}
        </p>
      )}
      {s.temperatures.length > 0 && (
        <p>
          {t('machines.temperatures')}:{' '}
          {s.temperatures
            .map(
              (h) =>
                `${heaterLabel(h.heater, t).replace(/ °C$/, '')} ${h.actual.toFixed(1)}°${h.target === null ? '' : ` / ${h.target.toFixed(0)}°`}`,
            )
            .join(' · ')}
        </p>
      )}
      {s.alarm !== null && (
        <div role="alert" className="machines-alarm">
          <strong>{t('machines.alarm', { code: s.alarm.code, name: s.alarm.name })}</strong>
          <p>{s.alarm.description}</p>
          <p>{t('machines.alarm.help')}</p>
        </div>
      )}
      {s.needsHoming && s.alarm === null && <p role="alert">{t('machines.needsHoming')}</p>}
      {s.stalled && <p role="alert">{t('machines.stalled')}</p>}
      {s.lastError !== null && s.job?.reason !== s.lastError && (
        <p role="status">{t('machines.lastError', { text: s.lastError })}</p>
      )}
    </div>
  );
}
