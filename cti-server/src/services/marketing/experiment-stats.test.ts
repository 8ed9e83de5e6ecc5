import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionZTest } from './experiment-stats.js';

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447],
    [-1, 0.1586553],
    [1.959964, 0.975],
    [-2.575829, 0.005],
    [3, 0.9986501],
  ])('Φ(%s) = %s', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 6);
  });
});

describe('twoProportionZTest', () => {
  it('30/100 against 20/100: pooled 0.25, z = 0.1 / √(0.25·0.75·0.02) = 1.63299, p = 0.10247', () => {
    const r = twoProportionZTest({ successes: 30, trials: 100 }, { successes: 20, trials: 100 });
    expect(r.z).toBeCloseTo(1.632993, 5);
    expect(r.pValue).toBeCloseTo(0.10247, 5);
    expect(r).toMatchObject({ enoughData: true, significant: false });
  });

  it('60/200 against 35/200: pooled 0.2375, z = 0.125 / √(0.2375·0.7625·0.01) = 2.93737, p = 0.00331', () => {
    const r = twoProportionZTest({ successes: 60, trials: 200 }, { successes: 35, trials: 200 });
    expect(r.z).toBeCloseTo(2.937367, 5);
    expect(r.pValue).toBeCloseTo(0.00331, 5);
    expect(r).toMatchObject({ enoughData: true, significant: true });
  });

  it('the sign follows A − B', () => {
    const r = twoProportionZTest({ successes: 20, trials: 100 }, { successes: 30, trials: 100 });
    expect(r.z).toBeCloseTo(-1.632993, 5);
  });

  it('a small cell is never significant, and says so', () => {
    const r = twoProportionZTest({ successes: 4, trials: 10 }, { successes: 0, trials: 10 });
    expect(r.pValue).toBeLessThan(0.05);
    expect(r).toMatchObject({ enoughData: false, significant: false });
    expect(r.note).toMatch(/not enough data/);
  });

  it('no calls or no variation: no z', () => {
    expect(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 3, trials: 9 })).toMatchObject({
      z: null,
      pValue: null,
      significant: false,
    });
    expect(twoProportionZTest({ successes: 0, trials: 50 }, { successes: 0, trials: 50 }).z).toBeNull();
  });
});
