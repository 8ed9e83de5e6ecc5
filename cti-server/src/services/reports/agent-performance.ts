// The agent performance report: each local day of the range folded by the wallboard's own board
// (loadDayRows → replayDay → TodayBoard: handled, AHT and its parts, logged-in, not-ready and busy
// time), plus what the board does not count, read from the same rows: ring-no-answer, transfers,
// dispositions and follow-ups. Definitions in docs/METRICS.md ("Agent performance").
import type { Db } from '@kefu/db';
import { loadDayRows, replayDay } from '../supervision/board-rebuild.js';
import { localDay, startOfLocalDate } from '../supervision/local-day.js';
import { occupancy } from '../supervision/metric-definitions.js';
import { TodayBoard, type AgentDayFigures } from '../supervision/today-board.js';
import { DEFAULT_SERVICE_LEVEL_SECONDS, loadThresholds } from './interval-store.js';
import { reportDays } from './queue-intervals.js';
import { seconds, type ReportCell, type ReportTable } from './report-table.js';

export interface AgentPerformanceQuery {
  from: string;
  to: string;
  agentId?: string;
  team?: string;
}

export interface AgentPerformanceRow {
  agentId: string;
  extension: string;
  displayName: string;
  team: string | null;
  handled: number;
  /** (talk + hold + wrap-up) / handled, and the three parts' averages; null with nothing handled. */
  ahtMs: number | null;
  talkMs: number | null;
  holdMs: number | null;
  wrapMs: number | null;
  loggedInMs: number;
  notReadyMs: number;
  busyMs: number;
  /** Not-ready time by reason (ms). */
  notReadyByReason: Record<string, number>;
  /** busy / (logged in − not ready), the wallboard's. */
  occupancy: number | null;
  /** busy / logged in. */
  utilisation: number | null;
  ringNoAnswer: number;
  transfers: number;
  /** Calls the agent ended, by their disposition (`none` without one). */
  dispositions: Record<string, number>;
  followUpsCreated: number;
  followUpsDone: number;
}

export interface AgentPerformanceReport {
  from: string;
  to: string;
  timeZone: string;
  agents: AgentPerformanceRow[];
}

/** The events of a call trail that are an offer to the agent not answered. */
const NOT_ANSWERED = new Set(['offer_rejected', 'offer_failed', 'offer_withdrawn']);

export async function agentPerformanceReport(
  db: Db,
  query: AgentPerformanceQuery,
  options: { timeZone: string; shortAbandonSeconds: number },
): Promise<AgentPerformanceReport> {
  const days = reportDays(query.from, query.to);
  const agents = await db.agent.findMany({
    where: {
      skills: { some: {} },
      ...(query.agentId !== undefined && { id: query.agentId }),
      ...(query.team !== undefined && { team: query.team }),
    },
    select: { id: true, userId: true, extension: true, team: true, user: { select: { displayName: true } } },
    orderBy: { extension: 'asc' },
  });
  const byExtension = new Map(agents.map((a) => [a.extension, a.id]));
  const totals = new Map(agents.map((a) => [a.id, emptyTotals()]));
  const thresholds = await loadThresholds(db);
  const rangeStart = startOfLocalDate(days[0]!, options.timeZone);
  let rangeEnd = rangeStart;

  for (const day of days) {
    const dayStart = startOfLocalDate(day, options.timeZone);
    const dayEnd = localDay(dayStart, options.timeZone).end;
    rangeEnd = dayEnd;
    const rows = await loadDayRows(db, dayStart, dayEnd);
    const board = new TodayBoard({
      timeZone: options.timeZone,
      shortAbandonSeconds: options.shortAbandonSeconds,
      serviceLevelSeconds: (queueId) => thresholds.get(queueId) ?? DEFAULT_SERVICE_LEVEL_SECONDS,
      now: dayStart,
    });
    replayDay(board, rows);
    for (const [agentId, t] of totals) addDay(t, board.agentDay(agentId, dayEnd));
    // The day's offers not answered and transfers, from the call trails (events of the day only).
    for (const call of rows.calls)
      for (const e of call.events) {
        const at = e.at.getTime();
        if (at < dayStart || at >= dayEnd) continue;
        const data = (e.data ?? {}) as Record<string, unknown>;
        if (NOT_ANSWERED.has(e.type) && typeof data.agentId === 'string') {
          // A withdrawn offer is a ring-no-answer only when the ring timed out (`missed_call`).
          if (e.type === 'offer_withdrawn' && data.reason !== 'missed_call') continue;
          const t = totals.get(data.agentId);
          if (t) t.ringNoAnswer += 1;
        } else if (e.type === 'transferred' && typeof data.from === 'string') {
          const agentId = byExtension.get(data.from);
          const t = agentId === undefined ? undefined : totals.get(agentId);
          if (t) t.transfers += 1;
        }
      }
  }

  const ids = agents.map((a) => a.id);
  const range = { gte: new Date(rangeStart), lt: new Date(rangeEnd) };
  const [dispositions, followUps] = await Promise.all([
    db.interaction.groupBy({
      by: ['agentId', 'disposition'],
      where: { agentId: { in: ids }, answeredAt: { not: null }, endedAt: range },
      _count: { _all: true },
    }),
    db.followUpTask.groupBy({
      by: ['ownerId', 'status'],
      where: { ownerId: { in: agents.map((a) => a.userId) }, createdAt: range },
      _count: { _all: true },
    }),
  ]);
  for (const d of dispositions) {
    const t = d.agentId ? totals.get(d.agentId) : undefined;
    if (t)
      t.dispositions[d.disposition ?? 'none'] =
        (t.dispositions[d.disposition ?? 'none'] ?? 0) + d._count._all;
  }
  const agentOfUser = new Map(agents.map((a) => [a.userId, a.id]));
  for (const f of followUps) {
    const t = totals.get(agentOfUser.get(f.ownerId) ?? '');
    if (!t) continue;
    t.followUpsCreated += f._count._all;
    if (f.status === 'done') t.followUpsDone += f._count._all;
  }

  return {
    from: query.from,
    to: query.to,
    timeZone: options.timeZone,
    agents: agents.map((a) => {
      const t = totals.get(a.id)!;
      const per = (ms: number) => (t.handled > 0 ? ms / t.handled : null);
      return {
        agentId: a.id,
        extension: a.extension,
        displayName: a.user.displayName,
        team: a.team,
        handled: t.handled,
        ahtMs: per(t.handleMs),
        talkMs: per(t.talkMs),
        holdMs: per(t.holdMs),
        wrapMs: per(t.wrapMs),
        loggedInMs: t.time.loggedInMs,
        notReadyMs: t.time.notReadyMs,
        busyMs: t.time.busyMs,
        notReadyByReason: t.notReadyByReason,
        occupancy: occupancy(t.time),
        utilisation: t.time.loggedInMs > 0 ? Math.min(1, t.time.busyMs / t.time.loggedInMs) : null,
        ringNoAnswer: t.ringNoAnswer,
        transfers: t.transfers,
        dispositions: t.dispositions,
        followUpsCreated: t.followUpsCreated,
        followUpsDone: t.followUpsDone,
      };
    }),
  };
}

