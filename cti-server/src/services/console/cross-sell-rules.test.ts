import { describe, expect, it } from 'vitest';
import {
  applicableRules,
  conditionsHold,
  type CustomerFacts,
  type RuleForEvaluation,
} from './cross-sell-rules.js';

const facts = (over: Partial<CustomerFacts> = {}): CustomerFacts => ({
  segment: 'enterprise',
  lifecycleStage: 'repeat',
  valueQuadrant: 'I',
  vipTier: 2,
  ownedSkus: new Set(['KF-ROUTER-100']),
  hasOpenComplaint: false,
  acceptedRuleIds: new Set(),
  ...over,
});
const rule = (id: string, over: Partial<RuleForEvaluation> = {}): RuleForEvaluation => ({
  id,
  name: id,
  priority: 0,
  active: true,
  conditions: {},
  suppressOnOpenComplaint: true,
  ...over,
});

describe('conditionsHold', () => {
  it.each([
    [{ ownsSku: 'KF-ROUTER-100' }, true],
    [{ ownsSku: 'KF-NAS-4' }, false],
    [{ notOwnsSku: 'KF-ROUTER-100' }, false],
    [{ segments: ['smb', 'enterprise'] }, true],
    [{ segments: ['distributor'] }, false],
    [{ stages: ['first_purchase'] }, false],
    [{ quadrants: ['II'] }, false],
    [{ minVipTier: 2 }, true],
    [{ minVipTier: 3 }, false],
    [{ hasOpenComplaint: true }, false],
    [{ ownsSku: 'KF-ROUTER-100', stages: ['repeat'], quadrants: ['I'] }, true],
    [{}, true],
  ] as const)('%j → %s', (conditions, expected) => {
    expect(conditionsHold(conditions as never, facts())).toBe(expected);
  });

  it('a quadrant condition never matches an unrated customer', () => {
    expect(conditionsHold({ quadrants: ['I', 'II', 'III', 'IV'] }, facts({ valueQuadrant: null }))).toBe(
      false,
    );
  });
});

describe('applicableRules', () => {
  it('orders by priority, highest first, and drops inactive and accepted rules', () => {
    const rules = [
      rule('low', { priority: 1 }),
      rule('high', { priority: 9 }),
      rule('off', { priority: 50, active: false }),
      rule('taken', { priority: 40 }),
    ];
    const ids = applicableRules(rules, facts({ acceptedRuleIds: new Set(['taken']) })).map((r) => r.id);
    expect(ids).toEqual(['high', 'low']);
  });

  it('an open complaint silences the rules that ask for it, not the service-recovery ones', () => {
    const rules = [
      rule('upsell', { priority: 9 }),
      rule('recovery', { suppressOnOpenComplaint: false, conditions: { hasOpenComplaint: true } }),
    ];
    expect(applicableRules(rules, facts({ hasOpenComplaint: true })).map((r) => r.id)).toEqual(['recovery']);
    expect(applicableRules(rules, facts()).map((r) => r.id)).toEqual(['upsell']);
  });
});
