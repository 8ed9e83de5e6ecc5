import type { TokenClaims } from './token-service.js';

/** Who may do what: the user's role (the web app's workspace follows it). */
export type Role = TokenClaims['role'];

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Set for users who take calls. */
  agentId: string | null;
  extension: string | null;
}

/** The signed-in user as routes see it, from a User row with its Agent. */
export function toAuthUser(user: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agent: { id: string; extension: string } | null;
}): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    agentId: user.agent?.id ?? null,
    extension: user.agent?.extension ?? null,
  };
}
