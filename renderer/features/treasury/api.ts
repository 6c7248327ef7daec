import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodName } from '../../../preload/contract/index.js';
import { treasuryMessages, type TreasuryMessageKey } from './messages.js';
import { blobUrl, call, CallError, hostNow } from '../../api/index.js';
import { LAB_TIME_ZONE } from '../../../preload/contract/common.js';
import { useLanguage } from '../../app/i18n.js';

/** The shell's call, error and language, so every area speaks through the same bridge and follows the same switch. */
export { call, CallError, useLanguage };

/**
 * The treasury screens' one seam to the app shell: data through TanStack Query over the bridge, words through
 * the messages table. The bridge, errors and language are the shell's (renderer/api, renderer/app/i18n).
 */
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

/**
 * A money form's idempotency key, made when the form opens: a double click sends the same key and main records
 * the money once. `renew` after a success starts a new form (a new key).
 */
export function useFormKey(): [string, () => void] {
  const [key, setKey] = useState(() => crypto.randomUUID());
  return [key, () => setKey(crypto.randomUUID())];
}

export { errorText } from '../../api/index.js';

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
  return (path) => blobUrl(path, login);
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

/** Today's date where the lab is (YYYY-MM-DD) by the host's clock in the default zone: until main's own answer comes. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: LAB_TIME_ZONE }).format(hostNow());
}

/**
 * The lab's today as main's one lab clock says (settings' time zone, main's clock): the default for every date
 * the treasurer types, so a form never offers a day main would call the future (or a day already past).
 */
export function useLabToday(): string {
  return useTreasuryQuery('treasury.setup', {}).data?.today ?? today();
}
