import { describe, expect, it } from 'vitest';
import type { OutgoingRequestDelegate } from '../sip/core/outgoing-request.js';
import { UserAgentCore } from '../sip/core/user-agent-core.js';
import { parseAuthHeader } from '../sip/message/digest.js';
import { createResponse } from '../sip/message/response-builder.js';
import type { SipRequest } from '../sip/message/sip-message.js';
import { formatUri } from '../sip/message/uri.js';
import { SimulatedClock } from '../clock/index.js';
import { FakeTransport } from '../sip/testing/fake-transport.js';
import { TrunkRegistration, type RegistrationCore } from './trunk-registration.js';

const CHALLENGE = 'Digest realm="carrier", nonce="n1", qop="auth", algorithm=MD5';

/** A registration whose REGISTERs are captured; the test answers them. */
function setup(expires = 600) {
  const clock = new SimulatedClock();
  const real = new UserAgentCore({ transports: [new FakeTransport()], clock });
  const sent: Array<{ request: SipRequest; delegate: OutgoingRequestDelegate }> = [];
  const core: RegistrationCore = {
    clock,
    createRequest: (m, t, o) => real.createRequest(m, t, o),
    contactTowards: (t, u) => real.contactTowards(t, u),
    send: (request, delegate) => sent.push({ request, delegate }),
  };
  const registration = new TrunkRegistration({
    core,
    trunk: {
      id: 't',
      name: 'carrier',
      host: 'sip.carrier.test',
      transport: 'udp',
      username: 'kefu',
      password: 'pw',
    },
    expires,
    retryBaseMs: 10_000,
    retryMaxMs: 40_000,
  });
  const last = () => {
    const entry = sent.at(-1);
    if (!entry) throw new Error('nothing sent');
    return entry;
  };
  const answer = (status: number, headers: Array<[string, string]> = []) => {
    const { request, delegate } = last();
    const response = createResponse(request, status, { headers, toTag: 'c' });
    if (status < 300) delegate.onAccept?.(response);
    else delegate.onReject?.(response);
  };
  const auth = () => parseAuthHeader(last().request.headers.get('Authorization') ?? '').params;
  return { clock, registration, sent, last, answer, auth };
}

describe('TrunkRegistration', () => {
  it('answers the 401, refreshes before expiry reusing the nonce with a higher nc, one Call-ID', async () => {
    const { clock, registration, sent, last, answer, auth } = setup();
    registration.start();
    expect(formatUri(last().request.uri)).toBe('sip:sip.carrier.test');
    expect(last().request.headers.get('Expires')).toBe('600');
    expect(last().request.headers.get('Contact')).toBe('<sip:kefu@192.0.2.1:5060>');
    answer(401, [['WWW-Authenticate', CHALLENGE]]);
    expect(auth().get('nc')).toBe('00000001');
    answer(200, [['Contact', '<sip:kefu@192.0.2.1:5060>;expires=300']]);
    expect(registration.status).toMatchObject({
      state: 'registered',
      expiresAt: 300_000,
      nextAttemptAt: 240_000,
    });

    clock.advance(239_999);
    expect(sent).toHaveLength(2);
    clock.advance(1);
    expect(sent).toHaveLength(3);
    expect(auth().get('nc')).toBe('00000002');
    expect(auth().get('nonce')).toBe('n1');
    expect(new Set(sent.map((s) => s.request.callId)).size).toBe(1);
    expect(sent.map((s) => s.request.cseq.seq)).toEqual([1, 2, 3]);
    // The nonce expired at the carrier: stale=true gets one more answer, not a failure.
    answer(401, [['WWW-Authenticate', `${CHALLENGE.replace('n1', 'n2')}, stale=true`]]);
    expect(auth().get('nonce')).toBe('n2');
    answer(200, [['Expires', '600']]);
    expect(registration.status).toMatchObject({ state: 'registered', expiresAt: 840_000 });
  });

  it('fails on refused credentials and backs off, doubling up to the cap', () => {
    const { clock, registration, sent, answer } = setup();
    registration.start();
    answer(401, [['WWW-Authenticate', CHALLENGE]]);
    answer(401, [['WWW-Authenticate', CHALLENGE]]);
    expect(registration.status).toMatchObject({
      state: 'failed',
      lastError: '401 Unauthorized: credentials refused',
      failures: 1,
      nextAttemptAt: 10_000,
    });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = sent.length;
      const at = clock.now();
      while (sent.length === before) clock.advance(1000);
      delays.push(clock.now() - at);
      answer(503, [['Retry-After', '5']]);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 40_000]);
    expect(registration.status).toMatchObject({ lastError: '503 Service Unavailable', failures: 5 });
  });

  it('asks again with Min-Expires after 423, reports timeouts, and unregisters on stop', () => {
    const { registration, sent, last, answer } = setup(30);
    registration.start();
    answer(423, [['Min-Expires', '120']]);
    expect(last().request.headers.get('Expires')).toBe('120');
    answer(200);
    expect(registration.status.state).toBe('registered');
    registration.stop();
    expect(last().request.headers.get('Expires')).toBe('0');
    expect(registration.status.state).toBe('stopped');
    expect(sent).toHaveLength(3);

    const other = setup();
    other.registration.start();
    other.last().delegate.onTimeout?.();
    expect(other.registration.status).toMatchObject({
      state: 'failed',
      lastError: expect.stringContaining('timeout'),
    });
  });
});
