import type { Db, Prisma } from '@kefu/db';
import type { Static } from 'typebox';
import { BadRequestError, NotFoundError } from '../../errors.js';
import type { MatchBody, NewRuleBody, Outcome, RulePatchBody } from '../../schemas/cross-sell.js';
import { audited, type AuditActor, type Tx } from '../audit/audit-log.js';
import { assignVariant } from '../marketing/experiment-assignment.js';
import { applicableRules, daysSince, type Conditions, type CustomerFacts } from './cross-sell-rules.js';
import { customerWhere } from './cross-sell-where.js';

export type NewRule = Static<typeof NewRuleBody>;
export type RulePatch = Static<typeof RulePatchBody>;

const NOT_OWNED = ['cancelled', 'returned'];
const productSelect = { id: true, sku: true, name: true, nameEn: true, priceCents: true } as const;

const factsSelect = {
  id: true,
  segment: true,
  lifecycleStage: true,
  valueQuadrant: true,
  vipTier: true,
  city: true,
  language: true,
  orders: {
    where: { status: { notIn: NOT_OWNED } },
    select: { orderedAt: true, items: { select: { product: { select: { sku: true } } } } },
  },
  tickets: {
    where: {
      type: 'complaint' as const,
      status: { in: ['open' as const, 'in_progress' as const, 'pending_customer' as const] },
    },
    select: { id: true },
    take: 1,
  },
  offers: { where: { outcome: 'accepted' }, select: { ruleId: true } },
} satisfies Prisma.CustomerSelect;

type FactsRow = NonNullable<Awaited<ReturnType<typeof findFacts>>>;
const findFacts = (db: Db, customerId: string) =>
  db.customer.findUnique({ where: { id: customerId }, select: factsSelect });

/** The facts of one customer row (exported for the tests that compare with the database count). */
export function factsOf(c: FactsRow, now: Date): CustomerFacts & { language: string } {
  const last = c.orders.reduce<Date | null>(
    (m, o) => (m === null || o.orderedAt > m ? o.orderedAt : m),
    null,
  );
  return {
    segment: c.segment,
    lifecycleStage: c.lifecycleStage,
    valueQuadrant: c.valueQuadrant,
    vipTier: c.vipTier,
    city: c.city,
    daysSinceLastPurchase: daysSince(last, now),
    language: c.language,
    ownedSkus: new Set(c.orders.flatMap((o) => o.items.map((i) => i.product.sku))),
    hasOpenComplaint: c.tickets.length > 0,
    acceptedRuleIds: new Set(c.offers.map((o) => o.ruleId)),
  };
}

/** Every customer's facts (tests: the JS conditions over all demo customers). */
export async function allCustomerFacts(db: Db, now: Date) {
  const rows = await db.customer.findMany({ select: factsSelect, orderBy: { id: 'asc' } });
  return rows.map((c) => ({ id: c.id, facts: factsOf(c, now) }));
}

async function customerFacts(
  db: Db,
  customerId: string,
  now: Date,
): Promise<CustomerFacts & { language: string }> {
  const c = await findFacts(db, customerId);
  if (!c) throw new NotFoundError('customer', customerId);
  return factsOf(c, now);
}

const wantsEnglish = (lang: string) => lang.toLowerCase().split('-')[0] === 'en';

/**
 * The offers for this customer now, best first, with the pitch in `lang` (default: theirs): rules
 * inside their validity dates. With a call: a running offer experiment whose rule A or B applies
 * assigns the call a variant (recorded once per call) and only that variant's rule stays.
 */
