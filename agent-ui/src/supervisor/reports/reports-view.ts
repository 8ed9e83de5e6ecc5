// The queue interval report as it is shown (pure, unit-tested): an interval's label in the
// centre's time zone, the chart's option, and the table's rows with each queue's total.
import type { QueueFigures, QueueIntervalsReport } from '@kefu/cti-server/contract';
import type { ChartOption, IntervalChartLabels } from '../charts.js';
import { hourMinute } from '../format.js';
import type { IntervalSize } from './reports-api.js';

/** "2026-12-03" for a day, "12-03 09:15" within a range of days, "09:15" within one day. */
export function intervalLabel(
  interval: { start: string; day: string },
  size: IntervalSize,
  timeZone: string,
  oneDay: boolean,
): string {
  if (size === 'day') return interval.day;
  const time = hourMinute(interval.start, timeZone);
  return oneDay ? time : `${interval.day.slice(5)} ${time}`;
}

export interface ReportRow {
  key: string;
  queue: string;
  label: string;
  total: boolean;
  figures: QueueFigures;
}

/** A row per queue and interval, then the queue's total. */
export function reportRows(report: QueueIntervalsReport, totalLabel: string): ReportRow[] {
  const oneDay = report.from === report.to;
  return report.queues.flatMap((q) => [
    ...q.intervals.map((i) => ({
      key: `${q.queueId}|${i.start}`,
      queue: q.displayName,
      label: intervalLabel(i, report.size, report.timeZone, oneDay),
      total: false,
      figures: i.figures,
    })),
    { key: `${q.queueId}|total`, queue: q.displayName, label: totalLabel, total: true, figures: q.total },
  ]);
}

/**
 * Offered / answered / abandoned bars per interval and the service level (%) as a line, summed
 * over the shown queues (the service level of the sum, not an average of shares).
 */
export function reportChartOption(report: QueueIntervalsReport, labels: IntervalChartLabels): ChartOption {
  const oneDay = report.from === report.to;
  const byStart = new Map<
    string,
    { label: string; offered: number; answered: number; abandoned: number; within: number; base: number }
  >();
  for (const q of report.queues)
    for (const i of q.intervals) {
      let b = byStart.get(i.start);
      if (!b)
        byStart.set(
          i.start,
          (b = {
            label: intervalLabel(i, report.size, report.timeZone, oneDay),
            offered: 0,
            answered: 0,
            abandoned: 0,
            within: 0,
            base: 0,
          }),
        );
      const f = i.figures;
      b.offered += f.offered;
      b.answered += f.answered;
      b.abandoned += f.abandoned;
      // Service level = within / base; the base is recovered from the share to sum queues.
      const base = f.answered + f.abandoned - f.shortAbandoned;
      if (f.serviceLevel !== null) {
        b.within += f.serviceLevel * base;
        b.base += base;
      }
    }
  const points = [...byStart.entries()].sort(([a], [b]) => Date.parse(a) - Date.parse(b)).map(([, b]) => b);
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 36, right: 44, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: points.map((p) => p.label) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: labels.offered,
        type: 'bar',
        data: points.map((p) => p.offered),
        itemStyle: { color: '#8c8c8c' },
      },
      {
        name: labels.answered,
        type: 'bar',
        data: points.map((p) => p.answered),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: labels.abandoned,
        type: 'bar',
        data: points.map((p) => p.abandoned),
        itemStyle: { color: '#f5222d' },
      },
      {
        name: labels.serviceLevel,
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        data: points.map((p) => (p.base > 0 ? Math.round((p.within / p.base) * 100) : null)),
        itemStyle: { color: '#52c41a' },
      },
    ],
  };
}

/** Yesterday's date in the centre's time zone, YYYY-MM-DD. */
export function yesterday(timeZone: string, now = Date.now()): string {
  // en-CA formats as YYYY-MM-DD; noon avoids a DST day's short or long midnight.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(now));
  const noon = Date.parse(`${today}T12:00:00Z`) - 86_400_000;
  return new Date(noon).toISOString().slice(0, 10);
}
