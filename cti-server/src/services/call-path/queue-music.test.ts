import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '@kefu/db';
import { localConfigChanges } from '../config/config-changes.js';
import { createQueueMusic } from './queue-music.js';

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kefu-queue-music-'));
  const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
  await migrate(target);
  db = await openDatabase(target);
});
afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const pcm = (...samples: number[]) => {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => b.writeInt16LE(s, i * 2));
  return Uint8Array.from(b);
};

describe('queues’ music on hold in memory', () => {
  it('loads each queue’s asset once, shared, and follows a queue that changes', async () => {
    const asset = await db.audioAsset.create({
      data: { name: 'lounge', originalName: 'lounge.wav', durationMs: 1, pcm: pcm(1, -2, 300) },
    });
    const a = await db.queue.create({ data: { name: 'a', displayName: 'A', musicOnHoldId: asset.id } });
    const b = await db.queue.create({ data: { name: 'b', displayName: 'B' } });
    const changes = localConfigChanges((err) => {
      throw err;
    });
    const music = await createQueueMusic(db, changes);

    const samples = music.forQueue(a.id)!;
    expect([...samples]).toEqual([1, -2, 300]);
    // Shared with the media worker, not copied per caller.
    expect(samples.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(music.forQueue(b.id)).toBeUndefined();
    expect(music.forQueue(null)).toBeUndefined();

    await db.queue.update({ where: { id: b.id }, data: { musicOnHoldId: asset.id } });
    await db.queue.update({ where: { id: a.id }, data: { musicOnHoldId: null } });
    await changes.publish({ kind: 'queue', id: b.id });
    expect(music.forQueue(b.id)).toBe(samples);
    expect(music.forQueue(a.id)).toBe(samples); // not told yet
    await changes.publish({ kind: 'all' });
    expect(music.forQueue(a.id)).toBeUndefined();
    expect(music.forQueue(b.id)).toBe(samples);
  });
});
