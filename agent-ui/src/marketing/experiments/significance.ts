// The sentence under an experiment's results: what the server's z-test says, in the reader's
// language, always naming the test (the server's note is English and is not shown).
import type { ExperimentResults } from '@kefu/cti-server/contract';
import type { Translate } from '../../i18n/i18n-context.js';
import type { experimentsMessages } from './experiments-messages.js';

type Key = keyof (typeof experimentsMessages)['en'];
type SignificanceTest = ExperimentResults['tests'][number];
type VariantResult = ExperimentResults['variants'][number];

const TEST_NAMES: Record<string, Key> = {
  'two-proportion z-test, two-sided, pooled': 'testZPooled',
};

export function significanceSentence(
  t: Translate<Key>,
  test: SignificanceTest,
  variants: readonly VariantResult[],
): string {
  const metric = t(test.metric);
  const known = TEST_NAMES[test.test];
  const name = known ? t(known) : test.test;
  const p = test.pValue === null ? '—' : test.pValue.toFixed(3);
  const z = test.z === null ? '—' : test.z.toFixed(2);
  if (variants.some((v) => v.calls === 0)) return t('noCalls', { metric, test: name });
  if (!test.enoughData) return t('notEnough', { metric, test: name });
  if (test.significant) return t('significant', { metric, p, z, test: name });
  return t('notSignificant', { metric, p, test: name });
}
