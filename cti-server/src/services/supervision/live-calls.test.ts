import { describe, expect, it } from 'vitest';
import type { WallboardCall } from './supervision-events.js';
import { LiveCallTracker, type SipCallFacts } from './live-calls.js';

const T0 = Date.parse('2026-12-04T09:00:00Z');

function harness() {
  let now = T0;
  const changes: WallboardCall[] = [];
  const gone: string[] = [];
  const tracker = new LiveCallTracker({
    now: () => now,
    queueName: (id) => ({ q1: 'Sales', q2: 'Billing' })[id] ?? null,
    agentExtension: (id) => ({ a1: '1001', a2: '1002' })[id] ?? null,
    lineName: (dnis) => (dnis === '4008001000' ? 'Hotline' : null),
    onChange: (c) => changes.push(c),
    onGone: (id) => gone.push(id),
  });
  return {
    tracker,
    changes,
    gone,
    advance: (ms: number) => (now += ms),
    get now() {
      return now;
    },
  };
}

const sip = (over: Partial<SipCallFacts> = {}): SipCallFacts => ({
  state: 'ivr',
  held: false,
  ani: '+8613800000001',
  dnis: '4008001000',
  customerId: 'cust1',
  ivrPath: [],
  agentId: null,
  ...over,
});

describe('LiveCallTracker', () => {
  it('lists an ACD-only call waiting, ringing, connected, and reports it gone when finished', () => {
    const h = harness();
    h.tracker.acdEvent({ type: 'queued', callId: 'c1', queueId: 'q1', at: T0, priority: 0 });
    expect(h.tracker.list()).toEqual([
      expect.objectContaining({
        callId: 'c1',
        phase: 'waiting',
        queue: 'Sales',
        queuedAt: new Date(T0).toISOString(),
      }),
    ]);
    h.tracker.acdEvent({ type: 'offered', callId: 'c1', queueId: 'q1', agentId: 'a1', at: T0 + 5000 });
    h.tracker.routed('c1', 'longest_idle: longest idle (90s vs 30s; runner-up a2)');
    expect(h.tracker.list()[0]).toMatchObject({
      phase: 'ringing',
      agentId: 'a1',
      extension: '1001',
      routing: 'longest_idle: longest idle (90s vs 30s; runner-up a2)',
    });
    h.tracker.acdEvent({
      type: 'answered',
      callId: 'c1',
      queueId: 'q1',
      agentId: 'a1',
      at: T0 + 8000,
      waitedMs: 8000,
    });
    expect(h.tracker.list()[0]).toMatchObject({
      phase: 'connected',
      answeredAt: new Date(T0 + 8000).toISOString(),
    });
    h.tracker.acdEvent({ type: 'finished', callId: 'c1', queueId: 'q1', agentId: 'a1', at: T0 + 60_000 });
    expect(h.tracker.list()).toEqual([]);
    expect(h.gone).toEqual(['c1']);
    expect(h.changes.map((c) => c.phase)).toEqual(['waiting', 'ringing', 'ringing', 'connected']);
  });

  it('a ring-no-answer puts the call back to waiting without agent or routing', () => {
    const h = harness();
    h.tracker.acdEvent({ type: 'queued', callId: 'c1', queueId: 'q1', at: T0, priority: 0 });
    h.tracker.acdEvent({ type: 'offered', callId: 'c1', queueId: 'q1', agentId: 'a1', at: T0 });
    h.tracker.routed('c1', 'least_busy: only qualified agent');
    h.tracker.acdEvent({
      type: 'requeued',
      callId: 'c1',
      queueId: 'q1',
      agentId: 'a1',
      at: T0 + 15_000,
      reason: 'missed_call',
    });
    expect(h.tracker.list()[0]).toMatchObject({
      phase: 'waiting',
      agentId: null,
      extension: null,
      routing: null,
    });
  });

  it('follows a SIP call from the IVR (with its path, line and customer) to the queue, hold and its end', () => {
    const h = harness();
    h.tracker.sipCall('c1', sip({ state: 'routing' }));
    expect(h.tracker.list()).toEqual([]);
    h.tracker.sipCall('c1', sip());
    h.tracker.customerName('c1', 'Li Lei');
    expect(h.tracker.list()[0]).toMatchObject({
      phase: 'ivr',
      ani: '+8613800000001',
      dnis: '4008001000',
      line: 'Hotline',
      customerId: 'cust1',
      customerName: 'Li Lei',
      startedAt: new Date(T0).toISOString(),
      queueId: null,
    });
    h.advance(12_000);
    h.tracker.sipCall('c1', sip({ ivrPath: ['welcome', 'menu'] }));
    h.tracker.acdEvent({ type: 'queued', callId: 'c1', queueId: 'q2', at: h.now, priority: 0 });
    // Call control moves to "queued" after the ACD took the call: still waiting, in the ACD's queue.
    h.tracker.sipCall('c1', sip({ state: 'queued', ivrPath: ['welcome', 'menu'] }));
    expect(h.tracker.list()[0]).toMatchObject({
      phase: 'waiting',
      queue: 'Billing',
      queuedAt: new Date(T0 + 12_000).toISOString(),
      startedAt: new Date(T0).toISOString(),
      ivrPath: ['welcome', 'menu'],
    });
    h.tracker.acdEvent({ type: 'offered', callId: 'c1', queueId: 'q2', agentId: 'a2', at: h.now });
    expect(h.tracker.list()[0]!.phase).toBe('ringing');
    h.tracker.acdEvent({
      type: 'answered',
      callId: 'c1',
      queueId: 'q2',
      agentId: 'a2',
      at: h.now,
      waitedMs: 0,
    });
    h.tracker.sipCall('c1', sip({ state: 'connected', agentId: 'a2', ivrPath: ['welcome', 'menu'] }));
    expect(h.tracker.list()[0]).toMatchObject({ phase: 'connected', extension: '1002' });
    h.tracker.sipCall(
      'c1',
      sip({ state: 'connected', held: true, agentId: 'a2', ivrPath: ['welcome', 'menu'] }),
    );
    expect(h.tracker.list()[0]!.phase).toBe('held');
    const pushed = h.changes.length;
    h.tracker.sipCall(
      'c1',
      sip({ state: 'connected', held: true, agentId: 'a2', ivrPath: ['welcome', 'menu'] }),
    );
    expect(h.changes.length).toBe(pushed); // nothing changed, nothing pushed
    h.tracker.sipCall('c1', null);
    expect(h.tracker.list()).toEqual([]);
    expect(h.gone).toEqual(['c1']);
  });

  it('a call gone to voicemail leaves the list; a monitor session shows on the call', () => {
    const h = harness();
    h.tracker.sipCall('c1', sip({ state: 'queued' }));
    h.tracker.acdEvent({ type: 'queued', callId: 'c1', queueId: 'q1', at: T0, priority: 0 });
    h.tracker.monitor('c1', {
      callId: 'c1',
      supervisorUserId: 'u9',
      supervisor: 'Sup',
      extension: '1090',
      mode: 'listen',
      connected: true,
      since: new Date(T0).toISOString(),
    });
    expect(h.tracker.list()[0]!.monitor).toMatchObject({ mode: 'listen' });
    h.tracker.acdEvent({
      type: 'overflowed',
      callId: 'c1',
      queueId: 'q1',
      at: T0,
      waitedMs: 0,
      target: { kind: 'voicemail' },
    });
    h.tracker.sipCall('c1', sip({ state: 'voicemail' }));
    expect(h.tracker.list()).toEqual([]);
    expect(h.gone).toEqual(['c1']);
  });
});
