import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AuditPage, DialRuleView, OutboundCheckResult } from '@kefu/cti-server/contract';
import { createOutboundPolicyStore } from '@kefu/cti-server/services/outbound/outbound-policy-store';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Who = Awaited<ReturnType<typeof loginAs>>;

/**
 * The outbound policy's administration (issue 14): every change is in the audit log with the
 * entity before → after, and the pattern tester (POST /api/outbound/check) gives the call path's
 * decision and the rule that decided, without counting or storing anything.
 */
describe.each(PROVIDERS)('outbound administration on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Who;
  let supervisor: Who;
  let agent: Who;
  let marketing: Who;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 5);
    app = await buildTestApp(tdb.db);
    admin = await loginAs(app, 'admin');
    supervisor = await loginAs(app, 'sup1');
    agent = await loginAs(app, '1001');
    marketing = await loginAs(app, 'mkt1');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: Who, payload?: object) =>
    app.inject({ method, url, headers: who.headers, ...(payload && { payload }) });
  const audit = async (query: string): Promise<AuditPage['entries']> => {
    const res = await call('GET', `/api/admin/audit?${query}`, admin);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as AuditPage).entries;
  };
  const check = async (body: object, who = admin): Promise<OutboundCheckResult> => {
    const res = await call('POST', '/api/outbound/check', who, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('audits creating, changing and deleting a dial rule with before → after', async () => {
    const created = await call('POST', '/api/outbound/rules', admin, {
      scope: 'team',
      target: 'sales',
      action: 'deny',
      pattern: '+86139*',
      note: 'no 139 mobiles',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json() as DialRuleView;
    const changed = await call('PATCH', `/api/outbound/rules/${rule.id}`, admin, {
      action: 'allow',
      pattern: '+86138*',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await call('DELETE', `/api/outbound/rules/${rule.id}`, admin)).statusCode).toBe(204);

    const entries = await audit(`entity=dial_rule&entityId=${rule.id}`);
    expect(entries.map((e) => e.action)).toEqual([
      'dial_rule.delete',
      'dial_rule.update',
      'dial_rule.create',
    ]);
    const [deleted, updated, create] = entries;
    const snapshot = {
      id: rule.id,
      scope: 'team',
      target: 'sales',
      action: 'deny',
      pattern: '+86139*',
      note: 'no 139 mobiles',
    };
    expect(create).toMatchObject({ actor: { username: 'admin' }, before: null, after: snapshot });
    expect(create!.summary).toBe('created dial rule: deny +86139* for team sales');
    expect(updated).toMatchObject({
      before: snapshot,
      after: { ...snapshot, action: 'allow', pattern: '+86138*' },
    });
    expect(updated!.summary).toContain('action, pattern');
    expect(deleted).toMatchObject({
      before: { ...snapshot, action: 'allow', pattern: '+86138*' },
      after: null,
      summary: 'deleted dial rule: allow +86138* for team sales',
    });
  });

  it('writes nothing to the audit log for a refused change', async () => {
    const before = (await audit('entity=dial_rule')).length;
    const bad = await call('POST', '/api/outbound/rules', admin, {
      scope: 'agent',
      target: '9999',
      action: 'deny',
      pattern: '*',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('no agent has extension 9999');
    const badPattern = await call('POST', '/api/outbound/rules', admin, {
      scope: 'team',
      target: 'sales',
      action: 'deny',
      pattern: '139*',
    });
    expect(badPattern.statusCode).toBe(400);
    expect(badPattern.json().code).toBe('BAD_PATTERN');
    expect((await call('DELETE', '/api/outbound/rules/nope', admin)).statusCode).toBe(404);
    expect(await audit('entity=dial_rule')).toHaveLength(before);
  });

  it("audits an agent's right to dial out and the hourly caps of agents and trunks", async () => {
    const set = await call('PATCH', '/api/outbound/agents/1003', admin, {
      mayDialOut: false,
      callsPerHour: 4,
    });
    expect(set.statusCode, set.body).toBe(200);
    const agentId = set.json().agentId as string;
    const [agentEntry] = await audit(`action=agent.outbound_update&entityId=${agentId}`);
    expect(agentEntry).toMatchObject({
      entity: 'agent',
      actor: { username: 'admin' },
      before: { extension: '1003', mayDialOut: true, callsPerHour: null },
      after: { extension: '1003', mayDialOut: false, callsPerHour: 4 },
    });
    expect(agentEntry!.summary).toBe('changed outbound calling of agent 1003: callsPerHour, mayDialOut');

    const trunk = await call('PATCH', '/api/outbound/trunks/demo', admin, { callsPerHour: 30 });
    expect(trunk.statusCode, trunk.body).toBe(200);
    const [trunkEntry] = await audit(`action=trunk.outbound_update&entityId=${trunk.json().trunkId}`);
    expect(trunkEntry).toMatchObject({
      entity: 'trunk',
      before: { name: 'demo', callsPerHour: null },
      after: { name: 'demo', callsPerHour: 30 },
      summary: 'changed the outbound cap of trunk demo: callsPerHour',
    });
    await call('PATCH', '/api/outbound/agents/1003', admin, { mayDialOut: true, callsPerHour: null });
    await call('PATCH', '/api/outbound/trunks/demo', admin, { callsPerHour: null });
  });

  it('tells whether a number from an agent would go out, and which rule decided', async () => {
    // Nothing configured: the centre's defaults (a national mobile goes out, another country not).
    const mobile = await check({ number: '+86 138-0013-8000', extension: '1001', trunk: 'demo' });
    expect(mobile).toMatchObject({
      allowed: true,
      reason: null,
      decidedBy: 'defaults',
      kind: 'national',
      e164: '+8613800138000',
      numberType: 'MOBILE',
      rule: null,
      trunk: 'demo',
      agent: { extension: '1001', team: 'sales', mayDialOut: true, loggedIn: false },
    });
    expect(await check({ number: '+442079460000', extension: '1001', trunk: 'demo' })).toMatchObject({
      allowed: false,
      reason: 'international',
      decidedBy: 'defaults',
    });
    expect(await check({ number: '120', extension: '1001' })).toMatchObject({
      allowed: true,
      decidedBy: 'emergency',
      kind: 'emergency',
    });
    expect(await check({ number: '12', extension: '1001', trunk: 'demo' })).toMatchObject({
      allowed: false,
      reason: 'invalid_number',
      decidedBy: 'number',
    });

    // A team deny, an agent allow above it (the most specific scope decides).
    const deny = (
      await call('POST', '/api/outbound/rules', admin, {
        scope: 'team',
        target: 'sales',
        action: 'deny',
        pattern: '+86138*',
      })
    ).json() as DialRuleView;
    const denied = await check({ number: '+8613800138000', extension: '1001', trunk: 'demo' });
    expect(denied).toMatchObject({
      allowed: false,
      reason: 'denied_by_rule',
      decidedBy: 'rule',
      rule: { id: deny.id, scope: 'team', target: 'sales', action: 'deny', pattern: '+86138*' },
    });
    const allow = (
      await call('POST', '/api/outbound/rules', admin, {
        scope: 'agent',
        target: '1001',
        action: 'allow',
        pattern: '+8613800138000',
        note: 'the customer who calls back',
      })
    ).json() as DialRuleView;
    expect(
      await check({ number: '+8613800138000', extension: '1001', trunk: 'demo' }, supervisor),
    ).toMatchObject({
      allowed: true,
      decidedBy: 'rule',
      rule: { id: allow.id, scope: 'agent', target: '1001', note: 'the customer who calls back' },
    });
    // Another sales agent still meets the team's deny.
    expect(await check({ number: '+8613800138000', extension: '1002', trunk: 'demo' })).toMatchObject({
      allowed: false,
      rule: { id: deny.id },
    });
    // An agent who may not dial out.
    await call('PATCH', '/api/outbound/agents/1004', admin, { mayDialOut: false });
    expect(await check({ number: '+8613900139000', extension: '1004', trunk: 'demo' })).toMatchObject({
      allowed: false,
      reason: 'not_permitted',
      decidedBy: 'agent',
      agent: { mayDialOut: false },
    });
    await call('PATCH', '/api/outbound/agents/1004', admin, { mayDialOut: true });
    for (const r of [deny, allow]) await call('DELETE', `/api/outbound/rules/${r.id}`, admin);
  });

  it('reads the hourly caps as they stand and counts nothing itself', async () => {
    const set = await call('PATCH', '/api/outbound/agents/1005', admin, { callsPerHour: 1 });
    const agentId = set.json().agentId as string;
    const body = { number: '+8613800138000', extension: '1005', trunk: 'demo' };
    expect(await check(body)).toMatchObject({ allowed: true, agent: { callsPerHour: 1, callsThisHour: 0 } });
    expect(await check(body)).toMatchObject({ allowed: true, agent: { callsThisHour: 0 } });
    const store = createOutboundPolicyStore(tdb.db);
    expect(
      await store.count({ agentId, agentCap: 1, trunkName: 'demo', trunkCap: null, at: Date.now() }),
    ).toBe('counted');
    expect(await check(body)).toMatchObject({
      allowed: false,
      reason: 'agent_hourly_cap',
      decidedBy: 'cap',
      agent: { callsPerHour: 1, callsThisHour: 1 },
      trunkCap: { callsPerHour: null, callsThisHour: 1 },
    });
    // No refusal was stored by the tester.
    const refusals = await call('GET', '/api/outbound/refusals?extension=1005', admin);
    expect(refusals.json()).toEqual([]);
  });

  it('refuses an unknown agent or trunk with 400, and agents and marketing with 403', async () => {
    const unknown = await call('POST', '/api/outbound/check', admin, {
      number: '+8613800138000',
      extension: '9999',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_AGENT', message: 'no agent has extension 9999' });
    const trunk = await call('POST', '/api/outbound/check', admin, {
      number: '+8613800138000',
      extension: '1001',
      trunk: 'nope',
    });
    expect(trunk.statusCode).toBe(400);
    expect(trunk.json().code).toBe('UNKNOWN_TRUNK');
    for (const who of [agent, marketing])
      expect(
        (await call('POST', '/api/outbound/check', who, { number: '+8613800138000', extension: '1001' }))
          .statusCode,
      ).toBe(403);
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toContain('/api/outbound/check');
  });
});
