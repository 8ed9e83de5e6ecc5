import type { Db } from '@kefu/db';
import { dialPatternError, type DialRuleAction, type DialRuleScope } from '../../call/dial-rules.js';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { audited, type AuditActor, type Tx } from '../audit/audit-log.js';
import { clockHour } from './outbound-policy-store.js';

/**
 * The outbound policy's configuration (dial rules, who may dial out, hourly caps) and its
 * refusals, for the API. The call path reads the same rows for each call (nothing caches them),
 * so a change here applies to the next call on every server with nothing to publish. Every
 * change is audited here, before → after: `dial_rule.create`, `dial_rule.update`,
 * `dial_rule.delete` (the actions a configuration import writes too), `agent.outbound_update`
 * (may dial out, hourly cap) and `trunk.outbound_update` (hourly cap).
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
  db: Tx,
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

/** A rule as the audit log keeps it (what the API shows, without its timestamps). */
async function ruleSnapshot(tx: Tx, id: string) {
  const row = await tx.outboundDialRule.findUnique({ where: { id }, include: ruleInclude });
  if (!row) return null;
  const { id: ruleId, scope, target, action, pattern, note } = view(row);
  return { id: ruleId, scope, target, action, pattern, note };
}

const describeRule = (r: { action: string; pattern: string; scope: string; target: string }) =>
  `${r.action} ${r.pattern} for ${r.scope} ${r.target}`;

export async function createDialRule(
  db: Db,
  actor: AuditActor,
  rule: {
    scope: DialRuleScope;
    target: string;
    action: DialRuleAction;
    pattern: string;
    note?: string | null | undefined;
  },
): Promise<DialRuleView> {
  checkPattern(rule.pattern);
  return audited(db, actor, {
    action: 'dial_rule.create',
    snapshot: ruleSnapshot,
    idOf: (r: DialRuleView) => r.id,
    summary: (r) => `created dial rule: ${describeRule(r)}`,
    write: async (tx) => {
      const columns = await scopeColumns(tx, rule.scope, rule.target);
      const row = await tx.outboundDialRule.create({
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
    },
  });
}

export async function updateDialRule(
  db: Db,
  actor: AuditActor,
  id: string,
  patch: {
    action?: DialRuleAction | undefined;
    pattern?: string | undefined;
    note?: string | null | undefined;
  },
): Promise<DialRuleView> {
  if (patch.pattern !== undefined) checkPattern(patch.pattern);
  return audited(db, actor, {
    action: 'dial_rule.update',
    entityId: id,
    snapshot: ruleSnapshot,
    summary: (r, changed) => `changed dial rule ${describeRule(r)}: ${changed}`,
    write: async (tx) => {
      if (!(await tx.outboundDialRule.findUnique({ where: { id }, select: { id: true } })))
        throw new NotFoundError('dial rule', id);
      const row = await tx.outboundDialRule.update({
        where: { id },
        data: { action: patch.action, pattern: patch.pattern, note: patch.note },
        include: ruleInclude,
      });
      return view(row);
    },
  });
}

export async function deleteDialRule(db: Db, actor: AuditActor, id: string): Promise<void> {
  let deleted = '';
  await audited(db, actor, {
    action: 'dial_rule.delete',
    entityId: id,
    snapshot: ruleSnapshot,
    summary: () => `deleted dial rule: ${deleted}`,
    write: async (tx) => {
      const row = await ruleSnapshot(tx, id);
      if (!row) throw new NotFoundError('dial rule', id);
      deleted = describeRule(row);
      await tx.outboundDialRule.delete({ where: { id } });
    },
  });
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

/** An agent's outbound settings as the audit log keeps them. */
async function agentOutboundSnapshot(tx: Tx, agentId: string) {
  const a = await tx.agent.findUnique({
    where: { id: agentId },
    select: { extension: true, mayDialOut: true, outboundCallsPerHour: true },
  });
  return a && { extension: a.extension, mayDialOut: a.mayDialOut, callsPerHour: a.outboundCallsPerHour };
}

export async function setAgentOutbound(
  db: Db,
  actor: AuditActor,
  extension: string,
  change: { mayDialOut?: boolean | undefined; callsPerHour?: number | null | undefined },
  now: number,
): Promise<AgentOutboundView> {
  const agent = await db.agent.findUnique({ where: { extension }, select: { id: true } });
  if (!agent) throw new NotFoundError('agent', extension);
  type AgentRow = Parameters<typeof agentView>[0];
  const updated = await audited<AgentRow>(db, actor, {
    action: 'agent.outbound_update',
    entityId: agent.id,
    snapshot: agentOutboundSnapshot,
    summary: (_, changed) => `changed outbound calling of agent ${extension}: ${changed}`,
    write: async (tx) =>
      tx.agent.update({
        where: { id: agent.id },
        data: {
          ...(change.mayDialOut !== undefined && { mayDialOut: change.mayDialOut }),
          ...(change.callsPerHour !== undefined && { outboundCallsPerHour: change.callsPerHour }),
        },
        select: agentSelect,
      }),
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

/** A trunk's outbound cap as the audit log keeps it. */
async function trunkOutboundSnapshot(tx: Tx, trunkId: string) {
  const t = await tx.trunk.findUnique({
    where: { id: trunkId },
    select: { name: true, outboundCallsPerHour: true },
  });
  return t && { name: t.name, callsPerHour: t.outboundCallsPerHour };
}

export async function setTrunkOutbound(
  db: Db,
  actor: AuditActor,
  name: string,
  callsPerHour: number | null,
  now: number,
): Promise<TrunkOutboundView> {
  const trunk = await db.trunk.findUnique({ where: { name }, select: { id: true } });
  if (!trunk) throw new NotFoundError('trunk', name);
  const t = await audited<{ id: string; name: string; outboundCallsPerHour: number | null }>(db, actor, {
    action: 'trunk.outbound_update',
    entityId: trunk.id,
    snapshot: trunkOutboundSnapshot,
    summary: (_, changed) => `changed the outbound cap of trunk ${name}: ${changed}`,
    write: async (tx) =>
      tx.trunk.update({
        where: { id: trunk.id },
        data: { outboundCallsPerHour: callsPerHour },
        select: { id: true, name: true, outboundCallsPerHour: true },
      }),
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
