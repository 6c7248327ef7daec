import { useState } from 'react';
import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { errorText, useMachinesMutation, useT } from './api.js';
import { useControl } from './ControlAccess.js';

const steps = [0.1, 1, 10, 50] as const;

/**
 * Jog, home, unlock and (Grbl) overrides. Hidden while a job streams, except the overrides. Off, with why, for
 * whoever may not command the machine; stopping a jog stays on for everyone.
 */
export function JogPanel({ snapshot }: { snapshot: MachineSnapshot }) {
  const t = useT();
  const jog = useMachinesMutation('machines.jog');
  const action = useMachinesMutation('machines.action');
  const [step, setStep] = useState<number>(1);
  const [feed, setFeed] = useState(1000);
  const id = snapshot.machineId;
  const streaming = snapshot.job?.state === 'running' || snapshot.job?.state === 'paused';
  const control = useControl();
  const override = control.overrideReason === undefined ? {} : { overrideReason: control.overrideReason };
  const off = !control.canCommand;
  const gated = {
    disabled: off,
    title: off ? t('machines.gate.offTitle', { why: control.why }) : undefined,
  };
  const move = (axis: 'x' | 'y' | 'z', sign: 1 | -1) =>
    jog.mutate({ id, [axis]: sign * step, feed, ...override });
  const act = (a: Parameters<typeof action.mutate>[0]['action']) =>
    action.mutate({ id, action: a, ...override });
  return (
    <section className="machines-jog" aria-label={t('machines.jog')}>
      {!streaming && (
        <>
          <label>
            {t('machines.jog.step')}{' '}
            <select value={step} onChange={(e) => setStep(Number(e.target.value))}>
              {steps.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('machines.jog.feed')}{' '}
            <input
              type="number"
              min={1}
              max={20000}
              value={feed}
              onChange={(e) => setFeed(Number(e.target.value) || 1)}
            />
          </label>
          <div className="machines-jog-grid">
            {(['x', 'y', 'z'] as const).map((axis) => (
              <span key={axis}>
                <button
                  type="button"
                  {...gated}
                  aria-label={`${axis.toUpperCase()}−`}
                  onClick={() => move(axis, -1)}
                >
                  {axis.toUpperCase()}−
                </button>
                <button
                  type="button"
                  {...gated}
                  aria-label={`${axis.toUpperCase()}+`}
                  onClick={() => move(axis, 1)}
                >
                  {axis.toUpperCase()}+
                </button>
              </span>
            ))}
          </div>
          <div className="machines-buttons">
            <button type="button" {...gated} onClick={() => act('home')}>
              {t('machines.home')}
            </button>
            {snapshot.firmware === 'grbl' && (
              <>
                <button type="button" {...gated} onClick={() => act('unlock')}>
                  {t('machines.unlock')}
                </button>
                <button type="button" onClick={() => act('jog-cancel')}>
                  {t('machines.jog.cancel')}
                </button>
              </>
            )}
          </div>
        </>
      )}
      {snapshot.firmware === 'grbl' && (
        <div className="machines-buttons" aria-label={t('machines.overrides')}>
          {t('machines.overrides')}: F {snapshot.overrides?.feed ?? 100}%{' '}
          <button type="button" {...gated} onClick={() => act('feed-10')}>
            F−10
          </button>
          <button type="button" {...gated} onClick={() => act('feed+10')}>
            F+10
          </button>{' '}
          S {snapshot.overrides?.spindle ?? 100}%{' '}
          <button type="button" {...gated} onClick={() => act('spindle-10')}>
            S−10
          </button>
          <button type="button" {...gated} onClick={() => act('spindle+10')}>
            S+10
          </button>
        </div>
      )}
      {jog.error !== null && <p role="alert">{errorText(t, jog.error)}</p>}
      {action.error !== null && <p role="alert">{errorText(t, action.error)}</p>}
    </section>
  );
}
