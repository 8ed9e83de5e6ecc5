import type { AgentProfile, QueueConfig } from '../types.js';

// What a replay needs: the calls as they arrived, the agents and their staffing over time, and
// the queue configuration to route with. Plain data, loaded from the database or built in tests.

/** One stored call (an Interaction row). Times are epoch milliseconds. */
export interface RecordedCall {
  callId: string;
  queueId: string;
  priority: number;
  offeredAt: number;
  answeredAt: number | null;
  endedAt: number | null;
}

/** An agent's own availability choice (not the states calls put them in). */
export interface StaffingChange {
  agentId: string;
  at: number;
  state: 'ready' | 'not_ready' | 'logged_out';
  reason: string | null;
}

export interface ReplayScenario {
  from: number;
  to: number;
  queues: QueueConfig[];
  agents: AgentProfile[];
  /** Sorted by time; changes before `from` apply at `from` (the state agents started in). */
  staffing: StaffingChange[];
  calls: RecordedCall[];
}

export interface ReplayOptions {
  /** How long a simulated agent's phone rings before they answer (default 3 s). */
  answerDelayMs?: number;
  /** Talk time for a call that was not answered in reality and no answered call to copy (3 min). */
  defaultTalkMs?: number;
  /** How long after `to` calls still in the system may finish (default 2 h). */
  drainMs?: number;
}

/** Per-queue figures, computed the same way for what happened and for a replay. */
export interface QueueOutcome {
  queueId: string;
  offered: number;
  answered: number;
  abandoned: number;
  overflowed: number;
  /** Still waiting or talking when the replay stopped (or never ended in the records). */
  unresolved: number;
  serviceLevelSeconds: number;
  serviceLevel: number | null;
  asaMs: number | null;
  abandonRate: number | null;
}
