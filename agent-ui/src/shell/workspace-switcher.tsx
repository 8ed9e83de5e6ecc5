import { NavLink } from 'react-router';
import { useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { shellMessages } from './shell-messages.js';
import { WORKSPACE_PATHS, workspacesFor } from './workspaces.js';

/** Links to the user's other workspaces; nothing for a user with one (most agents). */
export function WorkspaceSwitcher({ className }: { className?: string }) {
  const t = useMessages(shellMessages);
  const { user } = useSignedIn();
  const workspaces = workspacesFor(user);
  if (workspaces.length < 2) return null;
  return (
    <nav
      aria-label={t('workspace')}
      className={className ?? 'workspace-switcher'}
      data-testid="workspace-switcher"
    >
      {workspaces.map((ws) => (
        <NavLink key={ws} to={WORKSPACE_PATHS[ws]}>
          {t(`ws_${ws}`)}
        </NavLink>
      ))}
    </nav>
  );
}
