import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { translate, type Catalog, type Locale, type Vars } from './catalog.js';
import { hasMessage, messages, type MessageKey } from './messages.js';

const STORAGE_KEY = 'kefu.locale';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** A console message (plural form from `vars.count`). */
  t(key: MessageKey, vars?: Vars): string;
  /** A translated code (e.g. `state_` + `not_ready`), or the code itself when unknown. */
  code(prefix: string, value: string): string;
  dateTime(value: string | Date): string;
  time(value: string | Date): string;
  number(value: number): string;
  money(cents: number, currency?: string): string;
}

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh-CN' || saved === 'en') return saved;
  return navigator.language.startsWith('zh') ? 'zh-CN' : 'en';
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = messages[locale];
    const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const timeFmt = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
    const numberFmt = new Intl.NumberFormat(locale);
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(locale, dict[key], vars),
      code: (prefix, value) => {
        const key = `${prefix}_${value}`;
        return hasMessage(key) ? translate(locale, dict[key]) : value;
      },
      dateTime: (v) => dateTimeFmt.format(new Date(v)),
      time: (v) => timeFmt.format(new Date(v)),
      number: (n) => numberFmt.format(n),
      money: (cents, currency = 'CNY') =>
        new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside <I18nProvider>');
  return i18n;
}

/** A message of another namespace (a workspace's catalog), in the app's language. */
export type Translate<K extends string> = (key: K, vars?: Vars) => string;

/** The `t` of a namespace: `const t = useMessages(adminMessages)`. */
export function useMessages<K extends string>(catalog: Catalog<K>): Translate<K> {
  const { locale } = useI18n();
  return useCallback(
    (key: K, vars?: Vars) => translate(locale, catalog[locale][key], vars),
    [catalog, locale],
  );
}
