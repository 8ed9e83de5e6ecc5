// Significance of an A/B difference in a proportion (conversion, completion). One formula and the
// normal CDF: written here rather than pulling in a statistics package for a single function.

export const TEST_NAME = 'two-proportion z-test, two-sided, pooled' as const;
/** The usual rule of thumb for the normal approximation: every cell at least 5. */
export const MIN_CELL = 5;
export const ALPHA = 0.05;

/**
 * The standard normal CDF Φ(x) = (1 + erf(x/√2)) / 2, erf by Abramowitz & Stegun 7.1.26
 * (absolute error below 1.5e-7: far finer than the 0.05 threshold it is compared with).
 */
export function normalCdf(x: number): number {
  const t = x / Math.SQRT2;
  const sign = t < 0 ? -1 : 1;
  const a = Math.abs(t);
  const k = 1 / (1 + 0.3275911 * a);
  const poly =
    ((((1.061405429 * k - 1.453152027) * k + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k;
  const erf = 1 - poly * Math.exp(-a * a);
  return 0.5 * (1 + sign * erf);
}

export interface Proportion {
  successes: number;
  trials: number;
}

export interface ZTestResult {
  test: typeof TEST_NAME;
  z: number | null;
  pValue: number | null;
  significant: boolean;
  enoughData: boolean;
  note: string;
}

/**
 * H0: both variants have the same rate. z = (p̂A − p̂B) / √(p̂(1−p̂)(1/nA + 1/nB)) with the pooled
 * p̂ = (xA + xB) / (nA + nB); p = 2(1 − Φ(|z|)). Significant when p < 0.05 and every cell
 * (successes and failures of each variant) has at least 5, below which the approximation is poor.
 */
export function twoProportionZTest(a: Proportion, b: Proportion): ZTestResult {
  const base = { test: TEST_NAME };
  const cells = [a.successes, a.trials - a.successes, b.successes, b.trials - b.successes];
  const enoughData = cells.every((c) => c >= MIN_CELL);
  if (a.trials === 0 || b.trials === 0)
    return {
      ...base,
      z: null,
      pValue: null,
      significant: false,
      enoughData: false,
      note: 'a variant has no calls yet',
    };
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (se === 0)
    return {
      ...base,
      z: null,
      pValue: null,
      significant: false,
      enoughData,
      note: enoughData ? 'both variants have the same rate' : notEnough(),
    };
  const z = (a.successes / a.trials - b.successes / b.trials) / se;
  const pValue = Math.min(1, Math.max(0, 2 * (1 - normalCdf(Math.abs(z)))));
  const significant = enoughData && pValue < ALPHA;
  const note = !enoughData
    ? notEnough()
    : significant
      ? `the difference is significant (p = ${pValue.toFixed(4)} < ${ALPHA})`
      : `the difference is not significant (p = ${pValue.toFixed(4)} ≥ ${ALPHA})`;
  return { ...base, z, pValue, significant, enoughData, note };
}

const notEnough = () =>
  `not enough data: each variant needs at least ${MIN_CELL} successes and ${MIN_CELL} failures`;
