import type { Db } from '@kefu/db';
import type { Static } from 'typebox';
import { NotFoundError } from '../../errors.js';
import type { NewRuleBody, Outcome, RulePatchBody } from '../../schemas/cross-sell.js';
import { applicableRules, type Conditions, type CustomerFacts } from './cross-sell-rules.js';

export type NewRule = Static<typeof NewRuleBody>;
export type RulePatch = Static<typeof RulePatchBody>;

const NOT_OWNED = ['cancelled', 'returned'];
const productSelect = { id: true, sku: true, name: true, nameEn: true, priceCents: true } as const;

async function customerFacts(db: Db, customerId: string): Promise<CustomerFacts & { language: string }> {
  const c = await db.customer.findUnique({
    where: { id: customerId },
    select: {
      segment: true,
      lifecycleStage: true,
      valueQuadrant: true,
      vipTier: true,
      language: true,
      orders: {
        where: { status: { notIn: NOT_OWNED } },
        select: { items: { select: { product: { select: { sku: true } } } } },
      },
      tickets: {
        where: { type: 'complaint', status: { in: ['open', 'in_progress', 'pending_customer'] } },
        select: { id: true },
        take: 1,
      },
      offers: { where: { outcome: 'accepted' }, select: { ruleId: true } },
    },
  });
  if (!c) throw new NotFoundError('customer', customerId);
  return {
    segment: c.segment,
    lifecycleStage: c.lifecycleStage,
    valueQuadrant: c.valueQuadrant,
    vipTier: c.vipTier,
    language: c.language,
    ownedSkus: new Set(c.orders.flatMap((o) => o.items.map((i) => i.product.sku))),
    hasOpenComplaint: c.tickets.length > 0,
    acceptedRuleIds: new Set(c.offers.map((o) => o.ruleId)),
  };
}

const wantsEnglish = (lang: string) => lang.toLowerCase().split('-')[0] === 'en';

/** The offers for this customer now, best first, with the pitch in `lang` (default: theirs). */
export async function offersForCustomer(db: Db, customerId: string, lang?: string) {
  const facts = await customerFacts(db, customerId);
  const rules = await db.crossSellRule.findMany({
    where: { active: true, offerProduct: { active: true } },
    include: { offerProduct: { select: productSelect } },
  });
  const english = wantsEnglish(lang ?? facts.language);
  return applicableRules(
    rules.map((r) => ({ ...r, conditions: r.conditions as Conditions })),
    facts,
  ).map((r) => ({
    ruleId: r.id,
    name: r.name,
    priority: r.priority,
    pitch: english && r.pitchEn ? r.pitchEn : r.pitch,
    language: english && r.pitchEn ? 'en' : 'zh-CN',
    product: r.offerProduct,
  }));
}

/** Stores what happened to an offer; the agent comes from the caller's token. */
export async function recordOffer(
  db: Db,
  input: {
    customerId: string;
    ruleId: string;
    outcome: Static<typeof Outcome>;
    callId?: string;
    agentId: string | null;
  },
) {
  const customer = await db.customer.findUnique({ where: { id: input.customerId }, select: { id: true } });
  if (!customer) throw new NotFoundError('customer', input.customerId);
  const rule = await db.crossSellRule.findUnique({ where: { id: input.ruleId }, select: { id: true } });
  if (!rule) throw new NotFoundError('cross-sell rule', input.ruleId);
  let interactionId: string | null = null;
  if (input.callId) {
    const call = await db.interaction.findUnique({ where: { callId: input.callId }, select: { id: true } });
    if (!call) throw new NotFoundError('call', input.callId);
    interactionId = call.id;
  }
  return db.crossSellOffer.create({
    data: {
      ruleId: rule.id,
      customerId: customer.id,
      interactionId,
      agentId: input.agentId,
      outcome: input.outcome,
    },
  });
}

/** Per rule: how often it was offered, accepted, declined; conversion = accepted / answered. */
export async function crossSellReport(db: Db, range: { from?: Date; to?: Date }) {
  const [rules, counts] = await Promise.all([
    db.crossSellRule.findMany({
      select: { id: true, name: true, active: true },
      orderBy: { priority: 'desc' },
    }),
    db.crossSellOffer.groupBy({
      by: ['ruleId', 'outcome'],
      where: { at: { gte: range.from, lte: range.to } },
      _count: { _all: true },
    }),
  ]);
  const count = (ruleId: string, outcome: string) =>
    counts.find((c) => c.ruleId === ruleId && c.outcome === outcome)?._count._all ?? 0;
  return rules.map((r) => {
    const accepted = count(r.id, 'accepted');
    const declined = count(r.id, 'declined');
    return {
      ruleId: r.id,
      name: r.name,
      active: r.active,
      offered: count(r.id, 'offered'),
      accepted,
      declined,
      conversionRate: accepted + declined === 0 ? null : accepted / (accepted + declined),
    };
  });
}

type RuleRow = Awaited<ReturnType<typeof findRules>>[number];
const findRules = (db: Db, where: { id?: string; active?: boolean }) =>
  db.crossSellRule.findMany({
    where,
    include: { offerProduct: { select: productSelect } },
    orderBy: [{ priority: 'desc' }, { name: 'asc' }],
  });
const ruleView = ({ offerProductId: _, conditions, ...r }: RuleRow) => ({
  ...r,
  conditions: conditions as Conditions,
});

export async function listRules(db: Db, active?: boolean) {
  return (await findRules(db, { active })).map(ruleView);
}

/** Product ids for the SKUs a rule names; an unknown SKU is a 404 (the product must exist). */
async function productIds(db: Db, skus: (string | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(skus.filter((s): s is string => s !== undefined))];
  const found = await db.product.findMany({
    where: { sku: { in: wanted } },
    select: { id: true, sku: true },
  });
  const ids = new Map(found.map((p) => [p.sku, p.id]));
  const missing = wanted.find((s) => !ids.has(s));
  if (missing) throw new NotFoundError('product', missing);
  return ids;
}

async function oneRule(db: Db, id: string) {
  const [rule] = await findRules(db, { id });
  if (!rule) throw new NotFoundError('cross-sell rule', id);
  return ruleView(rule);
}

export async function createRule(db: Db, input: NewRule, authorId: string) {
  const { offerSku, conditions, ...rest } = input;
  const ids = await productIds(db, [offerSku, conditions.ownsSku, conditions.notOwnsSku]);
  const created = await db.crossSellRule.create({
    data: { ...rest, conditions, offerProductId: ids.get(offerSku)!, createdById: authorId },
  });
  return oneRule(db, created.id);
}

export async function updateRule(db: Db, id: string, patch: RulePatch) {
  const existing = await db.crossSellRule.findUnique({ where: { id }, select: { id: true } });
  if (!existing) throw new NotFoundError('cross-sell rule', id);
  const { offerSku, conditions, ...rest } = patch;
  const ids = await productIds(db, [offerSku, conditions?.ownsSku, conditions?.notOwnsSku]);
  await db.crossSellRule.update({
    where: { id },
    data: { ...rest, conditions, offerProductId: offerSku ? ids.get(offerSku) : undefined },
  });
  return oneRule(db, id);
}
