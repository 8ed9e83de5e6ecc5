import { afterEach, describe, expect, it } from 'vitest';
import { CallControlHarness, CUSTOMER, DOMAIN, KEFU, LINE } from './testing/call-control-harness.js';
import { audioPort } from './testing/sip-peer.js';

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe('an inbound call to a ready agent (RFC 3261 B2BUA)', () => {
  it('rings the agent with the plane’s offer, answers the carrier with the plane’s answer, and ends on the caller’s BYE', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    h.login('1001');
    const call = h.dial();
    await h.settle();

    // 180 to the carrier while the agent's phone rings; nothing final yet.
    expect(call.statuses).toEqual([180]);
    const [invite, ...others] = phone.invites;
    expect(others).toEqual([]);
    const callId = h.liveCallId();
    expect(invite!.header('X-Kefu-Call-Id')).toBe(callId);
    expect(invite!.header('From')).toMatch(
      new RegExp(`^"\\${CUSTOMER.e164}" <sip:\\${CUSTOMER.e164}@${DOMAIN}>;tag=`),
    );
    expect(invite!.header('To')).toBe(`<sip:1001@${DOMAIN}>`);
    expect(invite!.request.uri).toMatchObject({ user: '1001', host: phone.address });
    // The phone is offered the plane's agent leg, never the carrier's SDP.
    const agentLeg = h.media.leg(callId, 'agent-1')!;
    expect(audioPort(invite!.request.body)).toBe(agentLeg.local.localPort);
    expect(invite!.request.body).toContain(`c=IN IP4 ${KEFU.address}`);
    expect(invite!.request.body).not.toContain(h.carrier.address);
    expect(h.status('1001')).toBe('ringing');

    invite!.answer();
    await h.settle();

    // The carrier gets 200 with the plane's answer on the caller leg, and ACKs it.
    expect(call.statuses).toEqual([180, 200]);
    const callerLeg = h.media.leg(callId, 'caller')!;
    expect(audioPort(call.final!.body)).toBe(callerLeg.local.localPort);
    expect(call.final!.headers.get('Content-Type')).toBe('application/sdp');
    expect(h.carrier.heard()).toEqual([]);
    expect(phone.heard()).toEqual(['INVITE', 'ACK']);
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);
    expect(h.status('1001')).toBe('on_call');

    call.bye();
    await h.settle();

    expect(phone.heard()).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(h.store.lifecycle(callId)).toEqual(['open', 'queued', 'answered', 'ended']);
    expect(h.store.endedOf(callId)).toMatchObject({
      endedBy: 'caller',
      sipCause: 200,
      agentId: 'agent-1001',
    });
    expect(h.store.answeredBy(callId)).toEqual(['agent-1001']);
    expect(h.store.writes.find((w) => w.op === 'open')?.data).toMatchObject({
      ani: CUSTOMER.e164,
      dnis: LINE,
      queueId: 'q-sales',
      customerId: CUSTOMER.customerId,
      trunkName: 'carrier',
    });
    expect(h.events.of('1001')).toEqual(['offered', 'answered', 'ended']);
    expect(h.events.log[0]!.payload).toEqual({
      callId,
      ani: CUSTOMER.e164,
      dnis: LINE,
      customerId: CUSTOMER.customerId,
      queueId: 'q-sales',
    });
    expect(h.events.log[2]!.payload).toMatchObject({ endedBy: 'caller', sipCause: 200 });
    expect(h.status('1001')).toBe('wrap_up');
    expect(h.media.liveSessions).toBe(0);
    expect([...h.calls.activeCalls]).toEqual([]);
  });

  it('the agent’s BYE ends the call: the carrier gets BYE, the record ends by the agent', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    h.login('1001');
    const call = h.dial();
    await h.settle();
    const callId = h.liveCallId();
    phone.invites[0]!.answer();
    await h.settle();

    phone.invites[0]!.bye();
    await h.settle();

    expect(h.carrier.heard()).toEqual(['BYE']);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'agent', sipCause: 200 });
    expect(h.events.of('1001')).toEqual(['offered', 'answered', 'ended']);
    expect(h.status('1001')).toBe('wrap_up');
    void call;
  });

  it('rings every registered contact of the agent (parallel fork): the first to answer is bridged, the others get CANCEL', async () => {
    h = new CallControlHarness();
    const desk = h.phone('1001');
    const softphone = h.phone('1001', 'TCP');
    h.login('1001');
    const call = h.dial();
    await h.settle();
    const callId = h.liveCallId();
    expect(desk.invites).toHaveLength(1);
    expect(softphone.invites).toHaveLength(1);
    expect(h.store.event$(callId, 'offered')).toMatchObject({ extension: '1001', contacts: 2 });

    softphone.invites[0]!.answer();
    await h.settle();

    expect(call.statuses).toEqual([180, 200]);
    expect(desk.invites[0]!.cancelled).toBe(true);
    expect(desk.heard()).toEqual(['INVITE', 'CANCEL', 'ACK']);
    expect(softphone.heard()).toEqual(['INVITE', 'ACK']);
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-2']);
    expect(h.media.session(callId)?.legs.has('agent-1')).toBe(false);
    expect(h.events.of('1001')).toEqual(['offered', 'answered']);
  });

  it('a caller with no agent ready waits in the queue with ringback, and is offered when one logs in', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    const call = h.dial();
    await h.settle();
    const callId = h.liveCallId();
    expect(call.statuses).toEqual([180]);
    expect(h.store.lifecycle(callId)).toEqual(['open', 'queued']);
    expect(phone.invites).toEqual([]);

    h.login('1001');
    await h.settle();
    expect(phone.invites).toHaveLength(1);
  });

  it('refuses an INVITE from an address that is no trunk with 403 (toll-fraud guard)', async () => {
    h = new CallControlHarness();
    const stranger = h.phone('1001');
    const call = stranger.invite(`sip:${LINE}@${KEFU.address}:${KEFU.port}`, {
      from: `<sip:${CUSTOMER.ani}@${stranger.address}>`,
      to: `<sip:${LINE}@${KEFU.address}>`,
    });
    await h.settle();
    expect(call.statuses).toEqual([403]);
    expect(h.store.writes).toEqual([]);
    h.logs.length = 0;
  });

  it('answers 404 to a number that is no line, without a record', async () => {
    h = new CallControlHarness();
    const call = h.dial({ dnis: '4000000000' });
    await h.settle();
    expect(call.statuses).toEqual([404]);
    expect(call.final!.reason).toBe('Unknown Number');
    expect(h.store.writes).toEqual([]);
    expect(h.media.liveSessions).toBe(0);
  });

  it('answers 488 to an offer without G.711 (RFC 3261 §13.3.1.1), before the caller is queued', async () => {
    h = new CallControlHarness();
    const sdp = h.carrier
      .sdp()
      .replace('RTP/AVP 0 101', 'RTP/AVP 18')
      .replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:18 G729/8000');
    const call = h.dial({ sdp });
    await h.settle();
    expect(call.statuses).toEqual([488]);
    expect(h.store.writes).toEqual([]);
    expect(h.media.liveSessions).toBe(0);
  });
});

