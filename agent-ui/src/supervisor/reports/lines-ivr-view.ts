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

/**
 * Whether a step's result (the IVR's, e.g. `choice:1`, `noInput:retries-exhausted`, `not-found`)
 * took the exit drawn with this label (ivr-flows' stepExits labels).
 */
export function resultTakes(result: string, label: string): boolean {
  if (result.startsWith('choice:')) return result.slice('choice:'.length) === label;
  if (result.endsWith(':retries-exhausted')) return label === 'retries exhausted';
  if (result === 'collected') return label === 'digits entered';
  if (result === 'not-found' || result === 'lookup-error' || result === 'lookup-timeout')
    return label === 'not found';
  return result === label;
}

type Step = LineIvrFigures['steps'][number];

/** The callers who took one exit: its next step's count, split by result when exits share it. */
function edgeCallers(step: Step, edge: { to: string; label: string }, shared: boolean): number {
  if (!shared) return step.next[edge.to] ?? 0;
  return Object.entries(step.exits)
    .filter(([result]) => resultTakes(result, edge.label))
    .reduce((n, [, callers]) => n + callers, 0);
}

/** The key of an edge's note: `from>to>label` (a step's exits have distinct labels). */
export const edgeKey = (e: { from: string; to: string; label: string }) => `${e.from}>${e.to}>${e.label}`;

/**
 * A note per step of the line's flow ("in 40 · hung up 5"; "in 0" where no caller came) and per
 * exit of a step callers reached ("32") for the flow diagram.
 */
export function flowNotes(
  line: LineIvrFigures,
  words: { entered: string; dropped: string },
): { nodes: Record<string, string>; edges: Record<string, string> } {
  const nodes: Record<string, string> = {};
  const edges: Record<string, string> = {};
  const steps = new Map(line.steps.map((s) => [s.step, s]));
  for (const n of line.graph?.nodes ?? []) nodes[n.id] = `${words.entered} 0`;
  for (const s of line.steps)
    nodes[s.step] =
      s.dropped > 0
        ? `${words.entered} ${s.entered} · ${words.dropped} ${s.dropped}`
        : `${words.entered} ${s.entered}`;
  const graphEdges = line.graph?.edges ?? [];
  for (const e of graphEdges) {
    const step = steps.get(e.from);
    if (!step) continue;
    const shared = graphEdges.some((o) => o !== e && o.from === e.from && o.to === e.to);
    edges[edgeKey(e)] = String(edgeCallers(step, e, shared));
  }
  return { nodes, edges };
}
