import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeResult, UdpProbeTarget } from '../sip/index.js';
import { CALLER_LEG } from './inbound-call.js';
import { CallControlHarness, CARRIER, CUSTOMER, KEFU, LINE } from './testing/call-control-harness.js';
import { SipPeer } from './testing/sip-peer.js';

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

/** A call waiting in the sales queue with no agent ready (1001's phone registered, logged out). */
async function queuedWithNoAgent() {
  h = new CallControlHarness();
  const phone = h.phone('1001');
  const call = h.dial();
  await h.settle();
  expect(call.statuses).toEqual([180]);
  const callId = h.liveCallId();
  expect(h.acd.callPhase(callId)).toBe('waiting');
  return { phone, call, callId };
}

describe('a queued call whose carrier is gone (no CANCEL) leaves the ACD at once', () => {
  it('a media timeout reported for an unanswered caller (a plane that watches from the start): 408 to the carrier, record closed, the ACD holds nothing', async () => {
    const { phone, call, callId } = await queuedWithNoAgent();
    const sessionId = h.calls.call(callId)!.media!.sessionId;

    h.media.delegate.onMediaTimeout?.({ sessionId, legId: CALLER_LEG });
    await h.settle();

    expect(call.statuses).toEqual([180, 408]);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'system', sipCause: 408 });
    expect(h.store.eventTypes(callId)).toContain('media_timeout');
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect([...h.calls.activeCalls]).toEqual([]);

    // The next agent to go ready is not reserved for the ghost: no offer, no ring, still ready
    // after the queue's ring timeout would have run out.
    h.login('1001');
    await h.advance(25_000);
    expect(h.status('1001')).toBe('ready');
    expect(phone.invites).toEqual([]);
    expect(h.events.of('1001')).toEqual([]);

    // …and gets the next real call.
    const next = h.dial();
    await h.settle();
    expect(next.statuses).toEqual([180]);
    expect(phone.invites).toHaveLength(1);
    expect(h.status('1001')).toBe('ringing');
  });

  it('a TCP carrier whose connection closed and cannot be reached again: the call ends 503, the ACD holds nothing', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1002');
    const carrier = new SipPeer('carrier-tcp', h.network, h.clock, { ...CARRIER, protocol: 'TCP' });
    const call = carrier.invite(`sip:${LINE}@${KEFU.address}:${KEFU.port};transport=tcp`, {
      from: `<sip:${CUSTOMER.ani}@${CARRIER.address}>`,
      to: `<sip:${LINE}@${KEFU.address}>`,
    });
    await h.settle();
    expect(call.statuses).toEqual([180]);
    const callId = h.liveCallId();
    const connectionId = h.calls.call(callId)!.carrier.source.connectionId!;
    expect(connectionId).toBeDefined();

    // The carrier's host is gone: the connection closes and a new one cannot be opened.
    h.kefuTcp.fail = true;
    h.network.close(connectionId);
    await h.settle();

    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'system', sipCause: 503 });
    expect(h.store.eventTypes(callId)).toContain('carrier_unreachable');
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect([...h.calls.activeCalls]).toEqual([]);
    expect(h.media.liveSessions).toBe(0);

    h.login('1002');
    await h.advance(25_000);
    expect(h.status('1002')).toBe('ready');
    expect(phone.invites).toEqual([]);
  });

  it('while an agent’s phone rings: the phone is CANCELled and the agent is ready again', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    h.login('1001');
    const call = h.dial();
    await h.settle();
    const callId = h.liveCallId();
    expect(h.status('1001')).toBe('ringing');

    h.media.delegate.onMediaTimeout?.({
      sessionId: h.calls.call(callId)!.media!.sessionId,
      legId: CALLER_LEG,
    });
    await h.settle();

    expect(call.statuses).toEqual([180, 408]);
    expect(phone.invites[0]!.cancelled).toBe(true);
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect(h.status('1001')).toBe('ready');
  });
});

describe('a UDP carrier gone while its caller waits is found by probing it', () => {
  /** A prober whose answers the test sets; it records whom it asked. */
  function prober(initial: ProbeResult) {
    const asked: UdpProbeTarget[] = [];
    const p = {
      result: initial,
      asked,
      probe: (target: UdpProbeTarget) => {
        asked.push(target);
        return Promise.resolve(p.result);
      },
    };
    return p;
  }

  it('ICMP port unreachable: the waiting call ends 503 and leaves the ACD; the next ready agent gets the next call', async () => {
    const p = prober('answered');
    h = new CallControlHarness({ probeCarrier: p.probe, carrierProbeMs: 5000 });
    const phone = h.phone('1001');
    const call = h.dial();
    await h.settle();
    const callId = h.liveCallId();
    expect(h.acd.callPhase(callId)).toBe('waiting');

    await h.advance(5000);
    expect(p.asked).toMatchObject([{ address: CARRIER.address, port: CARRIER.port }]);
    expect(h.acd.callPhase(callId)).toBe('waiting');

    p.result = 'refused';
    await h.advance(5000);
    expect(call.statuses).toEqual([180, 503]);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'system', sipCause: 503 });
    expect(h.store.eventTypes(callId)).toContain('carrier_unreachable');
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect(h.calls.carriers?.probedFlows).toBe(0);

    h.login('1001');
    const next = h.dial({ ani: '+8613900000077' });
    await h.settle();
    expect(next.statuses).toEqual([180]);
    expect(phone.invites).toHaveLength(1);
  });

  it('silence means gone only from a carrier that answered before, and only twice in a row', async () => {
    const p = prober('silent');
    h = new CallControlHarness({ probeCarrier: p.probe, carrierProbeMs: 5000 });
    h.dial();
    await h.settle();
    const callId = h.liveCallId();
    // A carrier that never answers OPTIONS is never judged by its silence.
    await h.advance(30_000);
    expect(p.asked.length).toBe(6);
    expect(h.acd.callPhase(callId)).toBe('waiting');

    p.result = 'answered';
    await h.advance(5000);
    p.result = 'silent';
    await h.advance(5000);
    expect(h.acd.callPhase(callId)).toBe('waiting');
    await h.advance(5000);
    expect(h.acd.callPhase(callId)).toBeUndefined();
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'system', sipCause: 503 });
  });

  it('stops probing once an agent is connected, and never probes a TCP carrier', async () => {
    const p = prober('answered');
    h = new CallControlHarness({ probeCarrier: p.probe, carrierProbeMs: 5000 });
    const phone = h.phone('1001');
    phone.onInvite = 'answer';
    h.login('1001');
    h.dial();
    await h.settle();
    expect(phone.invites).toHaveLength(1);
    expect([...h.calls.activeCalls][0]?.state).toBe('connected');
    const asked = p.asked.length;
    await h.advance(20_000);
    expect(h.calls.carriers?.probedFlows).toBe(0);
    expect(p.asked.length).toBe(asked);

    const tcp = new SipPeer('carrier-tcp', h.network, h.clock, { ...CARRIER, protocol: 'TCP' });
    tcp.invite(`sip:${LINE}@${KEFU.address}:${KEFU.port};transport=tcp`, {
      from: `<sip:${CUSTOMER.ani}@${CARRIER.address}>`,
      to: `<sip:${LINE}@${KEFU.address}>`,
    });
    await h.settle();
    await h.advance(20_000);
    expect(p.asked.length).toBe(asked);
  });
});
