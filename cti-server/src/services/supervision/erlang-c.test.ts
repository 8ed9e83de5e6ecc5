import { describe, expect, it } from 'vitest';
import { agentsNeeded, erlangB, erlangC, offeredLoad, predictedServiceLevel } from './erlang-c.js';

describe('Erlang C', () => {
  // 100 calls/h, AHT 180 s: A = 100 × 180 / 3600 = 5 erlangs. Target 80 % in 20 s.
  const A = offeredLoad(100, 180_000);

  it('computes the offered load', () => {
    expect(A).toBe(5);
  });

  it('runs the Erlang B recurrence B(n) = A·B(n−1) / (n + A·B(n−1))', () => {
    // B(1) = 5/6 = 0.833333; B(2) = 4.166667/6.166667 = 0.675676; B(3) = 3.378378/6.378378 = 0.529661;
    // B(4) = 2.648305/6.648305 = 0.398343; B(5) = 1.991714/6.991714 = 0.284868;
    // B(6) = 1.424339/7.424339 = 0.191847; B(7) = 0.959237/7.959237 = 0.120519;
    // B(8) = 0.602593/8.602593 = 0.070048.
    expect(erlangB(1, A)).toBeCloseTo(0.833333, 6);
    expect(erlangB(5, A)).toBeCloseTo(0.284868, 6);
    expect(erlangB(8, A)).toBeCloseTo(0.070048, 6);
  });

  it('gives the probability of waiting C = N·B / (N − A(1 − B))', () => {
    // N = 8: 8 × 0.070048 / (8 − 5 × 0.929952) = 0.560383 / 3.350240 = 0.167267.
    expect(erlangC(8, A)).toBeCloseTo(0.167267, 5);
    // N = 7: 7 × 0.120519 / (7 − 5 × 0.879481) = 0.843631 / 2.602595 = 0.324150.
    expect(erlangC(7, A)).toBeCloseTo(0.32415, 5);
    // N ≤ A: everyone waits.
    expect(erlangC(5, A)).toBe(1);
  });

  it('predicts the service level 1 − C·e^(−(N − A)·T/AHT) and finds the textbook 8 agents', () => {
    // N = 7: 1 − 0.324150 × e^(−2 × 20/180) = 1 − 0.324150 × 0.800737 = 0.740441 (< 80 %).
    expect(predictedServiceLevel(7, A, 180_000, 20_000)).toBeCloseTo(0.740441, 5);
    // N = 8: 1 − 0.167267 × e^(−3 × 20/180) = 1 − 0.167267 × 0.716531 = 0.880148 (≥ 80 %).
    expect(predictedServiceLevel(8, A, 180_000, 20_000)).toBeCloseTo(0.880148, 5);
    expect(agentsNeeded(A, 180_000, 20_000, 0.8)).toBe(8);
  });

  it('stays finite for large centres and has no answer without traffic', () => {
    // 950 erlangs: n! and A^n overflow doubles long before; the recurrence does not.
    const n = agentsNeeded(950, 180_000, 20_000, 0.8);
    expect(n).not.toBeNull();
    expect(n!).toBeGreaterThan(950);
    expect(n!).toBeLessThan(1000);
    expect(Number.isFinite(erlangC(n!, 950))).toBe(true);
    expect(agentsNeeded(0, 180_000, 20_000, 0.8)).toBeNull();
    expect(predictedServiceLevel(3, 0, 180_000, 20_000)).toBe(1);
  });
});
