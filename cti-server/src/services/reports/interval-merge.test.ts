import { describe, expect, it } from 'vitest';
import { emptyTally, figures, type Tally } from '../supervision/metric-definitions.js';
import { bucketStart, mergeIntervals, totalOf, type QuarterTally } from './interval-merge.js';

const Q = 15 * 60_000;
const DAY1 = Date.UTC(2026, 2, 9, 16); // 2026-03-10 00:00 in Asia/Shanghai
const DAY2 = DAY1 + 24 * 3_600_000;

const tally = (t: Partial<Tally>): Tally => ({ ...emptyTally(), ...t });
const quarter = (dayStart: number, index: number, t: Partial<Tally>): QuarterTally => ({
  day: dayStart === DAY1 ? '2026-03-10' : '2026-03-11',
  dayStart,
  start: dayStart + index * Q,
  tally: tally(t),
});

describe('interval merge', () => {
  const quarters = [
    quarter(DAY1, 36, { offered: 2, answered: 1, answeredWithinThreshold: 1, answerWaitMs: 4_000 }),
    quarter(DAY1, 37, { offered: 1, abandoned: 1, shortAbandoned: 1 }),
    quarter(DAY1, 38, { answered: 1, answerWaitMs: 40_000, handled: 1, handleMs: 90_000 }),
    quarter(DAY1, 39, {}),
    quarter(DAY1, 40, { offered: 1, overflowed: 1 }),
    quarter(DAY2, 0, { offered: 1, answered: 1, answeredWithinThreshold: 1, answerWaitMs: 1_000 }),
  ];

  it('keeps 15-minute quarters as they are, leaving out the empty ones', () => {
    const out = mergeIntervals(quarters, 15);
    expect(out.map((i) => (i.start - DAY1) / Q)).toEqual([36, 37, 38, 40, 96]);
    expect(out[0]?.tally).toEqual(quarters[0]?.tally);
  });

  it('sums quarters into half hours and hours from local midnight, ratios taken after the sum', () => {
    const halves = mergeIntervals(quarters, 30);
    expect(halves.map((i) => (i.start - DAY1) / Q)).toEqual([36, 38, 40, 96]);
    expect(halves[0]?.tally).toEqual(
      tally({
        offered: 3,
        answered: 1,
        answeredWithinThreshold: 1,
        abandoned: 1,
        shortAbandoned: 1,
        answerWaitMs: 4_000,
      }),
    );

    const hours = mergeIntervals(quarters, 60);
    expect(hours.map((i) => [i.day, (i.start - DAY1) / Q])).toEqual([
      ['2026-03-10', 36],
      ['2026-03-10', 40],
      ['2026-03-11', 96],
    ]);
    const nine = figures(hours[0]!.tally);
    // A short abandon is out of the service level: 1 within the threshold of 2 answered.
    expect(nine).toMatchObject({ offered: 3, answered: 2, abandoned: 1, shortAbandoned: 1, handled: 1 });
    expect(nine.serviceLevel).toBe(0.5);
    expect(nine.asaMs).toBe(22_000);
    expect(nine.ahtMs).toBe(90_000);
    expect(nine.abandonRate).toBe(0);
  });

  it('makes one interval per local day, and a total over the range', () => {
    const days = mergeIntervals(quarters, 'day');
    expect(days.map((i) => [i.day, i.start])).toEqual([
      ['2026-03-10', DAY1],
      ['2026-03-11', DAY2],
    ]);
    expect(days[0]?.tally.offered).toBe(4);
    const total = totalOf(days);
    expect(total).toEqual(totalOf(mergeIntervals(quarters, 15)));
    expect(total.offered).toBe(5);
    expect(total.answerWaitMs).toBe(45_000);
  });

  it('counts a day of 23 hours (a DST change) from its own midnight', () => {
    const start = Date.UTC(2026, 2, 8, 5); // 2026-03-08 00:00 in America/New_York (23 hours long)
    expect(bucketStart(start + 5 * Q, start, 60)).toBe(start + 4 * Q);
    expect(bucketStart(start + 90 * Q, start, 'day')).toBe(start);
  });
});
