import { createHash } from 'node:crypto';
import type { Db } from '@kefu/db';

export type Variant = 'A' | 'B';

/**
 * The variant a call gets in an experiment: the first 32 bits of SHA-256("<experiment>:<call>")
 * read as a fraction of 2^32, below `shareA` per cent → A. Deterministic (the same call always
 * gets the same variant, on every server of a cluster, after a restart), independent between
 * experiments (the experiment id is hashed in), and uniform enough that a 50/50 split over n calls
 * lands within the binomial bounds.
 */
export function variantFor(experimentId: string, callId: string, shareA: number): Variant {
  const digest = createHash('sha256').update(`${experimentId}:${callId}`).digest();
  const fraction = digest.readUInt32BE(0) / 2 ** 32;
  return fraction * 100 < shareA ? 'A' : 'B';
}

/**
 * Records the call's variant on its Interaction (once: a second lookup of the same call finds
 * the stored row) and returns it. The stored row, not the hash, is what results count.
 */
export async function assignVariant(
  db: Db,
  experiment: { id: string; shareA: number },
  call: { interactionId: string; callId: string },
): Promise<Variant> {
  const variant = variantFor(experiment.id, call.callId, experiment.shareA);
  const row = await db.experimentAssignment.upsert({
    where: { experimentId_interactionId: { experimentId: experiment.id, interactionId: call.interactionId } },
    create: { experimentId: experiment.id, interactionId: call.interactionId, variant },
    update: {},
    select: { variant: true },
  });
  return row.variant as Variant;
}
