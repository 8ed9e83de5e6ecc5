import { afterEach, describe, expect, it } from 'vitest';
import { CallControlHarness, CUSTOMER, DOMAIN } from './testing/call-control-harness.js';
import type { AgentPhone } from './testing/call-control-harness.js';

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

/** A carrier call answered by 1001; the phones of the other agents registered, nobody else ready. */
async function connectedTo1001() {
  h = new CallControlHarness();
  const first = h.phone('1001');
  const phones: Record<string, AgentPhone> = { '1002': h.phone('1002'), '1003': h.phone('1003') };
  h.login('1001');
  const call = h.dial();
  await h.settle();
  first.invites[0]!.answer();
  await h.settle();
  expect(call.statuses).toEqual([180, 200]);
  const callId = h.liveCallId();
  expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);
  return { first, phones, call, callId };
}

/** The sipfrag status lines of the NOTIFYs a transferor got (RFC 3515 §2.4.5). */
function sipfrags(phone: AgentPhone): string[] {
  return phone.requests('NOTIFY').map((n) => {
    expect(n.headers.get('Event')).toBe('refer');
    expect(n.headers.get('Content-Type')).toBe('message/sipfrag;version=2.0');
    return `${n.body.trim()} (${n.headers.get('Subscription-State')?.split(';')[0]})`;
  });
}

