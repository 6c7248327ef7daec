import { useEffect, useState } from 'react';
import { formatDuration } from './eta.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConsoleLine,
  MachineSnapshot,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../../preload/contract/index.js';
import type { TelemetryPoint } from '../../../preload/contract/methods/machines.js';
import { machinesMessages, type MachinesMessageKey } from './messages.js';
import { call, CallError } from '../../api/index.js';
import { getBridge } from '../../api/bridge.js';
import { useLanguage } from '../../app/i18n.js';
import { refusalText } from '../../app/refusals.js';

/** The shell's call, error and language, so every area speaks through the same bridge and follows the same switch. */
export { call, CallError, useLanguage };

/**
 * The machines screens' one seam to the app shell: calls through TanStack Query over the bridge, live snapshots
 * and console batches from pushed events, words from the messages table. The bridge, errors and language are
 * the shell's (renderer/api, renderer/app/i18n).
 */
export function useMachinesQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  enabled = true,
  /** Keep showing the last answer while a changed input loads (a picker must not blink away). */
  keepPrevious = false,
) {
  return useQuery({
    queryKey: [method, input],
    queryFn: () => call(method, input),
    enabled,
    ...(keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
}

/** A refusal from main with its `details` kept: the gate's refusals are worded here, in the person's language. */
export class MachinesCallError extends CallError {
  constructor(
    code: CallError['code'],
    message: string,
    readonly details: Record<string, unknown> | undefined,
    issues: CallError['issues'] = [],
  ) {
    super(code, message, issues);
  }
}

/** Like the shell's `call`, but a failure keeps its details (which gate refused, the trainings, the maximum). */
async function callKeepingDetails<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const result = await getBridge().call(method, input);
  if (!result.ok) {
    const first = result.error.issues?.[0];
    throw new MachinesCallError(
      result.error.code,
      first === undefined ? refusalText(result.error) : first.message,
      result.error.details,
      result.error.issues,
    );
  }
  return result.value as MethodOutput<M>;
}

export function useMachinesMutation<M extends MethodName>(method: M) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => callKeepingDetails(method, input),
    onSuccess: () =>
      client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('machines.') }),
  });
}

/** Live snapshots pushed at ≤ 20 Hz per machine; the latest per machine wins. */
export function useLiveSnapshots(): ReadonlyMap<number, MachineSnapshot> {
  const [snapshots, setSnapshots] = useState<ReadonlyMap<number, MachineSnapshot>>(() => new Map());
  useEffect(
    () =>
      getBridge().on('machines.state', (payload) => {
        const s = payload as MachineSnapshot;
        setSnapshots((prev) => new Map(prev).set(s.machineId, s));
      }),
    [],
  );
  return snapshots;
}

/** A chart point: temperatures and position at a moment, and whether the machine was connected then. */
export type ChartPoint = TelemetryPoint & { connection: MachineSnapshot['connection'] };

const pointOf = (s: MachineSnapshot): ChartPoint => ({
  at: s.at,
  connection: s.connection,
  temperatures: s.temperatures,
  workPosition: s.workPosition,
});

/**
 * A machine's chart: what main kept since it connected (`machines.history`, so a page opened mid-job shows the
 * heat-up it did not see), then the pushed snapshots — the last `seconds` (default 30 minutes), about one point per
 * `spacingMs` (default 1 s) however fast snapshots come. A new connection (disconnected → connected) starts afresh.
 */
export function useSnapshotHistory(machineId: number, seconds = 1800, spacingMs = 1000): ChartPoint[] {
  const [history, setHistory] = useState<ChartPoint[]>([]);
  useEffect(() => {
    let alive = true;
    call('machines.history', { id: machineId }).then(
      (past) => {
        if (alive) setHistory((live) => seedHistory(past, live));
      },
      () => undefined, // no past to show: the live points still come
    );
    const off = getBridge().on('machines.state', (payload) => {
      const s = payload as MachineSnapshot;
      if (s.machineId !== machineId) return;
      setHistory((prev) => nextHistory(prev, pointOf(s), seconds, spacingMs));
    });
    return () => {
      alive = false;
      off();
    };
  }, [machineId, seconds, spacingMs]);
  return history;
}

/** Main's past points before the live ones that arrived while it was being fetched (no point twice). */
export function seedHistory(past: readonly TelemetryPoint[], live: readonly ChartPoint[]): ChartPoint[] {
  const first = live[0] === undefined ? Infinity : Date.parse(live[0].at);
  const before = past
    .filter((p) => Date.parse(p.at) < first)
    .map((p): ChartPoint => ({ ...p, connection: 'connected' }));
  return [...before, ...live];
}

/** One step of useSnapshotHistory: drop what fell out of the window, keep a point per spacing, restart on connect. */
export function nextHistory<P extends { at: string; connection: MachineSnapshot['connection'] }>(
  prev: readonly P[],
  s: P,
  seconds: number,
  spacingMs: number,
): P[] {
  const last = prev.at(-1);
  if (last !== undefined && last.connection !== 'connected' && s.connection === 'connected') return [s];
  // The newest point always shows; it replaces the previous newest until a full spacing has passed since the
  // point before it, so the kept points stand about `spacingMs` apart.
  const anchor = prev.at(-2);
  if (anchor !== undefined && Date.parse(s.at) - Date.parse(anchor.at) < spacingMs)
    return [...prev.slice(0, -1), s];
  const cutoff = Date.parse(s.at) - seconds * 1000;
  return [...prev.filter((p) => Date.parse(p.at) >= cutoff), s];
}

