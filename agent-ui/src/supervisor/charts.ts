// ECharts options of the supervisor's charts, built from the board's data (pure, unit-tested):
// a queue's 15-minute intervals today and an agent's state timeline.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  DataZoomComponentOption,
} from 'echarts/components';
import type { AgentDaySegment, AgentStatus, WallboardInterval } from '../api/types.js';
import { hourMinute } from './format.js';
import { STATE_HEX } from './wallboard-view.js';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | CustomSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | DataZoomComponentOption
>;

export interface IntervalChartLabels {
  offered: string;
  answered: string;
  abandoned: string;
  serviceLevel: string;
}

/** Offered / answered / abandoned bars per interval and the service level (%) as a line. */
export function intervalChartOption(
  intervals: readonly WallboardInterval[],
  timeZone: string,
  labels: IntervalChartLabels,
  dark = false,
): ChartOption {
  const text = dark ? '#e6e6e6' : '#595959';
  return {
    animation: false,
    textStyle: { color: text },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: text } },
    grid: { left: 36, right: 44, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: intervals.map((i) => hourMinute(i.start, timeZone)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: labels.offered,
        type: 'bar',
        data: intervals.map((i) => i.offered),
        itemStyle: { color: '#8c8c8c' },
      },
      {
        name: labels.answered,
        type: 'bar',
        data: intervals.map((i) => i.answered),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: labels.abandoned,
        type: 'bar',
        data: intervals.map((i) => i.abandoned),
        itemStyle: { color: '#f5222d' },
      },
      {
        name: labels.serviceLevel,
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        data: intervals.map((i) => (i.serviceLevel === null ? null : Math.round(i.serviceLevel * 100))),
        itemStyle: { color: '#52c41a' },
      },
    ],
  };
}

/** One bar of the timeline: [from ms, to ms, state index], its state and reason for the tooltip. */
export interface TimelineItem {
  value: [number, number, number];
  state: AgentStatus;
  reason: string | null;
}

export function timelineItems(
  segments: readonly AgentDaySegment[],
  states: readonly AgentStatus[],
): TimelineItem[] {
  return segments
    .filter((s) => states.includes(s.state))
    .map((s) => ({
      value: [Date.parse(s.from), Date.parse(s.to), states.indexOf(s.state)],
      state: s.state,
      reason: s.reason,
    }));
}

/**
 * The day's states as coloured bars on a time axis, one row per state; the tooltip says the
 * state, its reason and when (`describe` puts it in the page's language).
 */
export function timelineOption(
  segments: readonly AgentDaySegment[],
  states: readonly AgentStatus[],
  stateName: (state: AgentStatus) => string,
  describe: (item: TimelineItem) => string,
): ChartOption {
  const items = timelineItems(segments, states);
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = items[(p as { dataIndex: number }).dataIndex];
        return item ? describe(item) : '';
      },
    },
    grid: { left: 96, right: 16, top: 8, bottom: 56 },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', data: states.map(stateName), inverse: true },
    dataZoom: [{ type: 'slider', xAxisIndex: 0, height: 18, bottom: 8 }],
    series: [
      {
        type: 'custom',
        encode: { x: [0, 1], y: 2 },
        data: items.map((item) => ({ value: item.value, itemStyle: { color: STATE_HEX[item.state] } })),
        renderItem: (params, api) => {
          const start = api.coord([api.value(0), api.value(2)]);
          const end = api.coord([api.value(1), api.value(2)]);
          const size = api.size?.([0, 1]);
          const height = (Array.isArray(size) ? (size[1] ?? 20) : 20) * 0.6;
          return {
            type: 'rect',
            shape: {
              x: start[0] ?? 0,
              y: (start[1] ?? 0) - height / 2,
              // A state that lasted a second is still visible.
              width: Math.max(1, (end[0] ?? 0) - (start[0] ?? 0)),
              height,
            },
            style: api.style(),
          };
        },
      },
    ],
  };
}
