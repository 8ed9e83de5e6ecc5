export interface ReorderInput {
  /** Stock the customer reported last time (0 if never). */
  lastStock: number;
  /** Units bought since that report. */
  lastPurchase: number;
  /** Stock the customer reports now. */
  currentStock: number;
}

/** Stock is kept at one and a half times what was sold in the last period. */
export const SAFETY_FACTOR = 1.5;

/**
 * Units to reorder: what was sold since the last report (last stock + purchases − current
 * stock), times the safety factor, minus what is still on the shelf. Rounded up (a part
 * unit cannot be shipped) and never negative (an overstocked customer orders nothing).
 */
export function suggestReorderQuantity({ lastStock, lastPurchase, currentStock }: ReorderInput): number {
  const sold = lastStock + lastPurchase - currentStock;
  return Math.max(0, Math.ceil(sold * SAFETY_FACTOR - currentStock));
}
