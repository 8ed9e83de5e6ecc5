import type { Db } from '@kefu/db';
import { callPriority, type RecordedCall, type StaffingChange } from '../../acd/index.js';
import { loadAcdRows, type AcdRows } from './agent-directory.js';

// What a replay reads from the database: queues and agents as the server loads them, the
// inbound calls offered in the window (Interaction rows) and the agents' availability changes
// (AgentStateEvent rows).

export interface ReplayData extends AcdRows {
  from: number;
  to: number;
  calls: RecordedCall[];
  staffing: StaffingChange[];
}

/**
 * Reasons the system gives for a state a call put the agent in; the replay simulates the calls,
 * so only the agents' own choices (login, ready, breaks, logout, restarts) are replayed.
 */
const CALL_DRIVEN_REASONS = ['missed_call', 'wrap_up_complete', 'transfer', 'call_ended'];
const AVAILABILITY_STATES = ['ready', 'not_ready', 'logged_out'];

export async function loadReplayData(db: Db, from: Date, to: Date): Promise<ReplayData> {
  const rows = await loadAcdRows(db);
  const ownChoice = {
    state: { in: AVAILABILITY_STATES },
    OR: [{ reason: null }, { reason: { notIn: CALL_DRIVEN_REASONS } }],
  };
  const [interactions, before, during] = await Promise.all([
    db.interaction.findMany({
      where: { direction: 'inbound', queueId: { not: null }, offeredAt: { gte: from, lte: to } },
      select: {
        callId: true,
        queueId: true,
        offeredAt: true,
        answeredAt: true,
        endedAt: true,
        customer: { select: { vipTier: true } },
      },
      orderBy: { offeredAt: 'asc' },
    }),
    // Where each agent stood when the window opens.
    db.agentStateEvent.findMany({
      where: { ...ownChoice, at: { lt: from } },
      orderBy: [{ agentId: 'asc' }, { at: 'desc' }, { id: 'desc' }],
      distinct: ['agentId'],
    }),
    db.agentStateEvent.findMany({
      where: { ...ownChoice, at: { gte: from, lte: to } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    }),
  ]);
  return {
    ...rows,
    from: from.getTime(),
    to: to.getTime(),
    calls: interactions.map((i) => ({
      callId: i.callId,
      queueId: i.queueId!,
      priority: callPriority({ vipTier: i.customer?.vipTier ?? 0 }),
      offeredAt: i.offeredAt.getTime(),
      answeredAt: i.answeredAt?.getTime() ?? null,
      endedAt: i.endedAt?.getTime() ?? null,
    })),
    staffing: [...before, ...during].map((e) => ({
      agentId: e.agentId,
      at: e.at.getTime(),
      state: e.state as StaffingChange['state'],
      reason: e.reason,
    })),
  };
}
