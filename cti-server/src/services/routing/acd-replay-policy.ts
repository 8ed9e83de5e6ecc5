import type { ReplayScenario, StaffingChange } from '../../acd/index.js';
import { agentProfileFromRow, queueConfigFromRow, type AgentRow, type QueueRow } from './acd-config.js';
import type { ReplayData } from './acd-replay-source.js';

/**
 * A what-if for `acd:replay`, as JSON. Queues are named, agents are extensions.
 *
 * ```json
 * {
 *   "queues": { "sales": { "strategy": "longest_idle", "serviceLevelSeconds": 30,
 *                          "policy": { "relaxation": [{ "afterSeconds": 30, "minProficiency": 1 }] } } },
 *   "agents": { "add": [{ "like": "1002", "count": 2 }], "remove": ["1005"],
 *               "skills": { "1003": { "sales": 5, "service": 0 } } }
 * }
 * ```
 * Queue fields replace the stored columns; `policy` is merged over `Queue.policy` (same shape).
 * An added agent copies the skills and the staffing of the agent it is `like`; a skill set to 0
 * is taken away.
 */
export interface ReplayPolicy {
  queues?: Record<string, QueueOverride>;
  agents?: {
    add?: Array<{ like: string; count?: number }>;
    remove?: string[];
    skills?: Record<string, Record<string, number>>;
  };
}

export interface QueueOverride {
  strategy?: string;
  serviceLevelSeconds?: number;
  wrapUpSeconds?: number;
  maxWaitSeconds?: number;
  policy?: Record<string, unknown>;
}

export class ReplayPolicyError extends Error {}

const QUEUE_NUMBERS = ['serviceLevelSeconds', 'wrapUpSeconds', 'maxWaitSeconds'] as const;

/** Checks the parsed JSON; the queue policy itself is checked when the queue is built. */
export function parseReplayPolicy(raw: unknown): ReplayPolicy {
  const fail = (why: string): never => {
    throw new ReplayPolicyError(`policy file: ${why}`);
  };
  const root = record(raw) ?? fail('must be a JSON object');
  const queues = root.queues === undefined ? {} : (record(root.queues) ?? fail('queues must be an object'));
  for (const [name, value] of Object.entries(queues)) {
    const q = record(value) ?? fail(`queues.${name} must be an object`);
    if (q.strategy !== undefined && typeof q.strategy !== 'string')
      fail(`queues.${name}.strategy must be a string`);
    for (const key of QUEUE_NUMBERS)
      if (q[key] !== undefined && (typeof q[key] !== 'number' || q[key] < 0))
        fail(`queues.${name}.${key} must be a number ≥ 0`);
    if (q.policy !== undefined && !record(q.policy)) fail(`queues.${name}.policy must be an object`);
  }
  const agents = root.agents === undefined ? {} : (record(root.agents) ?? fail('agents must be an object'));
  if (agents.add !== undefined) {
    if (!Array.isArray(agents.add)) fail('agents.add must be a list');
    for (const a of agents.add as unknown[]) {
      const r = record(a);
      if (typeof r?.like !== 'string') fail('agents.add entries need "like": an extension');
      if (r!.count !== undefined && (!Number.isInteger(r!.count) || (r!.count as number) < 1))
        fail('agents.add count must be a whole number ≥ 1');
    }
  }
  if (agents.remove !== undefined && !(Array.isArray(agents.remove) && agents.remove.every(isString)))
    fail('agents.remove must be a list of extensions');
  if (agents.skills !== undefined) {
    const skills = record(agents.skills) ?? fail('agents.skills must be an object');
    for (const [ext, value] of Object.entries(skills)) {
      const r = record(value) ?? fail(`agents.skills.${ext} must be an object`);
      for (const [skill, p] of Object.entries(r))
        if (!Number.isInteger(p) || (p as number) < 0 || (p as number) > 5)
          fail(`agents.skills.${ext}.${skill} must be 0–5`);
    }
  }
  return root as ReplayPolicy;
}

/** The scenario to replay: the stored configuration with the what-if applied (if any). */
export function replayScenario(data: ReplayData, policy: ReplayPolicy = {}): ReplayScenario {
  const queues = data.queues.map((row) => queueConfigFromRow(overrideQueue(row, policy.queues?.[row.name])));
  for (const name of Object.keys(policy.queues ?? {}))
    if (!data.queues.some((q) => q.name === name)) throw new ReplayPolicyError(`no queue named "${name}"`);

  const byExtension = new Map(data.agents.map((a) => [a.extension, a]));
  const known = (ext: string) => byExtension.get(ext) ?? fail(`no agent with extension ${ext}`);
  const removed = new Set((policy.agents?.remove ?? []).map((ext) => known(ext).id));
  let agents: AgentRow[] = data.agents.filter((a) => !removed.has(a.id));
  let staffing = data.staffing.filter((s) => !removed.has(s.agentId));

  for (const [ext, skills] of Object.entries(policy.agents?.skills ?? {})) {
    const id = known(ext).id;
    agents = agents.map((a) => (a.id === id ? withSkills(a, skills) : a));
  }
  for (const { like, count = 1 } of policy.agents?.add ?? []) {
    const model = agents.find((a) => a.id === known(like).id) ?? fail(`agent ${like} is removed`);
    for (let i = 1; i <= count; i++) {
      const id = `${model.id}~what-if-${i}`;
      agents = [...agents, { ...model, id }];
      staffing = [
        ...staffing,
        ...staffing.filter((s) => s.agentId === model.id).map((s) => ({ ...s, agentId: id })),
      ];
    }
  }
  return {
    from: data.from,
    to: data.to,
    queues,
    agents: agents.map(agentProfileFromRow),
    staffing: sortByTime(staffing),
    calls: data.calls,
  };
}

function overrideQueue<R extends QueueRow>(row: R, override: QueueOverride | undefined): R {
  if (!override) return row;
  const { policy, ...columns } = override;
  const stored = record(row.policy) ?? {};
  return { ...row, ...columns, policy: policy === undefined ? row.policy : { ...stored, ...policy } };
}

function withSkills(agent: AgentRow, skills: Record<string, number>): AgentRow {
  const kept = agent.skills.filter((s) => s.skill.kind === 'language' || !(s.skill.name in skills));
  const set = Object.entries(skills)
    .filter(([, p]) => p > 0)
    .map(([name, proficiency]) => ({ proficiency, skill: { name, kind: 'skill' } }));
  return { ...agent, skills: [...kept, ...set] };
}

function sortByTime(changes: StaffingChange[]): StaffingChange[] {
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.at - b.c.at || a.i - b.i)
    .map(({ c }) => c);
}

function fail(why: string): never {
  throw new ReplayPolicyError(why);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
