import { describe, expect, it, vi } from 'vitest';
import type { Dialog } from '../dialog/dialog.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { SimulatedClock } from '../../clock/index.js';
import { FakeTransport } from '../testing/fake-transport.js';
import { UserAgentCore } from './user-agent-core.js';

const SDP =
  'v=0\r\no=kefu 1 1 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

/** Alice calls; Bob (kefu, `timer` supported) answers 200 with SDP. */
async function call(headers: Array<[string, string]>) {
  const clock = new SimulatedClock();
  const aliceT = new FakeTransport('UDP', false, { address: '192.0.2.1', port: 5060 });
  const bobT = new FakeTransport('UDP', false, { address: '192.0.2.2', port: 5060 });
  aliceT.peer = (m, from) => bobT.delegate?.onMessage?.(m, from);
  bobT.peer = (m, from) => aliceT.delegate?.onMessage?.(m, from);
  const alice = new UserAgentCore({ transports: [aliceT], clock });
  const bob = new UserAgentCore({ transports: [bobT], clock, supported: ['timer'] });
  const expired = vi.fn();
  const refreshes: SipRequest[] = [];
  let answerRefresh = 200;
  bob.delegate = {
    onInvite: (i) => i.respond(200, { body: SDP, contentType: 'application/sdp' }),
    onUpdate: (i) => i.respond(200),
    onSessionExpired: expired,
  };
  alice.delegate = {
    onUpdate: (i) => {
      refreshes.push(i.request);
      i.respond(answerRefresh);
    },
    onReinvite: (i) => {
      refreshes.push(i.request);
      i.respond(answerRefresh, { body: 'v=0\r\n', contentType: 'application/sdp' });
    },
  };
  let ok: SipResponse | undefined;
  let aliceDialog: Dialog | undefined;
  alice.send(alice.createRequest('INVITE', 'sip:bob@192.0.2.2', { from: '<sip:alice@192.0.2.1>', headers }), {
    onAccept: (r, d) => {
      ok = r;
      aliceDialog = d;
      alice.ack(d as Dialog, r);
    },
    onReject: (r) => (ok = r),
  });
  await flush();
  const advance = async (ms: number) => {
    clock.advance(ms);
    await flush();
  };
  return {
    alice,
    bobT,
    expired,
    refreshes,
    advance,
    response: () => ok as SipResponse,
    aliceDialog: () => aliceDialog as Dialog,
    failRefreshesWith: (status: number) => (answerRefresh = status),
  };
}

describe('session timers (RFC 4028)', () => {
  it('answers an interval below Min-SE with 422 and Min-SE (§9)', async () => {
    const { response } = await call([['Session-Expires', '60']]);
    expect(response().status).toBe(422);
    expect(response().headers.get('Min-SE')).toBe('90');
  });

  it('refreshes with UPDATE at half the interval when it is the refresher; BYE when a refresh gets 481 (§10)', async () => {
    const allow: [string, string] = ['Allow', 'INVITE, ACK, BYE, CANCEL, UPDATE'];
    const t = await call([['Session-Expires', '120'], allow]);
    // The UAC did not say Supported: timer, so kefu (the UAS) refreshes and does not Require timer.
    expect(t.response().headers.get('Session-Expires')).toBe('120;refresher=uas');
    expect(t.response().headers.has('Require')).toBe(false);
    await t.advance(59_999);
    expect(t.refreshes).toHaveLength(0);
    await t.advance(1);
    expect(t.refreshes.map((r) => [r.method, r.body, r.headers.get('Session-Expires')])).toEqual([
      ['UPDATE', '', '120;refresher=uas'],
    ]);
    await t.advance(60_000);
    expect(t.refreshes).toHaveLength(2);
    t.failRefreshesWith(481);
    await t.advance(60_000);
    expect(t.bobT.sentSummary.at(-1)).toBe('BYE');
    expect(t.expired).toHaveBeenCalledOnce();
  });

  it('falls back to a re-INVITE with its last SDP when the peer does not allow UPDATE, and ACKs it', async () => {
    const t = await call([['Session-Expires', '100']]);
    await t.advance(50_000);
    expect(t.refreshes.map((r) => [r.method, r.body])).toEqual([['INVITE', SDP]]);
    expect(t.bobT.sentSummary.slice(-2)).toEqual(['INVITE', 'ACK']);
    expect(t.expired).not.toHaveBeenCalled();
  });

  it('with the UAC as refresher: Require: timer, refreshes reset the clock, silence ends the call (§10)', async () => {
    const t = await call([
      ['Session-Expires', '120'],
      ['Supported', 'timer'],
    ]);
    expect(t.response().headers.get('Session-Expires')).toBe('120;refresher=uac');
    expect(t.response().headers.get('Require')).toBe('timer');
    await t.advance(50_000);
    // Alice refreshes with UPDATE; kefu's 200 echoes the interval.
    const refreshed = new Promise<SipResponse>((resolve) =>
      t.alice.sendInDialog(
        t.aliceDialog(),
        'UPDATE',
        {
          headers: [
            ['Session-Expires', '120;refresher=uac'],
            ['Supported', 'timer'],
          ],
        },
        { onAccept: resolve },
      ),
    );
    await t.advance(0);
    expect((await refreshed).headers.get('Session-Expires')).toBe('120;refresher=uac');
    // Expiry is 120 − min(32, 120/3) = 88 s after the last refresh.
    await t.advance(87_999);
    expect(t.expired).not.toHaveBeenCalled();
    await t.advance(1);
    expect(t.expired).toHaveBeenCalledOnce();
    expect(t.bobT.sentSummary.at(-1)).toBe('BYE');
  });

  it('leaves dialogs alone when the INVITE has no Session-Expires', async () => {
    const t = await call([]);
    expect(t.response().headers.has('Session-Expires')).toBe(false);
    await t.advance(3_600_000);
    expect(t.refreshes).toHaveLength(0);
    expect(t.expired).not.toHaveBeenCalled();
  });
});
