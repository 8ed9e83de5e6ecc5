import { useState, type FormEvent } from 'react';
import { login, lookup, type LookupMatch, type User } from './api.js';
import { initialLocale, translate, type Locale, type MessageKey } from './i18n.js';

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [session, setSession] = useState<{ token: string; user: User } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [matches, setMatches] = useState<LookupMatch[] | null>(null);
  const t = (key: MessageKey) => translate(locale, key);

  const switchLocale = () => {
    const next = locale === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('kefu.locale', next);
    document.documentElement.lang = next;
    setLocale(next);
  };

  const onLogin = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    try {
      setError(null);
      setSession(await login(String(form.get('username')), String(form.get('password'))));
    } catch (err) {
      setError(`${t('loginFailed')}: ${(err as Error).message}`);
    }
  };

  const onLookup = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!session) return;
    const phone = String(new FormData(e.currentTarget).get('phone'));
    try {
      setError(null);
      setMatches((await lookup(phone, session.token)).matches);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '2rem auto' }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>{t('title')}</h1>
        <button type="button" onClick={switchLocale} aria-label="Language">
          {t('language')}
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {!session ? (
        <form onSubmit={onLogin} aria-label={t('login')}>
          <label>
            {t('username')} <input name="username" autoComplete="username" required />
          </label>{' '}
          <label>
            {t('password')} <input name="password" type="password" autoComplete="current-password" required />
          </label>{' '}
          <button type="submit">{t('login')}</button>
        </form>
      ) : (
        <section>
          <p>
            {session.user.displayName} ({session.user.extension ?? session.user.role}){' '}
            <button type="button" onClick={() => setSession(null)}>
              {t('logout')}
            </button>
          </p>
          <p>{t('placeholder')}</p>
          <form onSubmit={onLookup}>
            <label>
              {t('lookup')} <input name="phone" required />
            </label>{' '}
            <button type="submit">{t('search')}</button>
          </form>
          {matches && matches.length === 0 && <p>{t('noMatch')}</p>}
          <ul>
            {matches?.map((m) => (
              <li key={m.customer.id}>
                <strong>{m.customer.name}</strong> {m.customer.companyName ?? ''} — {t('vip')}{' '}
                {m.customer.vipTier}, {t('stage')} {m.customer.lifecycleStage}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
