import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CustomerAnalytics } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

/** Midday UTC of a date: clear of the centre's (Asia/Shanghai) midnight at either end. */
const at = (date: string) => new Date(`${date}T04:00:00Z`);

/**
 * Customer analytics over January 2020 — before every seeded row — on a hand-made month whose
 * figures are worked out by hand below (the oracle), not by the server's code: four customers
 * moving through the funnel, a quadrant move, orders, follow-ups and three complaints.
 */
describe.each(PROVIDERS)('customer analytics on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let sup: Login;
  let mkt: Login;
  let agent: Login;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    [sup, mkt, agent] = await Promise.all([loginAs(app, 'sup1'), loginAs(app, 'mkt1'), loginAs(app, '1002')]);
    const db = tdb.db;
    const customer = (n: number, stage: 'intent' | 'first_purchase' | 'lost', createdAt: string) =>
      db.customer.create({
        data: {
          accountNumber: `AN-2020-${n}`,
          name: `Analytics ${n}`,
          lifecycleStage: stage,
          valueQuadrant: n === 3 ? 'I' : null,
          createdAt: at(createdAt),
        },
      });
    const [x1, x2, x3, x4] = await Promise.all([
      customer(1, 'first_purchase', '2019-12-01'),
      customer(2, 'lost', '2019-12-01'),
      customer(3, 'intent', '2019-12-01'),
      customer(4, 'intent', '2020-01-05'),
    ]);
    const change = (customerId: string, field: string, fromValue: string, toValue: string, date: string) => ({
      customerId,
      field,
      fromValue,
      toValue,
      at: at(date),
    });
    await db.customerChange.createMany({
      data: [
        change(x1.id, 'lifecycleStage', 'potential', 'intent', '2019-12-20'),
        change(x1.id, 'lifecycleStage', 'intent', 'first_purchase', '2020-01-10'),
        change(x2.id, 'lifecycleStage', 'potential', 'intent', '2020-01-08'),
        change(x2.id, 'lifecycleStage', 'intent', 'lost', '2020-01-20'),
        change(x3.id, 'valueQuadrant', 'III', 'I', '2020-01-15'),
        change(x4.id, 'lifecycleStage', 'potential', 'intent', '2020-01-25'),
      ],
    });
    await db.order.createMany({
      data: [
        {
          number: 'SO-2020-1',
          customerId: x1.id,
          status: 'delivered',
          totalCents: 500_000,
          orderedAt: at('2020-01-10'),
        },
        {
          number: 'SO-2020-2',
          customerId: x2.id,
          status: 'cancelled',
          totalCents: 700_000,
          orderedAt: at('2020-01-09'),
        },
        {
          number: 'SO-2019-3',
          customerId: x3.id,
          status: 'delivered',
          totalCents: 900_000,
          orderedAt: at('2019-06-01'),
        },
      ],
    });
    await db.followUpTask.createMany({
      data: [
        ...['2019-12-21', '2019-12-24', '2019-12-28', '2020-01-02', '2020-01-06'].map((d) => ({
          customerId: x1.id,
          ownerId: mkt.user.id,
          dueAt: at(d),
          reason: 'follow up',
          status: 'done',
          createdAt: at(d),
        })),
        {
          customerId: x1.id,
          ownerId: mkt.user.id,
          dueAt: at('2020-01-08'),
          reason: 'open one',
          createdAt: at('2020-01-07'),
        },
      ],
    });
    const complaint = async (
      n: number,
      customerId: string,
      created: string,
      due: string | null,
      closed: string,
      to: string,
    ) => {
      const t = await db.serviceTicket.create({
        data: {
          number: `TK-2020-${n}`,
          customerId,
          type: 'complaint',
          status: to as 'closed',
          subject: `complaint ${n}`,
          slaDueAt: due ? at(due) : null,
          createdAt: at(created),
        },
      });
      await db.ticketUpdate.create({
        data: { ticketId: t.id, kind: 'status', fromValue: 'open', toValue: to, at: at(closed) },
      });
    };
    await complaint(1, x2.id, '2020-01-03', '2020-01-05', '2020-01-04', 'closed'); // within its SLA
    await complaint(2, x2.id, '2020-01-06', '2020-01-07', '2020-01-09', 'resolved'); // late
    await complaint(3, x3.id, '2019-12-30', null, '2020-01-02', 'closed'); // opened before, no SLA
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const get = (who: Login, query = '?from=2020-01-01&to=2020-01-31') =>
    app.inject({ url: `/api/reports/customers${query}`, headers: who.headers });

  it('matches the hand-worked month: funnel, quadrant moves, gold customers, complaints, follow-ups', async () => {
    const res = await get(mkt);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as CustomerAnalytics;
    const now = await tdb.db.customer.groupBy({ by: ['lifecycleStage'], _count: { _all: true } });
    const current = (stage: string) => now.find((r) => r.lifecycleStage === stage)?._count._all ?? 0;

    expect(report.funnel).toEqual([
      // Created in the range: x4. Left for intent: x2 after 38 days, x4 after 20.
      {
        stage: 'potential',
        current: current('potential'),
        entered: 1,
        advanced: 2,
        lost: 0,
        conversionRate: 1,
        medianDaysInStage: 29,
      },
      // Entered: x2, x4. Left: x1 forward after 21 days, x2 lost after 12.
      {
        stage: 'intent',
        current: current('intent'),
        entered: 2,
        advanced: 1,
        lost: 1,
        conversionRate: 0.5,
        medianDaysInStage: 16.5,
      },
      {
        stage: 'first_purchase',
        current: current('first_purchase'),
        entered: 1,
        advanced: 0,
        lost: 0,
        conversionRate: null,
        medianDaysInStage: null,
      },
      {
        stage: 'repeat',
        current: current('repeat'),
        entered: 0,
        advanced: 0,
        lost: 0,
        conversionRate: null,
        medianDaysInStage: null,
      },
    ]);
    expect(report.lost).toBe(current('lost'));
    expect(report.quadrants.moves).toEqual([{ from: 'III', to: 'I', count: 1 }]);
    const quadrantI = await tdb.db.customer.count({ where: { valueQuadrant: 'I' } });
    expect(report.quadrants.current.find((q) => q.quadrant === 'I')?.customers).toBe(quadrantI);
    // The seeded orders are years later: only x3 (June 2019) and x1; x2's order was cancelled.
    expect(report.gold.map((g) => [g.accountNumber, g.valueCents, g.orders, g.openTickets])).toEqual([
      ['AN-2020-3', 900_000, 1, 0],
      ['AN-2020-1', 500_000, 1, 0],
    ]);
    expect(report.complaints).toEqual({ opened: 2, closed: 3, closedWithinSla: 1, withinSlaRate: 0.5 });
    // x1's first sale came after five done follow-ups (the open one does not count).
    expect(report.followUps).toEqual([
      { followUps: '0', sales: 0 },
      { followUps: '1', sales: 0 },
      { followUps: '2', sales: 0 },
      { followUps: '3', sales: 0 },
      { followUps: '4-11', sales: 1 },
      { followUps: '12+', sales: 0 },
    ]);
  });

  it('is for supervisors, marketing and admins; a bad range is a 400', async () => {
    expect((await get(sup)).statusCode).toBe(200);
    // The demo's own month (the default range): its customers carry a history older than their rows.
    const demo = await get(sup, '');
    expect(demo.statusCode, demo.body).toBe(200);
    expect((demo.json() as CustomerAnalytics).funnel.every((f) => (f.medianDaysInStage ?? 0) >= 0)).toBe(
      true,
    );
    expect((await get(agent)).statusCode).toBe(403);
    expect((await get(mkt, '?from=2020-02-01&to=2020-01-01')).statusCode).toBe(400);
    expect((await get(mkt, '?from=yesterday')).statusCode).toBe(400);
  });
});
