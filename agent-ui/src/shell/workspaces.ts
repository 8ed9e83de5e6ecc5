// Which workspaces a user may open, and where they land after login. Pure, so it is unit-tested.
import type { Role, UserView } from '../api/types.js';

/** The web app's workspaces. */
export type Workspace = 'console' | 'supervisor' | 'admin' | 'marketing';

export const WORKSPACE_PATHS: Record<Workspace, string> = {
  console: '/console',
  supervisor: '/supervisor',
  admin: '/admin',
  marketing: '/marketing',
};

/** The part of the signed-in user the shell routes on. */
export type RoutedUser = Pick<UserView, 'role' | 'extension'> & { roles?: readonly Role[] | undefined };

/** Every role, the primary one first (a session saved by an older server has only `role`). */
export const rolesOf = (user: RoutedUser): Role[] => {
  const roles = user.roles && user.roles.length > 0 ? [...user.roles] : [user.role];
  return [user.role, ...roles.filter((r) => r !== user.role)];
};

/** The workspaces a role works in, its own first; none while that role's does not exist yet. */
function workspacesOf(role: Role, user: RoutedUser): Workspace[] {
  switch (role) {
    // The console needs an extension: its phone registers as it.
    case 'agent':
      return user.extension ? ['console'] : [];
    // Supervisors also see the people screens (agents read-only, skills editable).
    case 'supervisor':
      return ['supervisor', 'admin'];
    // Admins may watch the floor too (the server lets them into the supervisors' room).
    case 'admin':
      return ['admin', 'supervisor', 'marketing'];
    // Scripts, cross-sell rules, experiments and their conversion; admins may open it too.
    case 'marketing':
      return ['marketing'];
  }
}

/** The user's workspaces in the order of their roles (primary first), each once. */
export function workspacesFor(user: RoutedUser): Workspace[] {
  const out: Workspace[] = [];
  for (const role of rolesOf(user))
    for (const ws of workspacesOf(role, user)) if (!out.includes(ws)) out.push(ws);
  return out;
}

/** Where the user lands after login: their primary role's workspace (agents: the console). */
export function homePath(user: RoutedUser): string | null {
  const [first] = workspacesFor(user);
  return first ? WORKSPACE_PATHS[first] : null;
}

/** The workspace a path belongs to, if any. */
export function workspaceOfPath(pathname: string): Workspace | null {
  for (const [ws, base] of Object.entries(WORKSPACE_PATHS) as [Workspace, string][])
    if (pathname === base || pathname.startsWith(`${base}/`)) return ws;
  return null;
}

/** The user may open this workspace. */
export const mayOpen = (user: RoutedUser, ws: Workspace): boolean => workspacesFor(user).includes(ws);

/** An admin may change everything; a supervisor only reads people and edits their skills. */
export const isAdmin = (user: RoutedUser): boolean => rolesOf(user).includes('admin');
