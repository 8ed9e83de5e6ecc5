import type { AgentEntry } from './agent-entry.js';
import { RANKERS, explainWin } from './agent-ranking.js';
import { OccupancyWindow, type ActivityKind } from './occupancy-window.js';
import { effectiveRequirement, relaxationStepAt, validateQueueConfig } from './relaxation.js';
import type { CandidateExplanation, CompetingCall, RoutingDecision } from './routing-decision.js';
import type { AgentProfile, AgentStatus, EffectiveRequirement, QueueConfig, SkillNeed } from './types.js';
import { WaitingLine, effectivePriority, orderingKey, type WaitingCall } from './waiting-line.js';

export interface RoutingEngineOptions {
  /** Occupancy window, default 60 minutes. */
  occupancyWindowMs?: number;
  /** Candidates and exclusions kept in each explanation, default 5. */
  explainTopK?: number;
}

const DEFAULT_AGING_PER_MINUTE = 1;
const ROUND_ROBIN_WRAP = 2 ** 31;
const EMPTY = new Set<AgentEntry>();
const LANGUAGE_MISMATCH = -1;

/**
 * Agents, queues and waiting calls, with the two routing decisions: best agent for a call and
 * best call for an agent. Pure: no timers, no I/O, time is passed in. Offerable agents are indexed
 * per skill so a decision scans only the smallest pool of a required skill.
 */
export class RoutingEngine {
  private readonly agents = new Map<string, AgentEntry>();
  private readonly queues = new Map<string, QueueConfig>();
  private readonly lines = new Map<string, WaitingLine>();
  private readonly waiting = new Map<string, WaitingCall>();
  private readonly offerableBySkill = new Map<string, Set<AgentEntry>>();
  private readonly offerable = new Set<AgentEntry>();
  private readonly roundRobinCursor = new Map<string, number>();
  /** Per queue, the requirement at its last step without language: a necessary condition. */
  private readonly loosest = new Map<string, EffectiveRequirement>();
  private readonly windowMs: number;
  private readonly topK: number;
  private epoch = 0;
  private nextOrdinal = 0;
  // Exclusion tallies of the current decision, by index of the need in group 0.
  private missingTally: number[] = [];
  private belowTally: number[] = [];

  constructor(options: RoutingEngineOptions = {}) {
    this.windowMs = options.occupancyWindowMs ?? 60 * 60_000;
    this.topK = Math.max(1, options.explainTopK ?? 5);
  }

  // ── configuration ──────────────────────────────────────────────────────────────────────

  /**
   * Defines a queue, or redefines it while it runs (the administration changed it): calls
   * already waiting keep their place in time and get the new requirement, ordering (aging, base
   * priority) and relaxation steps at once.
   */
  defineQueue(config: QueueConfig): void {
    validateQueueConfig(config);
    const previous = this.queues.get(config.id);
    this.queues.set(config.id, config);
    const lastStep = (config.relaxation?.length ?? 0) - 1;
    this.loosest.set(config.id, { ...effectiveRequirement(config, lastStep), language: null });
    if (!this.lines.has(config.id)) this.lines.set(config.id, new WaitingLine());
    for (const agent of this.agents.values()) agent.staffedQueues = this.staffedQueuesOf(agent);
    const line = this.lines.get(config.id)!;
    for (const call of line.calls) call.requirement = this.requirementOf(call, call.requirement.step);
    const reordered =
      previous !== undefined &&
      ((previous.agingPerMinute ?? DEFAULT_AGING_PER_MINUTE) !==
        (config.agingPerMinute ?? DEFAULT_AGING_PER_MINUTE) ||
        (previous.basePriority ?? 0) !== (config.basePriority ?? 0));
    if (reordered) {
      const calls = [...line.calls];
      for (const call of calls) {
        line.remove(call);
        call.key = orderingKey(
          call.priority + (config.basePriority ?? 0),
          call.arrivedAt,
          config.agingPerMinute ?? DEFAULT_AGING_PER_MINUTE,
        );
      }
      for (const call of calls) line.insert(call);
    }
  }

  queue(id: string): QueueConfig | undefined {
    return this.queues.get(id);
  }

  queueIds(): IterableIterator<string> {
    return this.queues.keys();
  }

  queueCount(): number {
    return this.queues.size;
  }

  addAgent(profile: AgentProfile, now: number): AgentEntry {
    if (this.agents.has(profile.id)) throw new Error(`agent ${profile.id} already exists`);
    const agent: AgentEntry = {
      id: profile.id,
      ordinal: this.nextOrdinal++,
      skills: new Map(Object.entries(profile.skills)),
      languages: new Set(profile.languages ?? []),
      status: 'logged_out',
      statusSince: now,
      offerable: false,
      idleSince: now,
      activity: new OccupancyWindow(this.windowMs, now),
      staffedQueues: [],
      scanEpoch: 0,
      sOccupancy: 0,
      sCalls: 0,
      sProficiency: 0,
      sRoundRobin: 0,
    };
    agent.staffedQueues = this.staffedQueuesOf(agent);
    this.agents.set(agent.id, agent);
    return agent;
  }

