import type { Db } from '@kefu/db';
import { touches, type ConfigChanges } from '../config/config-changes.js';

/**
 * Queues' uploaded music on hold, in memory for the call path: which asset each queue plays, and
 * each asset's samples once (cached by asset id, dropped when no queue plays it any more). Read
 * at start and again when a queue changes; `forQueue` is synchronous, so holding a caller never
 * waits for the database.
 */
export interface QueueMusic {
  /** The queue's music (8 kHz mono), or undefined for the built-in music. */
  forQueue(queueId: string | null): Int16Array | undefined;
  /** Re-reads one queue (or all of them). */
  refresh(queueId?: string): Promise<void>;
}

/**
 * The samples live in a SharedArrayBuffer: the media plane runs in a worker thread and a
 * structured clone of a shared array shares its memory, so each caller on hold does not get a
 * copy of a file up to ten minutes long.
 */
export function sharedSamples(pcm: Uint8Array): Int16Array {
  const samples = new Int16Array(new SharedArrayBuffer(pcm.byteLength & ~1));
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

export async function createQueueMusic(db: Db, changes?: ConfigChanges): Promise<QueueMusic> {
  const assetOf = new Map<string, string>();
  const samples = new Map<string, Int16Array>();

  const refresh = async (queueId?: string): Promise<void> => {
    const rows = await db.queue.findMany({
      where: queueId ? { id: queueId } : {},
      select: { id: true, musicOnHoldId: true },
    });
    if (!queueId) assetOf.clear();
    for (const row of rows) {
      if (row.musicOnHoldId) assetOf.set(row.id, row.musicOnHoldId);
      else assetOf.delete(row.id);
    }
    const used = new Set(assetOf.values());
    for (const id of samples.keys()) if (!used.has(id)) samples.delete(id);
    const missing = [...used].filter((id) => !samples.has(id));
    if (missing.length === 0) return;
    const assets = await db.audioAsset.findMany({
      where: { id: { in: missing } },
      select: { id: true, pcm: true },
    });
    for (const asset of assets) samples.set(asset.id, sharedSamples(asset.pcm));
  };

  await refresh();
  changes?.subscribe(async (change) => {
    if (touches(change, 'queue')) await refresh(change.kind === 'queue' ? change.id : undefined);
  });
  return {
    forQueue(queueId) {
      const asset = queueId ? assetOf.get(queueId) : undefined;
      return asset ? samples.get(asset) : undefined;
    },
    refresh,
  };
}
