// Demo data for the agent console: the demo distributor's restock history (orders and a stock
// report, so a reorder suggestion has a "last stock") and past cross-sell outcomes. No random
// numbers: the main generator's sequence (and so every other seeded row) stays as it was.
import type { Db } from '../client.js';
import { PRODUCTS } from './demo-config.js';
import { customerId } from './customers.js';

const DAY = 86_400_000;
const OUTCOMES = ['offered', 'accepted', 'declined', 'declined', 'accepted'] as const;

export interface ConsoleHistoryContext {
  now: number;
  products: Map<string, string>;
  agentIds: Map<string, string>;
}

/** The distributor whose reorder the demo walks through (东方贸易, customer 1). */
export const DEMO_DISTRIBUTOR = customerId(1);

export async function seedConsoleHistory(db: Db, ctx: ConsoleHistoryContext): Promise<void> {
  await seedDistributorRestock(db, ctx);

  const rules = await db.crossSellRule.findMany({ select: { id: true }, orderBy: { priority: 'desc' } });
  const agents = [...ctx.agentIds.values()];
  const customers = await db.customer.count();
  if (rules.length === 0 || agents.length === 0) return;
  // Customers 0–3 are the hand-made demo ones: their offers stay untouched.
  const offers = [];
  for (let i = 4, k = 0; i < Math.min(customers, 300); i += 3, k++) {
    offers.push({
      ruleId: rules[k % rules.length]!.id,
      customerId: customerId(i),
      agentId: agents[k % agents.length]!,
      outcome: OUTCOMES[k % OUTCOMES.length]!,
      at: new Date(ctx.now - (1 + (k % 60)) * DAY),
    });
  }
  await db.crossSellOffer.createMany({ data: offers });
}

/**
 * The distributor restocks Router 300: 40 units 75 days ago, 30 units 20 days ago, and told
 * us 12 were left just before that last order. A reorder call today starts from there.
 */
async function seedDistributorRestock(db: Db, ctx: ConsoleHistoryContext): Promise<void> {
  const sku = 'KF-ROUTER-300';
  const productId = ctx.products.get(sku);
  const price = PRODUCTS.find((p) => p.sku === sku)?.priceCents;
  if (!productId || price === undefined) throw new Error(`demo product ${sku} missing`);
  for (const [n, quantity, daysAgo] of [
    [1, 40, 75],
    [2, 30, 20],
  ] as const) {
    await db.order.create({
      data: {
        number: `SO-D${String(n).padStart(6, '0')}`,
        customerId: DEMO_DISTRIBUTOR,
        status: 'delivered',
        totalCents: quantity * price,
        orderedAt: new Date(ctx.now - daysAgo * DAY),
        items: { create: { productId, quantity, unitPriceCents: price } },
      },
    });
  }
  await db.stockReport.create({
    data: { customerId: DEMO_DISTRIBUTOR, productId, quantity: 12, reportedAt: new Date(ctx.now - 21 * DAY) },
  });
  const before = await db.customer.findUniqueOrThrow({
    where: { id: DEMO_DISTRIBUTOR },
    select: { lifecycleStage: true },
  });
  await db.customer.update({
    where: { id: DEMO_DISTRIBUTOR },
    data: {
      lifecycleStage: 'repeat',
      stageEnteredAt: new Date(ctx.now - 20 * DAY),
      changes: {
        create: {
          field: 'lifecycleStage',
          fromValue: before.lifecycleStage,
          toValue: 'repeat',
          reason: 'second order / 第二次订货',
          at: new Date(ctx.now - 20 * DAY),
        },
      },
    },
  });
}
