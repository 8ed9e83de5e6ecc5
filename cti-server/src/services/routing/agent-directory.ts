import type { Db } from '@kefu/db';
import type { AgentRow, QueueRow } from './acd-config.js';

export interface DirectoryAgent {
  id: string;
  userId: string;
  extension: string;
  displayName: string;
  team: string | null;
  skills: Array<{ name: string; kind: string; proficiency: number }>;
}

export interface DirectoryQueue {
  id: string;
  name: string;
  displayName: string;
  strategy: string;
}

/**
 * Who is who for the ACD layer: agent id ↔ extension ↔ user, queue id ↔ name. Loaded at
 * startup together with the ACD, so both see the same agents and queues; the administration
 * changes agents while the server runs (`putAgent`, `removeAgent`, through agent-roster.ts).
 * Everyone holds this one object, so a change reaches the routes, realtime and call control at once.
 */
export class AgentDirectory {
  private readonly agentsById = new Map<string, DirectoryAgent>();
  private readonly agentsByExtension = new Map<string, DirectoryAgent>();
  private readonly queuesById = new Map<string, DirectoryQueue>();
  private readonly queuesByName = new Map<string, DirectoryQueue>();

  constructor(agents: DirectoryAgent[], queues: DirectoryQueue[]) {
    for (const a of agents) {
      this.agentsById.set(a.id, a);
      this.agentsByExtension.set(a.extension, a);
    }
    for (const q of queues) {
      this.queuesById.set(q.id, q);
      this.queuesByName.set(q.name, q);
    }
  }

  /** Adds an agent or replaces it (its extension, name, team or skills changed). */
  putAgent(agent: DirectoryAgent): void {
    const old = this.agentsById.get(agent.id);
    if (old && old.extension !== agent.extension) this.agentsByExtension.delete(old.extension);
    this.agentsById.set(agent.id, agent);
    this.agentsByExtension.set(agent.extension, agent);
  }

  /** Forgets a (disabled) agent: its extension no longer names anyone. */
  removeAgent(id: string): void {
    const old = this.agentsById.get(id);
    if (!old) return;
    this.agentsById.delete(id);
    if (this.agentsByExtension.get(old.extension) === old) this.agentsByExtension.delete(old.extension);
  }

  /** Adds a queue or replaces it (its display name or strategy changed; its name never does). */
  putQueue(queue: DirectoryQueue): void {
    const old = this.queuesById.get(queue.id);
    if (old && old.name !== queue.name) this.queuesByName.delete(old.name);
    this.queuesById.set(queue.id, queue);
    this.queuesByName.set(queue.name, queue);
  }

  agent(id: string): DirectoryAgent | undefined {
    return this.agentsById.get(id);
  }
  agentByExtension(extension: string): DirectoryAgent | undefined {
    return this.agentsByExtension.get(extension);
  }
  /** Agents in extension order. */
  agents(): DirectoryAgent[] {
    return [...this.agentsById.values()].sort((a, b) => a.extension.localeCompare(b.extension));
  }
  queue(id: string): DirectoryQueue | undefined {
    return this.queuesById.get(id);
  }
  queueByName(name: string): DirectoryQueue | undefined {
    return this.queuesByName.get(name);
  }
  queues(): DirectoryQueue[] {
    return [...this.queuesById.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

export interface AcdRows {
  queues: Array<QueueRow & { displayName: string }>;
  agents: Array<AgentRow & { userId: string; extension: string; team: string | null; displayName: string }>;
}

/** Reads queues and agents (with their skills) in the shapes the ACD mapping needs. */
export async function loadAcdRows(db: Db): Promise<AcdRows> {
  const skill = { select: { name: true, kind: true } };
  const [queues, agents] = await Promise.all([
    db.queue.findMany({ include: { skills: { include: { skill } } }, orderBy: { name: 'asc' } }),
    db.agent.findMany({
      where: { user: { active: true } },
      include: { skills: { include: { skill } }, user: { select: { displayName: true } } },
      orderBy: { extension: 'asc' },
    }),
  ]);
  return {
    queues,
    agents: agents.map((a) => ({ ...a, displayName: a.user.displayName })),
  };
}

/** One agent row (with its user's name and its skills) as the directory holds it. */
export function directoryAgentFromRow(a: AcdRows['agents'][number]): DirectoryAgent {
  return {
    id: a.id,
    userId: a.userId,
    extension: a.extension,
    displayName: a.displayName,
    team: a.team,
    skills: a.skills.map((s) => ({ name: s.skill.name, kind: s.skill.kind, proficiency: s.proficiency })),
  };
}

export function directoryFromRows(rows: AcdRows): AgentDirectory {
  return new AgentDirectory(
    rows.agents.map(directoryAgentFromRow),
    rows.queues.map((q) => ({ id: q.id, name: q.name, displayName: q.displayName, strategy: q.strategy })),
  );
}
