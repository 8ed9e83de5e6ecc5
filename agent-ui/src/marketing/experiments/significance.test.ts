import { describe, expect, it } from 'vitest';
import type { ExperimentResults } from '@kefu/cti-server/contract';
import { translate, type Locale } from '../../i18n/catalog.js';
import { experimentsMessages } from './experiments-messages.js';
import { significanceSentence } from './significance.js';

type Test = ExperimentResults['tests'][number];
type Variant = ExperimentResults['variants'][number];

const t =
  (locale: Locale) =>
  (key: keyof (typeof experimentsMessages)['en'], vars?: Record<string, string | number>) =>
    translate(locale, experimentsMessages[locale][key], vars);
const variant = (v: 'A' | 'B', calls: number, accepted: number): Variant => ({
  variant: v,
  label: v === 'A' ? 'Cloud' : 'Care Plus',
  calls,
  completed: 0,
  completionRate: null,
  offersMade: calls,
  offersAccepted: accepted,
  conversionRate: calls ? accepted / calls : null,
});
const test = (over: Partial<Test>): Test => ({
  metric: 'conversion',
  test: 'two-proportion z-test, two-sided, pooled',
  z: null,
  pValue: null,
  significant: false,
  enoughData: false,
  note: 'server note',
  ...over,
});

describe('significance sentence', () => {
  const both = [variant('A', 100, 30), variant('B', 100, 12)];

  it('says a significant difference with p, z and the test', () => {
    const s = test({ z: 3.04, pValue: 0.00237, significant: true, enoughData: true });
    expect(significanceSentence(t('en'), s, both)).toBe(
      'Conversion: the difference is significant (p = 0.002, z = 3.04; two-proportion z-test, two-sided, pooled).',
    );
    expect(significanceSentence(t('zh-CN'), s, both)).toBe(
      '转化率：差异显著（p = 0.002，z = 3.04；双样本比例 z 检验（双侧，合并方差））。',
    );
  });

  it('says no significant difference', () => {
    const s = test({ metric: 'completion', z: 0.5, pValue: 0.617, enoughData: true });
    expect(significanceSentence(t('en'), s, both)).toBe(
      'Completion: no significant difference (p = 0.617; two-proportion z-test, two-sided, pooled).',
    );
  });

  it('says when the data are too few, or a variant has no calls, still naming the test', () => {
    const few = [variant('A', 6, 1), variant('B', 6, 2)];
    expect(significanceSentence(t('en'), test({ z: -0.7, pValue: 0.5 }), few)).toMatch(
      /^Conversion: not enough data .* at least 5 successes and 5 failures \(two-proportion z-test/,
    );
    expect(significanceSentence(t('zh-CN'), test({}), [variant('A', 0, 0), variant('B', 3, 1)])).toBe(
      '转化率：有方案还没有来电（双样本比例 z 检验（双侧，合并方差））。',
    );
  });
});
