import { describe, expect, it } from 'vitest';
import { AlertRules, type AlertInputs } from './alert-rules.js';
import type { SupervisorAlert, WallboardAgent, WallboardCall, WallboardQueue } from './supervision-events.js';
import { DEFAULT_ALERTS } from './supervision-settings.js';

const T0 = Date.parse('2026-12-04T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function harness() {
  let now = T0;
  const raised: SupervisorAlert[] = [];
  const cleared: string[] = [];
  const rules = new AlertRules({
    now: () => now,
    onRaised: (a) => raised.push(a),
    onCleared: (id) => cleared.push(id),
  });
  return {
    rules,
    raised,
    cleared,
    advance: (ms: number) => (now += ms),
  };
}

const inputs = (over: Partial<AlertInputs> = {}): AlertInputs => ({
  queues: [],
  agents: [],
  calls: [],
  settings: { ...DEFAULT_ALERTS },
  ...over,
});

const queue = (over: Partial<WallboardQueue>): WallboardQueue =>
  ({
    queueId: 'q1',
    queue: 'sales',
    displayName: 'Sales',
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    serviceLevel: null,
    serviceLevelTarget: 0.8,
    ...over,
  }) as WallboardQueue;

const waiting = (callId: string, queuedAt: number): WallboardCall =>
  ({
    callId,
    phase: 'waiting',
    queueId: 'q1',
    queue: 'Sales',
    queuedAt: iso(queuedAt),
    ani: '+861380000',
  }) as WallboardCall;

const agent = (over: Partial<WallboardAgent>): WallboardAgent =>
  ({
    agentId: 'a1',
    extension: '1001',
    displayName: 'Ann',
    state: 'ready',
    reason: null,
    since: iso(T0),
    ...over,
  }) as WallboardAgent;

