import type { Db } from '@kefu/db';
import type { AgentStatus } from '../../acd/types.js';
import { localDate, localDay, startOfLocalDate } from './local-day.js';

export interface AgentDaySegmentView {
  state: AgentStatus;
  reason: string | null;
  from: string;
  to: string;
}

export interface AgentDayCallView {
  callId: string;
  queue: string | null;
  ani: string | null;
  customerName: string | null;
  offeredAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  talkMs: number | null;
  wrapMs: number | null;
  disposition: string | null;
}

export interface AgentDayView {
  agentId: string;
  extension: string;
  displayName: string;
  date: string;
  timeZone: string;
  segments: AgentDaySegmentView[];
  calls: AgentDayCallView[];
}

/** How close after a call's end its wrap-up must begin to be that call's (the ACD and call control stamp apart). */
const WRAP_MATCH_MS = 5_000;

/**
 * One agent's local day: the state timeline as segments (the state held at midnight first, the
 * current one up to now) and the calls they were offered or answered, with the wrap-up after each.
 */
export async function agentDay(
  db: Db,
  agent: { id: string; extension: string; displayName: string },
  date: string | undefined,
  timeZone: string,
  now: number,
): Promise<AgentDayView> {
  const day = localDay(startOfLocalDate(date ?? localDate(now, timeZone), timeZone) + 1, timeZone);
  const [before, rows, interactions] = await Promise.all([
    db.agentStateEvent.findFirst({
      where: { agentId: agent.id, at: { lt: new Date(day.start) } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      select: { state: true, reason: true, at: true },
    }),
    db.agentStateEvent.findMany({
      where: { agentId: agent.id, at: { gte: new Date(day.start), lt: new Date(day.end) } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      select: { state: true, reason: true, at: true },
    }),
    db.interaction.findMany({
      where: { agentId: agent.id, offeredAt: { gte: new Date(day.start), lt: new Date(day.end) } },
      orderBy: { offeredAt: 'asc' },
      select: {
        callId: true,
        ani: true,
        offeredAt: true,
        answeredAt: true,
        endedAt: true,
        disposition: true,
        queue: { select: { name: true } },
        customer: { select: { name: true } },
      },
    }),
  ]);

  const end = Math.min(now, day.end);
  const segments: AgentDaySegmentView[] = [];
  const points = [
    ...(before ? [{ ...before, at: new Date(day.start) }] : []),
    // Hold and unhold stay in on_call: one segment each, so the timeline shows the holds.
    ...rows,
  ];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const from = p.at.getTime();
    const to = i + 1 < points.length ? points[i + 1]!.at.getTime() : Math.max(from, end);
    if (to <= from && i + 1 < points.length) continue;
    segments.push({
      state: p.state as AgentStatus,
      reason: p.reason,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
  }

  const wraps = segments.filter((s) => s.state === 'wrap_up');
  const calls = interactions.map((c): AgentDayCallView => {
    const ended = c.endedAt?.getTime() ?? null;
    const wrap =
      ended === null
        ? undefined
        : wraps.find((w) => {
            const from = Date.parse(w.from);
            return from >= ended - WRAP_MATCH_MS && from <= ended + WRAP_MATCH_MS;
          });
    return {
      callId: c.callId,
      queue: c.queue?.name ?? null,
      ani: c.ani,
      customerName: c.customer?.name ?? null,
      offeredAt: c.offeredAt.toISOString(),
      answeredAt: c.answeredAt?.toISOString() ?? null,
      endedAt: c.endedAt?.toISOString() ?? null,
      talkMs: c.answeredAt && ended !== null ? Math.max(0, ended - c.answeredAt.getTime()) : null,
      wrapMs: wrap ? Date.parse(wrap.to) - Date.parse(wrap.from) : null,
      disposition: c.disposition,
    };
  });

  return {
    agentId: agent.id,
    extension: agent.extension,
    displayName: agent.displayName,
    date: day.date,
    timeZone,
    segments,
    calls,
  };
}
