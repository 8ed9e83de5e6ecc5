import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone, type Db } from '@kefu/db';
import { BadRequestError, NotFoundError } from '../../errors.js';

export type LifecycleStage = 'potential' | 'intent' | 'first_purchase' | 'repeat' | 'lost';
export const LIFECYCLE_STAGES: LifecycleStage[] = ['potential', 'intent', 'first_purchase', 'repeat', 'lost'];

const summarySelect = {
  id: true,
  accountNumber: true,
  kind: true,
  name: true,
  companyName: true,
  segment: true,
  language: true,
  lifecycleStage: true,
  vipTier: true,
  valueQuadrant: true,
  personality: true,
} as const;

interface LookupRow {
  isPrimary: boolean | number;
  label: string | null;
  type: string;
  id: string;
  accountNumber: string;
  kind: string;
  name: string;
  companyName: string | null;
  segment: string;
  language: string;
  lifecycleStage: string;
  vipTier: number;
  valueQuadrant: string | null;
  personality: string | null;
}

/**
 * Customers whose phone number is `e164`, best first: the number being the customer's primary
 * one, then VIP tier, then the most recently updated record. This order is THE caller
 * identification: routing (priority), the IVR's "who is calling" and the screen pop all take the
 * first match. One indexed join (it runs on every ring: Prisma's include would cost a second query).
 */
async function customersByPhone(db: Db, e164: string, limit: number) {
  const rows = await db.$queryRaw<LookupRow[]>`
    SELECT p."isPrimary", p."label", p."type", c."id", c."accountNumber", c."kind", c."name", c."companyName",
           c."segment", c."language", c."lifecycleStage", c."vipTier", c."valueQuadrant", c."personality"
    FROM "PhoneNumber" p JOIN "Customer" c ON c."id" = p."customerId"
    WHERE p."e164" = ${e164}
    ORDER BY p."isPrimary" DESC, c."vipTier" DESC, c."updatedAt" DESC
    LIMIT ${limit}`;
  return rows.map(({ isPrimary, label, type, vipTier, ...customer }) => ({
    customer: { ...customer, vipTier: Number(vipTier) },
    matchedNumber: { e164, isPrimary: Boolean(isPrimary), label, type },
  }));
}

/** Customers whose phone matches `raw` in any carrier format, best first (the screen pop's list). */
export async function lookupByPhone(db: Db, raw: string, region: string) {
  const phone = normalizePhone(raw, region as CountryCode);
  if (!phone) throw new BadRequestError(`"${raw}" is not a phone number`, 'BAD_PHONE');
  return { e164: phone.e164, valid: phone.valid, matches: await customersByPhone(db, phone.e164, 50) };
}

/** Who is calling from `ani`: its E.164 form and the best customer match (none for unknown numbers). */
export async function identifyCaller(
  db: Db,
  ani: string | null,
  region: string,
): Promise<{ customerId: string | null; e164: string | null; vipTier: number }> {
  const phone = ani ? normalizePhone(ani, region as CountryCode) : null;
  if (!phone) return { customerId: null, e164: null, vipTier: 0 };
  const best = (await customersByPhone(db, phone.e164, 1))[0]?.customer;
  return { customerId: best?.id ?? null, e164: phone.e164, vipTier: best?.vipTier ?? 0 };
}

export async function searchCustomers(db: Db, q: string, limit: number, region: string) {
  const phone = /\d{5,}/.test(q) ? normalizePhone(q, region as CountryCode) : null;
  return db.customer.findMany({
    where: {
      OR: [
        { name: { contains: q } },
        { companyName: { contains: q } },
        { accountNumber: q },
        ...(phone ? [{ phones: { some: { e164: phone.e164 } } }] : []),
      ],
    },
    select: summarySelect,
    orderBy: [{ vipTier: 'desc' }, { name: 'asc' }],
    take: limit,
  });
}

const OPEN_TICKET_STATUSES = ['open', 'in_progress', 'pending_customer'] as const;

/** Basic facts, contacts, history and rating in one read: what the console pops at ring. */
export async function customer360(db: Db, id: string) {
  const customer = await db.customer.findUnique({
    where: { id },
    include: {
      owner: { select: { id: true, username: true, displayName: true } },
      phones: { orderBy: { isPrimary: 'desc' } },
      contacts: { include: { phones: true } },
      orders: {
        orderBy: { orderedAt: 'desc' },
        take: 20,
        include: { items: { include: { product: { select: { sku: true, name: true, nameEn: true } } } } },
      },
      contracts: { orderBy: { startsAt: 'desc' }, take: 20 },
      payments: { orderBy: { paidAt: 'desc' }, take: 20 },
      tickets: {
        orderBy: { createdAt: 'desc' },
        take: 20,
        include: { assignee: { select: { id: true, displayName: true } } },
      },
      interactions: {
        orderBy: { offeredAt: 'desc' },
        take: 20,
        select: {
          id: true,
          direction: true,
          ani: true,
          dnis: true,
          offeredAt: true,
          answeredAt: true,
          endedAt: true,
          disposition: true,
          notes: true,
          agent: { select: { extension: true, user: { select: { displayName: true } } } },
        },
      },
      changes: { orderBy: { at: 'desc' }, take: 20 },
      followUps: { where: { status: 'open' }, orderBy: { dueAt: 'asc' } },
    },
  });
  if (!customer) throw new NotFoundError('customer', id);
  const { tickets, ...rest } = customer;
  const openTickets = tickets.filter((t) => (OPEN_TICKET_STATUSES as readonly string[]).includes(t.status));
  return {
    ...rest,
    rating: {
      lifecycleStage: customer.lifecycleStage,
      stageEnteredAt: customer.stageEnteredAt,
      vipTier: customer.vipTier,
      valueQuadrant: customer.valueQuadrant,
      personality: customer.personality,
    },
    openTickets,
    hasOpenComplaint: openTickets.some((t) => t.type === 'complaint'),
    recentTickets: tickets,
  };
}

