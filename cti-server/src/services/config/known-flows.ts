import type { Db } from '@kefu/db';
import { flows as builtInFlows } from '@kefu/ivr-flows';
import { loadIvrFlows } from '../../ivr/load-ivr-flows.js';

/**
 * IVR flow ids a line may name: those the running server's registry holds when it is given
 * (built-in and IVR_FLOWS_DIR's), else the built-in flows and those lines already use (a
 * server refuses to start when a line names a flow it has not loaded, so those exist).
 */
export async function knownFlows(db: Db, registry?: { flowIds(): string[] }): Promise<string[]> {
  const used = await db.line.findMany({
    where: { ivrFlow: { not: null } },
    select: { ivrFlow: true },
    distinct: ['ivrFlow'],
  });
  const ids = new Set([
    ...(registry ? registry.flowIds() : Object.keys(builtInFlows)),
    ...used.flatMap((l) => (l.ivrFlow ? [l.ivrFlow] : [])),
  ]);
  return [...ids].sort();
}

/** The flows a server on this database would load (for the command line, which has no server). */
export async function flowsOnDisk(db: Db, flowsDir: string | undefined): Promise<string[]> {
  if (!flowsDir) return knownFlows(db);
  const flows = await loadIvrFlows({
    knownQueues: (await db.queue.findMany({ select: { name: true } })).map((q) => q.name),
    lines: [],
    dir: flowsDir,
  });
  try {
    return await knownFlows(db, flows.registry);
  } finally {
    flows.close();
  }
}
