import type { Db } from '@kefu/db';
import type { DialRuleAction, DialRuleScope } from '../../call/dial-rules.js';
import { decideOutbound, type OutboundPolicySettings } from '../../call/outbound-policy.js';
import type { OutboundRefusalReason } from '../../contract/socket-events.js';
import { BadRequestError } from '../../errors.js';
import { clockHour, createOutboundPolicyStore } from './outbound-policy-store.js';

/**
 * "Would this number from this agent go out?" — the outbound policy's own decision
 * (`decideOutbound` on the rules and caps the call path's store reads for that agent and trunk),
 * read-only: nothing is counted, nothing is stored as a refusal. The agent is judged as if logged
 * in to the ACD (the question is about the rules; whether they are logged in now is said beside
 * it), and the hourly caps as they stand this clock hour.
 */

export interface OutboundCheckInput {
  /** As dialled; spaces, dashes, dots and brackets are ignored. */
  number: string;
  extension: string;
  /** The trunk the call would leave through; by default the one calls use (the first enabled outbound trunk). */
  trunk?: string | undefined;
}

export type OutboundCheckDecider = 'emergency' | 'agent' | 'number' | 'rule' | 'defaults' | 'cap';

export interface OutboundCheckResult {
  allowed: boolean;
  /** Why it would be refused (the refusals' reason), null when allowed. */
  reason: OutboundRefusalReason | null;
  /** What decided: an emergency number, the agent's right to dial out, an invalid number, a dial rule, the centre's defaults or an hourly cap. */
  decidedBy: OutboundCheckDecider;
  kind: 'national' | 'international' | 'emergency' | null;
  e164: string | null;
  /** libphonenumber's type (MOBILE, FIXED_LINE, PREMIUM_RATE …) when the number parsed. */
  numberType: string | null;
  /** The dial rule that decided. */
  rule: {
    id: string;
    scope: DialRuleScope;
    target: string;
    action: DialRuleAction;
    pattern: string;
    note: string | null;
  } | null;
  /** The trunk whose rules and cap were applied (null: no outbound trunk). */
  trunk: string | null;
  agent: {
    extension: string;
    team: string | null;
    mayDialOut: boolean;
    /** Logged in to the ACD now (a logged-out agent dials nothing but emergency numbers). */
    loggedIn: boolean;
    callsPerHour: number | null;
    callsThisHour: number;
  };
  trunkCap: { callsPerHour: number | null; callsThisHour: number } | null;
}

/** The trunk calls leave through by default, as call control picks it: enabled, with a host, not inbound-only, by name. */
async function defaultTrunk(db: Db): Promise<string | undefined> {
  const trunk = await db.trunk.findFirst({
    where: { enabled: true, host: { not: null }, direction: { not: 'inbound' } },
    orderBy: { name: 'asc' },
    select: { name: true },
  });
  return trunk?.name;
}

export async function checkOutboundNumber(
  db: Db,
  input: OutboundCheckInput,
  settings: OutboundPolicySettings,
  options: { now: number; loggedIn: (agentId: string) => boolean },
): Promise<OutboundCheckResult> {
  const agent = await db.agent.findUnique({
    where: { extension: input.extension },
    select: { id: true, extension: true, team: true },
  });
  if (!agent) throw new BadRequestError(`no agent has extension ${input.extension}`, 'UNKNOWN_AGENT');
  let trunkName = input.trunk;
  if (trunkName !== undefined) {
    if (!(await db.trunk.findUnique({ where: { name: trunkName }, select: { id: true } })))
      throw new BadRequestError(`no trunk is named ${trunkName}`, 'UNKNOWN_TRUNK');
  } else trunkName = await defaultTrunk(db);

  // The same reads as a call: the agent's, their team's and the trunk's rules, the caps.
  const context = await createOutboundPolicyStore(db).load({ agentId: agent.id, trunkName });
  const hour = clockHour(options.now);
  const [agentUsage, trunkRow] = await Promise.all([
    db.outboundUsage.findUnique({
      where: { scope_key_hour: { scope: 'agent', key: agent.id, hour } },
      select: { calls: true },
    }),
    trunkName ? db.trunk.findUnique({ where: { name: trunkName }, select: { id: true } }) : null,
  ]);
  const trunkUsage = trunkRow
    ? await db.outboundUsage.findUnique({
        where: { scope_key_hour: { scope: 'trunk', key: trunkRow.id, hour } },
        select: { calls: true },
      })
    : null;
  const agentCalls = agentUsage?.calls ?? 0;
  const trunkCalls = trunkUsage?.calls ?? 0;

  const dialled = input.number.replace(/[\s\-().]/g, '');
  const decision = decideOutbound(
    dialled,
    settings,
    { loggedIn: true, mayDialOut: context.mayDialOut },
    context.rules,
  );
  const decidingRuleId = 'rule' in decision ? decision.rule?.id : undefined;
  const ruleRow = decidingRuleId
    ? await db.outboundDialRule.findUnique({
        where: { id: decidingRuleId },
        include: { agent: { select: { extension: true } }, trunk: { select: { name: true } } },
      })
    : null;
  const rule = ruleRow && {
    id: ruleRow.id,
    scope: ruleRow.scope as DialRuleScope,
    target: ruleRow.agent?.extension ?? ruleRow.trunk?.name ?? ruleRow.team ?? '',
    action: ruleRow.action as DialRuleAction,
    pattern: ruleRow.pattern,
    note: ruleRow.note,
  };

  let allowed = decision.allow;
  let reason: OutboundRefusalReason | null = decision.allow ? null : decision.reason;
  let decidedBy: OutboundCheckDecider = decision.allow
    ? decision.kind === 'emergency'
      ? 'emergency'
      : rule
        ? 'rule'
        : 'defaults'
    : decision.reason === 'not_permitted'
      ? 'agent'
      : decision.reason === 'invalid_number'
        ? 'number'
        : rule
          ? 'rule'
          : 'defaults';
  // A number let out is then counted against the caps (the call path counts only with a trunk).
  if (decision.allow && decision.kind !== 'emergency' && trunkName !== undefined) {
    const full = (cap: number | null, calls: number) => cap !== null && calls >= cap;
    if (full(context.agentCallsPerHour, agentCalls)) reason = 'agent_hourly_cap';
    else if (trunkRow && full(context.trunkCallsPerHour, trunkCalls)) reason = 'trunk_hourly_cap';
    if (reason) {
      allowed = false;
      decidedBy = 'cap';
    }
  }

  return {
    allowed,
    reason,
    decidedBy,
    kind: decision.allow ? decision.kind : null,
    e164: decision.e164 ?? null,
    numberType: decision.allow ? (decision.type ?? null) : null,
    rule,
    trunk: trunkName ?? null,
    agent: {
      extension: agent.extension,
      team: agent.team,
      mayDialOut: context.mayDialOut,
      loggedIn: options.loggedIn(agent.id),
      callsPerHour: context.agentCallsPerHour,
      callsThisHour: agentCalls,
    },
    trunkCap: trunkRow ? { callsPerHour: context.trunkCallsPerHour, callsThisHour: trunkCalls } : null,
  };
}
