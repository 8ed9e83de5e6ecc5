import type { Db } from '@kefu/db';
import type { OutboundPolicyContext, OutboundPolicyStore } from '../../call/call-control-deps.js';
import type { DialRule, DialRuleAction, DialRuleScope } from '../../call/dial-rules.js';

const HOUR_MS = 3_600_000;
/** Counts older than this many hours are deleted now and then (reports read OutboundRefusal). */
const KEEP_HOURS = 48;
/** Counting without a cap (an INTEGER column's largest value). */
const NO_CAP = 2_147_483_647;

/** The clock hour of `ms`: whole hours since 1970-01-01T00:00Z (OutboundUsage.hour). */
export function clockHour(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

type RuleRow = { id: string; scope: string; action: string; pattern: string };

export function toDialRule(row: RuleRow): DialRule {
  return {
    id: row.id,
    scope: row.scope as DialRuleScope,
    action: row.action as DialRuleAction,
    pattern: row.pattern,
  };
}

/**
 * The outbound policy's shared state on the database (every server of a cluster reads and counts
 * the same): the rules and caps of one agent, their team and one trunk, read for each call (an
 * outside call by an agent is a person dialling: three indexed reads are nothing next to it, and
 * no cache can then be stale), hourly counts taken with one conditional upsert each, and refusals.
 */
export function createOutboundPolicyStore(db: Db): OutboundPolicyStore {
  let prunedHour = -1;

  /**
   * Counts one call for (scope, key) in `hour` unless `cap` is already reached; true when counted.
   * One statement, so two servers cannot both take the last call of an hour: the insert makes the
   * hour's row, the conflict clause adds one only while below the cap (SQLite ≥ 3.24 and
   * PostgreSQL share this syntax; a skipped update reports no row changed on both).
   */
  const take = async (scope: 'agent' | 'trunk', key: string, cap: number, hour: number): Promise<boolean> => {
    if (cap < 1) return false;
    const changed = await db.$executeRaw`
      INSERT INTO "OutboundUsage" ("scope", "key", "hour", "calls") VALUES (${scope}, ${key}, ${hour}, 1)
      ON CONFLICT ("scope", "key", "hour") DO UPDATE SET "calls" = "OutboundUsage"."calls" + 1
      WHERE "OutboundUsage"."calls" < ${cap}`;
    return changed > 0;
  };
  const giveBack = (scope: 'agent' | 'trunk', key: string, hour: number) =>
    db.$executeRaw`
      UPDATE "OutboundUsage" SET "calls" = "calls" - 1
      WHERE "scope" = ${scope} AND "key" = ${key} AND "hour" = ${hour} AND "calls" > 0`;

  return {
    async load({ agentId, trunkName }): Promise<OutboundPolicyContext> {
      const [agent, trunk] = await Promise.all([
        agentId
          ? db.agent.findUnique({
              where: { id: agentId },
              select: { team: true, mayDialOut: true, outboundCallsPerHour: true },
            })
          : null,
        trunkName
          ? db.trunk.findUnique({
              where: { name: trunkName },
              select: { id: true, outboundCallsPerHour: true },
            })
          : null,
      ]);
      const scopes = [
        ...(agentId ? [{ scope: 'agent', agentId }] : []),
        ...(agent?.team ? [{ scope: 'team', team: agent.team }] : []),
        ...(trunk ? [{ scope: 'trunk', trunkId: trunk.id }] : []),
      ];
      const rules = scopes.length
        ? await db.outboundDialRule.findMany({
            where: { OR: scopes },
            select: { id: true, scope: true, action: true, pattern: true },
          })
        : [];
      return {
        mayDialOut: agent?.mayDialOut ?? true,
        rules: rules.map(toDialRule),
        agentCallsPerHour: agent?.outboundCallsPerHour ?? null,
        trunkCallsPerHour: trunk?.outboundCallsPerHour ?? null,
      };
    },

    async count({ agentId, agentCap, trunkName, trunkCap, at }) {
      const hour = clockHour(at);
      if (hour !== prunedHour) {
        prunedHour = hour;
        await db.outboundUsage.deleteMany({ where: { hour: { lt: hour - KEEP_HOURS } } });
      }
      // Counted with or without a cap, so a cap set during an hour counts that hour's calls.
      if (agentId !== undefined && !(await take('agent', agentId, agentCap ?? NO_CAP, hour)))
        return 'agent_hourly_cap';
      if (trunkName !== undefined) {
        const trunk = await db.trunk.findUnique({ where: { name: trunkName }, select: { id: true } });
        if (trunk && !(await take('trunk', trunk.id, trunkCap ?? NO_CAP, hour))) {
          // The call does not go out: the agent's count taken above is given back.
          if (agentId !== undefined) await giveBack('agent', agentId, hour);
          return 'trunk_hourly_cap';
        }
      }
      return 'counted';
    },

    async refused(refusal) {
      await db.outboundRefusal.create({ data: refusal });
    },
  };
}
