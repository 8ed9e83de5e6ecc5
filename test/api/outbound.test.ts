import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DialRuleView, OutboundRefusalView } from '@kefu/cti-server/contract';
import { createOutboundPolicyStore } from '@kefu/cti-server/services/outbound/outbound-policy-store';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

/** The outbound policy's API (toll-fraud guard): admins configure it, supervisors read it. */
describe.each(PROVIDERS)('outbound policy API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  let supervisor: Awaited<ReturnType<typeof loginAs>>;
  let agent: Awaited<ReturnType<typeof loginAs>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 5);
    app = await buildTestApp(tdb.db);
    admin = await loginAs(app, 'admin');
    supervisor = await loginAs(app, 'sup1');
    agent = await loginAs(app, '1001');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const post = (payload: unknown, who = admin) =>
    app.inject({
      method: 'POST',
      url: '/api/outbound/rules',
      headers: who.headers,
      payload: payload as object,
    });

  it('creates, lists, changes and deletes rules for an agent, a team and a trunk', async () => {
    const created: DialRuleView[] = [];
    for (const body of [
      { scope: 'team', target: 'sales', action: 'deny', pattern: '+86139*', note: 'no mobiles from sales' },
      { scope: 'agent', target: '1001', action: 'allow', pattern: '+44*' },
      { scope: 'trunk', target: 'demo', action: 'deny', pattern: '*' },
    ]) {
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(201);
      created.push(res.json());
    }
    expect(created[0]).toMatchObject({
      scope: 'team',
      target: 'sales',
      action: 'deny',
      note: 'no mobiles from sales',
    });
    expect(created[1]).toMatchObject({ scope: 'agent', target: '1001', note: null });

    const all = await app.inject({ url: '/api/outbound/rules', headers: supervisor.headers });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toHaveLength(3);
    const sales = await app.inject({ url: '/api/outbound/rules?target=sales', headers: supervisor.headers });
    expect(sales.json().map((r: DialRuleView) => r.pattern)).toEqual(['+86139*']);
    const trunks = await app.inject({ url: '/api/outbound/rules?scope=trunk', headers: admin.headers });
    expect(trunks.json().map((r: DialRuleView) => r.target)).toEqual(['demo']);

    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/outbound/rules/${created[2]!.id}`,
      headers: admin.headers,
      payload: { pattern: '+1900*', note: null },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ pattern: '+1900*', action: 'deny', target: 'demo' });

    for (const rule of created) {
      const del = await app.inject({
        method: 'DELETE',
        url: `/api/outbound/rules/${rule.id}`,
        headers: admin.headers,
      });
      expect(del.statusCode).toBe(204);
    }
    const gone = await app.inject({
      method: 'DELETE',
      url: `/api/outbound/rules/${created[0]!.id}`,
      headers: admin.headers,
    });
    expect(gone.statusCode).toBe(404);
    expect((await app.inject({ url: '/api/outbound/rules', headers: admin.headers })).json()).toEqual([]);
  });

  it('refuses bad input with 400 and a message that says what is wrong, never 500', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ scope: 'team', target: 'sales', action: 'deny', pattern: '8610*' }, 'BAD_PATTERN', /"\+<digits>\*"/],
      [
        { scope: 'team', target: 'sales', action: 'deny', pattern: '+86 10*' },
        'BAD_PATTERN',
        /not a dial rule pattern/,
      ],
      [
        { scope: 'agent', target: '9999', action: 'deny', pattern: '*' },
        'UNKNOWN_TARGET',
        /no agent has extension 9999/,
      ],
      [
        { scope: 'team', target: 'nobody', action: 'deny', pattern: '*' },
        'UNKNOWN_TARGET',
        /no agent is in team nobody/,
      ],
      [
        { scope: 'trunk', target: 'nope', action: 'deny', pattern: '*' },
        'UNKNOWN_TARGET',
        /no trunk is named nope/,
      ],
      [{ scope: 'queue', target: 'sales', action: 'deny', pattern: '*' }, 'FST_ERR_VALIDATION', /scope/],
      [{ scope: 'team', target: 'sales', action: 'block', pattern: '*' }, 'FST_ERR_VALIDATION', /action/],
      [{ scope: 'team', target: 'sales', action: 'deny' }, 'FST_ERR_VALIDATION', /pattern/],
    ];
    for (const [payload, code, message] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code ?? '', JSON.stringify(payload)).toBeTruthy();
      if (code !== 'FST_ERR_VALIDATION') expect(res.json().code).toBe(code);
      expect(res.json().message).toMatch(message);
    }
    const rule = (
      await post({ scope: 'team', target: 'sales', action: 'deny', pattern: '*' })
    ).json() as DialRuleView;
    const badPatch = await app.inject({
      method: 'PATCH',
      url: `/api/outbound/rules/${rule.id}`,
      headers: admin.headers,
      payload: { pattern: '+44**' },
    });
    expect(badPatch.statusCode).toBe(400);
    const empty = await app.inject({
      method: 'PATCH',
      url: `/api/outbound/rules/${rule.id}`,
      headers: admin.headers,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    await app.inject({ method: 'DELETE', url: `/api/outbound/rules/${rule.id}`, headers: admin.headers });
    const cap = await app.inject({
      method: 'PATCH',
      url: '/api/outbound/agents/1001',
      headers: admin.headers,
      payload: { callsPerHour: 0 },
    });
    expect(cap.statusCode).toBe(400);
    const badDate = await app.inject({
      url: '/api/outbound/refusals?from=yesterday',
      headers: admin.headers,
    });
    expect(badDate.statusCode).toBe(400);
  });

  it('lets only admins write and supervisors read; agents neither', async () => {
    expect(
      (await post({ scope: 'team', target: 'sales', action: 'deny', pattern: '*' }, supervisor)).statusCode,
    ).toBe(403);
    expect((await app.inject({ url: '/api/outbound/rules', headers: agent.headers })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/outbound/refusals', headers: agent.headers })).statusCode).toBe(
      403,
    );
    const cap = await app.inject({
      method: 'PATCH',
      url: '/api/outbound/trunks/demo',
      headers: supervisor.headers,
      payload: { callsPerHour: 5 },
    });
    expect(cap.statusCode).toBe(403);
    expect((await app.inject({ url: '/api/outbound/trunks', headers: supervisor.headers })).statusCode).toBe(
      200,
    );
  });

  it('sets who may dial out and the hourly caps, and shows the calls counted this hour', async () => {
    const set = await app.inject({
      method: 'PATCH',
      url: '/api/outbound/agents/1002',
      headers: admin.headers,
      payload: { mayDialOut: false, callsPerHour: 3 },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      extension: '1002',
      team: 'sales',
      mayDialOut: false,
      callsPerHour: 3,
      callsThisHour: 0,
    });
    const trunk = await app.inject({
      method: 'PATCH',
      url: '/api/outbound/trunks/demo',
      headers: admin.headers,
      payload: { callsPerHour: 2 },
    });
    expect(trunk.json()).toMatchObject({ name: 'demo', callsPerHour: 2, callsThisHour: 0 });
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: '/api/outbound/agents/9999',
          headers: admin.headers,
          payload: { mayDialOut: true },
        })
      ).statusCode,
    ).toBe(404);

    // The database's own counting (the conditional upsert) on this provider: the cap holds.
    const store = createOutboundPolicyStore(tdb.db);
    const agentId = set.json().agentId as string;
    const attempt = { agentId, agentCap: 3, trunkName: 'demo', trunkCap: 2, at: Date.now() };
    expect(await store.count(attempt)).toBe('counted');
    expect(await store.count(attempt)).toBe('counted');
    expect(await store.count(attempt)).toBe('trunk_hourly_cap');
    expect(await store.count({ ...attempt, trunkName: undefined })).toBe('counted');
    expect(await store.count({ ...attempt, trunkName: undefined })).toBe('agent_hourly_cap');
    const agents = (await app.inject({ url: '/api/outbound/agents', headers: supervisor.headers })).json();
    expect(agents.find((a: { extension: string }) => a.extension === '1002')).toMatchObject({
      callsThisHour: 3,
    });
    const trunks = (await app.inject({ url: '/api/outbound/trunks', headers: supervisor.headers })).json();
    expect(trunks.find((t: { name: string }) => t.name === 'demo')).toMatchObject({
      callsPerHour: 2,
      callsThisHour: 2,
    });

    const cleared = await app.inject({
      method: 'PATCH',
      url: '/api/outbound/agents/1002',
      headers: admin.headers,
      payload: { mayDialOut: true, callsPerHour: null },
    });
    expect(cleared.json()).toMatchObject({ mayDialOut: true, callsPerHour: null });
  });

  it('lists stored refusals newest first, filtered by agent, reason, kind, trunk and time', async () => {
    const store = createOutboundPolicyStore(tdb.db);
    const base = {
      agentId: null,
      e164: null,
      trunkName: 'demo',
      ruleId: null,
      rulePattern: null,
      callId: null,
    };
    await store.refused({
      ...base,
      at: new Date('2026-03-02T09:00:00Z'),
      extension: '1001',
      number: '00442079460000',
      reason: 'international',
      kind: 'call',
    });
    await store.refused({
      ...base,
      at: new Date('2026-03-02T10:00:00Z'),
      extension: '1002',
      number: '13912345678',
      reason: 'denied_by_rule',
      kind: 'transfer',
      ruleId: 'r1',
      rulePattern: '+86139*',
    });
    await store.refused({
      ...base,
      at: new Date('2026-03-02T11:00:00Z'),
      extension: '1001',
      number: '13800138000',
      reason: 'agent_hourly_cap',
      kind: 'call',
    });
    const list = async (query: string) => {
      const res = await app.inject({ url: `/api/outbound/refusals${query}`, headers: supervisor.headers });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as OutboundRefusalView[]).map((r) => r.reason);
    };
    expect(await list('')).toEqual(['agent_hourly_cap', 'denied_by_rule', 'international']);
    expect(await list('?extension=1001')).toEqual(['agent_hourly_cap', 'international']);
    expect(await list('?reason=denied_by_rule&kind=transfer&trunk=demo')).toEqual(['denied_by_rule']);
    expect(await list('?from=2026-03-02T09:30:00Z&to=2026-03-02T10:30:00Z')).toEqual(['denied_by_rule']);
    expect(await list('?limit=1')).toEqual(['agent_hourly_cap']);
    const [one] = (
      await app.inject({ url: '/api/outbound/refusals?reason=denied_by_rule', headers: admin.headers })
    ).json();
    expect(one).toMatchObject({
      extension: '1002',
      number: '13912345678',
      ruleId: 'r1',
      rulePattern: '+86139*',
      at: '2026-03-02T10:00:00.000Z',
    });
    const reversed = await app.inject({
      url: '/api/outbound/refusals?from=2026-03-02T11:00:00Z&to=2026-03-02T09:00:00Z',
      headers: admin.headers,
    });
    expect(reversed.statusCode).toBe(400);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    for (const p of [
      '/api/outbound/rules',
      '/api/outbound/rules/{id}',
      '/api/outbound/agents/{extension}',
      '/api/outbound/trunks/{name}',
      '/api/outbound/refusals',
    ])
      expect(Object.keys(doc.paths), p).toContain(p);
  });
});
