// The lines and IVR report: per line, where its calls went (IVR, queue, self-service, hung up in
// the menus) and how long they spent in the IVR; per step of the line's flow, how many callers
// entered it, where they went next and how many hung up there — drawn over the flow's graph.
// Read from each call's stored IVR path (Interaction.ivrPath, the IVR's own record) and its
// `ivr_done` outcome. Definitions in docs/METRICS.md ("Lines and IVR").
import type { Db } from '@kefu/db';
import { toGraph, type FlowRegistry } from '@kefu/ivr-flows';
import { localDay, startOfLocalDate } from '../supervision/local-day.js';
import { reportDays } from './queue-intervals.js';
import { seconds, type ReportCell, type ReportTable } from './report-table.js';

export interface LinesIvrQuery {
  from: string;
  to: string;
  lineId?: string;
}

/** One step of a caller's IVR path as the IVR stores it (ivr-flows IvrPathEntry). */
interface PathEntry {
  step: string;
  type: string;
  enteredAt: number;
  leftAt: number | null;
  result: string | null;
}

/** How the IVR ended: the outcome kinds of ivr-flows' IvrOutcome, or `failed` (the flow broke). */
export type IvrEnd = 'queue' | 'voicemail' | 'callback' | 'hangup' | 'transfer' | 'abandoned' | 'failed';
/** Ended in self-service: the flow finished the call without an agent (message, callback, goodbye). */
const SELF_SERVICE: ReadonlySet<IvrEnd> = new Set(['voicemail', 'callback', 'hangup']);

export interface StepFigures {
  step: string;
  type: string;
  entered: number;
  /** Callers who hung up at this step. */
  dropped: number;
  /** Where callers went next: step id → callers. */
  next: Record<string, number>;
  /** Mean time at the step (ms); null when no caller left it. */
  meanMs: number | null;
}

export interface LineFigures {
  lineId: string;
  dnis: string;
  name: string;
  flowId: string | null;
  calls: number;
  /** Calls that went through the IVR. */
  ivrCalls: number;
  /** Calls by how the IVR ended. */
  ends: Record<IvrEnd, number>;
  /** Ended in self-service / IVR calls. */
  containment: number | null;
  /** Calls that reached a queue (through the IVR or straight from the line). */
  queued: number;
  meanIvrMs: number | null;
  medianIvrMs: number | null;
  steps: StepFigures[];
  /** The line's flow as drawn in the administration (null: no IVR, or the flow is not loaded). */
  graph: {
    start: string;
    nodes: Array<{ id: string; type: string; label: string; start?: boolean; final?: boolean }>;
    edges: Array<{ from: string; to: string; label: string }>;
  } | null;
}

export interface LinesIvrReport {
  from: string;
  to: string;
  timeZone: string;
  lines: LineFigures[];
}

export interface StoredLineCall {
  queueId: string | null;
  ivrPath: unknown;
  /** The `ivr_done` event's outcome, if the IVR finished; `failed` for an `ivr_failed`. */
  end: IvrEnd | null;
}

/** The figures of one line's calls (pure). */
export function lineFigures(
  calls: StoredLineCall[],
): Omit<LineFigures, 'lineId' | 'dnis' | 'name' | 'flowId' | 'graph'> {
  const ends: Record<IvrEnd, number> = {
    queue: 0,
    voicemail: 0,
    callback: 0,
    hangup: 0,
    transfer: 0,
    abandoned: 0,
    failed: 0,
  };
  const steps = new Map<string, StepFigures & { timedMs: number; timed: number }>();
  const durations: number[] = [];
  let ivrCalls = 0;
  let queued = 0;
  for (const call of calls) {
    if (call.queueId) queued++;
    const path = pathOf(call.ivrPath);
    if (path.length === 0 && !call.end) continue;
    ivrCalls++;
    if (call.end) ends[call.end]++;
    if (path.length > 0) {
      const last = path[path.length - 1]!;
      durations.push((last.leftAt ?? last.enteredAt) - path[0]!.enteredAt);
    }
    path.forEach((entry, i) => {
      let s = steps.get(entry.step);
      if (!s)
        steps.set(
          entry.step,
          (s = {
            step: entry.step,
            type: entry.type,
            entered: 0,
            dropped: 0,
            next: {},
            meanMs: null,
            timedMs: 0,
            timed: 0,
          }),
        );
      s.entered++;
      if (entry.result === 'caller-hangup') s.dropped++;
      const next = path[i + 1];
      if (next) s.next[next.step] = (s.next[next.step] ?? 0) + 1;
      if (entry.leftAt !== null) {
        s.timedMs += entry.leftAt - entry.enteredAt;
        s.timed++;
      }
    });
  }
  const contained = [...SELF_SERVICE].reduce((n, kind) => n + ends[kind], 0);
  durations.sort((a, b) => a - b);
  return {
    calls: calls.length,
    ivrCalls,
    ends,
    containment: ivrCalls > 0 ? contained / ivrCalls : null,
    queued,
    meanIvrMs: durations.length > 0 ? durations.reduce((n, d) => n + d, 0) / durations.length : null,
    medianIvrMs: durations.length > 0 ? median(durations) : null,
    steps: [...steps.values()]
      .sort((a, b) => b.entered - a.entered || a.step.localeCompare(b.step))
      .map(({ timedMs, timed, ...s }) => ({ ...s, meanMs: timed > 0 ? timedMs / timed : null })),
  };
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function pathOf(value: unknown): PathEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is PathEntry =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as PathEntry).step === 'string' &&
      typeof (e as PathEntry).enteredAt === 'number',
  );
}

