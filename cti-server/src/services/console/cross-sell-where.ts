import type { Prisma } from '@kefu/db';
import { DAY_MS, type Conditions } from './cross-sell-rules.js';

/** Orders that count as bought (as in the facts: not cancelled, not returned). */
const bought: Prisma.OrderWhereInput = { status: { notIn: ['cancelled', 'returned'] } };
const openComplaint: Prisma.ServiceTicketWhereInput = {
  type: 'complaint',
  status: { in: ['open', 'in_progress', 'pending_customer'] },
};

/**
 * The customers a rule's conditions select, as a Prisma where, so the editor's "matching
 * customers" count runs in the database. Must agree with conditionsHold (the JS check at offer
 * time) on every customer: the API tests compare both on the demo data.
 */
export function customerWhere(
  c: Conditions,
  options: { suppressOnOpenComplaint?: boolean; now: Date },
): Prisma.CustomerWhereInput {
  const and: Prisma.CustomerWhereInput[] = [];
  const now = options.now.getTime();
  if (c.ownsSku !== undefined)
    and.push({ orders: { some: { ...bought, items: { some: { product: { sku: c.ownsSku } } } } } });
  if (c.notOwnsSku !== undefined)
    and.push({ orders: { none: { ...bought, items: { some: { product: { sku: c.notOwnsSku } } } } } });
  if (c.segments) and.push({ segment: { in: c.segments } });
  if (c.stages) and.push({ lifecycleStage: { in: c.stages } });
  if (c.quadrants) and.push({ valueQuadrant: { in: c.quadrants } });
  if (c.minVipTier !== undefined) and.push({ vipTier: { gte: c.minVipTier } });
  if (c.hasOpenComplaint === true) and.push({ tickets: { some: openComplaint } });
  if (c.hasOpenComplaint === false || options.suppressOnOpenComplaint)
    and.push({ tickets: { none: openComplaint } });
  if (c.regions) and.push({ city: { in: c.regions } });
  // floor((now - last) / day) >= min  ⇔  last <= now - min days: no purchase after that instant.
  if (c.minDaysSinceLastPurchase !== undefined)
    and.push({
      orders: { none: { ...bought, orderedAt: { gt: new Date(now - c.minDaysSinceLastPurchase * DAY_MS) } } },
    });
  // floor((now - last) / day) <= max  ⇔  last > now - (max + 1) days: a purchase after that instant.
  if (c.maxDaysSinceLastPurchase !== undefined)
    and.push({
      orders: {
        some: { ...bought, orderedAt: { gt: new Date(now - (c.maxDaysSinceLastPurchase + 1) * DAY_MS) } },
      },
    });
  return { AND: and };
}
