import { afterEach, describe, expect, it } from 'vitest';
import { CallControlHarness } from './testing/call-control-harness.js';

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

/** Two ready agents (1001 is offered first), their phones, and a carrier call ringing 1001. */
async function ringingFirstAgent() {
  h = new CallControlHarness();
  const first = h.phone('1001');
  const second = h.phone('1002');
  h.login('1001', '1002');
  const call = h.dial();
  await h.settle();
  expect(first.invites).toHaveLength(1);
  expect(second.invites).toHaveLength(0);
  return { first, second, call, callId: h.liveCallId() };
}

describe('ring-no-answer (RONA)', () => {
  it('the ACD’s ring timeout withdraws the offer: the phone gets CANCEL, the agent is not ready, the next agent answers', async () => {
    const { first, second, call, callId } = await ringingFirstAgent();

    await h.advance(19_900);
    expect(first.invites[0]!.cancelled).toBe(false);
    await h.advance(100);

    // RFC 3261 §9.1: the pending INVITE is CANCELled; the phone's UA answers it 487, kefu ACKs.
    expect(first.invites[0]!.cancelled).toBe(true);
    expect(first.heard()).toEqual(['INVITE', 'CANCEL', 'ACK']);
    expect(h.status('1001')).toBe('not_ready');
    expect(h.acd.agentContext(h.agentId('1001'))?.reason).toBe('missed_call');
    // Offered again at once, to the other agent; the carrier keeps hearing the same ringback.
    expect(second.invites).toHaveLength(1);
    expect(second.invites[0]!.header('X-Kefu-Call-Id')).toBe(callId);
    expect(call.statuses).toEqual([180]);
    expect(h.media.leg(callId, 'agent-1')).toBeUndefined();

    second.invites[0]!.answer();
    await h.settle();

    expect(call.statuses).toEqual([180, 200]);
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-2']);
    expect(h.store.answeredBy(callId)).toEqual(['agent-1002']);
    expect(h.store.eventTypes(callId)).toEqual(['offered', 'offer_withdrawn', 'offered']);
    expect(h.store.event$(callId, 'offer_withdrawn')).toMatchObject({
      agentId: 'agent-1001',
      reason: 'missed_call',
    });
    expect(h.events.of('1001')).toEqual(['offered', 'ended']);
    expect(h.events.log.find((e) => e.extension === '1001' && e.kind === 'ended')?.payload).toMatchObject({
      endedBy: 'system',
      sipCause: 487,
    });
    expect(h.events.of('1002')).toEqual(['offered', 'answered']);
    expect(h.status('1002')).toBe('on_call');
  });

  it('a phone that declines (486 Busy Here) is RONA too: the call goes to the next agent', async () => {
    const { first, second, call, callId } = await ringingFirstAgent();

    first.invites[0]!.reject(486);
    await h.settle();

    expect(h.status('1001')).toBe('not_ready');
    expect(second.invites).toHaveLength(1);
    expect(h.store.event$(callId, 'offer_rejected')).toMatchObject({ agentId: 'agent-1001', status: 486 });
    expect(h.events.log.find((e) => e.extension === '1001' && e.kind === 'ended')?.payload).toMatchObject({
      endedBy: 'agent',
      sipCause: 486,
    });
    expect(call.statuses).toEqual([180]);
  });

  it('an agent logged in without a registered phone is passed over: offer_failed, not ready, the next agent rings', async () => {
    h = new CallControlHarness();
    const second = h.phone('1002');
    h.login('1001', '1002');
    h.dial();
    await h.settle();
    const callId = h.liveCallId();

    expect(h.store.event$(callId, 'offer_failed')).toMatchObject({
      agentId: 'agent-1001',
      why: 'no registered phone',
    });
    expect(h.status('1001')).toBe('not_ready');
    expect(second.invites).toHaveLength(1);
  });
});
