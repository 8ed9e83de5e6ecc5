// Customer analytics, as pure folds over stored rows (docs/METRICS.md, "Customer analytics"):
// the lifecycle funnel from the stage changes, quadrant moves, and sales by follow-ups.

export const FUNNEL_STAGES = ['potential', 'intent', 'first_purchase', 'repeat'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

const rank = (stage: string | null): number => FUNNEL_STAGES.indexOf(stage as FunnelStage);

export interface StageChange {
  customerId: string;
  fromValue: string | null;
  toValue: string | null;
  at: Date;
}

export interface Range {
  from: Date;
  to: Date;
}

const inRange = (at: Date, r: Range) => at >= r.from && at < r.to;

export interface FunnelStageFigures {
  stage: FunnelStage;
  /** Customers in the stage now. */
  current: number;
  /** Moves into the stage in the range (for potential: customers created in the range). */
  entered: number;
  /** Moves out of the stage to a later one in the range. */
  advanced: number;
  /** Moves out of the stage to `lost` in the range. */
  lost: number;
  /** advanced / (advanced + lost): of those who left the stage, the share who went forward. */
  conversionRate: number | null;
  /** Median days from entering the stage to leaving it, over the moves out in the range. */
  medianDaysInStage: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The funnel. `changes` are every lifecycleStage change up to the range's end (earlier ones say
 * when a customer entered the stage they leave in the range); `createdAt` is the creation of the
 * customers they name (a customer is a potential one from then until a change says otherwise);
 * `createdInRange` the customers created in the range (they enter "potential").
 */
export function lifecycleFunnel(
  changes: readonly StageChange[],
  createdAt: ReadonlyMap<string, Date>,
  createdInRange: number,
  current: Readonly<Partial<Record<string, number>>>,
  range: Range,
): FunnelStageFigures[] {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const enteredAt = new Map<string, Date>(); // customer → when they entered their current stage
  const days = new Map<FunnelStage, number[]>(FUNNEL_STAGES.map((s) => [s, []]));
  const figures = new Map<FunnelStage, FunnelStageFigures>(
    FUNNEL_STAGES.map((stage) => [
      stage,
      {
        stage,
        current: current[stage] ?? 0,
        entered: 0,
        advanced: 0,
        lost: 0,
        conversionRate: null,
        medianDaysInStage: null,
      },
    ]),
  );
  figures.get('potential')!.entered = createdInRange;
  for (const c of sorted) {
    if (c.at >= range.to) break;
    const since = enteredAt.get(c.customerId) ?? createdAt.get(c.customerId) ?? null;
    enteredAt.set(c.customerId, c.at);
    if (!inRange(c.at, range)) continue;
    const into = figures.get(c.toValue as FunnelStage);
    if (into) into.entered += 1;
    const from = figures.get(c.fromValue as FunnelStage);
    if (!from) continue;
    if (c.toValue === 'lost') from.lost += 1;
    else if (rank(c.toValue) > rank(c.fromValue)) from.advanced += 1;
    // A customer imported with a history older than their record has no known entry time.
    if (since && since <= c.at) days.get(from.stage)!.push((c.at.getTime() - since.getTime()) / 86_400_000);
  }
  return FUNNEL_STAGES.map((stage) => {
    const f = figures.get(stage)!;
    const left = f.advanced + f.lost;
    const d = median(days.get(stage)!);
    return {
      ...f,
      conversionRate: left > 0 ? f.advanced / left : null,
      medianDaysInStage: d === null ? null : Math.round(d * 10) / 10,
    };
  });
}

/** Moves between value×loyalty quadrants in the range, most frequent first. */
export function quadrantMoves(changes: readonly StageChange[], range: Range) {
  const counts = new Map<string, { from: string | null; to: string | null; count: number }>();
  for (const c of changes) {
    if (!inRange(c.at, range)) continue;
    const key = `${c.fromValue ?? ''}>${c.toValue ?? ''}`;
    const entry = counts.get(key) ?? { from: c.fromValue, to: c.toValue, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`),
  );
}

/** Buckets of follow-ups before a first sale (most sales close after 4–11 follow-ups). */
export const FOLLOW_UP_BUCKETS = ['0', '1', '2', '3', '4-11', '12+'] as const;

export function followUpBucket(n: number): (typeof FOLLOW_UP_BUCKETS)[number] {
  if (n >= 12) return '12+';
  if (n >= 4) return '4-11';
  return String(n) as '0' | '1' | '2' | '3';
}

/**
 * Sales closed by the number of follow-ups done before them: for each customer whose first
 * order (not cancelled or returned) falls in the range, the done follow-up tasks created before it.
 */
export function salesByFollowUps(
  firstOrders: ReadonlyMap<string, Date>,
  followUps: readonly { customerId: string; createdAt: Date }[],
  range: Range,
) {
  const counts = new Map<string, number>(FOLLOW_UP_BUCKETS.map((b) => [b, 0]));
  const before = new Map<string, number>();
  for (const f of followUps) {
    const first = firstOrders.get(f.customerId);
    if (first && f.createdAt < first) before.set(f.customerId, (before.get(f.customerId) ?? 0) + 1);
  }
  for (const [customerId, at] of firstOrders) {
    if (!inRange(at, range)) continue;
    const bucket = followUpBucket(before.get(customerId) ?? 0);
    counts.set(bucket, counts.get(bucket)! + 1);
  }
  return FOLLOW_UP_BUCKETS.map((followUps) => ({ followUps, sales: counts.get(followUps)! }));
}
