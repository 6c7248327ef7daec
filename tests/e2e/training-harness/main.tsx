import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import type { DeskBridge, SessionInfo } from '../../../preload/contract/index.js';
import { TrainingScreen } from '../../../renderer/features/training/TrainingScreen.js';

/**
 * A stand-in for the app shell, for the training e2e: the web host's WebSocket protocol ({id, method, input} →
 * {id, result}; pushed {event, payload}), a login as ?user=, the page language from the person's own language (as
 * the shell will do), and the training screen. Everything behind it is real.
 */
const params = new URLSearchParams(window.location.search);
const socket = new WebSocket(`ws://${window.location.host}/ws?token=${params.get('token') ?? ''}`);
let next = 1;
const pending = new Map<number, (result: unknown) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();

socket.onmessage = (message) => {
  const data = JSON.parse(String(message.data)) as {
    id?: number;
    result?: unknown;
    event?: string;
    payload?: unknown;
  };
  if (data.event !== undefined) listeners.get(data.event)?.forEach((listener) => listener(data.payload));
  else if (data.id !== undefined) pending.get(data.id)?.(data.result);
};

const bridge: DeskBridge = {
  call: (method, input) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve as (result: unknown) => void);
      socket.send(JSON.stringify({ id, method, input }));
    }),
  on: (topic, listener) => {
    const set = listeners.get(topic) ?? new Set();
    set.add(listener);
    listeners.set(topic, set);
    return () => set.delete(listener);
  },
};
(window as unknown as { desk: DeskBridge }).desk = bridge;

socket.onopen = () => {
  const user = params.get('user') ?? 'trainee';
  void bridge.call('session.login', { username: user, password: 'demo-pass-2026' }).then((result) => {
    const session = (result as { ok: boolean; value?: SessionInfo }).value;
    document.documentElement.lang = params.get('lang') ?? session?.person.language ?? 'en';
    createRoot(document.getElementById('root')!).render(
      <QueryClientProvider client={new QueryClient()}>
        <TrainingScreen />
      </QueryClientProvider>,
    );
  });
};