describe('AlertRules', () => {
  it('service level: not before enough calls count; warning below target, critical well below; cleared when back', () => {
    const h = harness();
    const settings = { ...DEFAULT_ALERTS, serviceLevelMinCalls: 5 };
    h.rules.evaluate(inputs({ settings, queues: [queue({ answered: 3, abandoned: 1, serviceLevel: 0.5 })] }));
    expect(h.raised).toEqual([]);
    h.rules.evaluate(
      inputs({ settings, queues: [queue({ answered: 5, abandoned: 0, serviceLevel: 0.76 })] }),
    );
    expect(h.raised).toEqual([
      expect.objectContaining({
        id: 'service_level:q1',
        kind: 'service_level',
        level: 'warning',
        queue: 'Sales',
        values: { serviceLevel: 0.76, target: 0.8, calls: 5 },
      }),
    ]);
    // Same level: no second raise, even as the figure moves.
    h.rules.evaluate(inputs({ settings, queues: [queue({ answered: 6, serviceLevel: 0.75 })] }));
    expect(h.raised).toHaveLength(1);
    h.rules.evaluate(inputs({ settings, queues: [queue({ answered: 8, serviceLevel: 0.5 })] }));
    expect(h.raised.map((a) => a.level)).toEqual(['warning', 'critical']);
    expect(h.rules.list()).toHaveLength(1);
    h.rules.evaluate(inputs({ settings, queues: [queue({ answered: 20, serviceLevel: 0.85 })] }));
    expect(h.cleared).toEqual(['service_level:q1']);
    expect(h.rules.list()).toEqual([]);
  });

  it('short abandons do not count toward the minimum calls', () => {
    const h = harness();
    h.rules.evaluate(
      inputs({ queues: [queue({ answered: 2, abandoned: 4, shortAbandoned: 4, serviceLevel: 0.5 })] }),
    );
    expect(h.raised).toEqual([]);
  });

  it('long wait: raised once past the threshold (with the wait), critical at twice, cleared when the call leaves', () => {
    const h = harness();
    const settings = { ...DEFAULT_ALERTS, longWaitSeconds: 30 };
    const calls = [waiting('c1', T0)];
    h.advance(30_000);
    h.rules.evaluate(inputs({ settings, calls }));
    expect(h.raised).toEqual([]);
    h.advance(1_000);
    h.rules.evaluate(inputs({ settings, calls }));
    h.advance(1_000);
    h.rules.evaluate(inputs({ settings, calls }));
    expect(h.raised).toEqual([
      expect.objectContaining({
        id: 'long_wait:c1',
        kind: 'long_wait',
        level: 'warning',
        callId: 'c1',
        queueId: 'q1',
        raisedAt: iso(T0 + 31_000),
        values: { waitedMs: 31_000, thresholdSeconds: 30, ani: '+861380000' },
      }),
    ]);
    h.advance(30_000);
    h.rules.evaluate(inputs({ settings, calls }));
    expect(h.raised.map((a) => a.level)).toEqual(['warning', 'critical']);
    // Answered: no longer waiting.
    h.rules.evaluate(inputs({ settings, calls: [{ ...calls[0]!, phase: 'connected' }] }));
    expect(h.cleared).toEqual(['long_wait:c1']);
  });

  it('an agent not ready or in wrap-up too long; cleared when the state changes', () => {
    const h = harness();
    const settings = { ...DEFAULT_ALERTS, notReadyMinutes: 10, wrapUpMinutes: 2 };
    const agents = [
      agent({ agentId: 'a1', state: 'not_ready', reason: 'break', since: iso(T0) }),
      agent({ agentId: 'a2', extension: '1002', displayName: 'Bo', state: 'wrap_up', since: iso(T0) }),
      agent({ agentId: 'a3', extension: '1003', state: 'ready', since: iso(T0 - 3_600_000) }),
    ];
    h.advance(3 * 60_000);
    h.rules.evaluate(inputs({ settings, agents }));
    expect(h.raised).toEqual([
      expect.objectContaining({
        id: 'long_wrap_up:a2',
        kind: 'long_wrap_up',
        extension: '1002',
        values: { inStateMs: 180_000, thresholdMinutes: 2, agent: 'Bo' },
      }),
    ]);
    h.advance(8 * 60_000);
    h.rules.evaluate(inputs({ settings, agents }));
    expect(h.raised.map((a) => `${a.id}/${a.level}`)).toEqual([
      'long_wrap_up:a2/warning',
      'long_not_ready:a1/warning',
      'long_wrap_up:a2/critical',
    ]);
    expect(h.raised[1]!.values).toMatchObject({ reason: 'break', thresholdMinutes: 10 });
    h.rules.evaluate(inputs({ settings, agents: agents.map((a) => ({ ...a, state: 'ready' as const })) }));
    expect(h.cleared.sort()).toEqual(['long_not_ready:a1', 'long_wrap_up:a2']);
  });

  it('repeated ring-no-answer: raised at ronaCount within the window, cleared as they age out', () => {
    const h = harness();
    const settings = { ...DEFAULT_ALERTS, ronaCount: 3, ronaWindowMinutes: 10 };
    h.rules.rona('a1', '1001', T0);
    h.advance(60_000);
    h.rules.rona('a1', '1001', T0 + 60_000);
    h.rules.evaluate(inputs({ settings }));
    expect(h.raised).toEqual([]);
    h.advance(60_000);
    h.rules.rona('a1', '1001', T0 + 120_000);
    h.rules.evaluate(inputs({ settings }));
    h.rules.evaluate(inputs({ settings }));
    expect(h.raised).toEqual([
      expect.objectContaining({
        id: 'repeated_rona:a1',
        kind: 'repeated_rona',
        level: 'warning',
        extension: '1001',
        values: { count: 3, windowMinutes: 10 },
      }),
    ]);
    h.advance(9 * 60_000 + 1); // the first is now older than the window
    h.rules.evaluate(inputs({ settings }));
    expect(h.cleared).toEqual(['repeated_rona:a1']);
  });

  it('external (stuck customer) alerts are raised and cleared with the rest', () => {
    const h = harness();
    h.rules.setExternal([
      {
        id: 'stuck_customer:k1',
        kind: 'stuck_customer',
        level: 'warning',
        customerId: 'k1',
        ownerUserId: 'u1',
        values: { customer: 'Han Mei', days: 9 },
      },
    ]);
    h.rules.evaluate(inputs());
    h.rules.evaluate(inputs());
    expect(h.raised.map((a) => a.id)).toEqual(['stuck_customer:k1']);
    h.rules.setExternal([]);
    h.rules.evaluate(inputs());
    expect(h.cleared).toEqual(['stuck_customer:k1']);
  });
});