const END_KINDS: ReadonlySet<string> = new Set([
  'queue',
  'voicemail',
  'callback',
  'hangup',
  'transfer',
  'abandoned',
]);

export async function linesIvrReport(
  db: Db,
  flows: Pick<FlowRegistry, 'get'>,
  query: LinesIvrQuery,
  options: { timeZone: string },
): Promise<LinesIvrReport> {
  const days = reportDays(query.from, query.to);
  const start = startOfLocalDate(days[0]!, options.timeZone);
  const end = localDay(startOfLocalDate(days[days.length - 1]!, options.timeZone), options.timeZone).end;
  const lines = await db.line.findMany({
    where: query.lineId === undefined ? {} : { id: query.lineId },
    select: { id: true, dnis: true, name: true, ivrFlow: true },
    orderBy: { dnis: 'asc' },
  });
  const calls = await db.interaction.findMany({
    where: {
      lineId: { in: lines.map((l) => l.id) },
      offeredAt: { gte: new Date(start), lt: new Date(end) },
    },
    select: {
      lineId: true,
      queueId: true,
      ivrPath: true,
      events: { where: { type: { in: ['ivr_done', 'ivr_failed'] } }, select: { type: true, data: true } },
    },
  });
  const byLine = new Map<string, StoredLineCall[]>();
  for (const c of calls) {
    let end: IvrEnd | null = null;
    for (const e of c.events) {
      if (e.type === 'ivr_failed') end = 'failed';
      const kind = (e.data as { outcome?: { kind?: unknown } } | null)?.outcome?.kind;
      if (e.type === 'ivr_done' && typeof kind === 'string' && END_KINDS.has(kind)) end = kind as IvrEnd;
    }
    const list = byLine.get(c.lineId!) ?? [];
    list.push({ queueId: c.queueId, ivrPath: c.ivrPath, end });
    byLine.set(c.lineId!, list);
  }
  return {
    from: query.from,
    to: query.to,
    timeZone: options.timeZone,
    lines: lines.map((l) => {
      const flow = l.ivrFlow ? flows.get(l.ivrFlow) : undefined;
      return {
        lineId: l.id,
        dnis: l.dnis,
        name: l.name,
        flowId: l.ivrFlow,
        ...lineFigures(byLine.get(l.id) ?? []),
        graph: flow ? { ...toGraph(flow.definition), start: flow.definition.start } : null,
      };
    }),
  };
}

/** The report as a table (CSV and XLSX): a row per line, then a row per line and IVR step. */
export function linesIvrTable(report: LinesIvrReport): ReportTable {
  const rows: ReportCell[][] = [];
  const blankStep = [null, null, null, null, null, null];
  for (const l of report.lines)
    rows.push([
      l.dnis,
      l.name,
      null,
      l.calls,
      l.ivrCalls,
      l.queued,
      l.ends.voicemail + l.ends.callback + l.ends.hangup,
      l.ends.abandoned,
      l.containment,
      seconds(l.meanIvrMs),
      seconds(l.medianIvrMs),
      ...blankStep,
    ]);
  for (const l of report.lines)
    for (const s of l.steps)
      rows.push([
        l.dnis,
        l.name,
        s.step,
        ...Array<ReportCell>(8).fill(null),
        s.type,
        s.entered,
        s.dropped,
        s.entered > 0 ? s.dropped / s.entered : null,
        seconds(s.meanMs),
        Object.entries(s.next)
          .map(([to, n]) => `${to}:${n}`)
          .join(' '),
      ]);
  return {
    name: 'lines and IVR',
    columns: [
      { key: 'dnis', kind: 'text' },
      { key: 'line', kind: 'text' },
      { key: 'step', kind: 'text' },
      { key: 'calls', kind: 'count' },
      { key: 'ivr_calls', kind: 'count' },
      { key: 'queued', kind: 'count' },
      { key: 'self_service', kind: 'count' },
      { key: 'abandoned_in_ivr', kind: 'count' },
      { key: 'containment', kind: 'fraction' },
      { key: 'mean_ivr_seconds', kind: 'seconds' },
      { key: 'median_ivr_seconds', kind: 'seconds' },
      { key: 'step_type', kind: 'text' },
      { key: 'entered', kind: 'count' },
      { key: 'dropped', kind: 'count' },
      { key: 'drop_rate', kind: 'fraction' },
      { key: 'mean_step_seconds', kind: 'seconds' },
      { key: 'next_steps', kind: 'text' },
    ],
    rows,
  };
}
