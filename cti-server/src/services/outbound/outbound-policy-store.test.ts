import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '@kefu/db';
import type { Acd } from '../../acd/index.js';
import type { OutboundPolicyStore } from '../../call/call-control-deps.js';
import { checkOutbound, type OutboundGuardDeps } from '../../call/outbound-guard.js';
import { SimulatedClock } from '../../clock/index.js';
import type { OutboundRefusedEvent } from '../../contract/socket-events.js';
import { createOutboundPolicyStore } from './outbound-policy-store.js';

const HOUR = 3_600_000;
/** 2026-03-02T09:00Z, a clock hour's start. */
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

let dir: string;
let db: Db;
const ids: Record<string, string> = {};

/** A fresh migrated SQLite database with agents 1001 (sales), 1002 (sales), 1011 (service), trunk demo. */
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kefu-outbound-'));
  const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
  await migrate(target);
  db = await openDatabase(target);
  for (const [extension, team] of [
    ['1001', 'sales'],
    ['1002', 'sales'],
    ['1011', 'service'],
  ] as const) {
    const user = await db.user.create({
      data: { username: `a${extension}`, displayName: extension, role: 'agent', passwordHash: '-' },
    });
    const agent = await db.agent.create({
      data: { userId: user.id, extension, sipRealm: 'kefu', sipHa1Md5: '-', sipHa1Sha256: '-', team },
    });
    ids[extension] = agent.id;
  }
  ids.demo = (await db.trunk.create({ data: { name: 'demo', host: '127.0.0.1', port: 5070 } })).id;
  ids.other = (await db.trunk.create({ data: { name: 'other', host: '127.0.0.1', port: 5080 } })).id;
});
afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.outboundDialRule.deleteMany();
  await db.outboundUsage.deleteMany();
  await db.outboundRefusal.deleteMany();
  await db.agent.updateMany({ data: { mayDialOut: true, outboundCallsPerHour: null } });
  await db.trunk.updateMany({ data: { outboundCallsPerHour: null } });
});

/** The guard's deps: every agent logged in and ready, the store on the database, a simulated clock. */
function guard(store: OutboundPolicyStore = createOutboundPolicyStore(db)) {
  const clock = new SimulatedClock(T0);
  const pushed: OutboundRefusedEvent[] = [];
  const logs: Array<{ level: string; message: string; data?: Record<string, unknown> }> = [];
  const deps: OutboundGuardDeps = {
    acd: { agentStatus: () => 'ready' } as unknown as Acd,
    agentIdOf: (extension) => ids[extension],
    clock,
    events: { outboundRefused: (e) => void pushed.push(e) },
    log: (level, message, data) => void logs.push({ level, message, ...(data && { data }) }),
    outboundPolicy: { region: 'CN', allowInternational: false, allowPremium: false, allowSharedCost: true },
    outboundStore: store,
  };
  const dial = async (extension: string, number: string, trunkName: string | undefined = 'demo') => {
    const d = await checkOutbound(deps, {
      number,
      extension,
      kind: 'call',
      trunkName,
      callId: `call-${number}`,
    });
    return d.allow ? `allow ${d.kind}` : `deny ${d.reason}`;
  };
  return { clock, pushed, logs, dial };
}

/** Stored refusals are written without holding up the 403: wait for them. */
async function refusals(count: number) {
  for (let i = 0; i < 100; i++) {
    const rows = await db.outboundRefusal.findMany({ orderBy: { at: 'asc' } });
    if (rows.length >= count) return rows;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`fewer than ${count} refusals stored`);
}

