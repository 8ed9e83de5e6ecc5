import { useState, type FormEvent } from 'react';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { useSession } from '../session/session-context.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { shellMessages, type ShellKey } from './shell-messages.js';
import { newPasswordProblem } from './password-rules.js';

/** Asked before any workspace when an administrator set the user's password. */
export function ChangePasswordForm() {
  const t = useMessages(shellMessages);
  const { t: tc } = useI18n();
  const { changePassword, logOut } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const current = String(form.get('currentPassword'));
    const next = String(form.get('newPassword'));
    const rule: ShellKey | null = newPasswordProblem(current, next, String(form.get('repeatPassword')));
    if (rule) return setProblem(t(rule));
    setPending(true);
    setProblem(null);
    try {
      await changePassword(current, next);
    } catch (err) {
      setProblem(t('passwordChangeFailed', { message: (err as Error).message }));
      setPending(false);
    }
  };

  return (
    <main className="login">
      <header className="login-header">
        <h1>{tc('appTitle')}</h1>
        <LanguageSwitch />
      </header>
      <form onSubmit={onSubmit} aria-label={t('changePasswordTitle')} data-testid="change-password-form">
        <h2>{t('changePasswordTitle')}</h2>
        <p>{t('changePasswordHint')}</p>
        <label>
          {t('currentPassword')}
          <input name="currentPassword" type="password" autoComplete="current-password" required autoFocus />
        </label>
        <label>
          {t('newPassword')}
          <input name="newPassword" type="password" autoComplete="new-password" required minLength={8} />
        </label>
        <label>
          {t('repeatPassword')}
          <input name="repeatPassword" type="password" autoComplete="new-password" required minLength={8} />
        </label>
        <button type="submit" disabled={pending}>
          {pending ? t('changingPassword') : t('changePassword')}
        </button>
        <button type="button" onClick={logOut}>
          {tc('logOut')}
        </button>
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
      </form>
    </main>
  );
}
