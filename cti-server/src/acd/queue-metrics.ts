import type { AgentEntry } from './agent-entry.js';
import { AGENT_STATUSES, type AgentStatus, type OverflowTarget } from './types.js';

// Live metrics as pure functions over ACD call events. The ACD folds every event into
// per-queue counters and publishes a snapshot of each queue (and agent) that changed.

export type AcdCallEvent =
  | { type: 'queued'; callId: string; queueId: string; at: number; priority: number }
  | { type: 'offered'; callId: string; queueId: string; agentId: string; at: number }
  | { type: 'requeued'; callId: string; queueId: string; agentId: string; at: number; reason: string | null }
  | { type: 'relaxed'; callId: string; queueId: string; at: number; step: number }
  | { type: 'answered'; callId: string; queueId: string; agentId: string; at: number; waitedMs: number }
  | { type: 'abandoned'; callId: string; queueId: string; at: number; waitedMs: number }
  | {
      type: 'overflowed';
      callId: string;
      queueId: string;
      at: number;
      waitedMs: number;
      target: OverflowTarget;
    }
  | { type: 'finished'; callId: string; queueId: string; agentId: string; at: number };

export interface QueueCounters {
  queueId: string;
  serviceLevelMs: number;
  entered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  abandonedWithinThreshold: number;
  overflowed: number;
  totalAnswerWaitMs: number;
}

export interface QueueMetricsSnapshot {
  queueId: string;
  at: number;
  waiting: number;
  longestWaitMs: number;
  /**
   * Answered within the threshold / (answered + abandoned after the threshold): callers who
   * hang up before the threshold are neither in nor out of service level. null until a call counts.
   */
  serviceLevel: number | null;
  /** Average speed of answer (ms in this queue before answer). */
  asaMs: number | null;
  /** Abandoned / (answered + abandoned). */
  abandonRate: number | null;
  entered: number;
  answered: number;
  abandoned: number;
  overflowed: number;
  /** Agents who hold the queue's base skills, by state. */
  agentsByState: Record<AgentStatus, number>;
}

export interface AgentMetricsSnapshot {
  agentId: string;
  at: number;
  status: AgentStatus;
  reason: string | null;
  since: number;
  timeInStateMs: number;
  occupancy: number;
  callsInWindow: number;
}

export function emptyQueueCounters(queueId: string, serviceLevelSeconds = 20): QueueCounters {
  return {
    queueId,
    serviceLevelMs: serviceLevelSeconds * 1000,
    entered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    abandoned: 0,
    abandonedWithinThreshold: 0,
    overflowed: 0,
    totalAnswerWaitMs: 0,
  };
}

export function applyCallEvent(c: QueueCounters, e: AcdCallEvent): QueueCounters {
  if (e.queueId !== c.queueId) return c;
  switch (e.type) {
    case 'queued':
      return { ...c, entered: c.entered + 1 };
    case 'answered':
      return {
        ...c,
        answered: c.answered + 1,
        answeredWithinThreshold: c.answeredWithinThreshold + (e.waitedMs <= c.serviceLevelMs ? 1 : 0),
        totalAnswerWaitMs: c.totalAnswerWaitMs + e.waitedMs,
      };
    case 'abandoned':
      return {
        ...c,
        abandoned: c.abandoned + 1,
        abandonedWithinThreshold: c.abandonedWithinThreshold + (e.waitedMs <= c.serviceLevelMs ? 1 : 0),
      };
    case 'overflowed':
      return { ...c, overflowed: c.overflowed + 1 };
    default:
      return c;
  }
}

export function emptyAgentsByState(): Record<AgentStatus, number> {
  return Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0])) as Record<AgentStatus, number>;
}

export function queueSnapshot(
  c: QueueCounters,
  live: {
    now: number;
    waiting: number;
    oldestArrival: number | null;
    agentsByState: Record<AgentStatus, number>;
  },
): QueueMetricsSnapshot {
  const slBase = c.answered + c.abandoned - c.abandonedWithinThreshold;
  const ended = c.answered + c.abandoned;
  return {
    queueId: c.queueId,
    at: live.now,
    waiting: live.waiting,
    longestWaitMs: live.oldestArrival === null ? 0 : live.now - live.oldestArrival,
    serviceLevel: slBase > 0 ? c.answeredWithinThreshold / slBase : null,
    asaMs: c.answered > 0 ? c.totalAnswerWaitMs / c.answered : null,
    abandonRate: ended > 0 ? c.abandoned / ended : null,
    entered: c.entered,
    answered: c.answered,
    abandoned: c.abandoned,
    overflowed: c.overflowed,
    agentsByState: { ...live.agentsByState },
  };
}

export function agentSnapshot(agent: AgentEntry, reason: string | null, now: number): AgentMetricsSnapshot {
  return {
    agentId: agent.id,
    at: now,
    status: agent.status,
    reason,
    since: agent.statusSince,
    timeInStateMs: now - agent.statusSince,
    occupancy: agent.activity.occupancy(now),
    callsInWindow: agent.activity.callsInWindow(now),
  };
}
