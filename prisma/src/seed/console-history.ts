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
  await seedScriptWalks(db, ctx);
}

interface SeedScript {
  start: string;
  nodes: Record<string, { answers: { label: string; next: string | null }[] }>;
}

/**
 * The last 60 days' seeded calls followed their line's script: each is pinned to v1 with the
 * answers its agent clicked — three in four walked to the end, one in four left after the
 * first answer — so the conversion dashboards and version figures have a history. The hand-made
 * demo customers' calls (0–3) stay as they were.
 */
async function seedScriptWalks(db: Db, ctx: ConsoleHistoryContext): Promise<void> {
  const keys: Record<string, string> = { '4008001000': 'sales-inbound', '4008002000': 'service-inbound' };
  const scripts = new Map<string, SeedScript>();
  for (const key of Object.values(keys)) {
    const row = await db.callScript.findUnique({ where: { key_version: { key, version: 1 } } });
    if (row) scripts.set(key, row.content as unknown as SeedScript);
  }
  const calls = await db.interaction.findMany({
    where: {
      callId: { startsWith: 'seed-' },
      dnis: { in: Object.keys(keys) },
      offeredAt: { gte: new Date(ctx.now - 60 * DAY) },
      customerId: { notIn: [0, 1, 2, 3].map(customerId) },
    },
    select: { id: true, dnis: true, offeredAt: true, answeredAt: true },
    orderBy: { callId: 'asc' },
  });
  for (const [k, call] of calls.entries()) {
    const key = keys[call.dnis ?? '']!;
    const script = scripts.get(key);
    if (!script) continue;
    const started = (call.answeredAt ?? call.offeredAt).getTime();
    const answers = [];
    let nodeId: string | null = script.start;
    for (let step = 0; nodeId && step < 12; step++) {
      const node: SeedScript['nodes'][string] | undefined = script.nodes[nodeId];
      if (!node || node.answers.length === 0) break;
      const answer: { label: string; next: string | null } = node.answers[(k + step) % node.answers.length]!;
      answers.push({
        nodeId,
        answer: answer.label,
        at: new Date(started + (step + 1) * 20_000).toISOString(),
      });
      nodeId = answer.next;
      if (k % 4 === 3) break;
    }
    await db.interaction.update({
      where: { id: call.id },
      data: {
        scriptKey: key,
        scriptVersion: 1,
        scriptAnswers: {
          scriptKey: key,
          version: 1,
          answers,
          savedBy: 'seed',
          savedAt: answers.at(-1)?.at ?? new Date(started).toISOString(),
        },
      },
    });
  }
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
