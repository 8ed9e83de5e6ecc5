import { describe, expect, it } from 'vitest';
import { variantFor } from './experiment-assignment.js';

describe('variantFor', () => {
  it('gives a call the same variant every time', () => {
    expect(variantFor('exp1', 'call-42', 50)).toBe(variantFor('exp1', 'call-42', 50));
  });

  it('sends every call to A at 100 % and B at 0 %', () => {
    for (let i = 0; i < 50; i++) {
      expect(variantFor('exp1', `c${i}`, 100)).toBe('A');
      expect(variantFor('exp1', `c${i}`, 0)).toBe('B');
    }
  });

  it('splits 50/50 within the binomial bounds over 2,000 calls (99.9 %: ±3.29 σ)', () => {
    const n = 2000;
    let a = 0;
    for (let i = 0; i < n; i++) if (variantFor('exp-split', `call-${i}`, 50) === 'A') a++;
    const sigma = Math.sqrt(n * 0.5 * 0.5);
    expect(Math.abs(a - n / 2)).toBeLessThan(3.29 * sigma);
  });

  it('splits 20/80 as configured', () => {
    const n = 2000;
    let a = 0;
    for (let i = 0; i < n; i++) if (variantFor('exp-20', `call-${i}`, 20) === 'A') a++;
    const sigma = Math.sqrt(n * 0.2 * 0.8);
    expect(Math.abs(a - n * 0.2)).toBeLessThan(3.29 * sigma);
  });

  it('decides independently in two experiments', () => {
    let same = 0;
    const n = 1000;
    for (let i = 0; i < n; i++) if (variantFor('x', `c${i}`, 50) === variantFor('y', `c${i}`, 50)) same++;
    expect(same).toBeGreaterThan(n / 2 - 3.29 * Math.sqrt(n / 4));
    expect(same).toBeLessThan(n / 2 + 3.29 * Math.sqrt(n / 4));
  });
});
