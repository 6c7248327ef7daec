import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { LibraryScreen } from '../../../renderer/features/library/LibraryScreen.js';

/**
 * A stand-in for the app shell, for the library e2e: the web host's WebSocket protocol ({id, method, input} →
 * {id, result}; pushed {event, payload}), a login as ?user=, and the library screen. Everything behind it is real.
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
  void bridge
    .call('session.login', { username: params.get('user') ?? 'trainee', password: 'demo-pass-2026' })
    .then(() => {
      createRoot(document.getElementById('root')!).render(
        <QueryClientProvider client={new QueryClient()}>
          <LibraryScreen />
        </QueryClientProvider>,
      );
    });
};