/** Console lines: the recent ones fetched once, then the pushed batches appended (capped). */
export function useConsole(machineId: number, keep = 500): ConsoleLine[] {
  const [lines, setLines] = useState<ConsoleLine[]>([]);
  useEffect(() => {
    let alive = true;
    void call('machines.console', { id: machineId }).then((initial) => {
      if (alive) setLines((prev) => merge(initial, prev, keep));
    });
    const off = getBridge().on('machines.console', (payload) => {
      const batch = payload as { machineId: number; lines: ConsoleLine[] };
      if (batch.machineId === machineId) setLines((prev) => merge(prev, batch.lines, keep));
    });
    return () => {
      alive = false;
      off();
    };
  }, [machineId, keep]);
  return lines;
}

function merge(a: ConsoleLine[], b: ConsoleLine[], keep: number): ConsoleLine[] {
  const bySeq = new Map<number, ConsoleLine>();
  for (const l of [...a, ...b]) bySeq.set(l.seq, l);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq).slice(-keep);
}

export type MachinesT = (key: MachinesMessageKey, vars?: Record<string, string | number>) => string;

export function useT(): MachinesT {
  const table = machinesMessages[useLanguage()];
  return (key, vars) =>
    table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

export function formatEta(seconds: number | null): string {
  return formatDuration(seconds);
}

/** "“CNC router basics” (not trained)", joined; or that no training unlocks the machine. */
export function whyText(
  t: MachinesT,
  missing: readonly { name: string; reasons: readonly string[] }[],
  noTrainingDefined: boolean,
  otherReasons: readonly string[] = [],
): string {
  const parts: string[] = [];
  if (noTrainingDefined) parts.push(t('machines.gate.noTraining'));
  else if (missing.length > 0) {
    const list = missing
      .map((m) => `“${m.name}” (${m.reasons.map((r) => reasonText(t, r)).join(', ')})`)
      .join(', ');
    parts.push(
      t(missing.length > 1 ? 'machines.gate.needsOneOf' : 'machines.gate.needs', { trainings: list }),
    );
  }
  for (const r of otherReasons)
    if (r === 'machine_down' || r === 'person_inactive') parts.push(reasonText(t, r));
  return parts.join('; ');
}

const reasonKeys = {
  no_training: 'machines.gate.reason.no_training',
  expired: 'machines.gate.reason.expired',
  revoked: 'machines.gate.reason.revoked',
  suspended: 'machines.gate.reason.suspended',
  lapsed_unused: 'machines.gate.reason.lapsed_unused',
  prerequisite_missing: 'machines.gate.reason.prerequisite_missing',
  waiver_missing: 'machines.gate.reason.waiver_missing',
  machine_down: 'machines.gate.reason.machine_down',
  person_inactive: 'machines.gate.reason.person_inactive',
} as const satisfies Record<string, MachinesMessageKey>;

function reasonText(t: MachinesT, reason: string): string {
  return reason in reasonKeys ? t(reasonKeys[reason as keyof typeof reasonKeys]) : reason;
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A failed call in the person's words: the gate's refusals from their details, anything else as main said it. */
export function errorText(t: MachinesT, error: Error): string {
  const details = error instanceof MachinesCallError ? error.details : undefined;
  const gate = details?.gate;
  if (details !== undefined && gate === 'training') {
    const trainings = Array.isArray(details.trainings)
      ? (details.trainings as { name: string; reasons: string[] }[])
      : [];
    const reasons = Array.isArray(details.reasons) ? (details.reasons as string[]) : [];
    const why = whyText(t, trainings, trainings.length === 0 && reasons.includes('no_training'), reasons);
    const base = t('machines.gate.refused.training', { name: text(details.machine), why });
    return details.overridable === false
      ? `${base} ${t('machines.gate.revoked')}`
      : `${base} ${t('machines.gate.refused.trainingOverride')}`;
  }
  if (details !== undefined && gate === 'firmware-config')
    return t('machines.gate.refused.config', { word: text(details.word) });
  if (details !== undefined && gate === 'max-temperature') {
    if (details.max === undefined) return t('machines.gate.refused.preset');
    const heater = text(details.heater);
    const heaterWord =
      heater === 'hotend' || heater === 'bed' || heater === 'chamber'
        ? t(`machines.gate.heater.${heater}`)
        : heater;
    return t('machines.gate.refused.temperature', {
      celsius: text(details.celsius),
      heater: heaterWord,
      max: text(details.max),
    });
  }
  if (gate === 'printable') return t('machines.gate.refused.printable');
  if (gate === 'override-staff-only') return t('machines.gate.refused.staffOnly');
  return t('machines.error', { message: error.message });
}
