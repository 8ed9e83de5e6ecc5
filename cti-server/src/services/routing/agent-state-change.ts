import type { Acd, AgentStatus } from '../../acd/index.js';
import { BadRequestError, ConflictError } from '../../errors.js';

export type RequestedState = 'ready' | 'not_ready' | 'logged_out';

export interface StateChangeRequest {
  agentId: string;
  extension: string;
  to: RequestedState;
  reason?: string;
  /** The user asking (the agent or a supervisor): stored as the actor. */
  actorUserId: string;
  /** Supervisors may force a change the agent could not make (out of wrap-up, off an offer). */
  override: boolean;
}

/**
 * Applies a state change asked for through the API. Logging in is implied by the first
 * ready / not_ready; asking for the state the agent is already in changes nothing.
 * Throws 400 for a missing reason and 409 with the reason when the agent machine refuses.
 */
export function changeAgentState(acd: Acd, req: StateChangeRequest, allowedReasons: readonly string[]): void {
  const { agentId, to, actorUserId: actor } = req;
  const ctx = acd.agentContext(agentId);
  if (!ctx) throw new Error(`agent ${agentId} is not in the ACD`);
  if (to === 'not_ready') {
    if (!req.reason) throw new BadRequestError('not_ready needs a reason', 'REASON_REQUIRED');
    if (!allowedReasons.includes(req.reason)) {
      throw new BadRequestError(
        `unknown reason "${req.reason}" (allowed: ${allowedReasons.join(', ')})`,
        'INVALID_REASON',
      );
    }
  }
  if (ctx.status === to && (to !== 'not_ready' || ctx.reason === req.reason)) return;

  let done: boolean;
  if (to === 'ready') {
    done = ctx.status === 'logged_out' ? acd.login(agentId, { actor }) : acd.setReady(agentId, actor);
  } else if (to === 'not_ready') {
    done =
      ctx.status === 'logged_out'
        ? acd.login(agentId, { notReadyReason: req.reason!, actor })
        : acd.setNotReady(agentId, req.reason!, actor);
  } else {
    done = acd.logout(agentId, actor);
  }
  if (!done && req.override) done = acd.forceState(agentId, to, actor, req.reason);
  if (!done) throw new ConflictError(refusal(req.extension, ctx.status, to, ctx));
}

function refusal(
  extension: string,
  from: AgentStatus,
  to: RequestedState,
  ctx: { requireDisposition: boolean; disposition: string | null; callId: string | null },
): string {
  const head = `agent ${extension} cannot go ${from} → ${to}`;
  switch (from) {
    case 'on_call':
      return `${head}: the agent is on a call; change state after it ends (during wrap-up)`;
    case 'reserved':
    case 'ringing':
      return `${head}: a call is being offered to the agent; answer or reject it first`;
    case 'wrap_up':
      return ctx.requireDisposition && ctx.disposition === null
        ? `${head}: the queue requires a disposition for call ${ctx.callId ?? '?'} first ` +
            `(PUT /api/agents/${extension}/wrap-up)`
        : `${head} during wrap-up`;
    default:
      return head;
  }
}
