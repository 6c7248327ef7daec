import { useEffect, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConsoleLine,
  MachineSnapshot,
  MethodInput,
  MethodName,
} from '../../../preload/contract/index.js';
import { machinesMessages, type MachinesMessageKey } from './messages.js';
import { call, CallError } from '../../api/index.js';
import { getBridge } from '../../api/bridge.js';
import { useLanguage } from '../../app/i18n.js';

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

export function useMachinesMutation<M extends MethodName>(method: M) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(method, input),
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

/** A rolling window of live snapshots of one machine, for the chart (oldest first). */
export function useSnapshotHistory(machineId: number, seconds = 60): MachineSnapshot[] {
  const [history, setHistory] = useState<MachineSnapshot[]>([]);
  useEffect(
    () =>
      getBridge().on('machines.state', (payload) => {
        const s = payload as MachineSnapshot;
        if (s.machineId !== machineId) return;
        setHistory((prev) => {
          const cutoff = Date.parse(s.at) - seconds * 1000;
          return [...prev.filter((p) => Date.parse(p.at) >= cutoff), s];
        });
      }),
    [machineId, seconds],
  );
  return history;
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
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m}:${String(s).padStart(2, '0')}`;
}
