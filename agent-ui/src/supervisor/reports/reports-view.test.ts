import { describe, expect, it } from 'vitest';
import type { QueueFigures, QueueIntervalsReport } from '@kefu/cti-server/contract';
import { intervalLabel, reportChartOption, reportRows, yesterday } from './reports-view.js';

const figures = (f: Partial<QueueFigures>): QueueFigures => ({
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  overflowed: 0,
  handled: 0,
  serviceLevel: null,
  asaMs: null,
  ahtMs: null,
  abandonRate: null,
  longestWaitMs: null,
  callbacks: 0,
  ...f,
});

const report: QueueIntervalsReport = {
  from: '2026-12-03',
  to: '2026-12-03',
  timeZone: 'Asia/Shanghai',
  size: '60',
  queues: [
    {
      queueId: 'q1',
      name: 'sales',
      displayName: '销售 Sales',
      total: figures({ offered: 5 }),
      intervals: [
        {
          start: '2026-12-03T01:00:00.000Z',
          day: '2026-12-03',
          figures: figures({ offered: 4, answered: 3, serviceLevel: 2 / 3 }),
        },
        {
          start: '2026-12-03T02:00:00.000Z',
          day: '2026-12-03',
          figures: figures({ offered: 1, abandoned: 1, shortAbandoned: 1 }),
        },
      ],
    },
    {
      queueId: 'q2',
      name: 'service',
      displayName: '客服 Service',
      total: figures({ offered: 1 }),
      intervals: [
        {
          start: '2026-12-03T01:00:00.000Z',
          day: '2026-12-03',
          figures: figures({ offered: 1, answered: 1, serviceLevel: 1 }),
        },
      ],
    },
  ],
};

describe('queue interval report view', () => {
  it('labels intervals in the centre’s time zone, with the day when the range has several', () => {
    const i = { start: '2026-12-03T01:15:00.000Z', day: '2026-12-03' };
    expect(intervalLabel(i, '15', 'Asia/Shanghai', true)).toBe('09:15');
    expect(intervalLabel(i, '15', 'Asia/Shanghai', false)).toBe('12-03 09:15');
    expect(intervalLabel(i, 'day', 'Asia/Shanghai', false)).toBe('2026-12-03');
  });

  it('lists each queue’s intervals, then its total', () => {
    expect(reportRows(report, 'Total').map((r) => [r.queue, r.label, r.figures.offered])).toEqual([
      ['销售 Sales', '09:00', 4],
      ['销售 Sales', '10:00', 1],
      ['销售 Sales', 'Total', 5],
      ['客服 Service', '09:00', 1],
      ['客服 Service', 'Total', 1],
    ]);
  });

  it('sums the queues per interval; the service level is the sum’s, not an average of shares', () => {
    const option = reportChartOption(report, {
      offered: 'Offered',
      answered: 'Answered',
      abandoned: 'Abandoned',
      serviceLevel: 'SL',
    });
    expect(option.xAxis).toMatchObject({ data: ['09:00', '10:00'] });
    const series = option.series as Array<{ data: Array<number | null> }>;
    expect(series[0]?.data).toEqual([5, 1]);
    expect(series[1]?.data).toEqual([4, 0]);
    expect(series[2]?.data).toEqual([0, 1]);
    // 09:00: (2 + 1) within of (3 + 1) → 75 %; 10:00: only a short abandon → no service level.
    expect(series[3]?.data).toEqual([75, null]);
  });

  it('defaults to yesterday in the centre’s time zone', () => {
    // 2026-12-03 17:00 UTC is already 12-04 01:00 in Shanghai.
    expect(yesterday('Asia/Shanghai', Date.UTC(2026, 11, 3, 17))).toBe('2026-12-03');
    expect(yesterday('UTC', Date.UTC(2026, 11, 3, 17))).toBe('2026-12-02');
  });
});
