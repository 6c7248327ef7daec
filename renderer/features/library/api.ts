import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeskBridge, MethodInput, MethodName, MethodOutput } from '../../../preload/contract/index.js';
import { libraryMessages } from './messages.js';

/**
 * The library screens' one seam to the app shell: calls through TanStack Query over the bridge, words from the
 * messages table, blob URLs. Provisional until renderer/api lands; then these delegate to it.
 */
function bridge(): DeskBridge {
  const desk = (window as unknown as { desk?: DeskBridge }).desk;
  if (desk === undefined) throw new Error('The desk is not connected.');
  return desk;
}

export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await bridge().call(method, input);
  if (!result.ok)
    throw new CallError(result.error.code, result.error.issues?.[0]?.message ?? result.error.message);
  return result.value as MethodOutput<M>;
}

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

export function useLanguage(): 'en' | 'es' {
  return document.documentElement.lang === 'es' ? 'es' : 'en';
}

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
  return (path) => {
    const query = new URLSearchParams();
    const token = new URLSearchParams(window.location.search).get('token');
    if (token !== null) query.set('token', token);
    if (login !== undefined) query.set('login', login);
    const search = query.toString();
    return search === '' ? `/blob/${path}` : `/blob/${path}?${search}`;
  };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
