import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@kefu/db';
import type { RoutingDecision } from '../acd/index.js';
import { AcdRoutingLog } from './acd-routing-log.js';

/** A database holding only Interaction.routing by call id; `rows` says which rows exist. */
function fakeDb(rows: Set<string>) {
  const stored = new Map<string, unknown>();
  const transactions: number[] = [];
  const db = {
    interaction: {
      updateMany: ({ where, data }: { where: { callId: string }; data: { routing: unknown } }) => {
        if (!rows.has(where.callId)) return Promise.resolve({ count: 0 });
        stored.set(where.callId, data.routing);
        return Promise.resolve({ count: 1 });
      },
    },
    $transaction: (ops: Array<Promise<{ count: number }>>) => {
      transactions.push(ops.length);
      return Promise.all(ops);
    },
  };
  return { db: db as unknown as Db, stored, transactions };
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
  it('writes the decisions of every call from one turn in one transaction, appending per call', async () => {
    const { db, stored, transactions } = fakeDb(new Set(['c1', 'c2']));
    const log = new AcdRoutingLog(db, { ...options, onError: () => undefined });
    log.record(decision('c1', 'a1', 1_000));
    log.record(decision('c2', null, 1_000));
    await log.flush();
    log.record(decision('c1', 'a2', 2_000));
    await log.flush();
    expect(transactions).toEqual([2, 1]);
    expect(stored.get('c1')).toMatchObject([
      { at: '1970-01-01T00:00:01.000Z', extension: '1001', ranked: [{ extension: '1001' }] },
      { at: '1970-01-01T00:00:02.000Z', extension: '1002' },
    ]);
    expect(stored.get('c2')).toMatchObject([{ agentId: null, extension: null }]);
    // Forgotten once the call has left the ACD and everything is stored.
    log.callDone('c1');
    expect(log.pending('c1')).toEqual([]);
    await log.close();
  });

  it('tries again while the Interaction row is missing, and gives up (reporting it) after a limit', async () => {
    const rows = new Set<string>();
    const { db, stored } = fakeDb(rows);
    const onError = vi.fn();
    const log = new AcdRoutingLog(db, { ...options, onError, maxAttempts: 40 });
    log.record(decision('late', 'a1', 1_000));
    log.record(decision('never', 'a1', 1_000));
    await log.flush();
    expect(stored.size).toBe(0);
    rows.add('late');
    await vi.waitFor(() => expect(stored.get('late')).toHaveLength(1));
    await vi.waitFor(() =>
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'no Interaction row for call never' }),
        'routing decisions dropped',
      ),
    );
    expect(log.pending('never')).toEqual([]);
    await log.close();
  });
});
