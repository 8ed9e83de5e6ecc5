// The agent performance report as it is shown (pure, unit-tested): each agent's logged-in time
// split into on calls (busy), not ready and available, in hours, as stacked bars.
import type { AgentPerformanceReport } from '@kefu/cti-server/contract';
import type { ChartOption } from '../charts.js';

export interface AgentTimeLabels {
  busy: string;
  notReady: string;
  available: string;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;

/** Agents who were logged in, by extension: busy / not ready / available hours stacked. */
export function agentTimeChartOption(report: AgentPerformanceReport, labels: AgentTimeLabels): ChartOption {
  const agents = report.agents.filter((a) => a.loggedInMs > 0);
  const series = (name: string, value: (a: (typeof agents)[number]) => number, color: string) => ({
    type: 'bar' as const,
    name,
    stack: 'time',
    itemStyle: { color },
    data: agents.map((a) => hours(value(a))),
  });
  return {
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 36, bottom: 56 },
    xAxis: {
      type: 'category',
      data: agents.map((a) => `${a.extension} ${a.displayName}`),
      axisLabel: { rotate: 30 },
    },
    yAxis: { type: 'value', name: 'h' },
    series: [
      series(labels.busy, (a) => a.busyMs, '#1677ff'),
      series(labels.notReady, (a) => a.notReadyMs, '#faad14'),
      series(labels.available, (a) => Math.max(0, a.loggedInMs - a.notReadyMs - a.busyMs), '#52c41a'),
    ],
  };
}
