import { describe, expect, it } from 'vitest';
import {
  applicableRules,
  conditionsHold,
  daysSince,
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
  city: '深圳',
  daysSinceLastPurchase: 40,
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
    [{ regions: ['深圳', '广州'] }, true],
    [{ regions: ['北京'] }, false],
    [{ minDaysSinceLastPurchase: 40 }, true],
    [{ minDaysSinceLastPurchase: 41 }, false],
    [{ maxDaysSinceLastPurchase: 40 }, true],
    [{ maxDaysSinceLastPurchase: 39 }, false],
    [{}, true],
  ] as const)('%j → %s', (conditions, expected) => {
    expect(conditionsHold(conditions as never, facts())).toBe(expected);
  });

  it('a quadrant condition never matches an unrated customer', () => {
    expect(conditionsHold({ quadrants: ['I', 'II', 'III', 'IV'] }, facts({ valueQuadrant: null }))).toBe(
      false,
    );
  });

  it('a customer who never bought meets a minimum of days since the last purchase, not a maximum', () => {
    const never = facts({ daysSinceLastPurchase: null });
    expect(conditionsHold({ minDaysSinceLastPurchase: 365 }, never)).toBe(true);
    expect(conditionsHold({ maxDaysSinceLastPurchase: 365 }, never)).toBe(false);
  });

  it('a region condition never matches a customer without a city', () => {
    expect(conditionsHold({ regions: ['深圳'] }, facts({ city: null }))).toBe(false);
  });
});

describe('daysSince', () => {
  it('counts whole days, rounding down', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    expect(daysSince(new Date('2026-12-03T12:00:00Z'), now)).toBe(1);
    expect(daysSince(new Date('2026-12-03T12:00:01Z'), now)).toBe(0);
    expect(daysSince(null, now)).toBeNull();
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
