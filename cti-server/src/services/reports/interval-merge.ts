// The report's intervals from the board's 15-minute tallies: tallies are counts and sums, so an
// hour is the sum of its four quarters and every ratio is taken after the sum (figures()).
import { INTERVAL_MS } from '../supervision/local-day.js';
import { addTallies, emptyTally, type Tally } from '../supervision/metric-definitions.js';

/** Minutes per interval, or one interval per local day. */
export type IntervalSize = 15 | 30 | 60 | 'day';

/** A 15-minute tally of one local day (as `TodayBoard.intervals` gives it). */
export interface QuarterTally {
  /** The local date, YYYY-MM-DD. */
  day: string;
  /** That date's local midnight (ms). */
  dayStart: number;
  /** The quarter's start (ms), counted from `dayStart`. */
  start: number;
  tally: Tally;
}

export interface MergedInterval {
  day: string;
  start: number;
  tally: Tally;
}

/** Where an interval of `size` containing `start` begins: counted from local midnight, like the board's. */
export function bucketStart(start: number, dayStart: number, size: IntervalSize): number {
  if (size === 'day') return dayStart;
  const ms = size * 60_000;
  return dayStart + Math.floor((start - dayStart) / ms) * ms;
}

/** Quarters summed into intervals of `size`, oldest first; intervals with nothing counted are left out. */
export function mergeIntervals(quarters: Iterable<QuarterTally>, size: IntervalSize): MergedInterval[] {
  if (size !== 'day' && (size * 60_000) % INTERVAL_MS !== 0)
    throw new Error(`interval size ${size} is not a multiple of 15 minutes`);
  const merged = new Map<number, MergedInterval>();
  for (const q of quarters) {
    const start = bucketStart(q.start, q.dayStart, size);
    const m = merged.get(start);
    if (m) m.tally = addTallies(m.tally, q.tally);
    else merged.set(start, { day: q.day, start, tally: { ...q.tally } });
  }
  return [...merged.values()].filter((m) => !isEmpty(m.tally)).sort((a, b) => a.start - b.start);
}

/** The sum of every interval (a queue's total over the range). */
export function totalOf(intervals: Iterable<{ tally: Tally }>): Tally {
  let total = emptyTally();
  for (const i of intervals) total = addTallies(total, i.tally);
  return total;
}

function isEmpty(t: Tally): boolean {
  return Object.values(t).every((v) => v === 0);
}
