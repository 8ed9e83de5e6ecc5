import type { Db } from '@kefu/db';
import type { AcdCallEvent } from '../../acd/queue-metrics.js';
import type { AgentStatus } from '../../acd/types.js';
import type { BoardStateChange, DayFigures } from './today-board.js';

// Today's board again from the database after a restart: the Interaction rows' event trails give
// the queue events, the AgentStateEvent rows the agents' time. Both are folded by the same code as
// the live events, so a restart changes no figure.

export interface StoredCall {
  callId: string;
  /** The line the call came in on (the reports split by line; the board does not). */
  lineId?: string | null;
  /** The first queue (call control's `queued`); later queues are in the routing decisions. */
  routing: unknown;
  events: Array<{ type: string; data: unknown; at: Date }>;
}

export interface StoredState {
  agentId: string;
  state: string;
  reason: string | null;
  at: Date;
}

export interface DayRows {
  calls: StoredCall[];
  /**
   * Per agent: the last state before the lookback, then every state since, oldest first. The
   * states before midnight add no time to the day; they link a call answered before midnight to
   * the agent, so its wrap-up ending after midnight is handled on the day.
   */
  states: StoredState[];
}

/** How far before midnight a call may have started and still be counted today (a long wait, a long call). */
const LOOKBACK_MS = 24 * 3_600_000;

/**
 * The rows of the day from `dayStart` (with the lookback for calls); up to `dayEnd` when given (a
 * past day's report), else everything since (the wallboard's today).
 */
