import { useMutation, useQuery } from '@tanstack/react-query';
import type { MethodInput, MethodName } from '../../../preload/contract/index.js';
import { call } from '../../api/index.js';
import { useLanguage } from '../../app/i18n.js';
import { toolpathsMessages, type ToolpathsMessageKey } from './messages.js';

/** The flow's seam to the shell: calls over the bridge (TanStack Query), words from its messages table. */
export function useToolpathsQuery<M extends MethodName>(method: M, input: MethodInput<M>, enabled = true) {
  return useQuery({ queryKey: [method, input], queryFn: () => call(method, input), enabled });
}

export function useToolpathsMutation<M extends MethodName>(method: M) {
  return useMutation({ mutationFn: (input: MethodInput<M>) => call(method, input) });
}

export type ToolpathsT = (key: ToolpathsMessageKey, vars?: Record<string, string | number>) => string;

export function useT(): ToolpathsT {
  const table = toolpathsMessages[useLanguage()];
  return (key, vars) =>
    table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