describe('a late offer (an INVITE without SDP, RFC 3261 §13.2.1)', () => {
  it('offers the plane’s SDP in the 200 and takes the answer from the ACK', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    h.login('1001');
    const call = h.dial({ sdp: null, ackSdp: h.carrier.sdp() });
    await h.settle();
    const callId = h.liveCallId();
    phone.invites[0]!.answer();
    await h.settle();

    expect(call.statuses).toEqual([180, 200]);
    const callerLeg = h.media.leg(callId, 'caller')!;
    expect(audioPort(call.final!.body)).toBe(callerLeg.local.localPort);
    // The ACK's answer completed the caller leg.
    expect(callerLeg.remote?.remotePort).toBe(audioPort(h.carrier.sdp()));
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);

    call.bye();
    await h.settle();
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'caller', sipCause: 200 });
  });

  it('ends the call with BYE when the ACK carries no answer (RFC 3261 §13.2.2.4)', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    h.login('1001');
    const call = h.dial({ sdp: null });
    await h.settle();
    const callId = h.liveCallId();
    phone.invites[0]!.answer();
    await h.settle();

    expect(call.statuses).toEqual([180, 200]);
    expect(h.carrier.heard()).toEqual(['BYE']);
    expect(phone.heard()).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'system', sipCause: 488 });
    expect(h.store.eventTypes(callId)).toContain('bad_ack_answer');
  });
});

describe('the harness itself', () => {
  it('carries a whole call without opening a socket: every message crosses the fake network', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001', 'TCP');
    h.login('1001');
    const call = h.dial();
    await h.settle();
    phone.invites[0]!.answer();
    await h.settle();
    call.bye();
    await h.settle();

    const sockets = process.getActiveResourcesInfo().filter((r) => /UDP|TCP|TLS/i.test(r));
    expect(sockets).toEqual([]);
    const sentByKefu = h.kefuUdp.sent.length + h.kefuTcp.sent.length;
    expect(h.network.log.filter((d) => d.from === h.kefuUdp || d.from === h.kefuTcp)).toHaveLength(
      sentByKefu,
    );
    expect(h.network.log.every((d) => d.to !== undefined)).toBe(true);
  });
});
