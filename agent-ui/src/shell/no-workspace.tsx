import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { shellMessages } from './shell-messages.js';
import { rolesOf } from './workspaces.js';

/** A signed-in user whose roles open no workspace (an agent without an extension). */
export function NoWorkspace() {
  const t = useMessages(shellMessages);
  const { t: tc } = useI18n();
  const { user, logOut } = useSignedIn();
  const roles = rolesOf(user);
  return (
    <main className="login">
      <header className="login-header">
        <h1>{tc('appTitle')}</h1>
        <LanguageSwitch />
      </header>
      <h2>{t('noWorkspaceTitle')}</h2>
      {roles.includes('agent') && !user.extension && <p>{t('noWorkspaceNoExtension')}</p>}
      <p>{t('noWorkspaceAsk')}</p>
      <button type="button" onClick={logOut} data-testid="log-out">
        {tc('logOut')}
      </button>
    </main>
  );
}
