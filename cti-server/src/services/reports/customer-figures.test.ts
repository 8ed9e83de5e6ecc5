import { describe, expect, it } from 'vitest';
import {
  followUpBucket,
  lifecycleFunnel,
  median,
  quadrantMoves,
  salesByFollowUps,
} from './customer-figures.js';

const d = (day: number) => new Date(Date.UTC(2026, 0, day));
const range = { from: d(10), to: d(20) };
const change = (customerId: string, fromValue: string, toValue: string, day: number) => ({
  customerId,
  fromValue,
  toValue,
  at: d(day),
});

describe('lifecycleFunnel', () => {
  it('counts moves into and out of each stage in the range, conversion and median time in stage', () => {
    const created = new Map([
      ['a', d(1)],
      ['b', d(2)],
      ['c', d(12)],
    ]);
    const funnel = lifecycleFunnel(
      [
        change('a', 'potential', 'intent', 5), // before the range: says when a entered intent
        change('a', 'intent', 'first_purchase', 11), // 6 days in intent
        change('b', 'potential', 'intent', 12), // 10 days in potential
        change('b', 'intent', 'lost', 15), // 3 days in intent
        change('c', 'potential', 'intent', 14), // 2 days in potential
        change('c', 'intent', 'repeat', 25), // after the range
      ],
      created,
      1,
      { potential: 7, intent: 1, first_purchase: 1 },
      range,
    );
    const [potential, intent, first, repeat] = funnel;
    expect(potential).toEqual({
      stage: 'potential',
      current: 7,
      entered: 1,
      advanced: 2,
      lost: 0,
      conversionRate: 1,
      medianDaysInStage: 6,
    });
    expect(intent).toEqual({
      stage: 'intent',
      current: 1,
      entered: 2,
      advanced: 1,
      lost: 1,
      conversionRate: 0.5,
      medianDaysInStage: 4.5,
    });
    expect(first).toMatchObject({ entered: 1, advanced: 0, conversionRate: null, medianDaysInStage: null });
    expect(repeat).toMatchObject({ current: 0, entered: 0 });
  });

  it('has no time in stage for a customer whose history is older than their record (an import)', () => {
    const [potential] = lifecycleFunnel(
      [change('z', 'potential', 'intent', 11)],
      new Map([['z', d(15)]]),
      0,
      {},
      range,
    );
    expect(potential).toMatchObject({ advanced: 1, medianDaysInStage: null });
  });
});

describe('quadrantMoves and follow-ups', () => {
  it('counts moves between quadrants in the range, most frequent first', () => {
    expect(
      quadrantMoves(
        [
          change('a', 'III', 'I', 11),
          change('b', 'III', 'I', 12),
          change('c', 'I', 'II', 13),
          change('d', 'I', 'II', 30),
        ],
        range,
      ),
    ).toEqual([
      { from: 'III', to: 'I', count: 2 },
      { from: 'I', to: 'II', count: 1 },
    ]);
  });

  it('buckets first sales in the range by the follow-ups done before them', () => {
    expect([0, 1, 3, 4, 11, 12].map(followUpBucket)).toEqual(['0', '1', '3', '4-11', '4-11', '12+']);
    const firstOrders = new Map([
      ['a', d(12)],
      ['b', d(15)],
      ['c', d(25)],
    ]);
    const followUps = [
      ...Array.from({ length: 5 }, () => ({ customerId: 'a', createdAt: d(3) })),
      { customerId: 'a', createdAt: d(13) }, // after the sale
      { customerId: 'c', createdAt: d(3) },
    ];
    expect(salesByFollowUps(firstOrders, followUps, range)).toEqual([
      { followUps: '0', sales: 1 },
      { followUps: '1', sales: 0 },
      { followUps: '2', sales: 0 },
      { followUps: '3', sales: 0 },
      { followUps: '4-11', sales: 1 },
      { followUps: '12+', sales: 0 },
    ]);
  });

  it('median of an even and an odd count, none of nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
