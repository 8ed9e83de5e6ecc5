import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { migrate, openDatabase } from '@kefu/db';
import type { RoutingDecision } from '../../acd/index.js';
import { AcdRoutingLog } from './acd-routing-log.js';

/** A fresh migrated SQLite database (no seed: Interaction rows need no other rows). */
async function sqliteDb() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-routing-log-'));
  const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
  await migrate(target);
  const db = await openDatabase(target);
  const open = (callId: string) => db.interaction.create({ data: { callId } });
  const stored = async (callId: string) =>
    (await db.interaction.findUnique({ where: { callId }, select: { routing: true } }))?.routing;
  const drop = async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, open, stored, drop };
}

const decision = (callId: string, agentId: string | null, at: number): RoutingDecision => ({
  callId,
  queueId: 'q',
  agentId,
  at,
  trigger: 'call_arrived',
  strategy: 'least_busy',
  waitedMs: 0,
  relaxationStep: -1,
  requirement: { step: -1, groups: [[{ skill: 'sales', minProficiency: 1 }]], language: null },
  candidatesConsidered: agentId ? 1 : 0,
  qualified: agentId ? 1 : 0,
  excludedCounts: {},
  excludedExamples: [],
  ranked: agentId
    ? [{ agentId, skills: { sales: 3 }, occupancy: 0, idleMs: 5, callsInWindow: 0, rank: 1 }]
    : [],
  why: agentId ? 'only qualified agent' : 'no offerable agent meets the requirement',
});

const options = { extensionOf: (id: string) => ({ a1: '1001', a2: '1002' })[id], retryMs: 5 };

describe('AcdRoutingLog', () => {
  it('writes the decisions of every call from one turn together, appending per call', async () => {
    const { db, open, stored, drop } = await sqliteDb();
    await open('c1');
    await open('c2');
    const log = new AcdRoutingLog(db, { ...options, onError: () => undefined });
    log.record(decision('c1', 'a1', 1_000));
    log.record(decision('c2', null, 1_000));
    await log.flush();
    expect(await stored('c2')).toMatchObject([{ agentId: null, extension: null }]);
    log.record(decision('c1', 'a2', 2_000));
    await log.flush();
    expect(await stored('c1')).toMatchObject([
      { at: '1970-01-01T00:00:01.000Z', extension: '1001', ranked: [{ extension: '1001' }] },
      { at: '1970-01-01T00:00:02.000Z', extension: '1002' },
    ]);
    // Forgotten once the call has left the ACD and everything is stored.
    log.callDone('c1');
    expect(log.pending('c1')).toEqual([]);
    await log.close();
    await drop();
  });

  it('tries again while the Interaction row is missing, and gives up (reporting it) after a limit', async () => {
    const { db, open, stored, drop } = await sqliteDb();
    const onError = vi.fn();
    const log = new AcdRoutingLog(db, { ...options, onError, maxAttempts: 10 });
    log.record(decision('late', 'a1', 1_000));
    log.record(decision('never', 'a1', 1_000));
    await log.flush();
    expect(await stored('late')).toBeUndefined();
    await open('late');
    await vi.waitFor(async () => expect(await stored('late')).toHaveLength(1), { timeout: 5_000 });
    await vi.waitFor(
      () =>
        expect(onError).toHaveBeenCalledWith(
          expect.objectContaining({ message: 'no Interaction row for call never' }),
          'routing decisions dropped',
        ),
      // Each attempt waits retryMs plus the write queue's batching delay.
      { timeout: 5_000 },
    );
    expect(log.pending('never')).toEqual([]);
    await log.close();
    await drop();
  });
});
