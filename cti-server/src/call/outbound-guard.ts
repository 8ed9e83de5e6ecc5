import { systemClock } from '../clock/index.js';
import type { CallControlDeps, OutboundPolicyContext } from './call-control-deps.js';
import {
  DEFAULT_OUTBOUND_POLICY,
  decideOutbound,
  isEmergencyNumber,
  type OutboundDecision,
  type OutboundRefusal,
} from './outbound-policy.js';

export type OutboundGuardDeps = Pick<
  CallControlDeps,
  'acd' | 'agentIdOf' | 'clock' | 'events' | 'log' | 'outboundPolicy' | 'outboundStore'
>;

/** The reason phrase of the 403 a refused number gets (RFC 3261 §21.4.4: "SHOULD NOT be repeated"). */
export function refusalPhrase(reason: OutboundRefusal): string {
  switch (reason) {
    case 'logged_out':
      return 'Agent Not Logged In';
    case 'not_permitted':
      return 'Agent Not Allowed To Dial Out';
    case 'agent_hourly_cap':
    case 'trunk_hourly_cap':
      return 'Outbound Call Limit Reached';
    default:
      return 'Outbound Number Not Allowed';
  }
}

export interface OutboundAttempt {
  /** As dialled (digits, optional +). */
  number: string;
  /** The agent who dialled, or who transferred the caller. */
  extension: string;
  kind: 'call' | 'transfer';
  /** The trunk it would leave through (its rules and cap apply); none: no trunk rules or cap. */
  trunkName: string | undefined;
  /** The call the refusal is stored against (the refused call's record, or the transferred call). */
  callId: string | null;
}

const NO_CONTEXT: OutboundPolicyContext = {
  mayDialOut: true,
  rules: [],
  agentCallsPerHour: null,
  trunkCallsPerHour: null,
};

/**
 * The outbound policy applied to an agent's call or blind transfer to an outside number, before
 * anything is sent to a trunk: the pure decision (`decideOutbound`) on the rules and caps the
 * store holds for this agent and trunk (read now, so an API change applies to this call), then
 * the call counted against the hourly caps. Emergency numbers skip the store entirely (a
 * database that cannot answer never blocks them) and are logged. A refusal is logged, stored
 * (OutboundRefusal) and pushed to supervisors; the caller answers the request. A store that
 * fails refuses the call (`policy_unavailable`): nothing leaves unchecked.
 */
export async function checkOutbound(
  deps: OutboundGuardDeps,
  attempt: OutboundAttempt,
): Promise<OutboundDecision> {
  const { number, extension, kind, trunkName } = attempt;
  const settings = deps.outboundPolicy ?? { ...DEFAULT_OUTBOUND_POLICY, region: 'CN' };
  const clock = deps.clock ?? systemClock;
  const agentId = deps.agentIdOf(extension);
  if (isEmergencyNumber(number, settings.region)) {
    deps.log('warn', 'emergency call', { extension, number, kind });
    return { allow: true, kind: 'emergency', e164: null, type: undefined };
  }
  const status = agentId ? deps.acd.agentStatus(agentId) : undefined;
  const store = deps.outboundStore;
  let decision: OutboundDecision;
  try {
    const context = store ? await store.load({ agentId, trunkName }) : NO_CONTEXT;
    decision = decideOutbound(
      number,
      settings,
      { loggedIn: status !== undefined && status !== 'logged_out', mayDialOut: context.mayDialOut },
      context.rules,
    );
    if (decision.allow && store && trunkName !== undefined) {
      const counted = await store.count({
        agentId,
        agentCap: context.agentCallsPerHour,
        trunkName,
        trunkCap: context.trunkCallsPerHour,
        at: clock.now(),
      });
      if (counted !== 'counted')
        decision = { allow: false, reason: counted, ...(decision.e164 !== null && { e164: decision.e164 }) };
    }
  } catch (err) {
    deps.log('error', 'outbound policy unavailable', { extension, number, err: String(err) });
    decision = { allow: false, reason: 'policy_unavailable' };
  }
  if (decision.allow) {
    if (decision.kind !== 'emergency' && decision.rule)
      deps.log('info', 'outbound call allowed by rule', { extension, number, rule: decision.rule });
    return decision;
  }
  const at = new Date(clock.now());
  const { reason, rule } = decision;
  deps.log('warn', 'outbound call refused', { extension, number, reason, kind, ...(rule && { rule }) });
  deps.events.outboundRefused?.({
    extension,
    number,
    reason,
    kind,
    at: at.toISOString(),
    ...(rule && { rule }),
    ...(trunkName !== undefined && { trunk: trunkName }),
  });
  store
    ?.refused({
      at,
      agentId: agentId ?? null,
      extension,
      number,
      e164: decision.e164 ?? null,
      reason,
      kind,
      trunkName: trunkName ?? null,
      ruleId: rule?.id ?? null,
      rulePattern: rule?.pattern ?? null,
      callId: attempt.callId,
    })
    .catch((err: unknown) =>
      deps.log('error', 'outbound refusal not stored', { extension, err: String(err) }),
    );
  return decision;
}
