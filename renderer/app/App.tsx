import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import {
  MutationCache,
  QueryCache,
  QueryClient,
  QueryClientProvider,
  useQueryClient,
} from '@tanstack/react-query';
import { CallError, useDeskEvent } from '../api/index.js';
import { LockScreen, LoginScreen, SetupScreen } from './AuthScreens.js';
import { LanguageProvider, type Language } from './i18n.js';
import { SessionProvider, useSession } from './session.js';
import { DialogProvider } from './dialogs.js';
import { ToastProvider } from './toasts.js';
import { useShellT } from './words.js';

// The shell (navigation, e-stop bar, the areas' chunks behind it) loads after login: the login screen needs none of it.
const Shell = lazy(() => import('./Shell.js').then((m) => ({ default: m.Shell })));

/** A call refused because the login lapsed or locked means the session changed: check who is at the screen. */
function sessionLapsed(error: unknown): boolean {
  return (
    error instanceof CallError && (error.code === 'NOT_AUTHENTICATED' || error.code === 'SESSION_LOCKED')
  );
}

export function createQueryClient(onSessionLapsed: () => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (e) => sessionLapsed(e) && onSessionLapsed() }),
    mutationCache: new MutationCache({ onError: (e) => sessionLapsed(e) && onSessionLapsed() }),
    defaultOptions: {
      // Refusals and bad input do not get better by asking again; a dropped socket does, once it is back.
      queries: {
        retry: (count, e) => e instanceof CallError && e.code === 'DISCONNECTED' && count < 3,
        staleTime: 5_000,
      },
    },
  });
}

/** The whole renderer: language, data cache, toasts, session, then setup / login / lock / the shell. */
export function App({ language }: { language?: Language }) {
  const [lapsed] = useState(() => new EventTarget());
  const [client] = useState(() => createQueryClient(() => lapsed.dispatchEvent(new Event('lapsed'))));
  return (
    <LanguageProvider initial={language}>
      <QueryClientProvider client={client}>
        <Toasts>
          <DialogProvider>
            <SessionProvider lapsed={lapsed}>
              <Screens />
            </SessionProvider>
          </DialogProvider>
        </Toasts>
      </QueryClientProvider>
    </LanguageProvider>
  );
}

function Toasts({ children }: { children: React.ReactNode }) {
  const t = useShellT();
  return <ToastProvider closeLabel={t('toast.close')}>{children}</ToastProvider>;
}

/**
 * Someone else's change (another window, the shop PC, a job finishing) arrives as a pushed `changed` event; the
 * screens refetch what they show. Events come in bursts (a sign-off touches several records), so they are
 * coalesced, and only the queries on screen refetch: the rest are just marked stale.
 */
function useRefetchOnChange() {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDeskEvent('changed', () => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void client.invalidateQueries();
    }, 200);
  });
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
}

function Screens() {
  useRefetchOnChange();
  const t = useShellT();
  const { phase } = useSession();
  switch (phase.kind) {
    case 'loading':
      return <p className="loading">{t('app.loading')}</p>;
    case 'failed':
      return (
        <p role="alert" className="loading">
          {phase.error}
        </p>
      );
    case 'setup':
      return <SetupScreen />;
    case 'login':
      return <LoginScreen info={phase.info} />;
    case 'in':
      return phase.session.locked ? (
        <LockScreen name={phase.session.person.displayName} />
      ) : (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <Shell />
        </Suspense>
      );
  }
}
