import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Language = 'en' | 'es';
export const languages: readonly Language[] = ['en', 'es'];

const STORAGE_KEY = 'cp-desk.language';

/** A feature's words: English first; Spanish must have exactly the same keys (the type says so). */
export type MessageTable<K extends string> = Record<Language, Record<K, string>>;
export type Translate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

export function format(template: string, vars?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

interface LanguageValue {
  language: Language;
  setLanguage: (language: Language) => void;
}

const LanguageContext = createContext<LanguageValue | null>(null);

function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'es';
}

/** The remembered choice on this computer, else the browser's language, else English. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function LanguageProvider({
  children,
  initial,
}: {
  children: ReactNode;
  initial?: Language | undefined;
}) {
  const [language, set] = useState<Language>(() => initial ?? initialLanguage());
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    set(next);
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

/** The language the screens speak. Outside the provider (a component test) it follows the page's lang. */
export function useLanguage(): Language {
  const value = useContext(LanguageContext);
  if (value !== null) return value.language;
  return document.documentElement.lang === 'es' ? 'es' : 'en';
}

export function useSetLanguage(): (language: Language) => void {
  const value = useContext(LanguageContext);
  return value?.setLanguage ?? ((language) => (document.documentElement.lang = language));
}

/** Make a feature's `useT` from its table: `const useT = makeUseT(jobsMessages)`. */
export function makeUseT<K extends string>(table: MessageTable<K>): () => Translate<K> {
  return function useT() {
    const words = table[useLanguage()];
    return useCallback((key: K, vars?: Record<string, string | number>) => format(words[key], vars), [words]);
  };
}