export interface NewCustomer {
  kind?: 'individual' | 'company';
  name: string;
  companyName?: string;
  segment?: string;
  language?: string;
  email?: string;
  city?: string;
  phones?: { number: string; label?: string }[];
}

/** Creates a customer (quick-create from an unknown caller too); numbers are normalised. */
export async function createCustomer(db: Db, input: NewCustomer, actorId: string, region: string) {
  const phones = (input.phones ?? []).map((p, i) => {
    const n = normalizePhone(p.number, region as CountryCode);
    if (!n) throw new BadRequestError(`"${p.number}" is not a phone number`, 'BAD_PHONE');
    return { e164: n.e164, raw: p.number, type: n.type, label: p.label ?? null, isPrimary: i === 0 };
  });
  const { phones: _p, ...fields } = input;
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.customer.create({
        data: {
          ...fields,
          accountNumber: String(Math.floor(90_000_000 + Math.random() * 9_999_999)),
          ownerId: actorId,
          phones: { create: phones },
          changes: { create: { field: 'created', toValue: input.name, actorId } },
        },
        include: { phones: true },
      });
    } catch (err) {
      // A random account number may collide with an existing one: try another.
      if (attempt < 3 && (err as { code?: string }).code === 'P2002') continue;
      throw err;
    }
  }
}

export type RatingPatch = Partial<{
  vipTier: number;
  valueQuadrant: 'I' | 'II' | 'III' | 'IV' | null;
  personality: 'expressive' | 'driver' | 'amiable' | 'analytical' | null;
}>;

export interface CustomerPatch extends RatingPatch {
  name?: string;
  companyName?: string | null;
  email?: string | null;
  city?: string | null;
  language?: string;
  segment?: string;
  notes?: string | null;
  reason?: string;
}

/** Updates a customer; every rating field that changes is appended to its history. */
export async function updateCustomer(db: Db, id: string, patch: CustomerPatch, actorId: string) {
  const { reason, ...fields } = patch;
  return db.$transaction(async (tx) => {
    const before = await tx.customer.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('customer', id);
    const changes = (['vipTier', 'valueQuadrant', 'personality'] as const)
      .filter((f) => f in fields && fields[f] !== before[f])
      .map((field) => ({
        field,
        fromValue: before[field] === null ? null : String(before[field]),
        toValue: fields[field] === null || fields[field] === undefined ? null : String(fields[field]),
        reason: reason ?? null,
        actorId,
      }));
    return tx.customer.update({
      where: { id },
      data: { ...fields, changes: { create: changes } },
    });
  });
}

/** Moves a customer to another lifecycle stage, keeping who, when and why. */
export async function changeLifecycleStage(
  db: Db,
  id: string,
  stage: LifecycleStage,
  reason: string,
  actorId: string,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const before = await tx.customer.findUnique({ where: { id }, select: { lifecycleStage: true } });
    if (!before) throw new NotFoundError('customer', id);
    if (before.lifecycleStage === stage)
      throw new BadRequestError(`customer is already in stage ${stage}`, 'SAME_STAGE');
    return tx.customer.update({
      where: { id },
      data: {
        lifecycleStage: stage,
        stageEnteredAt: now,
        changes: {
          create: {
            field: 'lifecycleStage',
            fromValue: before.lifecycleStage,
            toValue: stage,
            reason,
            actorId,
            at: now,
          },
        },
      },
      select: { id: true, lifecycleStage: true, stageEnteredAt: true },
    });
  });
}

/**
 * Customers that have sat in a stage longer than the configured days (setting
 * `lifecycle.stuckDays`, e.g. {potential: 30, intent: 14}), oldest first.
 */
export async function stuckCustomers(db: Db, opts: { ownerId?: string; now?: Date; limit?: number }) {
  const setting = await db.setting.findUnique({ where: { key: 'lifecycle.stuckDays' } });
  const days = (setting?.value ?? {}) as Partial<Record<LifecycleStage, number>>;
  const now = opts.now ?? new Date();
  const byStage = Object.entries(days)
    .filter(
      (e): e is [LifecycleStage, number] =>
        typeof e[1] === 'number' && LIFECYCLE_STAGES.includes(e[0] as LifecycleStage),
    )
    .map(([stage, d]) => ({
      lifecycleStage: stage,
      stageEnteredAt: { lt: new Date(now.getTime() - d * 86_400_000) },
    }));
  if (byStage.length === 0) return [];
  const rows = await db.customer.findMany({
    where: { OR: byStage, ...(opts.ownerId ? { ownerId: opts.ownerId } : {}) },
    select: {
      ...summarySelect,
      stageEnteredAt: true,
      owner: { select: { id: true, username: true, displayName: true } },
    },
    orderBy: { stageEnteredAt: 'asc' },
    take: opts.limit ?? 100,
  });
  return rows.map((r) => ({
    ...r,
    daysInStage: Math.floor((now.getTime() - r.stageEnteredAt.getTime()) / 86_400_000),
    thresholdDays: days[r.lifecycleStage] ?? null,
  }));
}
