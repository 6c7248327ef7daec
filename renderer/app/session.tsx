import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { MethodOutput, Permission, SessionInfo } from '../../preload/contract/index.js';
import { call, CallError, onConnectionState, setBlobLogin, useDeskEvent } from '../api/index.js';
import { useSetLanguage } from './i18n.js';

export type AppInfo = MethodOutput<'app.info'>;

export type SessionPhase =
  | { kind: 'loading' }
  | { kind: 'failed'; error: string }
  | { kind: 'setup'; info: AppInfo }
  | { kind: 'login'; info: AppInfo }
  | { kind: 'in'; info: AppInfo; session: SessionInfo };

interface SessionValue {
  phase: SessionPhase;
  /** Log in (also: switch user from the lock screen). Throws CallError on bad credentials. */
  login: (username: string, password: string) => Promise<void>;
  setup: (input: {
    displayName: string;
    username: string;
    password: string;
    language: 'en' | 'es';
  }) => Promise<void>;
  unlock: (password: string) => Promise<void>;
  lock: () => Promise<void>;
  logout: () => Promise<void>;
  /** Forget who is logged in on this screen without telling main (switch user: go back to the login form). */
  switchUser: () => void;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);
const RESUME_KEY = 'cp-desk.resume';
/** Activity is reported at most this often; the idle lock's resolution is minutes, so that is plenty. */
const TOUCH_EVERY_MS = 30_000;

/**
 * A new login starts on its own landing screen, not on the screen the last person left open (the address's area is
 * dropped). Unlocking keeps it: the same person goes back to where they were.
 */
function forgetArea(): void {
  if (window.location.hash !== '')
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in person's session, for screens that only render when someone is in. */
export function useSignedIn(): SessionInfo {
  const { phase } = useSession();
  if (phase.kind !== 'in') throw new Error('useSignedIn with nobody signed in');
  return phase.session;
}

/** Whether the person's roles grant a permission. Outside the shell (a component test) it says yes: main decides. */
export function useCan(permission: Permission): boolean {
  const value = useContext(SessionContext);
  if (value === null) return true;
  return value.phase.kind === 'in' && value.phase.session.permissions.includes(permission);
}

/**
 * Who is at the screen. On start: app info (first run → setup), then the login this tab had (resume token kept in
 * sessionStorage, so a reload or a dropped socket does not log anyone out), else the login form. Pushed
 * `session.changed` events (idle lock, logout elsewhere) move the phase; activity restarts main's idle timer.
 */
export function SessionProvider({ children, lapsed }: { children: ReactNode; lapsed?: EventTarget }) {
  const [phase, setPhase] = useState<SessionPhase>({ kind: 'loading' });
  const client = useQueryClient();
  const setLanguage = useSetLanguage();
  const infoRef = useRef<AppInfo | null>(null);
  const phaseRef = useRef(phase);
  useEffect(() => {
    phaseRef.current = phase;
  }, [phase]);

  const enter = useCallback(
    (session: SessionInfo, info: AppInfo, fresh: boolean) => {
      if (session.resumeToken !== undefined) sessionStorage.setItem(RESUME_KEY, session.resumeToken);
      setBlobLogin(session.resumeToken ?? sessionStorage.getItem(RESUME_KEY) ?? undefined);
      if (fresh) {
        // Another person's cached answers must never show on this one's screens.
        client.clear();
        setLanguage(session.person.language === 'es' ? 'es' : 'en');
      }
      setPhase({ kind: 'in', info, session });
    },
    [client, setLanguage],
  );

  const leave = useCallback(
    (info: AppInfo) => {
      sessionStorage.removeItem(RESUME_KEY);
      setBlobLogin(undefined);
      client.clear();
      setPhase({ kind: 'login', info });
    },
    [client],
  );

  const refresh = useCallback(async () => {
    try {
      const info = await call('app.info', {});
      infoRef.current = info;
      if (info.needsSetup) {
        setPhase({ kind: 'setup', info });
        return;
      }
      const resume = sessionStorage.getItem(RESUME_KEY);
      const resumed =
        resume === null
          ? null
          : await call('session.resume', { resumeToken: resume }).catch((error: unknown) => {
              // A token that has expired (idle or too old): back to the login form, as for one that opens nothing.
              if (error instanceof CallError && error.code === 'NOT_AUTHENTICATED') return null;
              throw error;
            });
      const session = resumed ?? (await call('session.whoami', {}));
      if (session === null) leave(info);
      else {
        const prev = phaseRef.current;
        enter(session, info, !(prev.kind === 'in' && prev.session.person.id === session.person.id));
      }
    } catch (error) {
      if (error instanceof CallError && error.code === 'DISCONNECTED') return; // the reconnect will refresh
      setPhase({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }, [enter, leave]);

  useEffect(() => {
    // refresh() sets state only after main answers (never synchronously), so this cannot cascade renders.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
    let wasLost = false;
    return onConnectionState((state) => {
      if (state === 'lost') wasLost = true;
      if (state === 'open' && wasLost) {
        wasLost = false;
        void refresh();
      }
    });
  }, [refresh]);

  useEffect(() => {
    if (lapsed === undefined) return;
    const onLapsed = () => void refresh();
    lapsed.addEventListener('lapsed', onLapsed);
    return () => lapsed.removeEventListener('lapsed', onLapsed);
  }, [lapsed, refresh]);

  useDeskEvent('session.changed', (session) => {
    const info = infoRef.current;
    if (info === null) return;
    if (session === null) leave(info);
    else
      setPhase((prev) =>
        prev.kind === 'in' ? { kind: 'in', info, session: { ...prev.session, ...session } } : prev,
      );
  });

  // Tell main the person is still here (throttled), so the idle lock counts from their last action.
  const signedIn = phase.kind === 'in' && !phase.session.locked;
  useEffect(() => {
    if (!signedIn) return;
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < TOUCH_EVERY_MS) return;
      last = now;
      void call('session.touch', {}).catch(() => undefined);
    };
    window.addEventListener('pointerdown', onActivity);
    window.addEventListener('keydown', onActivity);
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, [signedIn]);

  const value = useMemo<SessionValue>(() => {
    const info = () =>
      infoRef.current ??
      ({
        name: '',
        version: '',
        schemaVersion: 0,
        host: 'web',
        demo: false,
        needsSetup: false,
        readOnly: false,
      } satisfies AppInfo);
    return {
      phase,
      refresh,
      async login(username, password) {
        const session = await call('session.login', { username, password });
        forgetArea();
        enter(session, info(), true);
      },
      async setup(input) {
        const session = await call('setup.createAdmin', input);
        forgetArea();
        infoRef.current = { ...info(), needsSetup: false };
        enter(session, infoRef.current, true);
      },
      async unlock(password) {
        const session = await call('session.unlock', { password });
        enter(session, info(), false);
      },
      async lock() {
        const session = await call('session.lock', {});
        enter(session, info(), false);
      },
      async logout() {
        await call('session.logout', {}).catch(() => undefined);
        leave(info());
      },
      switchUser() {
        // The locked login stays in main until someone else logs in on this screen (session.login replaces it).
        client.clear();
        setPhase({ kind: 'login', info: info() });
      },
    };
  }, [phase, refresh, enter, leave, client]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
