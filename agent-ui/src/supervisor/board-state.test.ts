import { describe, expect, it } from 'vitest';
import type { SupervisorBoard, WallboardCall, WallboardInterval, WallboardQueue } from '../api/types.js';
import { applyBoardEvent } from './board-state.js';

const interval = (start: string, offered: number): WallboardInterval => ({
  start,
  offered,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  serviceLevel: null,
  asaMs: null,
  ahtMs: null,
});

const queue = (waiting: number, at = '2026-12-04T10:00:00.000Z'): WallboardQueue => ({
  queueId: 'q1',
  queue: 'sales',
  displayName: 'Sales',
  at,
  waiting,
  longestWaitMs: 0,
  offered: 1,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  overflowed: 0,
  serviceLevel: null,
  serviceLevelSeconds: 20,
  serviceLevelTarget: 0.8,
  shortAbandonSeconds: 5,
  asaMs: null,
  ahtMs: null,
  abandonRate: null,
  agents: { logged_out: 0, ready: 1, not_ready: 0, reserved: 0, ringing: 0, on_call: 0, wrap_up: 0 },
  staffing: null,
  levels: { serviceLevel: 'ok', longestWait: 'ok', abandonRate: 'ok', waiting: 'ok' },
});

const board: SupervisorBoard = {
  at: '2026-12-04T10:00:00.000Z',
  timeZone: 'Asia/Shanghai',
  queues: [queue(0)],
  intervals: { q1: [interval('2026-12-04T09:45:00.000Z', 3)] },
  agents: [],
  calls: [],
  alerts: [],
  teams: [],
};

describe('the supervisor board folds pushes into the snapshot', () => {
  it('ignores pushes before the first snapshot, then takes the snapshot whole', () => {
    expect(applyBoardEvent(null, 'supervisor.call.gone', { callId: 'c1' })).toBeNull();
    expect(applyBoardEvent(null, 'supervisor.board', board)).toBe(board);
  });

  it('replaces a queue row and adds or replaces its interval, oldest first', () => {
    const next = applyBoardEvent(board, 'supervisor.queue', {
      ...queue(2, '2026-12-04T10:00:01.000Z'),
      interval: interval('2026-12-04T10:00:00.000Z', 1),
    })!;
    expect(next.queues).toHaveLength(1);
    expect(next.queues[0]!.waiting).toBe(2);
    expect(next.at).toBe('2026-12-04T10:00:01.000Z');
    expect(next.intervals['q1']!.map((i) => [i.start.slice(11, 16), i.offered])).toEqual([
      ['09:45', 3],
      ['10:00', 1],
    ]);
    const again = applyBoardEvent(next, 'supervisor.queue', {
      ...queue(1),
      interval: interval('2026-12-04T10:00:00.000Z', 2),
    })!;
    expect(again.intervals['q1']!.map((i) => i.offered)).toEqual([3, 2]);
    // The snapshot it came from is untouched (React compares by reference).
    expect(board.queues[0]!.waiting).toBe(0);
  });

  it('adds, replaces and removes calls and alerts by their ids', () => {
    const call: WallboardCall = {
      callId: 'c1',
      phase: 'waiting',
      ani: '+8613800000001',
      dnis: '4008003000',
      line: null,
      customerId: null,
      customerName: null,
      startedAt: '2026-12-04T10:00:00.000Z',
      queueId: 'q1',
      queue: 'sales',
      queuedAt: '2026-12-04T10:00:05.000Z',
      agentId: null,
      extension: null,
      answeredAt: null,
      ivrPath: [],
      routing: null,
      monitor: null,
    };
    let b = applyBoardEvent(board, 'supervisor.call', call)!;
    b = applyBoardEvent(b, 'supervisor.call', { ...call, phase: 'ringing', extension: '1002' })!;
    expect(b.calls).toEqual([{ ...call, phase: 'ringing', extension: '1002' }]);
    b = applyBoardEvent(b, 'supervisor.call.gone', { callId: 'c1' })!;
    expect(b.calls).toEqual([]);

    const alert = {
      id: 'long_wait:c1',
      kind: 'long_wait',
      level: 'warning',
      raisedAt: '2026-12-04T10:01:05.000Z',
      callId: 'c1',
      values: { waitedMs: 60_000 },
    } as const;
    b = applyBoardEvent(b, 'supervisor.alert', alert)!;
    b = applyBoardEvent(b, 'supervisor.alert', { ...alert, level: 'critical' })!;
    expect(b.alerts.map((a) => a.level)).toEqual(['critical']);
    b = applyBoardEvent(b, 'supervisor.alert.cleared', { id: 'long_wait:c1' })!;
    expect(b.alerts).toEqual([]);
  });
});
