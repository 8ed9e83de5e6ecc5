import type { EffectiveRequirement, Strategy } from './types.js';

// The explanation stored with every routing decision (Interaction.routing). Plain JSON.

export interface CandidateExplanation {
  agentId: string;
  /** The agent's proficiency in each skill the call needed (0 = lacks it). */
  skills: Record<string, number>;
  occupancy: number;
  idleMs: number;
  callsInWindow: number;
  /** Rank under the queue's strategy, 1 = winner. */
  rank: number;
}

export interface ExcludedAgent {
  agentId: string;
  reason: string;
}

export interface CompetingCall {
  callId: string;
  queueId: string;
  effectivePriority: number;
  waitedMs: number;
  atHead: boolean;
}

export interface RoutingDecision {
  callId: string;
  queueId: string;
  agentId: string | null;
  at: number;
  /**
   * `call_arrived` when a call looked for an agent, `agent_available` when an agent freed up,
   * `supervisor` when a supervisor gave the call to a named agent.
   */
  trigger: 'call_arrived' | 'agent_available' | 'supervisor';
  strategy: Strategy;
  waitedMs: number;
  /** Relaxation step in force (-1 = none) and the requirement it produced. */
  relaxationStep: number;
  requirement: EffectiveRequirement;
  /** Offerable agents looked at (the smallest per-skill pool of each skill group). */
  candidatesConsidered: number;
  qualified: number;
  /** reason → number of offerable agents excluded for it, e.g. `below_min_proficiency:billing`. */
  excludedCounts: Record<string, number>;
  /** A few excluded agents with their reason. */
  excludedExamples: ExcludedAgent[];
  /** Best candidates in rank order (winner first), truncated to the explain size. */
  ranked: CandidateExplanation[];
  /** Calls this agent could have taken (agent_available only), best first. */
  competingCalls?: CompetingCall[];
  why: string;
}
