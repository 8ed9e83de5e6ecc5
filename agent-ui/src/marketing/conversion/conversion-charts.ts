// ECharts options of the conversion dashboard, from the server's report. Pure, unit-tested.
import type { ConversionReport } from '@kefu/cti-server/contract';
import type { ChartOption } from '../../supervisor/charts.js';

/** Per script version: a line of calls per day and bars of accepted offers. */
export function scriptsChart(report: ConversionReport): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0, left: 0, right: 0 },
    grid: { left: 16, right: 16, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: report.days },
    yAxis: { type: 'value', minInterval: 1 },
    series: report.scripts.flatMap((s) => {
      const byDay = new Map(s.byDay.map((d) => [d.day, d]));
      const name = `${s.key} v${s.version}`;
      return [
        {
          type: 'line' as const,
          name: `${name} · calls`,
          data: report.days.map((d) => byDay.get(d)?.calls ?? 0),
        },
        {
          type: 'bar' as const,
          name: `${name} · accepted`,
          data: report.days.map((d) => byDay.get(d)?.offersAccepted ?? 0),
        },
      ];
    }),
  };
}

/** Per rule: bars of offers and acceptances per day. */
export function rulesChart(report: ConversionReport): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0, left: 0, right: 0 },
    grid: { left: 16, right: 16, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: report.days },
    yAxis: { type: 'value', minInterval: 1 },
    series: report.rules
      .filter((r) => r.offered + r.accepted + r.declined > 0)
      .flatMap((r) => {
        const byDay = new Map(r.byDay.map((d) => [d.day, d]));
        return [
          {
            type: 'bar' as const,
            stack: r.ruleId,
            name: `${r.name} · offered`,
            data: report.days.map((d) => byDay.get(d)?.offered ?? 0),
          },
          {
            type: 'bar' as const,
            stack: r.ruleId,
            name: `${r.name} · accepted`,
            data: report.days.map((d) => byDay.get(d)?.accepted ?? 0),
          },
        ];
      }),
  };
}
