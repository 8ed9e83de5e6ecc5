import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { Acd } from './acd.js';
import type { AcdCallEvent } from './queue-metrics.js';
import type { QueueConfig } from './types.js';

const sales: QueueConfig = { id: 'sales', skills: [{ skill: 'sales', minProficiency: 3 }] };
const service: QueueConfig = { id: 'service', skills: [{ skill: 'service', minProficiency: 1 }] };
const closed: QueueConfig = { id: 'closed', skills: [{ skill: 'service', minProficiency: 1 }], closed: true };

function build() {
  const clock = new SimulatedClock(10_000_000);
  const events: AcdCallEvent[] = [];
  const acd = new Acd({ clock, delegate: { onCallEvent: (e) => events.push(e) } });
  for (const q of [sales, service, closed]) acd.defineQueue(q);
  acd.addAgent({ id: 'seller', skills: { sales: 5 }, languages: [] });
  acd.addAgent({ id: 'helper', skills: { service: 3 }, languages: [] });
  return { acd, clock, events };
}

describe('Acd supervisor actions on waiting calls', () => {
  it('moves a waiting call to another queue, where it keeps its place by arrival time', () => {
    const h = build();
    h.acd.enqueue({ callId: 'early', queueId: 'sales' });
    h.clock.advance(60_000);
    h.acd.enqueue({ callId: 'late', queueId: 'service' });
    h.clock.advance(5_000);
    expect(h.acd.moveWaiting('early', 'service')).toBe('moved');
    expect(h.acd.callQueue('early')).toBe('service');
    // It waited longer than the caller already in service: it is served first there.
    expect(h.acd.waitingPosition('early')?.position).toBe(1);
    expect(h.acd.waitingPosition('late')?.position).toBe(2);
    expect(h.acd.queueMetrics('sales')?.waiting).toBe(0);
    expect(h.events.slice(-2)).toMatchObject([
      {
        type: 'overflowed',
        callId: 'early',
        queueId: 'sales',
        waitedMs: 65_000,
        target: { queueId: 'service' },
      },
      { type: 'queued', callId: 'early', queueId: 'service' },
    ]);
    h.acd.login('helper');
    expect(h.acd.callAgent('early')).toBe('helper');
  });

  it('tells the call layer where a moved call waits now', () => {
    const h = build();
    const moved: string[] = [];
    h.acd.connectCalls({
      offer: () => {},
      withdrawOffer: () => {},
      overflow: () => {},
      moved: (callId, queueId) => moved.push(`${callId} → ${queueId}`),
    });
    h.acd.enqueue({ callId: 'c1', queueId: 'sales' });
    h.acd.moveWaiting('c1', 'service');
    expect(moved).toEqual(['c1 → service']);
  });

  it('refuses to move a call that is not waiting, or into an unknown or closed queue', () => {
    const h = build();
    h.acd.enqueue({ callId: 'c1', queueId: 'sales' });
    expect(h.acd.moveWaiting('c1', 'nowhere')).toBe('unknown_queue');
    expect(h.acd.moveWaiting('c1', 'closed')).toBe('closed');
    expect(h.acd.moveWaiting('gone', 'service')).toBe('not_waiting');
    h.acd.login('seller');
    expect(h.acd.callPhase('c1')).toBe('offered');
    expect(h.acd.moveWaiting('c1', 'service')).toBe('not_waiting');
  });

  it('gives a waiting call to a named ready agent, whatever their skills', () => {
    const h = build();
    h.acd.enqueue({ callId: 'c1', queueId: 'sales' });
    h.acd.login('helper'); // no sales skill: routing would never offer it
    expect(h.acd.callPhase('c1')).toBe('waiting');
    expect(h.acd.giveTo('c1', 'helper')).toBe('offered');
    expect(h.acd.callAgent('c1')).toBe('helper');
    expect(h.acd.agentStatus('helper')).toBe('reserved');
    expect(h.acd.decisions('c1').at(-1)).toMatchObject({
      trigger: 'supervisor',
      agentId: 'helper',
      why: 'given to this agent by a supervisor',
    });
    expect(h.acd.answer('c1')).toBe(true);
  });

  it('will not give a call to an agent who cannot take it now', () => {
    const h = build();
    h.acd.enqueue({ callId: 'c1', queueId: 'sales' });
    expect(h.acd.giveTo('c1', 'helper')).toBe('agent_unavailable'); // logged out
    h.acd.login('helper', { notReadyReason: 'break' });
    expect(h.acd.giveTo('c1', 'helper')).toBe('agent_unavailable');
    expect(h.acd.giveTo('nope', 'helper')).toBe('not_waiting');
    expect(h.acd.callPhase('c1')).toBe('waiting');
  });
});