  setAgentSkills(id: string, skills: Record<string, number>, languages?: string[]): void {
    const agent = this.mustAgent(id);
    const wasOfferable = agent.offerable;
    if (wasOfferable) this.unindex(agent);
    agent.skills = new Map(Object.entries(skills));
    if (languages) agent.languages = new Set(languages);
    agent.staffedQueues = this.staffedQueuesOf(agent);
    if (wasOfferable) this.index(agent);
  }

  agent(id: string): AgentEntry | undefined {
    return this.agents.get(id);
  }

  allAgents(): IterableIterator<AgentEntry> {
    return this.agents.values();
  }

  /** Status change from the agent machine, with whether the agent may now be offered a call. */
  updateAgent(id: string, status: AgentStatus, offerable: boolean, now: number): void {
    const agent = this.mustAgent(id);
    if (agent.status !== status) {
      agent.status = status;
      agent.statusSince = now;
      agent.activity.record(now, activityOf(status));
    }
    if (offerable === agent.offerable) return;
    agent.offerable = offerable;
    if (offerable) {
      agent.idleSince = now;
      this.index(agent);
    } else this.unindex(agent);
  }

  recordAnswer(agentId: string, now: number): void {
    this.mustAgent(agentId).activity.recordAnswer(now);
  }

  /** Round-robin continues after the agent last offered a call from this queue. */
  noteOffer(queueId: string, agentId: string): void {
    this.roundRobinCursor.set(queueId, this.mustAgent(agentId).ordinal);
  }

  // ── waiting calls ──────────────────────────────────────────────────────────────────────

  addWaiting(call: Omit<WaitingCall, 'requirement' | 'key'>, now: number): WaitingCall {
    const queue = this.mustQueue(call.queueId);
    const step = relaxationStepAt(queue, now - call.queueEnteredAt);
    const key = orderingKey(
      call.priority + (queue.basePriority ?? 0),
      call.arrivedAt,
      queue.agingPerMinute ?? DEFAULT_AGING_PER_MINUTE,
    );
    const entry: WaitingCall = { ...call, key, requirement: effectiveRequirement(queue, step, call) };
    this.waiting.set(call.callId, entry);
    this.lines.get(call.queueId)!.insert(entry);
    return entry;
  }

  removeWaiting(callId: string): WaitingCall | undefined {
    const call = this.waiting.get(callId);
    if (!call) return undefined;
    this.waiting.delete(callId);
    this.lines.get(call.queueId)!.remove(call);
    return call;
  }

  waitingCall(callId: string): WaitingCall | undefined {
    return this.waiting.get(callId);
  }

  line(queueId: string): WaitingLine | undefined {
    return this.lines.get(queueId);
  }

  waitingCount(): number {
    return this.waiting.size;
  }

  /** The requirement in force for a waiting call now (refreshes the cached step). */
  requirementAt(call: WaitingCall, now: number, queue = this.mustQueue(call.queueId)): EffectiveRequirement {
    const step = relaxationStepAt(queue, now - call.queueEnteredAt);
    if (step !== call.requirement.step) call.requirement = this.requirementOf(call, step);
    return call.requirement;
  }

  /** True when the agent holds every need of some group and speaks the language. */
  qualifies(agent: AgentEntry, requirement: EffectiveRequirement): boolean {
    for (let g = 0; g < requirement.groups.length; g++) {
      if (this.groupFailure(agent, requirement.groups[g]!, requirement.language) === null) return true;
    }
    return false;
  }

  // ── decisions ──────────────────────────────────────────────────────────────────────────

