import { systemClock } from '../clock/index.js';
import type { CallControlDeps } from './call-control-deps.js';
import {
  DEFAULT_OUTBOUND_POLICY,
  decideOutbound,
  type OutboundDecision,
  type OutboundRefusal,
} from './outbound-policy.js';

export type OutboundGuardDeps = Pick<
  CallControlDeps,
  'acd' | 'agentIdOf' | 'clock' | 'events' | 'log' | 'outboundPolicy'
>;

/** The reason phrase of the 403 a refused number gets (RFC 3261 §21.4.4: "SHOULD NOT be repeated"). */
export function refusalPhrase(reason: OutboundRefusal): string {
  return reason === 'logged_out' ? 'Agent Not Logged In' : 'Outbound Number Not Allowed';
}

/**
 * The outbound policy applied to an agent's call or blind transfer to an outside number, before
 * anything is sent to a trunk. Emergency calls are logged; a refusal is logged and pushed to
 * supervisors (the caller answers the request and stores the attempt).
 */
export function checkOutbound(
  deps: OutboundGuardDeps,
  number: string,
  extension: string,
  kind: 'call' | 'transfer',
): OutboundDecision {
  const agentId = deps.agentIdOf(extension);
  const status = agentId ? deps.acd.agentStatus(agentId) : undefined;
  const decision = decideOutbound(
    number,
    deps.outboundPolicy ?? { ...DEFAULT_OUTBOUND_POLICY, region: 'CN' },
    {
      loggedIn: status !== undefined && status !== 'logged_out',
    },
  );
  if (decision.allow) {
    if (decision.kind === 'emergency') deps.log('warn', 'emergency call', { extension, number, kind });
    return decision;
  }
  deps.log('warn', 'outbound call refused', { extension, number, reason: decision.reason, kind });
  deps.events.outboundRefused?.({
    extension,
    number,
    reason: decision.reason,
    kind,
    at: new Date((deps.clock ?? systemClock).now()).toISOString(),
  });
  return decision;
}
