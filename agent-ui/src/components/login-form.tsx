import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useSession } from '../session/session-context.js';
import { IncomingCallAlert } from '../phone/incoming-call-alert.js';
import { LanguageSwitch } from './language-switch.js';

export function LoginForm() {
  const { t } = useI18n();
  const { logIn, expired } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // A click is the moment browsers allow asking: calls ringing in a background tab notify.
    IncomingCallAlert.requestPermission();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      await logIn(String(form.get('username')), String(form.get('password')));
    } catch (err) {
      setError(t('loginFailed', { message: (err as Error).message }));
      setPending(false);
    }
  };

  return (
    <main className="login">
      <header className="login-header">
        <h1>{t('appTitle')}</h1>
        <LanguageSwitch />
      </header>
      {expired && <p role="status">{t('sessionExpired')}</p>}
      <form onSubmit={onSubmit} aria-label={t('logIn')} data-testid="login-form">
        <label>
          {t('username')}
          <input name="username" autoComplete="username" required autoFocus data-testid="login-username" />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            data-testid="login-password"
          />
        </label>
        <button type="submit" disabled={pending} data-testid="login-submit">
          {pending ? t('loggingIn') : t('logIn')}
        </button>
        {error && (
          <p role="alert" className="error" data-testid="login-error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