  /** Best offerable agent for a waiting call, with the explanation (agentId null if none). */
  chooseAgent(callId: string, now: number): RoutingDecision {
    const call = this.waiting.get(callId);
    if (!call) throw new Error(`call ${callId} is not waiting`);
    const queue = this.mustQueue(call.queueId);
    const strategy = queue.strategy ?? 'least_busy';
    const rank = RANKERS[strategy];
    const requirement = this.requirementAt(call, now);
    const primary = requirement.groups[0]!;
    const epoch = ++this.epoch;
    const cursor = this.roundRobinCursor.get(queue.id) ?? -1;
    this.missingTally = primary.map(() => 0);
    this.belowTally = primary.map(() => 0);
    let languageTally = 0;
    const excludedExamples: Array<{ agentId: string; reason: string }> = [];
    const top: AgentEntry[] = [];
    let considered = 0;
    let qualified = 0;

    for (const group of requirement.groups) {
      for (const agent of this.poolFor(group)) {
        if (agent.scanEpoch === epoch) continue;
        agent.scanEpoch = epoch;
        considered++;
        let failure: number | null = this.groupFailure(agent, primary, requirement.language);
        for (let g = 1; failure !== null && g < requirement.groups.length; g++) {
          if (this.groupFailure(agent, requirement.groups[g]!, requirement.language) === null) failure = null;
        }
        if (failure !== null) {
          if (failure === LANGUAGE_MISMATCH) languageTally++;
          else if (failure >= primary.length) this.belowTally[failure - primary.length]!++;
          else this.missingTally[failure]!++;
          if (excludedExamples.length < this.topK) {
            excludedExamples.push({
              agentId: agent.id,
              reason: this.reasonText(failure, primary, requirement.language),
            });
          }
          continue;
        }
        qualified++;
        agent.sOccupancy = agent.activity.occupancy(now);
        agent.sCalls = strategy === 'fewest_calls' ? agent.activity.callsInWindow(now) : 0;
        agent.sProficiency = strategy === 'most_proficient' ? this.proficiencySum(agent, requirement) : 0;
        agent.sRoundRobin =
          agent.ordinal > cursor ? agent.ordinal - cursor : agent.ordinal - cursor + ROUND_ROBIN_WRAP;
        insertTop(top, agent, rank, this.topK);
      }
    }

    const excludedCounts: Record<string, number> = {};
    primary.forEach((need, i) => {
      if (this.missingTally[i]) excludedCounts[`missing_skill:${need.skill}`] = this.missingTally[i]!;
      if (this.belowTally[i]) excludedCounts[`below_min_proficiency:${need.skill}`] = this.belowTally[i]!;
    });
    if (languageTally) excludedCounts[`language:${requirement.language}`] = languageTally;
    const winner = top[0];
    return {
      callId: call.callId,
      queueId: queue.id,
      agentId: winner?.id ?? null,
      at: now,
      trigger: 'call_arrived',
      strategy,
      waitedMs: now - call.queueEnteredAt,
      relaxationStep: requirement.step,
      requirement,
      candidatesConsidered: considered,
      qualified,
      excludedCounts,
      excludedExamples,
      ranked: top.map((a, i) => this.explainCandidate(a, requirement, i + 1, now)),
      why: winner ? explainWin(strategy, winner, top[1], now) : 'no offerable agent meets the requirement',
    };
  }

