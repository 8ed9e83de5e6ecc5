// Shared vocabulary of the ACD core. Everything here is plain data so it can be stored as JSON
// (queue policy in Queue.policy, decisions in Interaction.routing) and replayed later.

/** Flat agent state, one per top-level state of the agent machine. */
export type AgentStatus =
  'logged_out' | 'ready' | 'not_ready' | 'reserved' | 'ringing' | 'on_call' | 'wrap_up';

export const AGENT_STATUSES: readonly AgentStatus[] = [
  'logged_out',
  'ready',
  'not_ready',
  'reserved',
  'ringing',
  'on_call',
  'wrap_up',
];

/** One skill a queue (or a call) needs, at or above a proficiency (1 novice … 5 expert). */
export interface SkillNeed {
  skill: string;
  minProficiency: number;
}

export type Strategy = 'least_busy' | 'longest_idle' | 'fewest_calls' | 'most_proficient' | 'round_robin';

/**
 * One wait-time relaxation step. Steps are cumulative: once a call has waited `after` seconds in
 * the queue, this step and every earlier one apply.
 */
export interface RelaxationStep {
  /** Seconds of waiting in this queue after which the step applies. */
  after: number;
  /** Lower every base skill's minimum to at most this proficiency. */
  minProficiency?: number;
  /** Stop requiring these base skills. */
  dropSkills?: string[];
  /**
   * An alternative skill set: agents who hold all of these (at their minimum, default 1) also
   * qualify, e.g. the overflow team. It widens the pool instead of narrowing it.
   */
  addSkills?: Array<{ skill: string; minProficiency?: number }>;
  /** Stop requiring the queue/call language. */
  anyLanguage?: boolean;
}

export type OverflowTarget =
  { kind: 'queue'; queueId: string } | { kind: 'voicemail' } | { kind: 'callback' };

export interface QueueConfig {
  id: string;
  skills: SkillNeed[];
  language?: string | null;
  /** Default `least_busy`. */
  strategy?: Strategy;
  relaxation?: RelaxationStep[];
  /** After this many seconds in the queue the call overflows (requires `overflow`). */
  maxWaitSeconds?: number;
  overflow?: OverflowTarget;
  /** Service-level threshold: answered within this many seconds counts as in service level. */
  serviceLevelSeconds?: number;
  wrapUpSeconds?: number;
  requireDisposition?: boolean;
  ringTimeoutSeconds?: number;
  /** Effective priority gained per minute of waiting, so low priority is never starved. */
  agingPerMinute?: number;
  /**
   * Added to the priority of every call waiting in this queue: an agent serving several queues
   * takes calls of the higher one first (VIP tiers are worth 10 each, see `callPriority`).
   */
  basePriority?: number;
  /** Seconds between position announcements to an answered caller waiting here (call control). */
  announceEverySeconds?: number;
  /**
   * A disabled queue: no new call waits here (one arriving goes at once to the overflow, if
   * any); calls already waiting stay and are served.
   */
  closed?: boolean;
}

export interface AgentProfile {
  id: string;
  /** skill name → proficiency 1–5 */
  skills: Record<string, number>;
  languages?: string[];
}

export interface CallArrival {
  callId: string;
  queueId: string;
  /** Higher is served first (VIP tier and IVR priority combined, see `callPriority`). */
  priority?: number;
  /** Skills the IVR asks for on top of the queue's (e.g. product picked in the menu). */
  extraSkills?: SkillNeed[];
  /** Overrides the queue language (e.g. caller chose English). */
  language?: string | null;
}

/** VIP tiers dominate, IVR-set priority orders within a tier. */
export function callPriority(input: { vipTier?: number; ivrPriority?: number }): number {
  return (input.vipTier ?? 0) * 10 + (input.ivrPriority ?? 0);
}

/** What a call needs right now: any one skill group, plus the language if any. */
export interface EffectiveRequirement {
  /** Index of the relaxation step in force, -1 for none. */
  step: number;
  /** The agent must satisfy every need of at least one group. Group 0 is the queue's own. */
  groups: SkillNeed[][];
  language: string | null;
}
