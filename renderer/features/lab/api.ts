import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodName, MethodOutput } from '../../../preload/contract/index.js';
import { getBridge } from '../../api/bridge.js';
import { syncHostClock } from '../../api/host-clock.js';
import {
  MachinesCallError,
  errorText as machinesErrorText,
  whyText,
  type MachinesT,
} from '../machines/api.js';
import { makeUseT, useLanguage } from '../../app/i18n.js';
import { LAB_TIME_ZONE } from '../../../preload/contract/common.js';
import { labMessages } from './messages.js';

/** The lab screens' words (sessions, materials, bookings); calls go through the shell's renderer/api. */
export const useT = makeUseT(labMessages);
export type LabT = ReturnType<typeof useT>;
export { useLanguage };

/** "2 h 05 min" from seconds, for elapsed time on the host's clock. */
export function elapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A time of day where the lab is (America/Chicago), in the person's language. */
export function labTime(iso: string, language: 'en' | 'es', withDate = false): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    timeZone: LAB_TIME_ZONE,
    ...(withDate ? { dateStyle: 'medium' } : {}),
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** A lab write: a refusal keeps its details (which gate, which training) so it is worded in the person's language. */
export function useLabMutation<M extends MethodName>(method: M) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: MethodInput<M>): Promise<MethodOutput<M>> => {
      const result = await getBridge().call(method, input);
      if (result.ok && result.at !== undefined) syncHostClock(result.at);
      if (!result.ok) {
        const first = result.error.issues?.[0];
        throw new MachinesCallError(
          result.error.code,
          first === undefined ? result.error.message : `${first.path}: ${first.message}`,
          result.error.details,
          result.error.issues,
        );
      }
      return result.value as MethodOutput<M>;
    },
    onSuccess: () =>
      client.invalidateQueries({
        predicate: (q) => ['lab.', 'machines.', 'jobs.'].some((p) => String(q.queryKey[0]).startsWith(p)),
      }),
  });
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A refused lab write in the person's words: the training gate, a forbidden material, stock, a busy machine. */
export function labErrorText(t: LabT, tm: MachinesT, error: Error): string {
  const details = error instanceof MachinesCallError ? error.details : undefined;
  const gate = details?.gate;
  if (details !== undefined && gate === 'training' && details.purpose !== 'command') {
    const trainings = Array.isArray(details.trainings)
      ? (details.trainings as { name: string; reasons: string[] }[])
      : [];
    const reasons = Array.isArray(details.reasons) ? (details.reasons as string[]) : [];
    const why = whyText(tm, trainings, trainings.length === 0 && reasons.includes('no_training'), reasons);
    const base = t(details.purpose === 'booking' ? 'lab.refused.trainingBook' : 'lab.refused.training', {
      name: str(details.machine),
      why,
    });
    return details.overridable === false
      ? `${base} ${tm('machines.gate.revoked')}`
      : `${base} ${tm('machines.gate.refused.trainingOverride')}`;
  }
  if (details !== undefined && gate === 'forbidden-material')
    return t('lab.refused.forbidden', { material: str(details.material), reason: str(details.reason) });
  if (gate === 'stock') return t('lab.refused.stock');
  if (gate === 'machine_busy') return t('lab.refused.busy');
  if (gate === 'machine_down') return t('lab.refused.down');
  if (gate === 'double-booking') return t('lab.refused.double');
  if (gate === 'hours') return t('lab.refused.hours');
  if (gate === 'blackout') return t('lab.refused.blackout', { reason: str(details?.reason) });
  return machinesErrorText(tm, error);
}