  /**
   * Best waiting call for an agent who just became offerable: in each queue the first call (in
   * service order) the agent qualifies for, then across queues the highest effective priority,
   * then the longest wait, then the call id.
   */
  chooseCall(agentId: string, now: number): RoutingDecision | null {
    const agent = this.mustAgent(agentId);
    const competing: Array<{ call: WaitingCall; priority: number }> = [];
    for (const [queueId, line] of this.lines) {
      // Skip queues whose most relaxed skills the agent lacks: no call there can be theirs.
      if (line.size === 0 || !this.qualifies(agent, this.loosest.get(queueId)!)) continue;
      const queue = this.queues.get(queueId)!;
      const aging = queue.agingPerMinute ?? DEFAULT_AGING_PER_MINUTE;
      for (const call of line.calls) {
        if (this.qualifies(agent, this.requirementAt(call, now, queue))) {
          competing.push({ call, priority: effectivePriority(call, aging, now) });
          break;
        }
      }
    }
    if (competing.length === 0) return null;
    competing.sort(
      (a, b) =>
        Number(b.call.atHead) - Number(a.call.atHead) ||
        b.priority - a.priority ||
        a.call.arrivedAt - b.call.arrivedAt ||
        (a.call.callId < b.call.callId ? -1 : 1),
    );
    const best = competing[0]!;
    const queue = this.mustQueue(best.call.queueId);
    const requirement = best.call.requirement;
    agent.sOccupancy = agent.activity.occupancy(now);
    agent.sCalls = agent.activity.callsInWindow(now);
    const competingCalls: CompetingCall[] = competing.slice(0, this.topK).map(({ call, priority }) => ({
      callId: call.callId,
      queueId: call.queueId,
      effectivePriority: priority,
      waitedMs: now - call.arrivedAt,
      atHead: call.atHead,
    }));
    return {
      callId: best.call.callId,
      queueId: queue.id,
      agentId: agent.id,
      at: now,
      trigger: 'agent_available',
      strategy: queue.strategy ?? 'least_busy',
      waitedMs: now - best.call.queueEnteredAt,
      relaxationStep: requirement.step,
      requirement,
      candidatesConsidered: 1,
      qualified: 1,
      excludedCounts: {},
      excludedExamples: [],
      ranked: [this.explainCandidate(agent, requirement, 1, now)],
      competingCalls,
      why:
        competing.length === 1
          ? 'agent became available; only waiting call it qualifies for'
          : `agent became available; ${best.call.atHead ? 're-offered call at head of queue' : 'highest effective priority / longest wait'} among ${competing.length} queue heads it qualifies for`,
    };
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  private requirementOf(call: WaitingCall, step: number): EffectiveRequirement {
    return effectiveRequirement(this.mustQueue(call.queueId), step, call);
  }

  /** Smallest per-skill pool among the group's skills (all offerable agents if it has none). */
  private poolFor(group: SkillNeed[]): Set<AgentEntry> {
    if (group.length === 0) return this.offerable;
    let pool: Set<AgentEntry> | undefined;
    for (const need of group) {
      const set = this.offerableBySkill.get(need.skill) ?? EMPTY;
      if (!pool || set.size < pool.size) pool = set;
    }
    return pool!;
  }

  /** null = satisfied; LANGUAGE_MISMATCH; i = lacks need i; length + i = below minimum of need i. */
  private groupFailure(agent: AgentEntry, group: SkillNeed[], language: string | null): number | null {
    if (language !== null && !agent.languages.has(language)) return LANGUAGE_MISMATCH;
    for (let i = 0; i < group.length; i++) {
      const need = group[i]!;
      const p = agent.skills.get(need.skill);
      if (p === undefined) return i;
      if (p < need.minProficiency) return group.length + i;
    }
    return null;
  }

  private reasonText(failure: number, primary: SkillNeed[], language: string | null): string {
    if (failure === LANGUAGE_MISMATCH) return `language:${language}`;
    if (failure >= primary.length) {
      const need = primary[failure - primary.length]!;
      return `below_min_proficiency:${need.skill}<${need.minProficiency}`;
    }
    return `missing_skill:${primary[failure]!.skill}`;
  }

  private proficiencySum(agent: AgentEntry, requirement: EffectiveRequirement): number {
    let best = 0;
    for (const group of requirement.groups) {
      if (this.groupFailure(agent, group, requirement.language) !== null) continue;
      let sum = 0;
      for (const need of group) sum += agent.skills.get(need.skill) ?? 0;
      best = Math.max(best, sum);
    }
    return best;
  }

  private explainCandidate(
    agent: AgentEntry,
    req: EffectiveRequirement,
    rank: number,
    now: number,
  ): CandidateExplanation {
    const skills: Record<string, number> = {};
    for (const group of req.groups)
      for (const need of group) skills[need.skill] = agent.skills.get(need.skill) ?? 0;
    return {
      agentId: agent.id,
      skills,
      occupancy: agent.sOccupancy,
      idleMs: now - agent.idleSince,
      callsInWindow: agent.activity.callsInWindow(now),
      rank,
    };
  }

  private staffedQueuesOf(agent: AgentEntry): string[] {
    const staffed: string[] = [];
    for (const q of this.queues.values())
      if (q.skills.every((n) => agent.skills.has(n.skill))) staffed.push(q.id);
    return staffed;
  }

  private index(agent: AgentEntry): void {
    this.offerable.add(agent);
    for (const skill of agent.skills.keys()) {
      let set = this.offerableBySkill.get(skill);
      if (!set) this.offerableBySkill.set(skill, (set = new Set()));
      set.add(agent);
    }
  }

  private unindex(agent: AgentEntry): void {
    this.offerable.delete(agent);
    for (const skill of agent.skills.keys()) this.offerableBySkill.get(skill)?.delete(agent);
  }

  private mustAgent(id: string): AgentEntry {
    const agent = this.agents.get(id);
    if (!agent) throw new Error(`unknown agent ${id}`);
    return agent;
  }

  private mustQueue(id: string): QueueConfig {
    const queue = this.queues.get(id);
    if (!queue) throw new Error(`unknown queue ${id}`);
    return queue;
  }
}

function activityOf(status: AgentStatus): ActivityKind {
  if (status === 'logged_out') return 'off';
  return status === 'on_call' || status === 'wrap_up' ? 'busy' : 'available';
}

/** Keeps `top` sorted best-first and at most `k` long. */
function insertTop(
  top: AgentEntry[],
  agent: AgentEntry,
  rank: (a: AgentEntry, b: AgentEntry) => number,
  k: number,
): void {
  let i = top.length;
  if (i === k && rank(agent, top[k - 1]!) >= 0) return;
  while (i > 0 && rank(agent, top[i - 1]!) < 0) i--;
  top.splice(i, 0, agent);
  if (top.length > k) top.pop();
}
