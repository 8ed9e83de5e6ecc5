import { afterEach, describe, expect, it } from 'vitest';
import { CallControlHarness } from './testing/call-control-harness.js';

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

/** 1001's phone registered over TCP answers a carrier call; then its connection drops. */
async function agentLostMidCall(options: { agentReconnectGraceMs?: number } = {}) {
  h = new CallControlHarness(options);
  const phone = h.phone('1001', 'TCP');
  const other = h.phone('1002');
  h.login('1001');
  const call = h.dial();
  await h.settle();
  phone.invites[0]!.answer();
  await h.settle();
  const callId = h.liveCallId();
  expect(call.statuses).toEqual([180, 200]);
  expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);
  // Over the connection it registered on (RFC 5626 §5.3).
  expect(phone.invites[0]!.incoming.source.connectionId).toBe(phone.connectionId);

  h.dropConnection(phone);
  await h.settle();
  return { phone, other, call, callId };
}

describe('an agent’s phone connection dropping mid-call (RFC 5626 flow failure)', () => {
  it('holds the caller with music, and bridges the phone back when it registers again (X-Kefu-Resume)', async () => {
    const { phone, call, callId } = await agentLostMidCall();

    // No BYE (nothing reaches a closed connection), the caller kept on hold, the carrier told nothing.
    expect(phone.heard()).toEqual(['INVITE', 'ACK']);
    expect(h.carrier.heard()).toEqual([]);
    expect(h.media.playingTo(callId, 'caller')).toBe('music');
    expect(h.media.bridgedTo(callId, 'caller')).toEqual([]);
    expect(h.media.leg(callId, 'agent-1')).toBeUndefined();
    expect(h.store.event$(callId, 'agent_lost')).toMatchObject({ extension: '1001', graceMs: 60_000 });
    expect(h.calls.callOfAgent('1001')?.id).toBe(callId);

    await h.advance(5_000);
    h.register(phone);
    await h.settle();

    const resume = phone.invites[1]!;
    expect(resume.header('X-Kefu-Resume')).toBe(callId);
    expect(resume.header('X-Kefu-Call-Id')).toBe(callId);
    expect(resume.incoming.source.connectionId).toBe(phone.connectionId);
    resume.answer();
    await h.settle();

    expect(h.media.playingTo(callId, 'caller')).toBeUndefined();
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-2']);
    expect(h.store.event$(callId, 'agent_reconnected')).toMatchObject({ extension: '1001', afterMs: 5_000 });
    expect(h.events.of('1001')).toEqual(['offered', 'answered', 'answered']);
    expect(h.status('1001')).toBe('on_call');

    // Still within the grace period's length after the reconnect: nothing requeues the call.
    await h.advance(60_000);
    expect(h.store.eventTypes(callId)).not.toContain('requeued');

    call.bye();
    await h.settle();
    expect(phone.heard().slice(-1)).toEqual(['BYE']);
    expect(h.store.endedOf(callId)).toMatchObject({
      endedBy: 'caller',
      sipCause: 200,
      agentId: 'agent-1001',
    });
    expect(h.store.answeredBy(callId)).toEqual(['agent-1001']);
  });

  it('calls the phone back at once when it registered again before its old connection closed', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001', 'TCP');
    h.login('1001');
    h.dial();
    await h.settle();
    phone.invites[0]!.answer();
    await h.settle();
    const callId = h.liveCallId();
    const oldConnection = phone.connectionId!;

    h.register(phone);
    await h.settle();
    expect(phone.invites).toHaveLength(1);
    h.network.close(oldConnection);
    await h.settle();

    expect(phone.invites).toHaveLength(2);
    expect(phone.invites[1]!.header('X-Kefu-Resume')).toBe(callId);
    expect(phone.invites[1]!.incoming.source.connectionId).toBe(phone.connectionId);
    phone.invites[1]!.answer();
    await h.settle();
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-2']);
    expect(h.store.event$(callId, 'agent_reconnected')).toMatchObject({ afterMs: 0 });
  });

  it('requeues the caller one tier up when the phone is not back within the grace period; another agent answers', async () => {
    const { other, call, callId } = await agentLostMidCall({ agentReconnectGraceMs: 30_000 });
    h.login('1002');
    await h.settle();
    expect(other.invites).toEqual([]);

    await h.advance(29_999);
    expect(other.invites).toEqual([]);
    await h.advance(1);

    expect(h.store.eventTypes(callId)).toEqual(
      expect.arrayContaining(['agent_lost', 'agent_not_back', 'requeued']),
    );
    expect(h.store.event$(callId, 'requeued')).toMatchObject({ queueId: 'q-sales', from: '1001' });
    expect(h.status('1001')).toBe('wrap_up');
    expect(h.media.playingTo(callId, 'caller')).toBe('music');
    expect(other.invites).toHaveLength(1);

    other.invites[0]!.answer();
    await h.settle();

    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-2']);
    expect(h.store.answeredBy(callId)).toEqual(['agent-1001', 'agent-1002']);
    expect(h.carrier.heard()).toEqual([]);
    call.bye();
    await h.settle();
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'caller', agentId: 'agent-1002' });
  });

  it('the caller hanging up while the agent is away ends the call without a BYE to the dead flow', async () => {
    const { phone, call, callId } = await agentLostMidCall();

    call.bye();
    await h.settle();

    expect(phone.heard()).toEqual(['INVITE', 'ACK']);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'caller', sipCause: 200 });
    expect(h.status('1001')).toBe('wrap_up');
    expect(h.media.liveSessions).toBe(0);

    // Coming back later finds no call to resume.
    h.register(phone);
    await h.settle();
    expect(phone.invites).toHaveLength(1);
  });
});