describe('blind transfer (REFER, RFC 3515) from the connected agent', () => {
  it('to a ready agent’s extension: 202, NOTIFY 100 then 200, the new agent is INVITEd and bridged, the first gets BYE', async () => {
    const { first, phones, call, callId } = await connectedTo1001();
    const target = phones['1002']!;
    h.login('1002');
    await h.settle();
    expect(target.invites).toEqual([]);

    expect(await first.invites[0]!.refer(`<sip:1002@${DOMAIN}>`)).toBe(202);
    await h.settle();

    expect(sipfrags(first)).toEqual(['SIP/2.0 100 Trying (active)']);
    const [invite] = target.invites;
    expect(invite!.header('X-Kefu-Call-Id')).toBe(callId);
    expect(invite!.header('To')).toBe(`<sip:1002@${DOMAIN}>`);
    expect(invite!.header('From')).toMatch(new RegExp(`^<sip:\\${CUSTOMER.e164}@${DOMAIN}>`));
    // Held out of routing while the transfer rings.
    expect(h.status('1002')).toBe('not_ready');
    // Until the target answers, the caller stays with the first agent.
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);

    invite!.answer();
    await h.settle();

    expect(sipfrags(first)).toEqual(['SIP/2.0 100 Trying (active)', 'SIP/2.0 200 OK (terminated)']);
    expect(first.heard()).toEqual(['INVITE', 'ACK', 'NOTIFY', 'NOTIFY', 'BYE']);
    expect(target.heard()).toEqual(['INVITE', 'ACK']);
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-2']);
    expect(h.media.leg(callId, 'agent-1')).toBeUndefined();
    // Done on the plane: the carrier sees no re-INVITE.
    expect(h.carrier.heard()).toEqual([]);
    expect(h.store.event$(callId, 'transferred')).toMatchObject({ from: '1001', to: '1002', kind: 'blind' });
    expect(h.events.of('1001')).toEqual(['offered', 'answered', 'ended']);
    expect(h.events.log.find((e) => e.extension === '1001' && e.kind === 'ended')?.payload).toMatchObject({
      endedBy: 'agent',
      sipCause: 202,
    });
    expect(h.events.of('1002')).toEqual(['answered']);
    expect(h.status('1001')).toBe('wrap_up');

    call.bye();
    await h.settle();

    expect(target.heard()).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(h.store.endedOf(callId)).toMatchObject({
      endedBy: 'caller',
      sipCause: 200,
      agentId: 'agent-1002',
    });
    // The transferred-to agent goes back to routing when the call ends.
    expect(h.status('1002')).toBe('ready');
  });

  it('to an agent who is not ready: 480, and the caller stays with the first agent', async () => {
    const { first, callId } = await connectedTo1001();

    expect(await first.invites[0]!.refer(`<sip:1002@${DOMAIN}>`)).toBe(480);
    await h.settle();

    expect(first.requests('NOTIFY')).toEqual([]);
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);
    expect(h.status('1001')).toBe('on_call');
  });

  it('to an agent whose phone declines: NOTIFY with the failure, the target back to ready, the caller kept', async () => {
    const { first, phones, callId } = await connectedTo1001();
    const target = phones['1002']!;
    h.login('1002');

    expect(await first.invites[0]!.refer(`<sip:1002@${DOMAIN}>`)).toBe(202);
    await h.settle();
    target.invites[0]!.reject(486);
    await h.settle();

    expect(sipfrags(first)).toEqual([
      'SIP/2.0 100 Trying (active)',
      'SIP/2.0 486 Transfer Failed (terminated)',
    ]);
    expect(h.status('1002')).toBe('ready');
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);
    expect(h.store.event$(callId, 'transfer_failed')).toMatchObject({ to: '1002', status: 486 });
  });

  it('the caller hanging up while the target rings: the target’s INVITE is CANCELled and the target is ready again', async () => {
    const { first, phones, call } = await connectedTo1001();
    const target = phones['1002']!;
    h.login('1002');
    expect(await first.invites[0]!.refer(`<sip:1002@${DOMAIN}>`)).toBe(202);
    await h.settle();
    expect(target.invites).toHaveLength(1);

    call.bye();
    await h.settle();

    expect(first.heard()).toEqual(['INVITE', 'ACK', 'NOTIFY', 'BYE']);
    expect(target.invites[0]!.cancelled).toBe(true);
    expect(target.heard()).toEqual(['INVITE', 'CANCEL', 'ACK']);
    expect(h.status('1002')).toBe('ready');
  });

  it('to a queue by name: 202 and NOTIFY 200 at once, the first agent gets BYE, the caller hears music until the queue’s agent answers', async () => {
    const { first, phones, call, callId } = await connectedTo1001();
    const support = phones['1003']!;
    support.onInvite = 'silent';
    h.login('1003');

    expect(await first.invites[0]!.refer(`<sip:support@${DOMAIN}>`)).toBe(202);
    await h.settle();

    expect(sipfrags(first)).toEqual(['SIP/2.0 100 Trying (active)', 'SIP/2.0 200 OK (terminated)']);
    expect(first.heard()).toEqual(['INVITE', 'ACK', 'NOTIFY', 'NOTIFY', 'BYE']);
    expect(h.store.event$(callId, 'transferred')).toMatchObject({
      from: '1001',
      to: 'support',
      kind: 'queue',
    });
    expect(h.store.lifecycle(callId)).toEqual(['open', 'queued', 'answered', 'queued']);
    expect(h.store.writes.filter((w) => w.op === 'queued').map((w) => w.data.queueId)).toEqual([
      'q-sales',
      'q-support',
    ]);
    expect(h.status('1001')).toBe('wrap_up');
    // Waiting again: music on hold, and the support agent's phone rings.
    expect(h.media.playingTo(callId, 'caller')).toBe('music');
    expect(h.media.bridgedTo(callId, 'caller')).toEqual([]);
    expect(support.invites).toHaveLength(1);
    expect(support.invites[0]!.header('X-Kefu-Call-Id')).toBe(callId);

    support.invites[0]!.answer();
    await h.settle();

    expect(h.media.playingTo(callId, 'caller')).toBeUndefined();
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-2']);
    expect(h.store.answeredBy(callId)).toEqual(['agent-1001', 'agent-1003']);
    expect(h.events.of('1003')).toEqual(['offered', 'answered']);
    expect(h.carrier.heard()).toEqual([]);

    call.bye();
    await h.settle();
    expect(support.heard()).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'caller', agentId: 'agent-1003' });
  });
});

describe('hold from the agent’s phone (re-INVITE, RFC 3264 §8.4)', () => {
  it('sendonly plays music to the caller, sendrecv bridges again; the carrier sees neither', async () => {
    const { first, callId } = await connectedTo1001();

    first.invites[0]!.reinvite('sendonly');
    await h.settle();
    expect(h.media.playingTo(callId, 'caller')).toBe('music');
    expect(h.media.bridgedTo(callId, 'caller')).toEqual([]);
    expect(h.media.leg(callId, 'agent-1')?.local.direction).toBe('recvonly');

    first.invites[0]!.reinvite('sendrecv');
    await h.settle();
    expect(h.media.playingTo(callId, 'caller')).toBeUndefined();
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);
    expect(h.store.eventTypes(callId).filter((t) => t === 'hold' || t === 'unhold')).toEqual([
      'hold',
      'unhold',
    ]);
    expect(h.carrier.heard()).toEqual([]);
  });
});
