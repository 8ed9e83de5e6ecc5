import { afterEach, describe, expect, it } from 'vitest';
import { CallControlHarness, DOMAIN, KEFU } from './testing/call-control-harness.js';
import type { AgentPhone } from './testing/call-control-harness.js';

// The harness has no outbound trunk: a number the policy lets through ends in 503 No Outbound
// Trunk, one it refuses in 403 before a trunk is looked for.

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

/** The agent's phone dials `number` (its INVITE to kefu, From its extension). */
function dialFrom(phone: AgentPhone, number: string) {
  return phone.invite(`sip:${number}@${KEFU.address}:${KEFU.port}`, {
    from: `<sip:${phone.extension}@${DOMAIN}>`,
    to: `<sip:${number}@${DOMAIN}>`,
  });
}

describe('outbound policy on calls agents place (home region CN)', () => {
  it('an international number gets 403 with the reason in Warning, an outbound record, and nothing leaves', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    h.login('1001');
    const call = dialFrom(phone, '+442079460000');
    await h.settle();
    expect(call.final?.status).toBe(403);
    expect(call.final?.reason).toBe('Outbound Number Not Allowed');
    expect(call.final?.headers.get('Warning')).toBe(`399 ${DOMAIN} "international"`);
    const [id] = h.store.callIds;
    expect(h.store.writes.find((w) => w.op === 'open')?.data).toMatchObject({
      direction: 'outbound',
      ani: '1001',
      dnis: '+442079460000',
      agentId: 'agent-1001',
    });
    expect(h.store.event$(id!, 'outbound_refused')).toMatchObject({
      number: '+442079460000',
      reason: 'international',
    });
    expect(h.store.endedOf(id!)).toMatchObject({ endedBy: 'system', sipCause: 403 });
    expect(h.logs.find((l) => l.message === 'outbound call refused')?.data).toMatchObject({
      reason: 'international',
    });
    // Neither held out of routing nor given a media session.
    expect(h.status('1001')).toBe('ready');
    expect(h.carrier.heard()).toEqual([]);
  });

  it('a logged-out agent is refused a national number (403 Agent Not Logged In) but not an emergency one', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1002');
    const national = dialFrom(phone, '13912345678');
    await h.settle();
    expect(national.final?.status).toBe(403);
    expect(national.final?.reason).toBe('Agent Not Logged In');
    const emergency = dialFrom(phone, '110');
    await h.settle();
    expect(emergency.final?.status).toBe(503);
    expect(emergency.final?.reason).toBe('No Outbound Trunk');
    expect(h.logs.find((l) => l.message === 'emergency call')?.data).toMatchObject({ number: '110' });
  });

  it('a national number passes the policy (then finds no trunk here); an extension is no outside number', async () => {
    h = new CallControlHarness();
    const phone = h.phone('1001');
    h.phone('1002');
    h.login('1001');
    const national = dialFrom(phone, '010-8888-0000');
    await h.settle();
    expect(national.final?.status).toBe(503);
    // Another agent is called whatever the policy says of short numbers.
    const internal = dialFrom(phone, '1002');
    await h.settle();
    expect(internal.final).toBeUndefined();
    expect(h.logs.some((l) => l.message === 'outbound call refused')).toBe(false);
    internal.cancel();
    await h.settle();
  });
});

describe('outbound policy on blind transfers (REFER to an outside number)', () => {
  async function connectedTo1001() {
    h = new CallControlHarness();
    const first = h.phone('1001');
    h.login('1001');
    const call = h.dial();
    await h.settle();
    first.invites[0]!.answer();
    await h.settle();
    return { first, call, callId: h.liveCallId() };
  }

  it('to an international number: 403, the caller stays with the agent, the refusal is on the call', async () => {
    const { first, call, callId } = await connectedTo1001();
    expect(await first.invites[0]!.refer(`<sip:00442079460000@${DOMAIN}>`)).toBe(403);
    await h.settle();
    expect(h.media.bridgedTo(callId, 'caller')).toEqual(['agent-1']);
    expect(h.store.event$(callId, 'outbound_refused')).toMatchObject({
      number: '00442079460000',
      reason: 'international',
      by: '1001',
      kind: 'transfer',
    });
    expect(first.requests('NOTIFY')).toEqual([]);
    call.bye();
    await h.settle();
  });

  it('to a national number: past the policy (503 here, no trunk)', async () => {
    const { first, call } = await connectedTo1001();
    expect(await first.invites[0]!.refer(`<sip:13912345678@${DOMAIN}>`)).toBe(503);
    call.bye();
    await h.settle();
  });
});
