import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

describe.each(PROVIDERS)('reorder suggestion API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let agent: Login;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    agent = await loginAs(app, '1001');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const suggest = (customerId: string, payload: object, who = agent) =>
    app.inject({
      method: 'POST',
      url: `/api/customers/${customerId}/reorder-suggestion`,
      headers: who.headers,
      payload,
    });

  it("starts from the distributor's last stock report and what they bought since, and stores today's", async () => {
    // Seeded: 12 Router 300 left 21 days ago, then an order of 30.
    const call = await tdb.db.interaction.findFirstOrThrow({ select: { id: true, callId: true } });
    const res = await suggest('cus_0000001', { currentStock: 15, callId: call.callId });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      product: { sku: 'KF-ROUTER-300' },
      currentStock: 15,
      lastStock: 12,
      lastPurchase: 30,
      sold: 27,
      // 27 × 1.5 − 15 = 25.5 → 26
      suggestedQuantity: 26,
    });
    expect(new Date(body.lastStockAt).getTime()).toBeLessThan(Date.now() - 20 * 86_400_000);
    const stored = await tdb.db.stockReport.findUniqueOrThrow({ where: { id: body.stockReportId } });
    expect(stored).toMatchObject({
      customerId: 'cus_0000001',
      quantity: 15,
      interactionId: call.id,
      reportedById: agent.user.id,
    });

    // The next report starts from today's 15 with nothing bought since; overstocked → 0, never negative.
    const next = (await suggest('cus_0000001', { productId: body.product.id, currentStock: 40 })).json();
    expect(next).toMatchObject({ lastStock: 15, lastPurchase: 0, sold: -25, suggestedQuantity: 0 });
  });

  it('without an earlier report takes the latest order of the product as the purchase', async () => {
    const item = await tdb.db.orderItem.findFirstOrThrow({
      where: { order: { customerId: 'cus_0000000', status: { notIn: ['cancelled', 'returned'] } } },
      orderBy: { order: { orderedAt: 'desc' } },
      select: { productId: true, quantity: true },
    });
    const body = (await suggest('cus_0000000', { productId: item.productId, currentStock: 0 })).json();
    expect(body).toMatchObject({ lastStock: 0, lastStockAt: null, lastPurchase: item.quantity });
    expect(body.suggestedQuantity).toBe(Math.ceil(item.quantity * 1.5));
  });

  it('needs a product for a customer who never ordered', async () => {
    const never = await tdb.db.customer.findFirstOrThrow({
      where: { orders: { none: {} } },
      select: { id: true },
    });
    const res = await suggest(never.id, { currentStock: 3 });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('NO_PURCHASE_HISTORY');
    const product = await tdb.db.product.findFirstOrThrow({ select: { id: true } });
    const zero = (await suggest(never.id, { productId: product.id, currentStock: 3 })).json();
    expect(zero).toMatchObject({ lastStock: 0, lastPurchase: 0, suggestedQuantity: 0 });
  });

  it('refuses bad input (400), unknown customers, products and calls (404), marketing (403)', async () => {
    const before = await tdb.db.stockReport.count();
    const mkt = await loginAs(app, 'mkt1');
    const cases: [string, object, number, Login?][] = [
      ['cus_0000001', { currentStock: -1 }, 400],
      ['cus_0000001', { currentStock: '5' }, 400],
      ['cus_0000001', { currentStock: 1.5 }, 400],
      ['cus_0000001', {}, 400],
      ['cus_0000001', { currentStock: 1, productId: "'; --" }, 400],
      ['cus_9999999', { currentStock: 1 }, 404],
      ['cus_0000001', { currentStock: 1, productId: 'nope' }, 404],
      ['cus_0000001', { currentStock: 1, callId: 'nope' }, 404],
      ['cus_0000001', { currentStock: 1 }, 403, mkt],
    ];
    for (const [customer, payload, status, who] of cases) {
      expect((await suggest(customer, payload, who)).statusCode, JSON.stringify(payload)).toBe(status);
    }
    expect(await tdb.db.stockReport.count()).toBe(before);
  });
});
