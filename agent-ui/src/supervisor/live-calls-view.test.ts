import { describe, expect, it } from 'vitest';
import type { WallboardCall } from '../api/types.js';
import { clock, inPhaseMs, visibleCalls, waitMs } from './live-calls-view.js';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

const call = (callId: string, over: Partial<WallboardCall>): WallboardCall => ({
  callId,
  phase: 'waiting',
  ani: '+8613800138000',
  dnis: '4001',
  line: 'Hotline',
  customerId: null,
  customerName: null,
  startedAt: at(0),
  queueId: 'q-sales',
  queue: 'sales',
  queuedAt: at(10),
  agentId: null,
  extension: null,
  answeredAt: null,
  ivrPath: [],
  routing: null,
  monitor: null,
  ...over,
});

describe('live calls view', () => {
  it('times the phase from arrival, queueing or answer, and the wait until the answer', () => {
    const ivr = call('c1', { phase: 'ivr', queueId: null, queue: null, queuedAt: null });
    expect(inPhaseMs(ivr, T0 + 7000)).toBe(7000);
    expect(waitMs(ivr, T0 + 7000)).toBeNull();
    const waiting = call('c2', {});
    expect(inPhaseMs(waiting, T0 + 105_000)).toBe(95_000);
    expect(waitMs(waiting, T0 + 105_000)).toBe(95_000);
    const connected = call('c3', { phase: 'connected', answeredAt: at(40), agentId: 'a', extension: '1002' });
    expect(inPhaseMs(connected, T0 + 100_000)).toBe(60_000);
    expect(waitMs(connected, T0 + 100_000)).toBe(30_000);
  });

  it('filters by phase and queue and orders by phase, then longest in it', () => {
    const calls = [
      call('c1', { phase: 'connected', answeredAt: at(20) }),
      call('c2', { queuedAt: at(30) }),
      call('c3', { queuedAt: at(5), queueId: 'q-service', queue: 'service' }),
      call('c4', { phase: 'ivr', queueId: null, queue: null, queuedAt: null }),
    ];
    expect(visibleCalls(calls, { phases: [], queueIds: [] }).map((c) => c.callId)).toEqual([
      'c4',
      'c3',
      'c2',
      'c1',
    ]);
    expect(visibleCalls(calls, { phases: ['waiting'], queueIds: [] }).map((c) => c.callId)).toEqual([
      'c3',
      'c2',
    ]);
    expect(visibleCalls(calls, { phases: [], queueIds: ['q-sales'] }).map((c) => c.callId)).toEqual([
      'c2',
      'c1',
    ]);
  });

  it('writes durations as m:ss and h:mm:ss', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(95_400)).toBe('1:35');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect(clock(-5)).toBe('0:00');
  });
});
