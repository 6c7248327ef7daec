import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodName } from '../../../preload/contract/index.js';
import { libraryMessages } from './messages.js';
import { blobUrl, call, CallError } from '../../api/index.js';
import { useLanguage } from '../../app/i18n.js';

/** The shell's call, error and language, so every area speaks through the same bridge and follows the same switch. */
export { call, CallError, useLanguage };

/**
 * The library screens' one seam to the app shell: calls through TanStack Query over the bridge, words from the
 * messages table, blob URLs. The bridge, errors and language are the shell's (renderer/api, renderer/app/i18n).
 */
export function useLibraryQuery<M extends MethodName>(method: M, input: MethodInput<M>) {
  // Keep showing the last list while a new filter loads, instead of flashing an empty one.
  return useQuery({
    queryKey: [method, input],
    queryFn: () => call(method, input),
    placeholderData: keepPreviousData,
  });
}

export function useLibraryMutation<M extends MethodName>(method: M) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(method, input),
    onSuccess: () =>
      client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('files.') }),
  });
}

export type LibraryMessageKey = keyof (typeof libraryMessages)['en'];
export type LibraryT = (key: LibraryMessageKey, vars?: Record<string, string | number>) => string;

export function useT(): LibraryT {
  const table = libraryMessages[useLanguage()];
  return (key, vars) =>
    table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

/**
 * Bytes by URL, never through RPC: the web host serves /blob/<prefix>/<rest> to the page's token plus the login
 * (resume token) that says who asks, since files are visible to their owner and those they are shared with.
 * Null until the login is known.
 */
export function useBlobUrl(): ((path: string) => string) | null {
  const whoami = useLibraryQuery('session.whoami', {});
  if (!whoami.isSuccess) return null;
  // Electron's app:// protocol knows the window's person; the web host needs the login in the URL.
  const login = whoami.data?.resumeToken;
  return (path) => blobUrl(path, login);
}

export { errorText } from '../../api/index.js';
