import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeskBridge, MethodInput, MethodName, MethodOutput } from '../../../preload/contract/index.js';
import { treasuryMessages, type TreasuryMessageKey } from './messages.js';

/**
 * The treasury screens' one seam to the app shell: data through TanStack Query over the bridge, words through
 * the messages table. Provisional until the shell's renderer/api lands; then these delegate to it.
 */
function bridge(): DeskBridge {
  const desk = (window as unknown as { desk?: DeskBridge }).desk;
  if (desk === undefined) throw new Error('no bridge');
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

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await bridge().call(method, input);
  if (!result.ok)
    throw new CallError(result.error.code, result.error.issues?.[0]?.message ?? result.error.message);
  return result.value as MethodOutput<M>;
}

export function useTreasuryQuery<M extends MethodName>(method: M, input: MethodInput<M>) {
  return useQuery({ queryKey: [method, input], queryFn: () => call(method, input) });
}

export function useTreasuryMutation<M extends MethodName>(method: M) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(method, input),
    // Money moves several views at once (register, campaign, reports), so every treasury query refetches.
    onSuccess: () =>
      client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('treasury.') }),
  });
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useLanguage(): 'en' | 'es' {
  return document.documentElement.lang === 'es' ? 'es' : 'en';
}

export function useT(): (key: TreasuryMessageKey, vars?: Record<string, string | number>) => string {
  const table = treasuryMessages[useLanguage()];
  return (key, vars) =>
    table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

/**
 * Bytes (PDFs) by URL, never through RPC: the web host serves /blob/<prefix>/<rest> to the page's token plus the
 * login (resume token) that says who asks, since certificates and letters are for the treasurer's eyes only.
 */
export function useBlobUrl(): (path: string) => string {
  const login = useTreasuryQuery('session.whoami', {}).data?.resumeToken;
  return (path) => {
    const query = new URLSearchParams();
    const token = new URLSearchParams(window.location.search).get('token');
    if (token !== null) query.set('token', token);
    if (login !== undefined) query.set('login', login);
    const search = query.toString();
    return search === '' ? `/blob/${path}` : `/blob/${path}?${search}`;
  };
}

/** Saves text as a file the browser downloads (CSV, beancount, hledger). */
export function download(fileName: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}
