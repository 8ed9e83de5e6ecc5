import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;
type Offer = { ruleId: string; name: string; pitch: string; language: string; product: { sku: string } };

describe.each(PROVIDERS)('cross-sell API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let agent: Login;
  let sup: Login;
  let mkt: Login;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    [agent, sup, mkt] = await Promise.all([loginAs(app, '1012'), loginAs(app, 'sup1'), loginAs(app, 'mkt1')]);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const offers = async (customerId: string, query = '', who = agent) => {
    const res = await app.inject({
      url: `/api/customers/${customerId}/offers${query}`,
      headers: who.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Offer[];
  };
  const record = (customerId: string, ruleId: string, payload: object, who = agent) =>
    app.inject({
      method: 'POST',
      url: `/api/customers/${customerId}/offers/${ruleId}`,
      headers: who.headers,
      payload,
    });
  const ruleId = async (name: string) =>
    (await tdb.db.crossSellRule.findFirstOrThrow({ where: { name }, select: { id: true } })).id;

  it('offers a VIP with an open complaint only the service-recovery gesture, in the asked language', async () => {
    const zh = await offers('cus_0000000');
    expect(zh.map((o) => o.name)).toEqual(['Service recovery: VIP with open complaint → free cloud backup']);
    expect(zh[0]).toMatchObject({ language: 'zh-CN', pitch: expect.stringMatching(/云备份/) });
    expect(zh[0]?.product.sku).toBe('KF-CLOUD-1Y');
    const en = await offers('cus_0000000', '?lang=en');
    expect(en[0]).toMatchObject({ language: 'en', pitch: expect.stringMatching(/cloud backup/) });
  });

  it('offers the distributor the switch bundle, by priority, and not again once accepted', async () => {
    const list = await offers('cus_0000001');
    expect(list[0]?.name).toBe('Distributors → 24-port switch bundle');
    const priorities = await tdb.db.crossSellRule.findMany({
      where: { id: { in: list.map((o) => o.ruleId) } },
      select: { id: true, priority: true },
    });
    const byId = new Map(priorities.map((p) => [p.id, p.priority]));
    const order = list.map((o) => byId.get(o.ruleId) ?? 0);
    expect(order).toEqual([...order].sort((a, b) => b - a));

    const call = await tdb.db.interaction.findFirstOrThrow({ select: { callId: true, id: true } });
    const accepted = await record('cus_0000001', list[0]!.ruleId, {
      outcome: 'accepted',
      callId: call.callId,
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      outcome: 'accepted',
      customerId: 'cus_0000001',
      agentId: agent.user.agentId,
      interactionId: call.id,
    });
    expect((await offers('cus_0000001')).map((o) => o.ruleId)).not.toContain(list[0]!.ruleId);
  });

  it('a declined offer is offered again another day', async () => {
    const rule = await ruleId('Service recovery: VIP with open complaint → free cloud backup');
    expect((await record('cus_0000000', rule, { outcome: 'declined' })).statusCode).toBe(201);
    expect((await offers('cus_0000000')).map((o) => o.ruleId)).toEqual([rule]);
  });

  it('refuses bad outcomes with 4xx and stores nothing', async () => {
    const rule = await ruleId('Quadrant I/II → NAS upsell');
    const before = await tdb.db.crossSellOffer.count();
    const cases: [string, string, object, number, Login?][] = [
      ['cus_0000005', rule, { outcome: 'maybe' }, 400],
      ['cus_0000005', rule, {}, 400],
      ['cus_0000005', rule, { outcome: 'accepted', agentId: 'someone' }, 400],
      ['cus_9999999', rule, { outcome: 'accepted' }, 404],
      ['cus_0000005', 'nope', { outcome: 'accepted' }, 404],
      ['cus_0000005', rule, { outcome: 'accepted', callId: 'no-such-call' }, 404],
      ['cus_0000005', rule, { outcome: 'accepted' }, 403, mkt],
    ];
    for (const [customer, r, payload, status, who] of cases) {
      const res = await record(customer, r, payload, who);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
    }
    expect(
      (await app.inject({ url: '/api/customers/cus_9999999/offers', headers: agent.headers })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ url: '/api/customers/cus_0000005/offers', headers: mkt.headers })).statusCode,
    ).toBe(403);
    expect(await tdb.db.crossSellOffer.count()).toBe(before);
  });

  it('reports offers, acceptances and conversion per rule to supervisors and marketing', async () => {
    const report = async (who: Login, query = '') => {
      const res = await app.inject({ url: `/api/reports/cross-sell${query}`, headers: who.headers });
      expect(res.statusCode).toBe(200);
      return res.json() as {
        ruleId: string;
        offered: number;
        accepted: number;
        declined: number;
        conversionRate: number | null;
      }[];
    };
    const rule = await ruleId('Camera owners → cloud backup');
    const before = (await report(sup)).find((r) => r.ruleId === rule)!;
    for (const outcome of ['offered', 'accepted', 'declined', 'declined']) {
      expect((await record('cus_0000007', rule, { outcome })).statusCode).toBe(201);
    }
    const after = (await report(mkt)).find((r) => r.ruleId === rule)!;
    expect(after).toMatchObject({
      offered: before.offered + 1,
      accepted: before.accepted + 1,
      declined: before.declined + 2,
      conversionRate: (before.accepted + 1) / (before.accepted + before.declined + 3),
    });
    const future = await report(
      sup,
      `?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
    );
    expect(future.every((r) => r.offered + r.accepted + r.declined === 0 && r.conversionRate === null)).toBe(
      true,
    );
    expect((await app.inject({ url: '/api/reports/cross-sell', headers: agent.headers })).statusCode).toBe(
      403,
    );
    expect(
      (await app.inject({ url: '/api/reports/cross-sell?from=yesterday', headers: sup.headers })).statusCode,
    ).toBe(400);
  });

  it('lets marketing create, change and switch off rules; the offers follow', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/cross-sell-rules',
      headers: mkt.headers,
      payload: {
        name: 'VIP → NAS',
        priority: 99,
        conditions: { minVipTier: 3, ownsSku: 'KF-ROUTER-100' },
        offerSku: 'KF-NAS-4',
        pitch: '尊享 NAS',
        pitchEn: 'VIP NAS',
        suppressOnOpenComplaint: false,
      },
    });
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({
      name: 'VIP → NAS',
      active: true,
      description: null,
      offerProduct: { sku: 'KF-NAS-4' },
      createdById: mkt.user.id,
      conditions: { minVipTier: 3, ownsSku: 'KF-ROUTER-100' },
    });
    expect((await offers('cus_0000000'))[0]?.ruleId).toBe(rule.id);

    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/cross-sell-rules/${rule.id}`,
      headers: mkt.headers,
      payload: { active: false, offerSku: 'KF-MESH-KIT' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      active: false,
      offerProduct: { sku: 'KF-MESH-KIT' },
      priority: 99,
    });
    expect((await offers('cus_0000000')).map((o) => o.ruleId)).not.toContain(rule.id);

    const list = await app.inject({ url: '/api/cross-sell-rules?active=false', headers: sup.headers });
    expect(list.json().map((r: { id: string }) => r.id)).toEqual([rule.id]);
    const all = (await app.inject({ url: '/api/cross-sell-rules', headers: mkt.headers })).json();
    expect(all.length).toBe(await tdb.db.crossSellRule.count());
    expect(all.find((r: { name: string }) => r.name === 'Router owners → Care Plus').conditions).toEqual({
      ownsSku: 'KF-ROUTER-100',
      notOwnsSku: 'KF-CARE-PLUS',
      stages: ['first_purchase', 'repeat'],
    });
  });

  it('refuses bad rules (400), unknown products and rules (404), other roles (403)', async () => {
    const before = await tdb.db.crossSellRule.count();
    const base = { name: 'x', conditions: {}, offerSku: 'KF-NAS-4', pitch: 'p' };
    const cases: [object, number, Login?][] = [
      [{ ...base, conditions: { favouriteColour: 'red' } }, 400],
      [{ ...base, conditions: { stages: ['bored'] } }, 400],
      [{ ...base, conditions: { minVipTier: '3' } }, 400],
      [{ ...base, pitch: '' }, 400],
      [{ ...base, offerSku: 'KF-NOPE' }, 404],
      [{ ...base, conditions: { ownsSku: 'KF-NOPE' } }, 404],
      [base, 403, agent],
      [base, 403, sup],
    ];
    for (const [payload, status, who = mkt] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/cross-sell-rules',
        headers: who.headers,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
    }
    const rule = await ruleId('Quadrant I/II → NAS upsell');
    const patch = (id: string, payload: object) =>
      app.inject({ method: 'PATCH', url: `/api/cross-sell-rules/${id}`, headers: mkt.headers, payload });
    expect((await patch(rule, {})).statusCode).toBe(400);
    expect((await patch(rule, { priority: 'high' })).statusCode).toBe(400);
    expect((await patch('nope', { priority: 1 })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/cross-sell-rules', headers: agent.headers })).statusCode).toBe(403);
    expect(await tdb.db.crossSellRule.count()).toBe(before);
  });
});
