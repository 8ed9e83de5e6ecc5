import { useI18n } from '../i18n/i18n-context.js';

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <button
      type="button"
      data-testid="language-switch"
      aria-label={`${t('language')}: ${t('otherLanguage')}`}
      lang={locale === 'en' ? 'zh-CN' : 'en'}
      onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
    >
      {t('otherLanguage')}
    </button>
  );
}
