import type { Db } from '@kefu/db';
import { stuckCustomers } from '../crm/customer-service.js';
import { lifecycleFunnel, quadrantMoves, salesByFollowUps, type Range } from './customer-figures.js';

const DAY = 86_400_000;
/** Orders that count as a sale (a cancelled or returned one does not). */
const SOLD = { notIn: ['cancelled', 'returned'] };
const QUADRANTS = ['I', 'II', 'III', 'IV'] as const;

/**
 * Customer analytics over [from, to): the lifecycle funnel, the stuck list, the value×loyalty
 * quadrants and their moves, the gold customers (most bought in the 365 days before `to`) with
 * their contact history, complaints, and sales by follow-ups. Counts are made in the database
 * where a whole table would otherwise be read (customers, orders); the change logs of the range
 * are folded in `customer-figures.ts`.
 */
export async function customerAnalytics(db: Db, range: Range, now = new Date()) {
  const [stageRows, quadrantRows, stageChanges, quadrantChanges, created] = await Promise.all([
    db.customer.groupBy({ by: ['lifecycleStage'], _count: { _all: true } }),
    db.customer.groupBy({ by: ['valueQuadrant'], _count: { _all: true } }),
    db.customerChange.findMany({
      where: { field: 'lifecycleStage', at: { lt: range.to } },
      select: { customerId: true, fromValue: true, toValue: true, at: true },
    }),
    db.customerChange.findMany({
      where: { field: 'valueQuadrant', at: { gte: range.from, lt: range.to } },
      select: { customerId: true, fromValue: true, toValue: true, at: true },
    }),
    db.customer.findMany({
      where: { createdAt: { gte: range.from, lt: range.to } },
      select: { id: true, createdAt: true },
    }),
  ]);
  const current = Object.fromEntries(stageRows.map((r) => [r.lifecycleStage, r._count._all]));
  // The creation time of every customer a change names (their time in "potential").
  const named = [...new Set(stageChanges.map((c) => c.customerId))];
  const createdAt = new Map<string, Date>();
  for (let i = 0; i < named.length; i += 500) {
    const rows = await db.customer.findMany({
      where: { id: { in: named.slice(i, i + 500) } },
      select: { id: true, createdAt: true },
    });
    for (const r of rows) createdAt.set(r.id, r.createdAt);
  }
  const funnel = lifecycleFunnel(stageChanges, createdAt, created.length, current, range);

  const stuck = (await stuckCustomers(db, { now, limit: 20 })).map((c) => ({
    id: c.id,
    name: c.name,
    accountNumber: c.accountNumber,
    stage: c.lifecycleStage,
    daysInStage: c.daysInStage,
    thresholdDays: c.thresholdDays,
    owner: c.owner?.displayName ?? null,
  }));

  const quadrants = {
    current: [...QUADRANTS, null].map((quadrant) => ({
      quadrant,
      customers: quadrantRows.find((r) => r.valueQuadrant === quadrant)?._count._all ?? 0,
    })),
    moves: quadrantMoves(quadrantChanges, range),
  };

  const valueSince = new Date(range.to.getTime() - 365 * DAY);
  const top = await db.order.groupBy({
    by: ['customerId'],
    where: { status: SOLD, orderedAt: { gte: valueSince, lt: range.to } },
    _sum: { totalCents: true },
    _count: { _all: true },
    orderBy: { _sum: { totalCents: 'desc' } },
    take: 10,
  });
  const gold = await Promise.all(
    top.map(async (t) => {
      const [customer, calls, last, openTickets] = await Promise.all([
        db.customer.findUniqueOrThrow({
          where: { id: t.customerId },
          select: { id: true, name: true, accountNumber: true, vipTier: true, valueQuadrant: true },
        }),
        db.interaction.count({ where: { customerId: t.customerId } }),
        db.interaction.findFirst({
          where: { customerId: t.customerId },
          orderBy: { offeredAt: 'desc' },
          select: { offeredAt: true },
        }),
        db.serviceTicket.count({
          where: { customerId: t.customerId, status: { notIn: ['resolved', 'closed'] } },
        }),
      ]);
      return {
        ...customer,
        valueCents: t._sum.totalCents ?? 0,
        orders: t._count._all,
        calls,
        lastContactAt: last?.offeredAt.toISOString() ?? null,
        openTickets,
      };
    }),
  );

  const [opened, closings] = await Promise.all([
    db.serviceTicket.count({ where: { type: 'complaint', createdAt: { gte: range.from, lt: range.to } } }),
    db.ticketUpdate.findMany({
      where: {
        kind: 'status',
        toValue: { in: ['resolved', 'closed'] },
        at: { gte: range.from, lt: range.to },
        ticket: { type: 'complaint' },
      },
      select: { ticketId: true, at: true, ticket: { select: { slaDueAt: true } } },
      orderBy: { at: 'asc' },
    }),
  ]);
  // A complaint counts as closed once, at its first resolved/closed in the range.
  const firstClosing = new Map<string, (typeof closings)[number]>();
  for (const c of closings) if (!firstClosing.has(c.ticketId)) firstClosing.set(c.ticketId, c);
  const closed = [...firstClosing.values()];
  const withSla = closed.filter((c) => c.ticket.slaDueAt !== null);
  const withinSla = withSla.filter((c) => c.at <= c.ticket.slaDueAt!).length;
  const complaints = {
    opened,
    closed: closed.length,
    closedWithinSla: withinSla,
    withinSlaRate: withSla.length > 0 ? withinSla / withSla.length : null,
  };

  const firstOrderRows = await db.order.groupBy({
    by: ['customerId'],
    where: { status: SOLD },
    _min: { orderedAt: true },
    having: { orderedAt: { _min: { gte: range.from, lt: range.to } } },
  });
  const firstOrders = new Map(firstOrderRows.map((r) => [r.customerId, r._min.orderedAt!]));
  const followUps = firstOrders.size
    ? await db.followUpTask.findMany({
        where: { status: 'done', customerId: { in: [...firstOrders.keys()] } },
        select: { customerId: true, createdAt: true },
      })
    : [];

  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    funnel,
    lost: current.lost ?? 0,
    stuck,
    quadrants,
    gold,
    complaints,
    followUps: salesByFollowUps(firstOrders, followUps, range),
  };
}
