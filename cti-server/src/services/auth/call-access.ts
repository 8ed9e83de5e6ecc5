import type { Db } from '@kefu/db';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { hasRole, type AuthUser } from './auth-user.js';

export const isSupervisor = (user: AuthUser): boolean => hasRole(user, 'supervisor', 'admin');

/** The call the ACD has the agent on (or wrapping up) now, if any. */
export type LiveCallOf = (agentId: string) => string | null;

/**
 * The Interaction of `callId` if `user` may write to it: the agent who took the call, or a
 * supervisor/admin. The ACD is asked too, because the row's agentId is written a moment
 * after the answer and the console may save before that write lands.
 */
export async function callForWriter(db: Db, user: AuthUser, callId: string, liveCallOf: LiveCallOf) {
  const call = await db.interaction.findUnique({
    where: { callId },
    select: { id: true, callId: true, agentId: true, customerId: true, lineId: true, queueId: true },
  });
  if (!call) throw new NotFoundError('call', callId);
  if (isSupervisor(user)) return call;
  const mine =
    user.agentId !== null && (call.agentId === user.agentId || liveCallOf(user.agentId) === callId);
  if (!mine) throw new ForbiddenError('only the agent on this call or a supervisor may do this');
  return call;
}
