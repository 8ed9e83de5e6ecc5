import { describe, expect, it } from 'vitest';
import type { AgentDaySegment, WallboardInterval } from '../api/types.js';
import { intervalChartOption, timelineItems, timelineOption } from './charts.js';

const interval = (start: string, over: Partial<WallboardInterval>): WallboardInterval => ({
  start,
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  serviceLevel: null,
  asaMs: null,
  ahtMs: null,
  ...over,
});
const labels = {
  offered: 'Offered',
  answered: 'Answered',
  abandoned: 'Abandoned',
  serviceLevel: 'Service level',
};

describe('the interval chart', () => {
  it('draws bars per interval at local times and the service level in percent, gaps where none', () => {
    const option = intervalChartOption(
      [
        interval('2026-12-04T01:00:00.000Z', { offered: 4, answered: 3, abandoned: 1, serviceLevel: 0.754 }),
        interval('2026-12-04T01:15:00.000Z', { offered: 0 }),
      ],
      'Asia/Shanghai',
      labels,
    );
    expect(option.xAxis).toMatchObject({ data: ['09:00', '09:15'] });
    const series = option.series as { name: string; type: string; data: unknown[] }[];
    expect(series.map((s) => [s.name, s.type, s.data])).toEqual([
      ['Offered', 'bar', [4, 0]],
      ['Answered', 'bar', [3, 0]],
      ['Abandoned', 'bar', [1, 0]],
      ['Service level', 'line', [75, null]],
    ]);
  });
});

describe("the agent's day timeline", () => {
  const segments: AgentDaySegment[] = [
    { state: 'not_ready', reason: 'login', from: '2026-12-04T01:00:00.000Z', to: '2026-12-04T01:05:00.000Z' },
    { state: 'ready', reason: null, from: '2026-12-04T01:05:00.000Z', to: '2026-12-04T01:06:00.000Z' },
    { state: 'on_call', reason: null, from: '2026-12-04T01:06:00.000Z', to: '2026-12-04T01:09:00.000Z' },
  ];
  const states = ['ready', 'on_call', 'not_ready'] as const;

  it('puts each segment on its state row from start to end, with its reason', () => {
    expect(timelineItems(segments, [...states])).toEqual([
      {
        value: [Date.parse(segments[0]!.from), Date.parse(segments[0]!.to), 2],
        state: 'not_ready',
        reason: 'login',
      },
      {
        value: [Date.parse(segments[1]!.from), Date.parse(segments[1]!.to), 0],
        state: 'ready',
        reason: null,
      },
      {
        value: [Date.parse(segments[2]!.from), Date.parse(segments[2]!.to), 1],
        state: 'on_call',
        reason: null,
      },
    ]);
  });

  it('colours bars by state and names the rows, the tooltip in words', () => {
    const option = timelineOption(
      segments,
      [...states],
      (s) => `S:${s}`,
      (i) => `${i.state}/${i.reason ?? ''}`,
    );
    expect(option.yAxis).toMatchObject({ data: ['S:ready', 'S:on_call', 'S:not_ready'] });
    const [series] = option.series as { data: { itemStyle: { color: string } }[] }[];
    expect(series!.data.map((d) => d.itemStyle.color)).toEqual(['#f5222d', '#52c41a', '#1677ff']);
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ dataIndex: 0 })).toBe('not_ready/login');
  });
});
