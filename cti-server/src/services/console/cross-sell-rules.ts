import type { Static } from 'typebox';
import type { CrossSellConditions } from '../../schemas/cross-sell.js';

export type Conditions = Static<typeof CrossSellConditions>;

/** What the rules look at, gathered once per customer. */
export interface CustomerFacts {
  segment: string;
  lifecycleStage: string;
  valueQuadrant: string | null;
  vipTier: number;
  /** SKUs on the customer's orders that were not cancelled or returned. */
  ownedSkus: ReadonlySet<string>;
  hasOpenComplaint: boolean;
  city: string | null;
  /**
   * Whole days since the newest order not cancelled or returned (floor of the elapsed time; an
   * order dated later than now gives a negative number); null: never bought.
   */
  daysSinceLastPurchase: number | null;
  /** Rules whose offer this customer already accepted. */
  acceptedRuleIds: ReadonlySet<string>;
}

export interface RuleForEvaluation {
  id: string;
  name: string;
  priority: number;
  active: boolean;
  conditions: Conditions;
  suppressOnOpenComplaint: boolean;
}

export const DAY_MS = 86_400_000;

/** Whole days from the last purchase to `now` (see CustomerFacts.daysSinceLastPurchase). */
export function daysSince(lastPurchase: Date | null, now: Date): number | null {
  return lastPurchase === null ? null : Math.floor((now.getTime() - lastPurchase.getTime()) / DAY_MS);
}

/** Must agree with customerWhere (cross-sell-where.ts), which counts the same in the database. */
export function conditionsHold(c: Conditions, f: CustomerFacts): boolean {
  if (c.ownsSku !== undefined && !f.ownedSkus.has(c.ownsSku)) return false;
  if (c.notOwnsSku !== undefined && f.ownedSkus.has(c.notOwnsSku)) return false;
  if (c.segments && !c.segments.includes(f.segment)) return false;
  if (c.stages && !(c.stages as readonly string[]).includes(f.lifecycleStage)) return false;
  if (
    c.quadrants &&
    (f.valueQuadrant === null || !(c.quadrants as readonly string[]).includes(f.valueQuadrant))
  )
    return false;
  if (c.minVipTier !== undefined && f.vipTier < c.minVipTier) return false;
  if (c.hasOpenComplaint !== undefined && c.hasOpenComplaint !== f.hasOpenComplaint) return false;
  if (c.regions && (f.city === null || !c.regions.includes(f.city))) return false;
  // Someone who never bought has been away "forever": they meet a minimum, never a maximum.
  const days = f.daysSinceLastPurchase;
  if (c.minDaysSinceLastPurchase !== undefined && days !== null && days < c.minDaysSinceLastPurchase)
    return false;
  if (c.maxDaysSinceLastPurchase !== undefined && (days === null || days > c.maxDaysSinceLastPurchase))
    return false;
  return true;
}

/**
 * The rules to offer now, highest priority first: active, conditions met, not silenced by an
 * open complaint (pitching to an angry customer backfires), and not already accepted.
 */
export function applicableRules<R extends RuleForEvaluation>(rules: readonly R[], facts: CustomerFacts): R[] {
  return rules
    .filter(
      (r) =>
        r.active &&
        !facts.acceptedRuleIds.has(r.id) &&
        !(r.suppressOnOpenComplaint && facts.hasOpenComplaint) &&
        conditionsHold(r.conditions, facts),
    )
    .sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
}