export async function loadDayRows(db: Db, dayStart: number, dayEnd?: number): Promise<DayRows> {
  const start = new Date(dayStart - LOOKBACK_MS);
  const end = dayEnd === undefined ? undefined : new Date(dayEnd);
  const agents = await db.agent.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  const calls = { offeredAt: { gte: start, lt: end }, queueId: { not: null } };
  const [interactions, events, before, today] = await Promise.all([
    db.interaction.findMany({
      where: calls,
      select: { id: true, callId: true, lineId: true, routing: true },
    }),
    // The trails in one query filtered by a sub-select: a busy day's tens of thousands of calls
    // are more ids than one query may bind (Prisma's `include` would bind them).
    db.interactionEvent.findMany({
      where: { interaction: calls },
      select: { interactionId: true, type: true, data: true, at: true },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    }),
    // One indexed look-up per agent: a `distinct` over every older state reads the whole history.
    Promise.all(
      agents.map((a) =>
        db.agentStateEvent.findFirst({
          where: { agentId: a.id, at: { lt: start } },
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          select: { agentId: true, state: true, reason: true, at: true },
        }),
      ),
    ).then((rows) => rows.filter((r) => r !== null)),
    db.agentStateEvent.findMany({
      where: { at: { gte: start, lt: end } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      select: { agentId: true, state: true, reason: true, at: true },
    }),
  ]);
  const trails = new Map<string, StoredCall['events']>(interactions.map((i) => [i.id, []]));
  for (const e of events) trails.get(e.interactionId)?.push({ type: e.type, data: e.data, at: e.at });
  return {
    calls: interactions.map((i) => ({
      callId: i.callId,
      lineId: i.lineId,
      routing: i.routing,
      events: trails.get(i.id)!,
    })),
    states: [...before, ...today],
  };
}

type Timed = { at: number; order: number } & (
  { kind: 'call'; event: AcdCallEvent } | { kind: 'state'; change: BoardStateChange }
);

/** Replays stored rows into the board, in time order. */
export function replayDay(board: DayFigures, rows: DayRows): void {
  const items: Timed[] = [];
  /** Each agent's answers, in the order met (a busy day has tens of thousands). */
  const answers = new Map<string, Array<{ callId: string; at: number }>>();
  let order = 0;
  for (const call of rows.calls)
    for (const event of callEvents(call)) {
      items.push({ kind: 'call', event, at: event.at, order: order++ });
      if (event.type === 'answered') {
        let list = answers.get(event.agentId);
        if (!list) answers.set(event.agentId, (list = []));
        list.push({ callId: event.callId, at: event.at });
      }
    }
  for (const s of rows.states) {
    const at = s.at.getTime();
    // AgentStateEvent has no call id: the call an agent went on_call with is the one they answered then.
    const callId =
      s.state === 'on_call' && s.reason !== 'hold' && s.reason !== 'unhold'
        ? (nearest(answers.get(s.agentId) ?? [], at)?.callId ?? null)
        : null;
    items.push({
      kind: 'state',
      change: { agentId: s.agentId, state: s.state as AgentStatus, reason: s.reason, at, callId },
      at,
      order: order++,
    });
  }
  // Call events first at the same instant: the answer is known before the agent's on_call.
  items.sort((a, b) => a.at - b.at || (a.kind === b.kind ? a.order - b.order : a.kind === 'call' ? -1 : 1));
  for (const item of items)
    if (item.kind === 'call') board.callEvent(item.event);
    else board.agentState(item.change);
}

/** The agent's answer closest to `at` (within 5 s: the ACD and call control stamp it apart). */
function nearest(answers: Array<{ callId: string; at: number }>, at: number) {
  let best: { callId: string; at: number } | undefined;
  for (const a of answers)
    if (Math.abs(a.at - at) <= 5_000 && (!best || Math.abs(a.at - at) < Math.abs(best.at - at))) best = a;
  return best;
}

/** The ACD's events of one stored call, from its event trail and routing decisions. */
export function callEvents(call: StoredCall): AcdCallEvent[] {
  const decisions = Array.isArray(call.routing)
    ? (call.routing as Array<{ queueId?: unknown; at?: unknown }>).flatMap((d) =>
        typeof d.queueId === 'string' && typeof d.at === 'string'
          ? [{ queueId: d.queueId, at: Date.parse(d.at) }]
          : [],
      )
    : [];
  const trail: Array<{ type: string; data: Record<string, unknown>; at: number }> = [
    ...call.events.map((e) => ({
      type: e.type,
      data: (e.data ?? {}) as Record<string, unknown>,
      at: e.at.getTime(),
    })),
    ...decisions.map((d) => ({ type: 'decision', data: { queueId: d.queueId }, at: d.at })),
  ].sort((a, b) => a.at - b.at);

  const out: AcdCallEvent[] = [];
  const { callId } = call;
  let queue: { id: string; since: number } | null = null;
  let agentId: string | null = null;
  /** A waiting call went to another queue (the ACD's overflow, a supervisor's move), as the ACD reports it. */
  const moveTo = (queueId: string | null, at: number) => {
    if (!queue || agentId || !queueId || queueId === queue.id) return;
    out.push({
      type: 'overflowed',
      callId,
      queueId: queue.id,
      at,
      waitedMs: at - queue.since,
      target: { kind: 'queue', queueId },
    });
    out.push({ type: 'queued', callId, queueId, at, priority: 0 });
    queue = { id: queueId, since: at };
  };
  for (const e of trail) {
    const queueId = typeof e.data.queueId === 'string' ? e.data.queueId : null;
    switch (e.type) {
      case 'queued':
        if (queueId && queue && agentId) {
          // Transferred to a queue: the agent's part ends, the call waits again (a new entry).
          out.push({ type: 'finished', callId, queueId: queue.id, agentId, at: e.at });
          agentId = null;
          queue = null;
        }
        if (queueId && !queue) {
          queue = { id: queueId, since: e.at };
          out.push({ type: 'queued', callId, queueId, at: e.at, priority: 0 });
        } else moveTo(queueId, e.at);
        break;
      case 'decision':
        // A decision in another queue: the ACD overflowed the call there (queue to queue).
        moveTo(queueId, e.at);
        break;
      case 'answered':
        if (queue && !agentId && typeof e.data.agentId === 'string') {
          agentId = e.data.agentId;
          out.push({
            type: 'answered',
            callId,
            queueId: queue.id,
            agentId,
            at: e.at,
            waitedMs: e.at - queue.since,
          });
        }
        break;
      case 'overflow':
        if (queue && !agentId) {
          const target =
            e.data.target === 'callback' ? { kind: 'callback' as const } : { kind: 'voicemail' as const };
          out.push({
            type: 'overflowed',
            callId,
            queueId: queue.id,
            at: e.at,
            waitedMs: e.at - queue.since,
            target,
          });
          queue = null;
        }
        break;
      case 'ended':
        if (queue && agentId) out.push({ type: 'finished', callId, queueId: queue.id, agentId, at: e.at });
        else if (queue)
          out.push({ type: 'abandoned', callId, queueId: queue.id, at: e.at, waitedMs: e.at - queue.since });
        queue = null;
        break;
      default:
        break;
    }
  }
  return out;
}
