import { call } from '../api/index.js';
import { languages, useLanguage, useSetLanguage, type Language } from './i18n.js';
import { useSession } from './session.js';
import { useShellT } from './words.js';

/** English / Español. Remembered on this computer, and on the person when someone is logged in. */
export function LanguageSwitch() {
  const t = useShellT();
  const language = useLanguage();
  const setLanguage = useSetLanguage();
  const { phase } = useSession();
  const choose = (next: Language) => {
    setLanguage(next);
    if (phase.kind === 'in') void call('session.setLanguage', { language: next }).catch(() => undefined);
  };
  return (
    <div className="language-switch" role="group" aria-label={t('app.language')}>
      {languages.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={language === l} onClick={() => choose(l)}>
          {t(`app.language.${l}`)}
        </button>
      ))}
    </div>
  );
}
