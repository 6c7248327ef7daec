import { Suspense, useEffect, useRef } from 'react';
import { connectionState, onConnectionState } from '../api/index.js';
import { useJobNotices } from '../features/jobs/JobsScreen.js';
import { areasFor } from './areas.js';
import { useSetupProgress } from './GettingStarted.js';
import { landingFor } from './landing.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { GlobalEStop } from './GlobalEStop.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { hrefOf, useRoute } from './router.js';
import { useSession, useSignedIn } from './session.js';
import { useToast } from './toasts.js';
import { useShellT } from './words.js';

/** The frame around every area: navigation by role, who is logged in, language, connection, the e-stop bar. */
export function Shell() {
  const t = useShellT();
  const session = useSignedIn();
  const { phase, lock, logout, switchUser } = useSession();
  const route = useRoute();
  const visible = areasFor(session.permissions);
  const area = visible.find((a) => a.id === route);
  const first = visible[0];
  const isAdmin = session.roles.includes('admin');
  const setup = useSetupProgress(isAdmin && route === '');
  const landing =
    isAdmin && setup === null
      ? null // wait for the checklist's answers before choosing
      : landingFor(
          session.roles,
          visible.map((a) => a.id),
          setup === null || setup.every((s) => s.done),
        );

  // An empty address (just logged in) opens the screen of the person's daily work.
  useEffect(() => {
    if (route === '' && landing !== null && landing !== '') window.location.replace(hrefOf(landing));
  }, [route, landing]);

  useConnectionToasts();
  useJobNotices();

  return (
    <div className="shell">
      {/* The first stop of the Tab key: past the header and the areas, straight to the screen's own controls. */}
      <a
        className="skip-link"
        href="#main-content"
        onClick={(e) => {
          e.preventDefault(); // the address is the router's: focus the content instead of changing it
          document.getElementById('main-content')?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <header className="shell-header">
        <a className="shell-brand" href={hrefOf(first?.id ?? '')}>
          {t('app.name')}
        </a>
        {phase.kind === 'in' && phase.info.demo && <span className="badge">{t('app.demo')}</span>}
        <div className="shell-user">
          <span>{t('user.menu', { name: session.person.displayName })}</span>
          <button type="button" onClick={() => void lock()}>
            {t('user.lock')}
          </button>
          <button type="button" onClick={switchUser}>
            {t('user.switch')}
          </button>
          <button type="button" onClick={() => void logout()}>
            {t('user.logout')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      <nav className="shell-nav" aria-label={t('nav.label')}>
        <ul>
          {visible.map((a) => (
            <li key={a.id}>
              <a href={hrefOf(a.id)} aria-current={a.id === route ? 'page' : undefined}>
                {t(a.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="shell-main" id="main-content" tabIndex={-1}>
        {route !== 'machines' && <GlobalEStop />}
        <ErrorBoundary
          resetKey={route}
          title={t('boundary.title')}
          body={t('boundary.body')}
          retry={t('boundary.retry')}
        >
          {area !== undefined ? (
            <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>{area.render()}</Suspense>
          ) : route === '' ? null : (
            <p role="alert">{t(AREA_IDS.has(route) ? 'area.noAccess' : 'area.unknown')}</p>
          )}
        </ErrorBoundary>
      </main>
    </div>
  );
}

const AREA_IDS = new Set([
  'start',
  'machines',
  'jobs',
  'library',
  'training',
  'treasury',
  'campaign',
  'production',
  'usage',
  'people',
  'settings',
]);

function useConnectionToasts() {
  const t = useShellT();
  const toast = useToast();
  const lost = useRef(connectionState() === 'lost');
  useEffect(
    () =>
      onConnectionState((state) => {
        if (state === 'lost' && !lost.current) {
          lost.current = true;
          toast(t('app.connection.lost'), 'error');
        } else if (state === 'open' && lost.current) {
          lost.current = false;
          toast(t('app.connection.back'), 'success');
        }
      }),
    [t, toast],
  );
}
