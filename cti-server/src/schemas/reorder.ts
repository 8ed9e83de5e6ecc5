import { Type } from 'typebox';
import { Id, NullableDateTime } from './common.js';
import { CallId } from './scripts.js';

export const ReorderBody = Type.Object(
  {
    /** Omitted: the product of the customer's latest order. */
    productId: Type.Optional(Id),
    currentStock: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    /** The call the stock was reported on, if any. */
    callId: Type.Optional(CallId),
  },
  { additionalProperties: false },
);

export const ReorderSuggestion = Type.Object({
  product: Type.Object({
    id: Type.String(),
    sku: Type.String(),
    name: Type.String(),
    nameEn: Type.Union([Type.String(), Type.Null()]),
  }),
  currentStock: Type.Integer(),
  /** The previous stock report (0 and null when there was none). */
  lastStock: Type.Integer(),
  lastStockAt: NullableDateTime,
  /** Units bought since the previous report (or on the latest order when there was none). */
  lastPurchase: Type.Integer(),
  /** lastStock + lastPurchase − currentStock */
  sold: Type.Integer(),
  suggestedQuantity: Type.Integer({ minimum: 0 }),
  /** The stored StockReport for currentStock. */
  stockReportId: Type.String(),
});
