import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SHARED_SWITCHBOARD, VIP_PHONE } from '@kefu/db';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';
import { identifyCaller } from '@kefu/cti-server/services/crm/customer-service';

describe.each(PROVIDERS)('customer API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let agent: Awaited<ReturnType<typeof loginAs>>;
  let marketing: Awaited<ReturnType<typeof loginAs>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    agent = await loginAs(app, '1001');
    marketing = await loginAs(app, 'mkt1');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const get = (url: string, who = agent) => app.inject({ url, headers: who.headers });

  it.each(['13800138000', '+8613800138000', '008613800138000', '+86 138 0013 8000', 'tel:+8613800138000'])(
    'finds the VIP by %s',
    async (phone) => {
      const res = await get(`/api/customers/lookup?phone=${encodeURIComponent(phone)}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.e164).toBe(VIP_PHONE);
      expect(body.matches).toHaveLength(1);
      expect(body.matches[0].customer).toMatchObject({ name: '王芳', vipTier: 3, valueQuadrant: 'I' });
    },
  );

  it('finds a landline written the Beijing way (010-8888 0000)', async () => {
    const body = (await get(`/api/customers/lookup?phone=${encodeURIComponent('010-8888 0000')}`)).json();
    expect(body.e164).toBe('+861088880000');
    expect(body.matches.map((m: { customer: { name: string } }) => m.customer.name)).toContain('王芳');
  });

  it('returns every customer sharing a switchboard number, ranked', async () => {
    const body = (await get(`/api/customers/lookup?phone=${encodeURIComponent('021-8888 0000')}`)).json();
    expect(body.e164).toBe(SHARED_SWITCHBOARD);
    expect(body.matches).toHaveLength(2);
    const tiers = body.matches.map((m: { customer: { vipTier: number } }) => m.customer.vipTier);
    expect(tiers).toEqual([...tiers].sort((a, b) => b - a));
  });

  it("identifies a caller on a shared number as the screen pop lists it first: the number's primary holder before a higher VIP tier", async () => {
    const shared = await tdb.db.phoneNumber.findMany({
      where: { e164: SHARED_SWITCHBOARD },
      include: { customer: true },
      orderBy: { customer: { vipTier: 'desc' } },
    });
    expect(shared.length).toBeGreaterThanOrEqual(2);
    // Make the lower tier the number's primary holder, the higher tier a secondary one.
    const [higher, lower] = [shared[0]!, shared[shared.length - 1]!];
    expect(higher.customer.vipTier).toBeGreaterThan(lower.customer.vipTier);
    await tdb.db.phoneNumber.update({ where: { id: higher.id }, data: { isPrimary: false } });
    await tdb.db.phoneNumber.update({ where: { id: lower.id }, data: { isPrimary: true } });
    try {
      const pop = (await get(`/api/customers/lookup?phone=${encodeURIComponent(SHARED_SWITCHBOARD)}`)).json();
      const identified = await identifyCaller(tdb.db, SHARED_SWITCHBOARD, 'CN');
      expect(pop.matches[0].customer.id).toBe(lower.customerId);
      expect(identified).toEqual({
        customerId: lower.customerId,
        e164: SHARED_SWITCHBOARD,
        vipTier: lower.customer.vipTier,
      });
    } finally {
      await tdb.db.phoneNumber.update({ where: { id: higher.id }, data: { isPrimary: higher.isPrimary } });
      await tdb.db.phoneNumber.update({ where: { id: lower.id }, data: { isPrimary: lower.isPrimary } });
    }
  });

  it('answers an unknown number with no matches, and a non-number with 400', async () => {
    expect((await get('/api/customers/lookup?phone=13912345678')).json().matches).toEqual([]);
    const bad = await get(`/api/customers/lookup?phone=${encodeURIComponent("' OR 1=1 --")}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_PHONE');
  });

  it('pops the full 360° view of the VIP: contacts, history, rating, open complaint', async () => {
    const { matches } = (await get(`/api/customers/lookup?phone=${VIP_PHONE}`)).json();
    const res = await get(`/api/customers/${matches[0].customer.id}`);
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.rating).toMatchObject({
      lifecycleStage: 'repeat',
      vipTier: 3,
      valueQuadrant: 'I',
      personality: 'driver',
    });
    expect(c.phones.map((p: { e164: string }) => p.e164)).toContain(VIP_PHONE);
    expect(c.orders.length).toBeGreaterThanOrEqual(3);
    expect(
      c.orders.flatMap((o: { items: { product: { sku: string } }[] }) => o.items.map((i) => i.product.sku)),
    ).toContain('KF-ROUTER-100');
    expect(c.contracts).toHaveLength(1);
    expect(c.payments.length).toBeGreaterThanOrEqual(3);
    expect(c.hasOpenComplaint).toBe(true);
    expect(c.openTickets[0]).toMatchObject({ type: 'complaint', priority: 'urgent' });
    expect(c.interactions.length).toBeGreaterThanOrEqual(2);
  });

  it('searches by name, account number and phone', async () => {
    expect((await get(`/api/customers?q=${encodeURIComponent('王芳')}`)).json()[0].name).toBe('王芳');
    expect((await get('/api/customers?q=80000000')).json()[0].name).toBe('王芳');
    expect((await get('/api/customers?q=13800138000')).json()[0].name).toBe('王芳');
    expect((await get(`/api/customers?q=${encodeURIComponent("%' OR '1'='1")}`)).json()).toEqual([]);
  });

  it('404s an unknown id and 400s an id with SQL in it', async () => {
    expect((await get('/api/customers/cus_9999999')).statusCode).toBe(404);
    expect((await get(`/api/customers/${encodeURIComponent("1' OR '1'='1")}`)).statusCode).toBe(400);
  });

  it('quick-creates a customer from an unknown caller, normalising the number', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: agent.headers,
      payload: { name: '新客户', phones: [{ number: '139 1234 5678' }] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().phones[0]).toMatchObject({ e164: '+8613912345678', isPrimary: true, type: 'mobile' });
    const found = (await get('/api/customers/lookup?phone=13912345678')).json();
    expect(found.matches[0].customer.name).toBe('新客户');
  });

  it('records rating changes as history with the actor and reason', async () => {
    const id = 'cus_0000010';
    const before = (await get(`/api/customers/${id}`)).json();
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/customers/${id}`,
      headers: agent.headers,
      payload: { vipTier: before.vipTier + 1, valueQuadrant: 'II', reason: 'annual review' },
    });
    expect(res.statusCode).toBe(200);
    const after = (await get(`/api/customers/${id}`)).json();
    expect(after.vipTier).toBe(before.vipTier + 1);
    const vipChange = after.changes.find((c: { field: string }) => c.field === 'vipTier');
    expect(vipChange).toMatchObject({
      fromValue: String(before.vipTier),
      toValue: String(before.vipTier + 1),
      reason: 'annual review',
      actorId: agent.user.id,
    });
  });

  it('moves a lifecycle stage with reason and actor, and refuses a no-op move', async () => {
    const id = 'cus_0000003';
    const res = await app.inject({
      method: 'POST',
      url: `/api/customers/${id}/lifecycle`,
      headers: agent.headers,
      payload: { stage: 'intent', reason: 'asked for a quote' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().lifecycleStage).toBe('intent');
    const c = (await get(`/api/customers/${id}`)).json();
    expect(c.changes[0]).toMatchObject({
      field: 'lifecycleStage',
      fromValue: 'potential',
      toValue: 'intent',
      actorId: agent.user.id,
    });
    const again = await app.inject({
      method: 'POST',
      url: `/api/customers/${id}/lifecycle`,
      headers: agent.headers,
      payload: { stage: 'intent', reason: 'again' },
    });
    expect(again.statusCode).toBe(400);
    const bogus = await app.inject({
      method: 'POST',
      url: `/api/customers/${id}/lifecycle`,
      headers: agent.headers,
      payload: { stage: 'sold', reason: 'x' },
    });
    expect(bogus.statusCode).toBe(400);
  });

  it("lists an owner's prospects stuck in their stage past the configured days", async () => {
    const owner = await loginAs(app, '1005');
    const list = (await get('/api/customers/stuck', owner)).json() as {
      daysInStage: number;
      thresholdDays: number;
      owner: { id: string };
    }[];
    expect(list.length).toBeGreaterThan(0);
    for (const c of list) {
      expect(c.owner.id).toBe(owner.user.id);
      expect(c.daysInStage).toBeGreaterThan(c.thresholdDays);
    }
    const sup = await loginAs(app, 'sup1');
    expect((await get('/api/customers/stuck', sup)).json().length).toBeGreaterThanOrEqual(list.length);
    expect((await get(`/api/customers/stuck?owner=${sup.user.id}`, owner)).statusCode).toBe(403);
  });

  it('lets marketing read customers but not change them', async () => {
    expect((await get(`/api/customers/lookup?phone=${VIP_PHONE}`, marketing)).statusCode).toBe(200);
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/customers/cus_0000001',
      headers: marketing.headers,
      payload: { vipTier: 5 },
    });
    expect(res.statusCode).toBe(403);
  });

  it('changes nothing stored when a request is refused', async () => {
    const count = async () => ({
      customers: await tdb.db.customer.count(),
      phones: await tdb.db.phoneNumber.count(),
      changes: await tdb.db.customerChange.count(),
    });
    const before = await count();
    const bad = [
      { method: 'POST' as const, url: '/api/customers', payload: { name: '' } },
      {
        method: 'POST' as const,
        url: '/api/customers',
        payload: { name: 'x', phones: [{ number: 'not a number' }] },
      },
      { method: 'POST' as const, url: '/api/customers', payload: { name: 'x', vipTier: 'high' } },
      { method: 'PATCH' as const, url: '/api/customers/cus_0000001', payload: { vipTier: 99 } },
      { method: 'PATCH' as const, url: '/api/customers/cus_0000001', payload: {} },
      { method: 'PATCH' as const, url: '/api/customers/nope', payload: { vipTier: 1 } },
    ];
    for (const r of bad) {
      const res = await app.inject({ ...r, headers: agent.headers });
      expect(res.statusCode, `${r.method} ${r.url} ${JSON.stringify(r.payload)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    const huge = await app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { ...agent.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(await count()).toEqual(before);
  });
});