describe('outbound policy store (dial rules read for each call)', () => {
  it("loads the agent's, their team's and the trunk's rules and no one else's", async () => {
    await db.outboundDialRule.createMany({
      data: [
        { scope: 'agent', agentId: ids['1001']!, action: 'allow', pattern: '+44*' },
        { scope: 'agent', agentId: ids['1002']!, action: 'allow', pattern: '+33*' },
        { scope: 'team', team: 'sales', action: 'deny', pattern: '+86139*' },
        { scope: 'team', team: 'service', action: 'deny', pattern: '+86138*' },
        { scope: 'trunk', trunkId: ids.demo!, action: 'deny', pattern: '+8610*' },
        { scope: 'trunk', trunkId: ids.other!, action: 'deny', pattern: '+8621*' },
      ],
    });
    const context = await createOutboundPolicyStore(db).load({ agentId: ids['1001'], trunkName: 'demo' });
    expect(context.rules.map((r) => `${r.scope} ${r.action} ${r.pattern}`).sort()).toEqual([
      'agent allow +44*',
      'team deny +86139*',
      'trunk deny +8610*',
    ]);
    expect(context).toMatchObject({ mayDialOut: true, agentCallsPerHour: null, trunkCallsPerHour: null });
  });

  it('a rule added or removed applies to the next call; a deny is stored with its rule', async () => {
    const { dial, pushed } = guard();
    expect(await dial('1001', '13912345678')).toBe('allow national');
    const rule = await db.outboundDialRule.create({
      data: { scope: 'team', team: 'sales', action: 'deny', pattern: '+86139*' },
    });
    expect(await dial('1001', '13912345678')).toBe('deny denied_by_rule');
    expect(await dial('1011', '13912345678')).toBe('allow national');
    const [stored] = await refusals(1);
    expect(stored).toMatchObject({
      agentId: ids['1001'],
      extension: '1001',
      number: '13912345678',
      e164: '+8613912345678',
      reason: 'denied_by_rule',
      kind: 'call',
      trunkName: 'demo',
      ruleId: rule.id,
      rulePattern: '+86139*',
      callId: 'call-13912345678',
    });
    expect(pushed).toEqual([
      expect.objectContaining({
        reason: 'denied_by_rule',
        trunk: 'demo',
        rule: { id: rule.id, scope: 'team', pattern: '+86139*' },
      }),
    ]);
    await db.outboundDialRule.delete({ where: { id: rule.id } });
    expect(await dial('1001', '13912345678')).toBe('allow national');
  });

  it('an agent not allowed to dial out is refused, emergency numbers still go out', async () => {
    await db.agent.update({ where: { id: ids['1002']! }, data: { mayDialOut: false } });
    const { dial, logs } = guard();
    expect(await dial('1002', '13800138000')).toBe('deny not_permitted');
    expect(await dial('1002', '110')).toBe('allow emergency');
    expect(logs.find((l) => l.message === 'emergency call')?.data).toMatchObject({
      extension: '1002',
      number: '110',
    });
  });
});

describe('hourly caps (counted in the database, on the clock hour of the injected clock)', () => {
  it("refuses the agent's call past their cap until the next clock hour", async () => {
    await db.agent.update({ where: { id: ids['1001']! }, data: { outboundCallsPerHour: 2 } });
    const { dial, clock } = guard();
    clock.advance(10 * 60_000);
    expect(await dial('1001', '13800138000')).toBe('allow national');
    expect(await dial('1001', '13800138001')).toBe('allow national');
    expect(await dial('1001', '13800138002')).toBe('deny agent_hourly_cap');
    // Another agent has their own count.
    expect(await dial('1002', '13800138003')).toBe('allow national');
    // Refused calls are not counted; emergency calls are neither counted nor capped.
    expect(await dial('1001', '110')).toBe('allow emergency');
    clock.advanceTo(T0 + HOUR - 1);
    expect(await dial('1001', '13800138004')).toBe('deny agent_hourly_cap');
    clock.advanceTo(T0 + HOUR);
    expect(await dial('1001', '13800138005')).toBe('allow national');
    const usage = await db.outboundUsage.findMany({
      where: { scope: 'agent', key: ids['1001']! },
      orderBy: { hour: 'asc' },
    });
    expect(usage.map((u) => u.calls)).toEqual([2, 1]);
    expect((await refusals(2)).map((r) => r.reason)).toEqual(['agent_hourly_cap', 'agent_hourly_cap']);
  });

  it("refuses past the trunk's cap whoever dials, and gives the agent's count back", async () => {
    await db.trunk.update({ where: { id: ids.demo! }, data: { outboundCallsPerHour: 1 } });
    await db.agent.update({ where: { id: ids['1002']! }, data: { outboundCallsPerHour: 5 } });
    const { dial } = guard();
    expect(await dial('1001', '13800138000')).toBe('allow national');
    expect(await dial('1002', '13800138001')).toBe('deny trunk_hourly_cap');
    // Another trunk is not capped.
    expect(await dial('1002', '13800138001', 'other')).toBe('allow national');
    const agent = await db.outboundUsage.findFirst({ where: { scope: 'agent', key: ids['1002']! } });
    expect(agent?.calls).toBe(1);
  });

  it('a cap set during an hour counts the calls already placed in it', async () => {
    const { dial } = guard();
    expect(await dial('1011', '13800138000')).toBe('allow national');
    await db.agent.update({ where: { id: ids['1011']! }, data: { outboundCallsPerHour: 1 } });
    expect(await dial('1011', '13800138001')).toBe('deny agent_hourly_cap');
  });

  it('a store that cannot answer refuses (policy_unavailable), except emergency numbers', async () => {
    const broken: OutboundPolicyStore = {
      load: () => Promise.reject(new Error('database is locked')),
      count: () => Promise.reject(new Error('database is locked')),
      refused: () => Promise.resolve(),
    };
    const { dial, logs } = guard(broken);
    expect(await dial('1001', '13800138000')).toBe('deny policy_unavailable');
    expect(await dial('1001', '120')).toBe('allow emergency');
    expect(logs.find((l) => l.message === 'outbound policy unavailable')?.level).toBe('error');
  });
});
