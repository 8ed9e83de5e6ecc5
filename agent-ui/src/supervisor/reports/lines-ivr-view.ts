// The lines and IVR report as it is shown (pure, unit-tested): the lines' outcomes as stacked
// bars, and one line's step figures written on its flow's nodes and edges.
import type { LineIvrFigures, LinesIvrReport } from '@kefu/cti-server/contract';
import type { ChartOption } from '../charts.js';

export interface LineChartLabels {
  queued: string;
  selfService: string;
  abandoned: string;
  other: string;
}

/** Per line: calls that reached a queue, ended in self-service, hung up in the IVR, and the rest. */
export function linesChartOption(report: LinesIvrReport, labels: LineChartLabels): ChartOption {
  const lines = report.lines.filter((l) => l.calls > 0);
  const selfService = (l: LineIvrFigures) => l.ends.voicemail + l.ends.callback + l.ends.hangup;
  const bar = (name: string, value: (l: LineIvrFigures) => number, color: string) => ({
    type: 'bar' as const,
    name,
    stack: 'calls',
    itemStyle: { color },
    data: lines.map(value),
  });
  return {
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: lines.map((l) => `${l.dnis} ${l.name}`) },
    yAxis: { type: 'value' },
    series: [
      bar(labels.queued, (l) => l.queued, '#1677ff'),
      bar(labels.selfService, selfService, '#52c41a'),
      bar(labels.abandoned, (l) => l.ends.abandoned, '#ff4d4f'),
      bar(
        labels.other,
        (l) => Math.max(0, l.calls - l.queued - selfService(l) - l.ends.abandoned),
        '#bfbfbf',
      ),
    ],
  };
}

/** A note per step ("in 40 · hung up 5") and per edge taken ("32") for the flow diagram. */
export function flowNotes(
  line: LineIvrFigures,
  words: { entered: string; dropped: string },
): { nodes: Record<string, string>; edges: Record<string, string> } {
  const nodes: Record<string, string> = {};
  const edges: Record<string, string> = {};
  for (const s of line.steps) {
    nodes[s.step] =
      s.dropped > 0
        ? `${words.entered} ${s.entered} · ${words.dropped} ${s.dropped}`
        : `${words.entered} ${s.entered}`;
    for (const [to, n] of Object.entries(s.next)) edges[`${s.step}>${to}`] = String(n);
  }
  return { nodes, edges };
}
