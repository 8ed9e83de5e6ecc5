import type { Db } from '@kefu/db';
import { toGraph, type FlowDefinition, type FlowRegistry, type FlowVersion } from '@kefu/ivr-flows';
import type { Static } from 'typebox';
import { NotFoundError } from '../../errors.js';
import type { IvrFlowGraph, IvrFlowList, IvrFlowProblem, IvrFlowSummary } from '../../schemas/admin-lines.js';

/**
 * The IVR flows view: each loaded flow's current version, the lines using it and what is wrong
 * around it now — a queue it names that is missing or disabled (error), a line naming a flow
 * that is not loaded (error) — and a flow's graph for the diagram.
 */

type Summary = Static<typeof IvrFlowSummary>;
type Problem = Static<typeof IvrFlowProblem>;
type Flows = Pick<FlowRegistry, 'get' | 'flowIds'>;

/** Queues a flow hands calls to (queue and call-back steps, a setData redirect). */
export function queuesOfFlow(definition: FlowDefinition): string[] {
  const names = new Set<string>();
  for (const step of Object.values(definition.steps)) {
    if (step.type === 'queue' || step.type === 'callback') names.add(step.queue);
    if (step.type === 'setData' && step.queue) names.add(step.queue);
  }
  return [...names].sort();
}

interface World {
  queues: Map<string, { active: boolean }>;
  lines: Array<{ id: string; dnis: string; name: string; ivrFlow: string | null }>;
}

async function world(db: Db): Promise<World> {
  const [queues, lines] = await Promise.all([
    db.queue.findMany({ select: { name: true, active: true } }),
    db.line.findMany({
      select: { id: true, dnis: true, name: true, ivrFlow: true },
      orderBy: { dnis: 'asc' },
    }),
  ]);
  return { queues: new Map(queues.map((q) => [q.name, q])), lines };
}

function summary(version: FlowVersion, w: World): Summary {
  const queues = queuesOfFlow(version.definition);
  const problems: Problem[] = [];
  for (const name of queues) {
    const queue = w.queues.get(name);
    if (!queue) problems.push({ severity: 'error', message: `queue "${name}" does not exist` });
    else if (!queue.active)
      problems.push({
        severity: 'error',
        message: `queue "${name}" is disabled: calls the flow sends there go to its overflow or are refused`,
      });
  }
  const lines = w.lines
    .filter((l) => l.ivrFlow === version.flowId)
    .map(({ id, dnis, name }) => ({ id, dnis, name }));
  if (lines.length === 0) problems.push({ severity: 'warning', message: 'no line uses this flow' });
  return {
    id: version.flowId,
    name: version.definition.name,
    description: version.definition.description ?? null,
    version: version.version,
    source: version.source ?? 'built-in',
    loadedAt: new Date(version.loadedAt),
    queues,
    lines,
    problems,
  };
}

export async function listIvrFlows(db: Db, flows: Flows): Promise<Static<typeof IvrFlowList>> {
  const w = await world(db);
  const versions = flows.flowIds().flatMap((id) => flows.get(id) ?? []);
  const problems: Problem[] = w.lines
    .filter((l) => l.ivrFlow !== null && !flows.get(l.ivrFlow))
    .map((l) => ({
      severity: 'error' as const,
      message: `line ${l.dnis} (${l.name}) names IVR flow "${l.ivrFlow}", which is not loaded`,
    }));
  return { flows: versions.map((v) => summary(v, w)), problems };
}

export async function ivrFlowGraph(db: Db, flows: Flows, id: string): Promise<Static<typeof IvrFlowGraph>> {
  const version = flows.get(id);
  if (!version) throw new NotFoundError('IVR flow', id);
  const graph = toGraph(version.definition);
  return {
    flow: summary(version, await world(db)),
    graph: { ...graph, start: version.definition.start },
  };
}
