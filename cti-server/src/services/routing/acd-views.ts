import type {
  Acd,
  AgentMetricsSnapshot,
  AgentStatus,
  CallPhase,
  QueueMetricsSnapshot,
} from '../../acd/index.js';
import type { AgentMetricsView, MetricsSnapshotView, QueueMetricsView } from './acd-events.js';
import type { AgentDirectory, DirectoryAgent, DirectoryQueue } from './agent-directory.js';

// Live ACD state in the shapes the API and the sockets send (schemas/agents.ts describes them).

export interface AgentView {
  id: string;
  userId: string;
  extension: string;
  displayName: string;
  team: string | null;
  state: AgentStatus;
  reason: string | null;
  since: string;
  timeInStateMs: number;
  callId: string | null;
  phoneRegistered: boolean;
  consoleConnected: boolean;
  /** While in wrap-up: when it ends (unless extended) and the disposition given so far. */
  wrapUpEndsAt: string | null;
  disposition: string | null;
  skills: DirectoryAgent['skills'];
}

export interface LiveCallView {
  callId: string;
  phase: CallPhase;
  queueId: string | null;
  queue: string | null;
  agentId: string | null;
  extension: string | null;
}

export function agentView(acd: Acd, agent: DirectoryAgent, now: number): AgentView {
  const ctx = acd.agentContext(agent.id);
  const entry = acd.engine.agent(agent.id);
  if (!ctx || !entry) throw new Error(`agent ${agent.extension} is not in the ACD`);
  return {
    id: agent.id,
    userId: agent.userId,
    extension: agent.extension,
    displayName: agent.displayName,
    team: agent.team,
    state: ctx.status,
    reason: ctx.reason,
    since: new Date(entry.statusSince).toISOString(),
    timeInStateMs: Math.max(0, now - entry.statusSince),
    callId: ctx.callId,
    phoneRegistered: ctx.phoneRegistered,
    consoleConnected: ctx.consoleConnected,
    wrapUpEndsAt: ctx.status === 'wrap_up' ? new Date(ctx.wrapUpEndsAt).toISOString() : null,
    disposition: ctx.status === 'wrap_up' ? ctx.disposition : null,
    skills: agent.skills,
  };
}

export function queueMetricsView(
  snapshot: QueueMetricsSnapshot,
  queue: DirectoryQueue,
  serviceLevelSeconds = 20,
): QueueMetricsView {
  const { queueId, at, ...figures } = snapshot;
  return {
    queueId,
    queue: queue.name,
    displayName: queue.displayName,
    at: new Date(at).toISOString(),
    serviceLevelSeconds,
    ...figures,
  };
}

export function agentMetricsView(snapshot: AgentMetricsSnapshot, agent: DirectoryAgent): AgentMetricsView {
  return {
    agentId: snapshot.agentId,
    extension: agent.extension,
    at: new Date(snapshot.at).toISOString(),
    state: snapshot.status,
    reason: snapshot.reason,
    since: new Date(snapshot.since).toISOString(),
    timeInStateMs: snapshot.timeInStateMs,
    occupancy: snapshot.occupancy,
    callsInWindow: snapshot.callsInWindow,
  };
}

export function liveCallView(acd: Acd, directory: AgentDirectory, callId: string): LiveCallView {
  const queueId = acd.callQueue(callId) ?? null;
  const agentId = acd.callAgent(callId);
  return {
    callId,
    phase: acd.callPhase(callId) ?? 'waiting',
    queueId,
    queue: queueId ? (directory.queue(queueId)?.name ?? null) : null,
    agentId,
    extension: agentId ? (directory.agent(agentId)?.extension ?? null) : null,
  };
}

export type { MetricsSnapshotView } from './acd-events.js';

export function metricsSnapshotView(acd: Acd, directory: AgentDirectory, now: number): MetricsSnapshotView {
  const queues: QueueMetricsView[] = [];
  for (const queue of directory.queues()) {
    const snapshot = acd.queueMetrics(queue.id);
    if (snapshot)
      queues.push(queueMetricsView(snapshot, queue, acd.engine.queue(queue.id)?.serviceLevelSeconds));
  }
  const agents: AgentMetricsView[] = [];
  for (const agent of directory.agents()) {
    const snapshot = acd.agentMetrics(agent.id);
    if (snapshot) agents.push(agentMetricsView(snapshot, agent));
  }
  return { at: new Date(now).toISOString(), queues, agents };
}
