import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodName } from '../../../preload/contract/index.js';
import { trainingMessages, type TrainingMessageKey } from './messages.js';
import { call, CallError } from '../../api/index.js';
import { useLanguage } from '../../app/i18n.js';

/** The shell's call, error and language, so every area speaks through the same bridge and follows the same switch. */
export { call, CallError, useLanguage };

/**
 * The training screens' one seam to the app shell: calls through TanStack Query over the bridge, words from the
 * messages table, blob URLs. The bridge, errors and language are the shell's (renderer/api, renderer/app/i18n).
 */
export function useTrainingQuery<M extends MethodName>(method: M, input: MethodInput<M>, enabled = true) {
  return useQuery({ queryKey: [method, input], queryFn: () => call(method, input), enabled });
}

/** Any training write can change every training view (a sign-off shows on the trainee page and the matrix). */
export function useTrainingMutation<M extends MethodName>(method: M) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(method, input),
    onSuccess: () =>
      client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('training.') }),
  });
}

export type TrainingT = (key: TrainingMessageKey, vars?: Record<string, string | number>) => string;

export function useT(): TrainingT {
  const table = trainingMessages[useLanguage()];
  return (key, vars) =>
    table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

/** Certificates by URL (a certificate is only for its holder and staff); one helper for every feature. */
export { blobUrl, errorText } from '../../api/index.js';
