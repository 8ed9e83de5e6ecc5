import type { Db } from '@kefu/db';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { suggestReorderQuantity } from './reorder-suggestion.js';

const NOT_BOUGHT = ['cancelled', 'returned'];

export interface ReorderRequest {
  customerId: string;
  productId?: string;
  currentStock: number;
  callId?: string;
  reportedById: string;
}

/** The product of the customer's latest order (its largest line), for a reorder without a product. */
async function latestProductId(db: Db, customerId: string): Promise<string> {
  const item = await db.orderItem.findFirst({
    where: { order: { customerId, status: { notIn: NOT_BOUGHT } } },
    orderBy: [{ order: { orderedAt: 'desc' } }, { quantity: 'desc' }],
    select: { productId: true },
  });
  if (!item) {
    throw new BadRequestError(
      'the customer has no orders yet: name the product (productId)',
      'NO_PURCHASE_HISTORY',
    );
  }
  return item.productId;
}

/**
 * Suggests a reorder from the stock the customer reports now and stores that report.
 * "Last stock" is the previous StockReport for the product; "last purchase" the units ordered
 * since it (or, with no report yet, the units on the latest order of the product).
 */
export async function reorderSuggestion(db: Db, req: ReorderRequest, now = new Date()) {
  const customer = await db.customer.findUnique({ where: { id: req.customerId }, select: { id: true } });
  if (!customer) throw new NotFoundError('customer', req.customerId);
  const productId = req.productId ?? (await latestProductId(db, customer.id));
  const product = await db.product.findUnique({
    where: { id: productId },
    select: { id: true, sku: true, name: true, nameEn: true },
  });
  if (!product) throw new NotFoundError('product', productId);
  let interactionId: string | null = null;
  if (req.callId) {
    const call = await db.interaction.findUnique({ where: { callId: req.callId }, select: { id: true } });
    if (!call) throw new NotFoundError('call', req.callId);
    interactionId = call.id;
  }

  const previous = await db.stockReport.findFirst({
    where: { customerId: customer.id, productId: product.id },
    orderBy: { reportedAt: 'desc' },
    select: { quantity: true, reportedAt: true },
  });
  const bought = { order: { customerId: customer.id, status: { notIn: NOT_BOUGHT } }, productId: product.id };
  let lastPurchase: number;
  if (previous) {
    const since = await db.orderItem.aggregate({
      where: { ...bought, order: { ...bought.order, orderedAt: { gt: previous.reportedAt } } },
      _sum: { quantity: true },
    });
    lastPurchase = since._sum.quantity ?? 0;
  } else {
    const latest = await db.order.findFirst({
      where: {
        customerId: customer.id,
        status: { notIn: NOT_BOUGHT },
        items: { some: { productId: product.id } },
      },
      orderBy: { orderedAt: 'desc' },
      select: { items: { where: { productId: product.id }, select: { quantity: true } } },
    });
    lastPurchase = latest?.items.reduce((sum, i) => sum + i.quantity, 0) ?? 0;
  }
  const lastStock = previous?.quantity ?? 0;
  const input = { lastStock, lastPurchase, currentStock: req.currentStock };
  const report = await db.stockReport.create({
    data: {
      customerId: customer.id,
      productId: product.id,
      quantity: req.currentStock,
      interactionId,
      reportedById: req.reportedById,
      reportedAt: now,
    },
    select: { id: true },
  });
  return {
    product,
    currentStock: req.currentStock,
    lastStock,
    lastStockAt: previous?.reportedAt ?? null,
    lastPurchase,
    sold: lastStock + lastPurchase - req.currentStock,
    suggestedQuantity: suggestReorderQuantity(input),
    stockReportId: report.id,
  };
}
