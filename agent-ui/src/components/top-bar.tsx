import { useI18n } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { WorkspaceSwitcher } from '../shell/workspace-switcher.js';
import { LanguageSwitch } from './language-switch.js';

export function TopBar({ onLogOut, onHelp }: { onLogOut(): void; onHelp(): void }) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  return (
    <header className="top-bar">
      <h1>{t('appTitle')}</h1>
      <span className="user" data-testid="signed-in-user">
        {user.displayName} · {user.extension ?? user.role}
      </span>
      <WorkspaceSwitcher />
      <button type="button" onClick={onHelp} aria-label={t('shortcuts')} title={t('shortcutsHint')}>
        ?
      </button>
      <LanguageSwitch />
      <button type="button" onClick={onLogOut} data-testid="log-out">
        {t('logOut')}
      </button>
    </header>
  );
}
