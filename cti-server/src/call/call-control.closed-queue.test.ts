import { describe, expect, it } from 'vitest';
import type { QueueConfig } from '../acd/index.js';
import { CallControlHarness } from './testing/call-control-harness.js';

// A queue the administration disabled takes no new call (issue 14).

const sales: QueueConfig = {
  id: 'q-sales',
  skills: [{ skill: 'sales', minProficiency: 1 }],
  ringTimeoutSeconds: 20,
};

describe('a disabled queue', () => {
  it('without an overflow: the caller is refused 480, nothing is left in the ACD', async () => {
    const h = new CallControlHarness();
    h.acd.defineQueue({ ...sales, closed: true });
    const call = h.dial();
    await h.settle();

    expect(call.statuses).toEqual([180, 480]);
    expect(call.final!.reason).toBe('Queue Closed');
    const callId = h.store.writes.find((w) => w.op === 'open')!.callId;
    expect(h.store.eventTypes(callId)).toContain('queue_closed');
    expect(h.store.writes.some((w) => w.op === 'queued')).toBe(false);
    expect([...h.acd.liveCalls()]).toEqual([]);
  });

  it('with an overflow queue: the call waits there at once and its agent gets it', async () => {
    const h = new CallControlHarness();
    h.acd.defineQueue({
      ...sales,
      closed: true,
      maxWaitSeconds: 60,
      overflow: { kind: 'queue', queueId: 'q-support' },
    });
    const phone = h.phone('1003');
    h.login('1003');
    const call = h.dial();
    await h.settle();

    expect(call.statuses).toEqual([180]);
    const callId = h.liveCallId();
    expect(h.acd.callQueue(callId)).toBe('q-support');
    expect(phone.invites).toHaveLength(1);
    expect(h.status('1003')).toBe('ringing');
  });

  it('calls already waiting stay and are served once it is disabled', async () => {
    const h = new CallControlHarness();
    h.dial();
    await h.settle();
    const callId = h.liveCallId();
    h.acd.defineQueue({ ...sales, closed: true });
    expect(h.acd.callPhase(callId)).toBe('waiting');
    const phone = h.phone('1001');
    h.login('1001');
    await h.settle();
    expect(phone.invites).toHaveLength(1);
    expect(h.acd.callAgent(callId)).toBe('agent-1001');
  });
});
