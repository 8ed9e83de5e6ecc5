import { describe, expect, it } from 'vitest';
import type { CustomerAnalytics } from '@kefu/cti-server/contract';
import { followUpChart, funnelChart, quadrantChart } from './customers-charts.js';

const report: CustomerAnalytics = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  funnel: [
    {
      stage: 'potential',
      current: 5,
      entered: 2,
      advanced: 1,
      lost: 0,
      conversionRate: 1,
      medianDaysInStage: 3,
    },
    {
      stage: 'intent',
      current: 3,
      entered: 1,
      advanced: 0,
      lost: 1,
      conversionRate: 0,
      medianDaysInStage: 9,
    },
  ],
  lost: 1,
  stuck: [],
  quadrants: {
    current: [
      { quadrant: 'I', customers: 4 },
      { quadrant: null, customers: 2 },
    ],
    moves: [],
  },
  gold: [],
  complaints: { opened: 0, closed: 0, closedWithinSla: 0, withinSlaRate: null },
  followUps: [
    { followUps: '0', sales: 1 },
    { followUps: '4-11', sales: 3 },
  ],
};
const label = (k: string) => `<${k}>`;

describe('customer analytics charts', () => {
  it('draws a bar series per funnel figure over the stages', () => {
    const option = funnelChart(report, label) as {
      xAxis: { data: string[] };
      series: { name: string; data: number[] }[];
    };
    expect(option.xAxis.data).toEqual(['<stage_potential>', '<stage_intent>']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['<current>', [5, 3]],
      ['<entered>', [2, 1]],
      ['<advanced>', [1, 0]],
      ['<lost>', [0, 1]],
    ]);
  });

  it('names the unrated quadrant and keeps the follow-up buckets in order', () => {
    const q = quadrantChart(report, label) as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(q.xAxis.data).toEqual(['I', '<unrated>']);
    expect(q.series[0]!.data).toEqual([4, 2]);
    const f = followUpChart(report, label) as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(f.xAxis.data).toEqual(['0', '4-11']);
    expect(f.series[0]!.data).toEqual([1, 3]);
  });
});
