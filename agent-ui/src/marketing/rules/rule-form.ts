// The rule editor's form values ↔ the API's rule. Pure, so it is unit-tested: the form keeps
// empty fields as undefined/[] while the API wants conditions only when they are set.
import type { CrossSellConditions, NewRule, RuleView } from '@kefu/cti-server/contract';

export type Stage = NonNullable<CrossSellConditions['stages']>[number];
export type Quadrant = NonNullable<CrossSellConditions['quadrants']>[number];

export interface RuleFormValues {
  name: string;
  offerSku: string | undefined;
  pitch: string;
  pitchEn: string;
  priority: number;
  active: boolean;
  ownsSku: string | undefined;
  notOwnsSku: string | undefined;
  minVipTier: number | null | undefined;
  stages: Stage[];
  quadrants: Quadrant[];
  segments: string[];
  regions: string[];
  minDaysSinceLastPurchase: number | null | undefined;
  maxDaysSinceLastPurchase: number | null | undefined;
  suppressOnOpenComplaint: boolean;
  /** YYYY-MM-DD in the browser's time zone, or empty. */
  validFrom: string;
  validTo: string;
}

/** A new rule: every customer matches until conditions are added; an open complaint does not suppress by itself. */
/** Customer facts a rule or a script audience can name (the server's vocabulary). */
export const STAGES = ['potential', 'intent', 'first_purchase', 'repeat', 'lost'] as const;
export const QUADRANTS = ['I', 'II', 'III', 'IV'] as const;
export const SEGMENTS = ['consumer', 'smb', 'enterprise', 'distributor'];

export const emptyRule: RuleFormValues = {
  name: '',
  offerSku: undefined,
  pitch: '',
  pitchEn: '',
  priority: 0,
  active: true,
  ownsSku: undefined,
  notOwnsSku: undefined,
  minVipTier: undefined,
  stages: [],
  quadrants: [],
  segments: [],
  regions: [],
  minDaysSinceLastPurchase: undefined,
  maxDaysSinceLastPurchase: undefined,
  suppressOnOpenComplaint: false,
  validFrom: '',
  validTo: '',
};

const num = (v: number | null | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const list = <T extends string>(v: readonly T[] | undefined): T[] | undefined =>
  v && v.length > 0 ? [...new Set(v.map((s) => s.trim() as T).filter(Boolean))] : undefined;

/** The conditions the form describes, only those set (an empty object matches every customer). */
export function conditionsOf(v: Partial<RuleFormValues>): CrossSellConditions {
  const c: CrossSellConditions = {
    ownsSku: v.ownsSku || undefined,
    notOwnsSku: v.notOwnsSku || undefined,
    minVipTier: num(v.minVipTier),
    stages: list(v.stages),
    quadrants: list(v.quadrants),
    segments: list(v.segments),
    regions: list(v.regions),
    minDaysSinceLastPurchase: num(v.minDaysSinceLastPurchase),
    maxDaysSinceLastPurchase: num(v.maxDaysSinceLastPurchase),
  };
  return Object.fromEntries(
    Object.entries(c).filter(([, value]) => value !== undefined),
  ) as CrossSellConditions;
}

/** Start of `from`'s day and end of `to`'s day, in the browser's time zone, as ISO instants. */
function dayBound(day: string, end: boolean): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return at.toISOString();
}

const localDay = (iso: string | null): string => {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** The body of POST /api/cross-sell-rules (and, whole, of PATCH). */
export function ruleBody(v: RuleFormValues): NewRule & { offerSku: string } {
  return {
    name: v.name.trim(),
    offerSku: v.offerSku ?? '',
    pitch: v.pitch.trim(),
    pitchEn: v.pitchEn.trim() ? v.pitchEn.trim() : null,
    priority: v.priority,
    active: v.active,
    conditions: conditionsOf(v),
    suppressOnOpenComplaint: v.suppressOnOpenComplaint,
    validFrom: dayBound(v.validFrom, false),
    validTo: dayBound(v.validTo, true),
  };
}

/** A stored rule as the form edits it. */
export function formOfRule(r: RuleView): RuleFormValues {
  const c = r.conditions;
  return {
    name: r.name,
    offerSku: r.offerProduct.sku,
    pitch: r.pitch,
    pitchEn: r.pitchEn ?? '',
    priority: r.priority,
    active: r.active,
    ownsSku: c.ownsSku,
    notOwnsSku: c.notOwnsSku,
    minVipTier: c.minVipTier,
    stages: [...(c.stages ?? [])],
    quadrants: [...(c.quadrants ?? [])],
    segments: [...(c.segments ?? [])],
    regions: [...(c.regions ?? [])],
    minDaysSinceLastPurchase: c.minDaysSinceLastPurchase,
    maxDaysSinceLastPurchase: c.maxDaysSinceLastPurchase,
    suppressOnOpenComplaint: r.suppressOnOpenComplaint,
    validFrom: localDay(r.validFrom),
    validTo: localDay(r.validTo),
  };
}
