import { describe, expect, it } from 'vitest';
import { suggestReorderQuantity } from './reorder-suggestion.js';

describe('suggestReorderQuantity', () => {
  it('covers one and a half periods of sales, minus the stock on hand', () => {
    // sold 20 + 40 − 10 = 50 → 75 − 10 = 65
    expect(suggestReorderQuantity({ lastStock: 20, lastPurchase: 40, currentStock: 10 })).toBe(65);
  });

  it('rounds a part unit up', () => {
    // sold 0 + 3 − 0 = 3 → 4.5 → 5
    expect(suggestReorderQuantity({ lastStock: 0, lastPurchase: 3, currentStock: 0 })).toBe(5);
  });

  it('is never negative: a customer with more stock than they sell orders nothing', () => {
    // sold 10 + 10 − 18 = 2 → 3 − 18 = −15 → 0
    expect(suggestReorderQuantity({ lastStock: 10, lastPurchase: 10, currentStock: 18 })).toBe(0);
    // stock went up without a purchase we know of: sold −5 → 0
    expect(suggestReorderQuantity({ lastStock: 5, lastPurchase: 0, currentStock: 10 })).toBe(0);
  });

  it('is exactly zero at the break-even point', () => {
    // sold 12 → 18 − 18 = 0 (and −0 is not returned)
    const q = suggestReorderQuantity({ lastStock: 30, lastPurchase: 0, currentStock: 18 });
    expect(Object.is(q, 0)).toBe(true);
  });
});
