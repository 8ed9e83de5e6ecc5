import { afterEach, describe, expect, it } from 'vitest';
import { CallControlHarness } from './testing/call-control-harness.js';

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

/** One ready agent whose phone is ringing with a carrier call. */
async function ringing() {
  h = new CallControlHarness();
  const phone = h.phone('1001');
  h.login('1001');
  const call = h.dial();
  await h.settle();
  expect(call.statuses).toEqual([180]);
  expect(h.status('1001')).toBe('ringing');
  return { phone, call, callId: h.liveCallId() };
}

describe('the carrier’s CANCEL (RFC 3261 §9)', () => {
  it('while an agent rings: the phone gets CANCEL, the caller’s record ends 487, the ACD hears the caller abandoned', async () => {
    const { phone, call, callId } = await ringing();

    call.cancel();
    await h.settle();

    expect(call.statuses).toEqual([180, 487]);
    expect(phone.invites[0]!.cancelled).toBe(true);
    expect(phone.heard()).toEqual(['INVITE', 'CANCEL', 'ACK']);
    expect(h.store.lifecycle(callId)).toEqual(['open', 'queued', 'ended']);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'caller', sipCause: 487, agentId: null });
    expect(h.events.of('1001')).toEqual(['offered', 'ended']);
    expect(h.events.log[1]!.payload).toMatchObject({ endedBy: 'caller', sipCause: 487 });
    // Abandoned, not missed: the agent is ready again, and the ACD forgot the call.
    expect(h.status('1001')).toBe('ready');
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect(h.media.liveSessions).toBe(0);
  });

  it('while the call is still routing (before its record exists): 487, and the record is closed once written', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    h.login('1001');
    h.store.holdOpen = true;
    const call = h.dial();
    await h.settle();
    expect(call.statuses).toEqual([]);
    const callId = h.liveCallId();

    // A CANCEL waits for a provisional (§9.1): kefu's 100 Trying comes after 200 ms (§17.2.1).
    call.cancel();
    await h.advance(200);
    expect(call.statuses).toEqual([100, 487]);

    h.store.releaseOpen();
    await h.settle();

    expect(h.store.lifecycle(callId)).toEqual(['open', 'ended']);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'caller', sipCause: 487 });
    expect(phone.invites).toEqual([]);
    expect(h.status('1001')).toBe('ready');
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect([...h.calls.activeCalls]).toEqual([]);
    expect(h.media.liveSessions).toBe(0);
  });

  it('crossing the agent’s answer (the CANCEL reaches kefu first): the phone gets ACK then BYE, the carrier no 200 after its 487', async () => {
    const { phone, call, callId } = await ringing();

    call.cancel();
    phone.invites[0]!.answer();
    await h.settle();

    expect(call.statuses).toEqual([180, 487]);
    expect(h.carrier.heard()).toEqual([]);
    // The phone's UA answers the late CANCEL 200 and nothing else: its INVITE was answered.
    expect(phone.heard()).toEqual(['INVITE', 'CANCEL', 'ACK', 'BYE']);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'caller', sipCause: 487 });
    expect(h.store.answeredBy(callId)).toEqual([]);
    expect(h.status('1001')).toBe('ready');
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect(h.media.liveSessions).toBe(0);
  });

  it('the agent’s 200 reaching kefu just before the carrier’s CANCEL: the phone gets ACK then BYE, the agent is released', async () => {
    const { phone, call, callId } = await ringing();

    phone.invites[0]!.answer();
    call.cancel();
    await h.settle();

    expect(call.statuses).toEqual([180, 487]);
    expect(h.carrier.heard()).toEqual([]);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'caller', sipCause: 487 });
    expect(phone.heard()).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(h.status('1001')).not.toBe('on_call');
    expect([...h.acd.liveCalls()]).toEqual([]);
  });
});

describe('the window between the agent’s 200 and the carrier’s 200 (a plane slow to bridge)', () => {
  it('the carrier is answered once the legs are bridged, not before', async () => {
    const { phone, call, callId } = await ringing();
    h.media.slow.add('bridge');

    phone.invites[0]!.answer();
    await h.settle();
    expect(phone.heard()).toEqual(['INVITE', 'ACK']);
    expect(call.statuses).toEqual([180]);
    expect(h.status('1001')).toBe('on_call');

    h.media.release();
    await h.settle();
    expect(call.statuses).toEqual([180, 200]);
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);
  });

  it('the agent hanging up before the carrier is answered: the carrier’s INVITE gets a final response, never a BYE', async () => {
    const { phone, call, callId } = await ringing();
    h.media.slow.add('bridge');
    phone.invites[0]!.answer();
    await h.settle();

    phone.invites[0]!.bye();
    await h.settle();
    h.media.release();
    await h.settle();

    expect(h.carrier.heard()).toEqual([]);
    expect(call.final?.status).toBeGreaterThanOrEqual(300);
    expect(h.store.endedOf(callId)).toBeDefined();
  });
});
