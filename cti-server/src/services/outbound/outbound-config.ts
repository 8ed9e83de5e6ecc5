import type { Db } from '@kefu/db';
import { dialPatternError, type DialRuleAction, type DialRuleScope } from '../../call/dial-rules.js';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { clockHour } from './outbound-policy-store.js';

/**
 * The outbound policy's configuration (dial rules, who may dial out, hourly caps) and its
 * refusals, for the API. The call path reads the same rows for each call, so a change here
 * applies to the next call on every server.
 */

const ruleInclude = {
  agent: { select: { extension: true } },
  trunk: { select: { name: true } },
} as const;

type RuleRow = {
  id: string;
  scope: string;
  team: string | null;
  action: string;
  pattern: string;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
  agent: { extension: string } | null;
  trunk: { name: string } | null;
};

export interface DialRuleView {
  id: string;
  scope: DialRuleScope;
  target: string;
  action: DialRuleAction;
  pattern: string;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function view(row: RuleRow): DialRuleView {
  return {
    id: row.id,
    scope: row.scope as DialRuleScope,
    target: row.agent?.extension ?? row.trunk?.name ?? row.team ?? '',
    action: row.action as DialRuleAction,
    pattern: row.pattern,
    note: row.note,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function checkPattern(pattern: string): void {
  const error = dialPatternError(pattern);
  if (error) throw new BadRequestError(error, 'BAD_PATTERN');
}

/** The foreign key of a scope's target; a target that does not exist is a 400, never a rule for nobody. */
async function scopeColumns(
  db: Db,
  scope: DialRuleScope,
  target: string,
): Promise<{ agentId: string } | { team: string } | { trunkId: string }> {
  if (scope === 'agent') {
    const agent = await db.agent.findUnique({ where: { extension: target }, select: { id: true } });
    if (!agent) throw new BadRequestError(`no agent has extension ${target}`, 'UNKNOWN_TARGET');
    return { agentId: agent.id };
  }
  if (scope === 'trunk') {
    const trunk = await db.trunk.findUnique({ where: { name: target }, select: { id: true } });
    if (!trunk) throw new BadRequestError(`no trunk is named ${target}`, 'UNKNOWN_TARGET');
    return { trunkId: trunk.id };
  }
  if (!(await db.agent.findFirst({ where: { team: target }, select: { id: true } })))
    throw new BadRequestError(`no agent is in team ${target}`, 'UNKNOWN_TARGET');
  return { team: target };
}

export async function listDialRules(
  db: Db,
  filter: { scope?: DialRuleScope | undefined; target?: string | undefined },
): Promise<DialRuleView[]> {
  const { scope, target } = filter;
  const rows = await db.outboundDialRule.findMany({
    where: {
      scope,
      ...(target !== undefined && {
        OR: [{ agent: { extension: target } }, { team: target }, { trunk: { name: target } }],
      }),
    },
    include: ruleInclude,
    orderBy: [{ scope: 'asc' }, { createdAt: 'asc' }],
  });
  return rows.map(view);
}

export async function createDialRule(
  db: Db,
  rule: {
    scope: DialRuleScope;
    target: string;
    action: DialRuleAction;
    pattern: string;
    note?: string | null;
  },
): Promise<DialRuleView> {
  checkPattern(rule.pattern);
  const columns = await scopeColumns(db, rule.scope, rule.target);
  const row = await db.outboundDialRule.create({
    data: {
      scope: rule.scope,
      action: rule.action,
      pattern: rule.pattern,
      note: rule.note ?? null,
      ...columns,
    },
    include: ruleInclude,
  });
  return view(row);
}

export async function updateDialRule(
  db: Db,
  id: string,
  patch: { action?: DialRuleAction; pattern?: string; note?: string | null },
): Promise<DialRuleView> {
  if (patch.pattern !== undefined) checkPattern(patch.pattern);
  if (!(await db.outboundDialRule.findUnique({ where: { id }, select: { id: true } })))
    throw new NotFoundError('dial rule', id);
  const row = await db.outboundDialRule.update({ where: { id }, data: patch, include: ruleInclude });
  return view(row);
}

export async function deleteDialRule(db: Db, id: string): Promise<void> {
  const { count } = await db.outboundDialRule.deleteMany({ where: { id } });
  if (count === 0) throw new NotFoundError('dial rule', id);
}

/** Outside calls counted per key in the clock hour of `now`. */
async function usage(db: Db, scope: 'agent' | 'trunk', now: number): Promise<Map<string, number>> {
  const rows = await db.outboundUsage.findMany({ where: { scope, hour: clockHour(now) } });
  return new Map(rows.map((r) => [r.key, r.calls]));
}

export interface AgentOutboundView {
  extension: string;
  agentId: string;
  team: string | null;
  mayDialOut: boolean;
  callsPerHour: number | null;
  callsThisHour: number;
}

const agentSelect = {
  id: true,
  extension: true,
  team: true,
  mayDialOut: true,
  outboundCallsPerHour: true,
} as const;

function agentView(
  a: {
    id: string;
    extension: string;
    team: string | null;
    mayDialOut: boolean;
    outboundCallsPerHour: number | null;
  },
  counts: Map<string, number>,
): AgentOutboundView {
  return {
    extension: a.extension,
    agentId: a.id,
    team: a.team,
    mayDialOut: a.mayDialOut,
    callsPerHour: a.outboundCallsPerHour,
    callsThisHour: counts.get(a.id) ?? 0,
  };
}

export async function listAgentOutbound(db: Db, now: number): Promise<AgentOutboundView[]> {
  const [agents, counts] = await Promise.all([
    db.agent.findMany({ select: agentSelect, orderBy: { extension: 'asc' } }),
    usage(db, 'agent', now),
  ]);
  return agents.map((a) => agentView(a, counts));
}

export async function setAgentOutbound(
  db: Db,
  extension: string,
  change: { mayDialOut?: boolean; callsPerHour?: number | null },
  now: number,
): Promise<AgentOutboundView> {
  const agent = await db.agent.findUnique({ where: { extension }, select: { id: true } });
  if (!agent) throw new NotFoundError('agent', extension);
  const updated = await db.agent.update({
    where: { id: agent.id },
    data: {
      ...(change.mayDialOut !== undefined && { mayDialOut: change.mayDialOut }),
      ...(change.callsPerHour !== undefined && { outboundCallsPerHour: change.callsPerHour }),
    },
    select: agentSelect,
  });
  return agentView(updated, await usage(db, 'agent', now));
}

export interface TrunkOutboundView {
  name: string;
  trunkId: string;
  callsPerHour: number | null;
  callsThisHour: number;
}

export async function listTrunkOutbound(db: Db, now: number): Promise<TrunkOutboundView[]> {
  const [trunks, counts] = await Promise.all([
    db.trunk.findMany({
      select: { id: true, name: true, outboundCallsPerHour: true },
      orderBy: { name: 'asc' },
    }),
    usage(db, 'trunk', now),
  ]);
  return trunks.map((t) => ({
    name: t.name,
    trunkId: t.id,
    callsPerHour: t.outboundCallsPerHour,
    callsThisHour: counts.get(t.id) ?? 0,
  }));
}

export async function setTrunkOutbound(
  db: Db,
  name: string,
  callsPerHour: number | null,
  now: number,
): Promise<TrunkOutboundView> {
  const trunk = await db.trunk.findUnique({ where: { name }, select: { id: true } });
  if (!trunk) throw new NotFoundError('trunk', name);
  const t = await db.trunk.update({
    where: { id: trunk.id },
    data: { outboundCallsPerHour: callsPerHour },
    select: { id: true, name: true, outboundCallsPerHour: true },
  });
  return {
    name: t.name,
    trunkId: t.id,
    callsPerHour: t.outboundCallsPerHour,
    callsThisHour: (await usage(db, 'trunk', now)).get(t.id) ?? 0,
  };
}

/** Stored refusals, newest first. */
export async function listRefusals(
  db: Db,
  filter: {
    from?: string | undefined;
    to?: string | undefined;
    extension?: string | undefined;
    reason?: string | undefined;
    kind?: 'call' | 'transfer' | undefined;
    trunk?: string | undefined;
    limit?: number | undefined;
  },
) {
  const { from, to } = filter;
  if (from && to && new Date(from) > new Date(to)) throw new BadRequestError('from is after to');
  return db.outboundRefusal.findMany({
    where: {
      extension: filter.extension,
      reason: filter.reason,
      kind: filter.kind,
      trunkName: filter.trunk,
      at: { gte: from ? new Date(from) : undefined, lte: to ? new Date(to) : undefined },
    },
    orderBy: { at: 'desc' },
    take: filter.limit ?? 100,
  });
}