type Totals = AgentDayFigures & {
  ringNoAnswer: number;
  transfers: number;
  dispositions: Record<string, number>;
  followUpsCreated: number;
  followUpsDone: number;
};

function emptyTotals(): Totals {
  return {
    handled: 0,
    handleMs: 0,
    talkMs: 0,
    holdMs: 0,
    wrapMs: 0,
    time: { loggedInMs: 0, notReadyMs: 0, busyMs: 0 },
    notReadyByReason: {},
    ringNoAnswer: 0,
    transfers: 0,
    dispositions: {},
    followUpsCreated: 0,
    followUpsDone: 0,
  };
}

function addDay(t: Totals, day: AgentDayFigures): void {
  t.handled += day.handled;
  t.handleMs += day.handleMs;
  t.talkMs += day.talkMs;
  t.holdMs += day.holdMs;
  t.wrapMs += day.wrapMs;
  t.time.loggedInMs += day.time.loggedInMs;
  t.time.notReadyMs += day.time.notReadyMs;
  t.time.busyMs += day.time.busyMs;
  for (const [reason, ms] of Object.entries(day.notReadyByReason))
    t.notReadyByReason[reason] = (t.notReadyByReason[reason] ?? 0) + ms;
}

/** The report as a table (CSV and XLSX): a row per agent; times in seconds, rates as fractions. */
export function agentPerformanceTable(report: AgentPerformanceReport): ReportTable {
  const reasons = [...new Set(report.agents.flatMap((a) => Object.keys(a.notReadyByReason)))].sort();
  const dispositions = [...new Set(report.agents.flatMap((a) => Object.keys(a.dispositions)))].sort();
  return {
    name: 'agent performance',
    columns: [
      { key: 'extension', kind: 'text' },
      { key: 'agent', kind: 'text' },
      { key: 'team', kind: 'text' },
      { key: 'handled', kind: 'count' },
      { key: 'aht_seconds', kind: 'seconds' },
      { key: 'talk_seconds', kind: 'seconds' },
      { key: 'hold_seconds', kind: 'seconds' },
      { key: 'wrap_up_seconds', kind: 'seconds' },
      { key: 'logged_in_seconds', kind: 'seconds' },
      { key: 'not_ready_seconds', kind: 'seconds' },
      ...reasons.map((r) => ({ key: `not_ready_${r}_seconds`, kind: 'seconds' as const })),
      { key: 'occupancy', kind: 'fraction' },
      { key: 'utilisation', kind: 'fraction' },
      { key: 'ring_no_answer', kind: 'count' },
      { key: 'transfers', kind: 'count' },
      ...dispositions.map((d) => ({ key: `disposition_${d}`, kind: 'count' as const })),
      { key: 'follow_ups_created', kind: 'count' },
      { key: 'follow_ups_done', kind: 'count' },
    ],
    rows: report.agents.map((a): ReportCell[] => [
      a.extension,
      a.displayName,
      a.team,
      a.handled,
      seconds(a.ahtMs),
      seconds(a.talkMs),
      seconds(a.holdMs),
      seconds(a.wrapMs),
      seconds(a.loggedInMs),
      seconds(a.notReadyMs),
      ...reasons.map((r) => seconds(a.notReadyByReason[r] ?? 0)),
      a.occupancy,
      a.utilisation,
      a.ringNoAnswer,
      a.transfers,
      ...dispositions.map((d) => a.dispositions[d] ?? 0),
      a.followUpsCreated,
      a.followUpsDone,
    ]),
  };
}
