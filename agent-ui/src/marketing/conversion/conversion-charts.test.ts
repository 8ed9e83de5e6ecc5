import { describe, expect, it } from 'vitest';
import type { ConversionReport } from '@kefu/cti-server/contract';
import { rulesChart, scriptsChart } from './conversion-charts.js';

const report: ConversionReport = {
  from: '2026-12-01T00:00:00.000Z',
  to: '2026-12-03T00:00:00.000Z',
  days: ['2026-12-01', '2026-12-02'],
  scripts: [
    {
      key: 'sales-inbound',
      version: 2,
      title: 't',
      calls: 3,
      completed: 1,
      completionRate: 1 / 3,
      offersMade: 1,
      offersAccepted: 1,
      conversionRate: 1 / 3,
      byDay: [{ day: '2026-12-02', calls: 3, completed: 1, offersAccepted: 1 }],
    },
  ],
  rules: [
    {
      ruleId: 'r1',
      name: 'Cloud',
      active: true,
      offered: 2,
      accepted: 1,
      declined: 0,
      conversionRate: 1,
      byDay: [{ day: '2026-12-01', offered: 2, accepted: 1 }],
    },
    {
      ruleId: 'r2',
      name: 'Never offered',
      active: true,
      offered: 0,
      accepted: 0,
      declined: 0,
      conversionRate: null,
      byDay: [],
    },
  ],
};

describe('conversion charts', () => {
  it('draws every day of the range, zero where nothing happened', () => {
    const series = scriptsChart(report).series as Array<{ name: string; data: number[] }>;
    expect(series.map((s) => s.name)).toEqual(['sales-inbound v2 · calls', 'sales-inbound v2 · accepted']);
    expect(series[0]!.data).toEqual([0, 3]);
    expect(series[1]!.data).toEqual([0, 1]);
  });

  it('leaves out rules never offered in the range', () => {
    const series = rulesChart(report).series as Array<{ name: string; data: number[] }>;
    expect(series.map((s) => s.name)).toEqual(['Cloud · offered', 'Cloud · accepted']);
    expect(series[0]!.data).toEqual([2, 0]);
  });
});
