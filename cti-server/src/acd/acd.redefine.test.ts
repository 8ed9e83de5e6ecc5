import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { Acd } from './acd.js';
import type { AcdCalls } from './acd-delegate.js';
import type { QueueConfig } from './types.js';

// The administration changes queues and reason codes while calls wait: what the running ACD
// does with them.

function build(queues: QueueConfig[]) {
  const clock = new SimulatedClock(10_000_000);
  const overflows: Array<{ callId: string; target: string }> = [];
  const acd = new Acd({ clock, notReadyReasons: ['break'] });
  const calls: AcdCalls = {
    offer: () => {},
    withdrawOffer: () => {},
    overflow: (callId, target) => overflows.push({ callId, target }),
  };
  acd.connectCalls(calls);
  for (const q of queues) acd.defineQueue(q);
  acd.addAgent({ id: 'a', skills: { sales: 5 } });
  return { acd, clock, overflows };
}

const sales: QueueConfig = {
  id: 'sales',
  skills: [{ skill: 'sales', minProficiency: 3 }],
  wrapUpSeconds: 30,
};

describe('Acd redefinition (administration changes)', () => {
  it('the next offer uses a changed wrap-up time; the call on the line keeps its own', () => {
    const h = build([sales]);
    h.acd.login('a');
    h.acd.enqueue({ callId: 'c1', queueId: 'sales' });
    expect(h.acd.agentContext('a')?.wrapUpMs).toBe(30_000);
    h.acd.defineQueue({ ...sales, wrapUpSeconds: 5 });
    expect(h.acd.agentContext('a')?.wrapUpMs).toBe(30_000);
    h.acd.answer('c1');
    h.acd.finish('c1');
    h.clock.advance(30_000);
    expect(h.acd.agentStatus('a')).toBe('ready');
    h.acd.enqueue({ callId: 'c2', queueId: 'sales' });
    expect(h.acd.agentContext('a')?.wrapUpMs).toBe(5_000);
  });

  it('keeps waiting calls and the day’s counters; a new skill requirement applies to them at once', () => {
    const h = build([sales]);
    h.acd.enqueue({ callId: 'w1', queueId: 'sales' });
    h.acd.defineQueue({ ...sales, skills: [{ skill: 'support', minProficiency: 1 }] });
    expect(h.acd.queueMetrics('sales')).toMatchObject({ waiting: 1, entered: 1 });
    h.acd.login('a');
    expect(h.acd.callAgent('w1')).toBeNull();
    h.acd.defineQueue(sales);
    expect(h.acd.callAgent('w1')).toBe('a');
  });

  it('a changed base priority reorders the waiting calls', () => {
    const h = build([sales, { id: 'vip', skills: [{ skill: 'sales', minProficiency: 1 }] }]);
    h.acd.enqueue({ callId: 's1', queueId: 'sales' });
    h.clock.advance(1000);
    h.acd.enqueue({ callId: 'v1', queueId: 'vip' });
    h.acd.defineQueue({ id: 'vip', skills: [{ skill: 'sales', minProficiency: 1 }], basePriority: 20 });
    h.acd.login('a');
    expect(h.acd.callAgent('v1')).toBe('a');
  });

  it('a disabled queue sends a new call to its overflow at once and keeps serving calls already waiting', () => {
    const h = build([sales, { id: 'backup', skills: [{ skill: 'sales', minProficiency: 1 }] }]);
    h.acd.enqueue({ callId: 'old', queueId: 'sales' });
    h.clock.advance(1000);
    const closed: QueueConfig = {
      ...sales,
      closed: true,
      maxWaitSeconds: 60,
      overflow: { kind: 'queue', queueId: 'backup' },
    };
    h.acd.defineQueue(closed);
    expect(h.acd.acceptsCalls('sales')).toBe('overflow');
    h.acd.enqueue({ callId: 'new', queueId: 'sales' });
    expect(h.acd.callQueue('new')).toBe('backup');
    expect(h.acd.callQueue('old')).toBe('sales');
    h.acd.defineQueue({ ...sales, closed: true, maxWaitSeconds: 60, overflow: { kind: 'voicemail' } });
    h.acd.enqueue({ callId: 'vm', queueId: 'sales' });
    expect(h.overflows).toEqual([{ callId: 'vm', target: 'voicemail' }]);
    expect(h.acd.callPhase('vm')).toBeUndefined();
    h.acd.defineQueue({ ...sales, closed: true });
    expect(h.acd.acceptsCalls('sales')).toBe('closed');
    expect(h.acd.acceptsCalls('nope')).toBe('unknown');
    h.acd.login('a');
    expect(h.acd.callAgent('old')).toBe('a');
  });

  it('takes a new list of not-ready codes for every agent; system codes stay accepted', () => {
    const h = build([sales]);
    h.acd.login('a');
    expect(h.acd.setNotReady('a', 'lunch')).toBe(false);
    h.acd.setNotReadyReasons(['lunch']);
    expect(h.acd.setNotReady('a', 'lunch')).toBe(true);
    expect(h.acd.setNotReady('a', 'break')).toBe(false);
    expect(h.acd.setNotReady('a', 'missed_call')).toBe(true);
    h.acd.addAgent({ id: 'b', skills: {} });
    h.acd.login('b');
    expect(h.acd.setNotReady('b', 'lunch')).toBe(true);
  });
});
