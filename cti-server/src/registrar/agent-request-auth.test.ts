import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { answerChallenge, formatAuthHeader, parseAuthHeader } from '../sip/message/digest.js';
import { parseMessage } from '../sip/message/parser.js';
import { createResponse, type ResponseOptions } from '../sip/message/response-builder.js';
import type { SipRequest, SipResponse } from '../sip/message/sip-message.js';
import type { Endpoint } from '../sip/transport/transport.js';
import { AgentRequestAuth, type AuthenticatedRequest } from './agent-request-auth.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { ha1FromPassword } from './digest-auth.js';

const PHONE: Endpoint = { protocol: 'UDP', address: '192.0.2.10', port: 5062 };
const PASSWORDS: Record<string, string> = { '1001': 'demo-1001', '1002': 'demo-1002' };

function invite(o: { from?: string; target?: string; cseq?: number; auth?: string } = {}): SipRequest {
  const target = o.target ?? '13800138000';
  const lines = [
    `INVITE sip:${target}@kefu.test SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-' + String(o.cseq ?? 1),
    'Max-Forwards: 70',
    `From: <sip:${o.from ?? '1001'}@kefu.test>;tag=f1`,
    `To: <sip:${target}@kefu.test>`,
    'Call-ID: dial-1',
    `CSeq: ${o.cseq ?? 1} INVITE`,
    ...(o.auth ? [`Proxy-Authorization: ${o.auth}`] : []),
    'Content-Length: 0',
  ];
  return parseMessage(`${lines.join('\r\n')}\r\n\r\n`) as SipRequest;
}

function setup() {
  const clock = new SimulatedClock(1_700_000_000_000);
  const limiter = new AuthFailureLimiter({ now: () => clock.now() });
  const failures: string[] = [];
  const auth = new AgentRequestAuth({
    realm: 'kefu',
    now: () => clock.now(),
    limiter,
    algorithms: ['MD5'],
    credentials: async (username, realm) => {
      const password = PASSWORDS[username];
      return password ? [ha1FromPassword(username, realm, password)] : null;
    },
    onFailure: (_s, reason, user) => failures.push(`${reason}:${user ?? ''}`),
  });

  async function send(request: SipRequest, as = '1001', source = PHONE) {
    let response: SipResponse | undefined;
    const incoming: AuthenticatedRequest = {
      request,
      source,
      get pending() {
        return response === undefined;
      },
      respond: (status: number, opts: Omit<ResponseOptions, 'toTag'> = {}) => {
        response = createResponse(request, status, { ...opts, toTag: 'srv' });
        return response;
      },
    };
    const ok = await auth.authorize(incoming, as);
    return { ok, response };
  }

  /** The 407's challenge answered as `username` with `password`, for `uri`. */
  async function answered(
    o: { username?: string; password?: string; uri?: string; target?: string; nc?: number } = {},
  ) {
    const first = await send(invite({ target: o.target }));
    expect(first.response?.status).toBe(407);
    const challenge = parseAuthHeader(first.response?.headers.get('Proxy-Authenticate') ?? '');
    const username = o.username ?? '1001';
    return formatAuthHeader(
      answerChallenge(challenge, {
        username,
        password: o.password ?? PASSWORDS[username] ?? 'x',
        method: 'INVITE',
        uri: o.uri ?? `sip:${o.target ?? '13800138000'}@kefu.test`,
        ...(o.nc !== undefined && { nc: o.nc }),
      }),
    );
  }

  return { clock, limiter, failures, send, answered };
}

describe('AgentRequestAuth: INVITEs from agents’ phones (RFC 3261 §22.3)', () => {
  it('challenges a UDP INVITE without credentials with 407 and Proxy-Authenticate', async () => {
    const { send, failures } = setup();
    const { ok, response } = await send(invite());
    expect(ok).toBe(false);
    expect(response?.status).toBe(407);
    expect(response?.headers.get('Proxy-Authenticate')).toMatch(
      /^Digest realm="kefu", nonce="[^"]+", qop="auth", algorithm=MD5$/,
    );
    expect(failures).toEqual(['no-credentials:']);
  });

  it('lets the retry with the extension’s own credentials through, once per nonce count', async () => {
    const { send, answered } = setup();
    const auth = await answered();
    const retry = await send(invite({ cseq: 2, auth }));
    expect(retry).toEqual({ ok: true, response: undefined });
    // The same Proxy-Authorization again (same nc) is a replay: challenged afresh.
    const replay = await send(invite({ cseq: 3, auth }));
    expect(replay.ok).toBe(false);
    expect(replay.response?.status).toBe(407);
  });

  it('trusts a request over the connection the phone registered on (TCP/TLS/WS)', async () => {
    const { send } = setup();
    const ws: Endpoint = { protocol: 'WS', address: '192.0.2.10', port: 40_000, connectionId: 'ws-1' };
    expect(await send(invite(), '1001', ws)).toEqual({ ok: true, response: undefined });
  });

  it('refuses credentials of another extension than the From user with 403', async () => {
    const { send, answered, failures } = setup();
    const auth = await answered({ username: '1002' });
    const { ok, response } = await send(invite({ cseq: 2, auth }), '1001');
    expect(ok).toBe(false);
    expect(response?.status).toBe(403);
    expect(failures).toContain('wrong-user:1002');
  });

  it('does not take credentials computed for another number', async () => {
    const { send, answered } = setup();
    const auth = await answered({ uri: 'sip:13900139000@kefu.test' });
    const { ok, response } = await send(invite({ cseq: 2, auth }));
    expect(ok).toBe(false);
    expect(response?.status).toBe(407);
  });

  it('takes a uri naming the server only (SIPp) when a nonce count binds it', async () => {
    const { send, answered } = setup();
    const auth = await answered({ uri: 'sip:kefu.test:5060' });
    expect((await send(invite({ cseq: 2, auth }))).ok).toBe(true);
    // The RFC 2069 form (no qop, no nc) must name the number.
    const rfc2069 = async (uri: string) => {
      const first = await send(invite());
      const challenge = parseAuthHeader(first.response?.headers.get('Proxy-Authenticate') ?? '');
      challenge.params.delete('qop');
      const answer = answerChallenge(challenge, {
        username: '1001',
        password: 'demo-1001',
        method: 'INVITE',
        uri,
      });
      expect(answer.params.has('nc')).toBe(false);
      return send(invite({ cseq: 2, auth: formatAuthHeader(answer) }));
    };
    expect((await rfc2069('sip:kefu.test:5060')).response?.status).toBe(407);
    expect((await rfc2069('sip:13800138000@kefu.test')).ok).toBe(true);
  });

  it('counts wrong passwords in the shared limiter, then answers 503 with Retry-After, no challenge', async () => {
    const { send, answered, limiter, failures } = setup();
    for (let i = 0; i < limiter.maxFailures; i++) {
      const auth = await answered({ password: 'guess' });
      const { ok, response } = await send(invite({ cseq: 2, auth }));
      expect(ok).toBe(false);
      expect(response?.status).toBe(407);
    }
    expect(failures.filter((f) => f === 'bad-credentials:1001')).toHaveLength(limiter.maxFailures);
    const { response } = await send(invite());
    expect(response?.status).toBe(503);
    expect(response?.reason).toBe('Too Many Failed Attempts');
    expect(Number(response?.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('an unknown user is challenged like a known one', async () => {
    const { send, answered } = setup();
    const auth = await answered({ username: '9999', password: 'x' });
    const { ok, response } = await send(invite({ cseq: 2, auth }), '9999');
    expect(ok).toBe(false);
    expect(response?.status).toBe(407);
  });
});
