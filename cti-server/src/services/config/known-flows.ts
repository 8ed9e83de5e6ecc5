import type { Db } from '@kefu/db';
import { flows as builtInFlows } from '@kefu/ivr-flows';

/**
 * IVR flow ids a line may name: the built-in flows and those lines already use (the server
 * refuses to start when a line names a flow it has not loaded, so those exist in its registry,
 * IVR_FLOWS_DIR's included).
 */
export async function knownFlows(db: Db): Promise<string[]> {
  const used = await db.line.findMany({
    where: { ivrFlow: { not: null } },
    select: { ivrFlow: true },
    distinct: ['ivrFlow'],
  });
  const ids = new Set([...Object.keys(builtInFlows), ...used.flatMap((l) => (l.ivrFlow ? [l.ivrFlow] : []))]);
  return [...ids].sort();
}
