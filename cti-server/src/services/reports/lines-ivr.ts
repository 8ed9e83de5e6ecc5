// The lines and IVR report: per line, where its calls went (IVR, queue, self-service, hung up in
// the menus) and how long they spent in the IVR; per step of the line's flow, how many callers
// entered it, where they went next and how many hung up there — drawn over the flow's graph.
// Read from each call's stored IVR path (Interaction.ivrPath, the IVR's own record) and its
// `ivr_done` outcome, or for a flow that broke its `ivr_failed` and `ivr_step` events; folded by
// lines-ivr-figures.ts. Definitions in docs/METRICS.md ("Lines and IVR").
import type { Db } from '@kefu/db';
import { toGraph, type FlowRegistry } from '@kefu/ivr-flows';
import { localDay, startOfLocalDate } from '../supervision/local-day.js';
import { reportDays } from './queue-intervals.js';
import { lineFigures, type LineCallFigures, type StoredLineCall } from './lines-ivr-figures.js';
import { seconds, type ReportCell, type ReportTable } from './report-table.js';

export interface LinesIvrQuery {
  from: string;
  to: string;
  lineId?: string;
}

export interface LineFigures extends LineCallFigures {
  lineId: string;
  dnis: string;
  name: string;
  flowId: string | null;
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
      id: true,
      lineId: true,
      queueId: true,
      ivrPath: true,
      events: { where: { type: { in: ['ivr_done', 'ivr_failed'] } }, select: { type: true, data: true } },
    },
  });
  // A flow that broke stored no path: its `ivr_step` events are the steps it took (few calls).
  const broken = calls
    .filter((c) => c.ivrPath === null && c.events.some((e) => e.type === 'ivr_failed'))
    .map((c) => c.id);
  const trails = new Map<string, unknown[]>();
  for (let i = 0; i < broken.length; i += 500) {
    const steps = await db.interactionEvent.findMany({
      where: { interactionId: { in: broken.slice(i, i + 500) }, type: 'ivr_step' },
      select: { interactionId: true, data: true },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    for (const e of steps) {
      const trail = trails.get(e.interactionId) ?? [];
      trail.push(e.data);
      trails.set(e.interactionId, trail);
    }
  }
  const byLine = new Map<string, StoredLineCall[]>();
  for (const c of calls) {
    const list = byLine.get(c.lineId!) ?? [];
    list.push({ queueId: c.queueId, ivrPath: c.ivrPath, stepTrail: trails.get(c.id), ivrEvents: c.events });
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
  const blankStep = [null, null, null, null, null, null, null];
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
        Object.entries(s.exits)
          .map(([result, n]) => `${result}=${n}`)
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
      { key: 'exits', kind: 'text' },
    ],
    rows,
  };
}
