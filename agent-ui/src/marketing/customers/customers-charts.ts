// ECharts options of the customer analytics page, from the server's report. Pure, unit-tested.
import type { CustomerAnalytics } from '@kefu/cti-server/contract';
import type { ChartOption } from '../../supervisor/charts.js';

const base = {
  tooltip: { trigger: 'axis' as const },
  legend: { type: 'scroll' as const, top: 0, left: 0, right: 0 },
  grid: { left: 16, right: 16, top: 40, bottom: 8, containLabel: true },
};

/** The funnel as bars per stage: customers now, moves in, moves forward, lost. */
export function funnelChart(report: CustomerAnalytics, label: (key: string) => string): ChartOption {
  const stages = report.funnel.map((f) => label(`stage_${f.stage}`));
  return {
    ...base,
    xAxis: { type: 'category', data: stages },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['current', 'entered', 'advanced', 'lost'] as const).map((k) => ({
      type: 'bar' as const,
      name: label(k),
      data: report.funnel.map((f) => f[k]),
    })),
  };
}

/** Customers per value×loyalty quadrant now (unrated last). */
export function quadrantChart(report: CustomerAnalytics, label: (key: string) => string): ChartOption {
  return {
    ...base,
    legend: { show: false },
    xAxis: { type: 'category', data: report.quadrants.current.map((q) => q.quadrant ?? label('unrated')) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: label('customers'), data: report.quadrants.current.map((q) => q.customers) },
    ],
  };
}

/** First sales by the number of follow-ups before them. */
export function followUpChart(report: CustomerAnalytics, label: (key: string) => string): ChartOption {
  return {
    ...base,
    legend: { show: false },
    xAxis: { type: 'category', data: report.followUps.map((f) => f.followUps), name: label('followUps') },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: label('sales'), data: report.followUps.map((f) => f.sales) }],
  };
}
