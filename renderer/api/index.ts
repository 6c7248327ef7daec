import { useEffect, useLayoutEffect, useRef } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ErrorCode,
  EventPayload,
  EventTopic,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../preload/contract/index.js';
import { getBridge, pageToken } from './bridge.js';
import { syncHostClock } from './host-clock.js';
import { refusalText } from '../app/refusals.js';

export { hostNow } from './host-clock.js';

export { connectionState, onConnectionState } from './bridge.js';

/** A failed call: the contract's code (for choosing words) and main's sentence (for details). */
export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'CallError';
  }
}

/** One contract call: the output, or a CallError. The first schema issue is the most useful sentence. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await getBridge().call(method, input);
  if (result.ok && result.at !== undefined) syncHostClock(result.at);
  if (!result.ok) {
    const first = result.error.issues?.[0];
    const message = first === undefined ? refusalText(result.error) : first.message;
    throw new CallError(result.error.code, message, result.error.issues);
  }
  return result.value as MethodOutput<M>;
}

export function useDeskQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  options: { enabled?: boolean; keepPrevious?: boolean } = {},
) {
  const base = {
    queryKey: [method, input],
    queryFn: () => call(method, input),
    enabled: options.enabled ?? true,
  };
  // Keeping the last answer while a new input loads avoids flashing an empty list between filters.
  return useQuery(options.keepPrevious === true ? { ...base, placeholderData: keepPreviousData } : base);
}

/** Which cached queries a write can change: by default every query of the same area (`jobs.` for `jobs.start`). */
export function invalidatePrefixes(method: string, extra: readonly string[] = []): string[] {
  return [`${method.split('.')[0] ?? method}.`, ...extra];
}

export function useDeskMutation<M extends MethodName>(
  method: M,
  options: { invalidate?: readonly string[] } = {},
) {
  const client = useQueryClient();
  const prefixes = invalidatePrefixes(method, options.invalidate);
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(method, input),
    onSuccess: () =>
      client.invalidateQueries({
        predicate: (q) => prefixes.some((p) => String(q.queryKey[0]).startsWith(p)),
      }),
  });
}

/** Listen to a pushed event while the component is mounted; the latest callback is always the one called. */
export function useDeskEvent<T extends EventTopic>(
  topic: T,
  listener: (payload: EventPayload<T>) => void,
): void {
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => getBridge().on(topic, (payload) => latest.current(payload as EventPayload<T>)), [topic]);
}

let login: string | undefined;

/** The session's resume token, which blob requests carry so the host knows who asks (set by the session provider). */
export function setBlobLogin(token: string | undefined): void {
  login = token;
}

/**
 * Bytes by URL, never through RPC: `/blob/<path>` is served by the app:// protocol in Electron and by the web host,
 * which also wants the page token and the login (the resume token that says who asks: files are for their owner,
 * certificates for their holder and staff, letters for the treasurer). `who` left out (or undefined): this screen's
 * login.
 */
export function blobUrl(path: string, who: string | undefined = login): string {
  const query = new URLSearchParams();
  const token = pageToken();
  if (token !== null) query.set('token', token);
  if (who !== undefined) query.set('login', who);
  const search = query.toString();
  return search === '' ? `/blob/${path}` : `/blob/${path}?${search}`;
}

/** A failed call as main worded it (features with their own words use app/words.ts `useErrorText`). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function currentLogin(): string | undefined {
  return login;
}