export async function offersForCustomer(
  db: Db,
  customerId: string,
  options: { lang?: string; callId?: string; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const facts = await customerFacts(db, customerId, now);
  const rules = await db.crossSellRule.findMany({
    where: {
      active: true,
      offerProduct: { active: true },
      AND: [
        { OR: [{ validFrom: null }, { validFrom: { lte: now } }] },
        { OR: [{ validTo: null }, { validTo: { gte: now } }] },
      ],
    },
    include: { offerProduct: { select: productSelect } },
  });
  let offers = applicableRules(
    rules.map((r) => ({ ...r, conditions: r.conditions as Conditions })),
    facts,
  );
  if (options.callId) offers = await splitByExperiments(db, offers, options.callId);
  const english = wantsEnglish(options.lang ?? facts.language);
  return offers.map((r) => ({
    ruleId: r.id,
    name: r.name,
    priority: r.priority,
    pitch: english && r.pitchEn ? r.pitchEn : r.pitch,
    language: english && r.pitchEn ? 'en' : 'zh-CN',
    product: r.offerProduct,
  }));
}

async function splitByExperiments<R extends { id: string }>(
  db: Db,
  offers: R[],
  callId: string,
): Promise<R[]> {
  const ids = offers.map((r) => r.id);
  const experiments = await db.experiment.findMany({
    where: { kind: 'offer', status: 'running', OR: [{ variantA: { in: ids } }, { variantB: { in: ids } }] },
    select: { id: true, shareA: true, variantA: true, variantB: true },
    orderBy: { startedAt: 'asc' },
  });
  if (experiments.length === 0) return offers;
  // A call the server never stored (e.g. a test request) is not split: nothing to record it on.
  const call = await db.interaction.findUnique({ where: { callId }, select: { id: true } });
  if (!call) return offers;
  const removed = new Set<string>();
  for (const e of experiments) {
    const variant = await assignVariant(db, e, { interactionId: call.id, callId });
    removed.add(variant === 'A' ? e.variantB : e.variantA);
  }
  return offers.filter((r) => !removed.has(r.id));
}

export type MatchInput = Static<typeof MatchBody>;

/** How many customers a rule's conditions select, counted in the database, and the top 10 by tier. */
export async function matchCustomers(db: Db, input: MatchInput, now = new Date()) {
  const where = customerWhere(input.conditions, {
    suppressOnOpenComplaint: input.suppressOnOpenComplaint,
    now,
  });
  const [count, sample] = await Promise.all([
    db.customer.count({ where }),
    db.customer.findMany({
      where,
      select: {
        id: true,
        name: true,
        accountNumber: true,
        vipTier: true,
        lifecycleStage: true,
        valueQuadrant: true,
        segment: true,
        city: true,
      },
      orderBy: [{ vipTier: 'desc' }, { name: 'asc' }, { id: 'asc' }],
      take: 10,
    }),
  ]);
  return { count, sample };
}

/** Products a rule may offer or name, by SKU. */
export async function listProducts(db: Db) {
  return db.product.findMany({
    select: { ...productSelect, active: true },
    orderBy: [{ active: 'desc' }, { sku: 'asc' }],
  });
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
const findRules = (db: Db | Tx, where: { id?: string; active?: boolean }) =>
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

async function oneRule(db: Db | Tx, id: string) {
  const [rule] = await findRules(db, { id });
  if (!rule) throw new NotFoundError('cross-sell rule', id);
  return ruleView(rule);
}

const ruleSnapshot = async (tx: Tx, id: string) => {
  const [rule] = await findRules(tx, { id });
  return rule ? ruleView(rule) : null;
};

function dateOrNull(value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new BadRequestError(`"${value}" is not a date-time`, 'BAD_VALIDITY');
  return date;
}

function checkWindow(validFrom: Date | null | undefined, validTo: Date | null | undefined) {
  if (validFrom && validTo && validFrom > validTo)
    throw new BadRequestError('validFrom is after validTo', 'BAD_VALIDITY');
}

function checkDays(c: Conditions | undefined) {
  if (
    c?.minDaysSinceLastPurchase !== undefined &&
    c.maxDaysSinceLastPurchase !== undefined &&
    c.minDaysSinceLastPurchase > c.maxDaysSinceLastPurchase
  )
    throw new BadRequestError('minDaysSinceLastPurchase is above maxDaysSinceLastPurchase', 'BAD_CONDITIONS');
}

export async function createRule(db: Db, input: NewRule, actor: AuditActor & { id: string }) {
  const { offerSku, conditions, validFrom, validTo, ...rest } = input;
  const window = { validFrom: dateOrNull(validFrom), validTo: dateOrNull(validTo) };
  checkWindow(window.validFrom, window.validTo);
  checkDays(conditions);
  const ids = await productIds(db, [offerSku, conditions.ownsSku, conditions.notOwnsSku]);
  const created = await audited(db, actor, {
    action: 'crossSellRule.create',
    snapshot: ruleSnapshot,
    write: (tx) =>
      tx.crossSellRule.create({
        data: { ...rest, ...window, conditions, offerProductId: ids.get(offerSku)!, createdById: actor.id },
      }),
    idOf: (r) => r.id,
    summary: (r) => `cross-sell rule "${r.name}" created`,
  });
  return oneRule(db, created.id);
}

export async function updateRule(db: Db, id: string, patch: RulePatch, actor: AuditActor) {
  const existing = await db.crossSellRule.findUnique({
    where: { id },
    select: { id: true, validFrom: true, validTo: true },
  });
  if (!existing) throw new NotFoundError('cross-sell rule', id);
  const { offerSku, conditions, validFrom, validTo, ...rest } = patch;
  const window = { validFrom: dateOrNull(validFrom), validTo: dateOrNull(validTo) };
  checkWindow(
    window.validFrom === undefined ? existing.validFrom : window.validFrom,
    window.validTo === undefined ? existing.validTo : window.validTo,
  );
  checkDays(conditions);
  const ids = await productIds(db, [offerSku, conditions?.ownsSku, conditions?.notOwnsSku]);
  await audited(db, actor, {
    action: 'crossSellRule.update',
    entityId: id,
    snapshot: ruleSnapshot,
    write: (tx) =>
      tx.crossSellRule.update({
        where: { id },
        data: { ...rest, ...window, conditions, offerProductId: offerSku ? ids.get(offerSku) : undefined },
      }),
  });
  return oneRule(db, id);
}
