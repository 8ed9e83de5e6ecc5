import type { TokenClaims } from './token-service.js';

/** Who may do what: a user holds one or more roles (the web app has a workspace per role). */
export type Role = TokenClaims['role'];

export const ROLES: readonly Role[] = ['agent', 'supervisor', 'marketing', 'admin'];

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  /** The primary role (the first of `roles`), kept for clients that know one role only. */
  role: Role;
  /** Every role the user holds, the primary one first. */
  roles: Role[];
  /** The password was set by an administrator: the user should choose their own now. */
  mustChangePassword: boolean;
  /** Set for users who take calls. */
  agentId: string | null;
  extension: string | null;
}

/** The primary role first, then the others in the order of ROLES, each once. */
export function rolesOf(user: { role: Role; roles?: ReadonlyArray<{ role: Role }> | undefined }): Role[] {
  const held = new Set<Role>((user.roles ?? []).map((r) => r.role));
  return [user.role, ...ROLES.filter((r) => r !== user.role && held.has(r))];
}

/** Whether the user holds one of `roles`. */
export const hasRole = (user: Pick<AuthUser, 'roles'>, ...roles: Role[]): boolean =>
  user.roles.some((r) => roles.includes(r));

/** A user whose only role is agent: they see and change their own calls, customers and state. */
export const isAgentOnly = (user: Pick<AuthUser, 'roles'>): boolean => user.roles.every((r) => r === 'agent');

/** The signed-in user as routes see it, from a User row with its roles and Agent. */
export function toAuthUser(user: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roles?: ReadonlyArray<{ role: Role }>;
  mustChangePassword?: boolean;
  agent: { id: string; extension: string } | null;
}): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roles: rolesOf(user),
    mustChangePassword: user.mustChangePassword ?? false,
    agentId: user.agent?.id ?? null,
    extension: user.agent?.extension ?? null,
  };
}
