import type { ReactElement } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { DialogProvider } from '../../renderer/app/dialogs.js';
import { ToastProvider } from '../../renderer/app/toasts.js';
import type { TestClient, TestHost } from './temp-host.js';

/**
 * Logs a demo person in on a new connection to the test's real host and makes it the screen's bridge
 * (`window.desk`): calls go to the host, pushed events reach the screen's listeners, as through the web host.
 */
export async function loginOnScreen(t: TestHost, username: string): Promise<TestClient> {
  const client = t.client();
  await client.ok('session.login', { username, password: 'demo-pass-2026' });
  window.desk = {
    call: (method, input) => client.raw(method, input),
    on: (topic, listener) => client.on(topic, listener),
  };
  return client;
}

/** Renders one area's screen with what the shell gives it: a query cache (no retries), toasts and dialogs. */
export function renderScreen(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ToastProvider closeLabel="Close">
        <DialogProvider>{ui}</DialogProvider>
      </ToastProvider>
    </QueryClientProvider>,
  );
}
