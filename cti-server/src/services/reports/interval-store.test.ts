import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICE_LEVEL_SECONDS,
  foldDay,
  isSettled,
  settleDelay,
  SETTLE_MS,
} from './interval-store.js';

const MIDNIGHT = Date.UTC(2024, 5, 3, 16); // 2024-06-04 00:00 in Asia/Shanghai
const DAY_START = MIDNIGHT - 86_400_000;
const S = 1_000;

describe('settle rule', () => {
  it('a day is settled once its end plus the margin has passed, not before', () => {
    expect(SETTLE_MS).toBe(10 * 60_000);
    expect(isSettled(MIDNIGHT, MIDNIGHT - 1)).toBe(false);
    expect(isSettled(MIDNIGHT, MIDNIGHT + SETTLE_MS - 1)).toBe(false);
    expect(isSettled(MIDNIGHT, MIDNIGHT + SETTLE_MS)).toBe(true);
    expect(settleDelay(MIDNIGHT, MIDNIGHT)).toBe(SETTLE_MS);
    expect(settleDelay(MIDNIGHT, MIDNIGHT + SETTLE_MS + 5)).toBe(0);
  });
});

describe('foldDay', () => {
  const call = (
    callId: string,
    lineId: string | null,
    queuedAt: number,
    waitedS: number,
    answeredBy?: string,
  ) => ({
    callId,
    lineId,
    routing: null,
    events: [
      { type: 'queued', data: { queueId: 'q1' }, at: new Date(queuedAt) },
      ...(answeredBy
        ? [{ type: 'answered', data: { agentId: answeredBy }, at: new Date(queuedAt + waitedS * S) }]
        : []),
      { type: 'ended', data: {}, at: new Date(queuedAt + waitedS * S + (answeredBy ? 60 * S : 0)) },
    ],
  });

  it('keys each quarter by queue and line, counted as the board counts them', () => {
    const nine = DAY_START + 9 * 3_600_000;
    const quarters = foldDay(
      {
        calls: [
          call('a', 'line-1', nine, 10, 'agent-1'),
          call('b', 'line-2', nine + 60 * S, 3),
          call('c', null, nine + 120 * S, 40),
          // Offered after the day: not the day's.
          call('d', 'line-1', MIDNIGHT + 60 * S, 30),
        ],
        states: [
          { agentId: 'agent-1', state: 'ready', reason: null, at: new Date(DAY_START - 3_600_000) },
          { agentId: 'agent-1', state: 'on_call', reason: null, at: new Date(nine + 10 * S) },
          { agentId: 'agent-1', state: 'wrap_up', reason: null, at: new Date(nine + 70 * S) },
          { agentId: 'agent-1', state: 'ready', reason: null, at: new Date(nine + 90 * S) },
        ],
      },
      DAY_START,
      MIDNIGHT,
      { timeZone: 'Asia/Shanghai', shortAbandonSeconds: 5, thresholds: new Map([['q1', 20]]) },
    );
    const by = new Map(quarters.map((q) => [q.lineId, q]));
    expect(quarters.every((q) => q.queueId === 'q1' && q.start === nine)).toBe(true);
    expect([...by.keys()].sort()).toEqual([null, 'line-1', 'line-2'].sort());
    expect(by.get('line-1')!.tally).toMatchObject({
      offered: 1,
      answered: 1,
      answeredWithinThreshold: 1,
      handled: 1,
      handleMs: 80 * S,
    });
    expect(by.get('line-2')!.tally).toMatchObject({ offered: 1, abandoned: 1, shortAbandoned: 1 });
    expect(by.get(null)!.tally).toMatchObject({ offered: 1, abandoned: 1, shortAbandoned: 0 });
    expect(DEFAULT_SERVICE_LEVEL_SECONDS).toBe(20);
  });
});
