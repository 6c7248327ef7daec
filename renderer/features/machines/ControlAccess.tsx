import { createContext, useContext, useState, type ReactNode } from 'react';
import type { Machine } from '../../../preload/contract/index.js';
import type { MachineAccess } from '../../../preload/contract/methods/machines.js';
import { useMachinesQuery, useT, whyText } from './api.js';

/**
 * What the signed-in person may do with one machine (from `machines.access`), and the staff override reason they
 * typed, shared by the machine page's panels: a control that would be refused is off and says why.
 */
export interface ControlState {
  access: MachineAccess | null;
  /** Commands may be sent: authorized, a practice machine, or staff with an override reason typed. */
  canCommand: boolean;
  /** Sent with every command while staff override (undefined otherwise). */
  overrideReason: string | undefined;
  /** Why commands are off, in the person's words ('' when they are on). */
  why: string;
  /** What staff typed as the override reason. */
  reason: string;
  setReason: (reason: string) => void;
}

const ControlContext = createContext<ControlState>({
  access: null,
  canCommand: true,
  overrideReason: undefined,
  why: '',
  reason: '',
  setReason: () => undefined,
});

export const useControl = (): ControlState => useContext(ControlContext);

export function ControlAccessProvider({ machine, children }: { machine: Machine; children: ReactNode }) {
  const t = useT();
  const query = useMachinesQuery('machines.access', { id: machine.id });
  const [reason, setReason] = useState('');
  const access = query.data ?? null;
  const typed = reason.trim().length >= 5 ? reason.trim() : undefined;
  const overriding = access !== null && !access.mayCommand && access.mayOverride && typed !== undefined;
  const why =
    access === null || access.mayCommand
      ? ''
      : whyText(t, access.missing, access.noTrainingDefined, access.reasons);
  const state: ControlState = {
    access,
    // Until the answer comes, controls stay on: main's gate decides either way.
    canCommand: access === null || access.mayCommand || overriding,
    overrideReason: overriding ? typed : undefined,
    why: overriding ? '' : why,
    reason,
    setReason,
  };
  return <ControlContext.Provider value={state}>{children}</ControlContext.Provider>;
}

/** The sentence beside the controls: watch-only and why, stops open to all, and staff's override reason. */
export function ControlNotice({ machine }: { machine: Machine }) {
  const t = useT();
  const { access, reason, setReason } = useControl();
  const why = access === null ? '' : whyText(t, access.missing, access.noTrainingDefined, access.reasons);
  return (
    <>
      {access !== null && !access.mayCommand && (
        <section className="machines-gate">
          <p role="status">{t('machines.gate.watchOnly', { name: machine.name, why })}</p>
          <p>{t('machines.gate.stopsOpen')}</p>
          {!access.mayOverride && access.reasons.includes('revoked') && <p>{t('machines.gate.revoked')}</p>}
          {access.mayOverride && (
            <label>
              {t('machines.gate.override')}{' '}
              <input value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} />
              <span className="hint"> {t('machines.gate.overrideHint')}</span>
            </label>
          )}
        </section>
      )}
    </>
  );
}
