import { describe, expect, it } from 'vitest';
import { answerChallenge, formatAuthHeader, parseAuthHeader } from '../sip/message/digest.js';
import { parseMessage } from '../sip/message/parser.js';
import { createResponse, type ResponseOptions } from '../sip/message/response-builder.js';
import type { SipRequest, SipResponse } from '../sip/message/sip-message.js';
import { SimulatedClock } from '../clock/index.js';
import type { Endpoint } from '../sip/transport/transport.js';
import { ha1FromPassword } from './digest-auth.js';
import { LocationService } from './location-service.js';
import { Registrar, type RegisterRequest } from './registrar.js';

const PHONE: Endpoint = { protocol: 'UDP', address: '192.0.2.10', port: 5062 };
const PASSWORDS: Record<string, string> = { '1001': 'demo-1001', '1002': 'demo-1002' };

interface RegisterOptions {
  user?: string;
  callId?: string;
  cseq?: number;
  contacts?: string[];
  expires?: number;
  authorization?: string;
  source?: Endpoint;
}

function registerRequest(o: RegisterOptions = {}): SipRequest {
  const user = o.user ?? '1001';
  const lines = [
    'REGISTER sip:kefu.test SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-1',
    'Max-Forwards: 70',
    `From: <sip:${user}@kefu.test>;tag=f1`,
    `To: <sip:${user}@kefu.test>`,
    `Call-ID: ${o.callId ?? 'call-1'}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    ...(o.contacts ?? [`<sip:${user}@192.0.2.10:5062>`]).map((c) => `Contact: ${c}`),
    ...(o.expires === undefined ? [] : [`Expires: ${o.expires}`]),
    ...(o.authorization ? [`Authorization: ${o.authorization}`] : []),
    'Content-Length: 0',
  ];
  return parseMessage(`${lines.join('\r\n')}\r\n\r\n`) as SipRequest;
}

function setup(options: { credentials?: () => Promise<never>; maxContacts?: number } = {}) {
  const clock = new SimulatedClock(1_700_000_000_000);
  const locations = new LocationService({ clock });
  const registrar = new Registrar({
    locations,
    ...(options.maxContacts !== undefined ? { maxContacts: options.maxContacts } : {}),
    credentials:
      options.credentials ??
      (async (username, realm) => {
        const password = PASSWORDS[username];
        return password ? ha1FromPassword(username, realm, password) : null;
      }),
  });
  const failures: string[] = [];
  registrar.delegate = { onAuthFailure: (_s, reason, user) => failures.push(`${reason}:${user ?? ''}`) };

  async function send(request: SipRequest, source = PHONE): Promise<SipResponse> {
    let response: SipResponse | undefined;
    const incoming: RegisterRequest = {
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
    await registrar.handle(incoming);
    if (!response) throw new Error('registrar did not answer');
    return response;
  }

  /** REGISTER, take the 401, answer the `index`-th challenge. */
  async function register(o: RegisterOptions & { password?: string; challenge?: number } = {}) {
    const first = await send(registerRequest(o), o.source);
    expect(first.status).toBe(401);
    const challenge = parseAuthHeader(first.headers.getAll('WWW-Authenticate')[o.challenge ?? 0] ?? '');
    const user = o.user ?? '1001';
    const auth = answerChallenge(challenge, {
      username: user,
      password: o.password ?? PASSWORDS[user] ?? 'x',
      method: 'REGISTER',
      uri: 'sip:kefu.test',
    });
    const request = registerRequest({ ...o, cseq: (o.cseq ?? 1) + 1, authorization: formatAuthHeader(auth) });
    return send(request, o.source);
  }

  return { clock, locations, registrar, failures, send, register };
}

describe('Registrar', () => {
  it('challenges with SHA-256 then MD5, qop="auth", same nonce', async () => {
    const { send } = setup();
    const response = await send(registerRequest());
    expect(response.status).toBe(401);
    const [sha, md5] = response.headers.getAll('WWW-Authenticate');
    expect(sha).toMatch(/^Digest realm="kefu", nonce="[^"]+", qop="auth", algorithm=SHA-256$/);
    expect(md5).toMatch(/algorithm=MD5$/);
    expect(parseAuthHeader(sha ?? '').params.get('nonce')).toBe(
      parseAuthHeader(md5 ?? '').params.get('nonce'),
    );
  });

  it.each([
    ['SHA-256', 0],
    ['MD5', 1],
  ])('registers with %s digest and lists the contact with its expiry', async (_alg, challenge) => {
    const { register, locations } = setup();
    const ok = await register({ expires: 300, challenge });
    expect(ok.status).toBe(200);
    expect(ok.headers.getAll('Contact')).toEqual(['<sip:1001@192.0.2.10:5062>;expires=300']);
    expect(ok.headers.get('Date')).toBe(new Date(1_700_000_000_000).toUTCString());
    expect(locations.lookup('1001')).toMatchObject([
      { uri: 'sip:1001@192.0.2.10:5062', flow: PHONE, cseq: 2 },
    ]);
  });

  it('answers wrong passwords and unknown users with the same 401 and counts both', async () => {
    const { register, failures, locations, registrar } = setup();
    const wrong = await register({ password: 'nope' });
    const unknown = await register({ user: '4711' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const shape = (r: SipResponse) =>
      r.headers.getAll('WWW-Authenticate').map((h) => h.replace(/nonce="[^"]+"/, ''));
    expect(shape(unknown)).toEqual(shape(wrong));
    expect(failures).toEqual(['bad-credentials:1001', 'bad-credentials:4711']);
    expect(registrar.limiter.failuresFor(PHONE.address)).toBe(2);
    expect(locations.lookup('1001')).toEqual([]);
  });

  describe('password guessing', () => {
    const STRANGER: Endpoint = { protocol: 'UDP', address: '203.0.113.66', port: 5070 };

    it('answers the guessing (address, user) pair 503 with Retry-After and no challenge after 5 failures', async () => {
      const { register, send, failures } = setup();
      for (let i = 0; i < 5; i++) {
        expect((await register({ password: 'guess', source: STRANGER, cseq: 10 * i })).status).toBe(401);
      }
      const banned = await send(registerRequest({ cseq: 100 }), STRANGER);
      expect(banned.status).toBe(503);
      expect(banned.reason).toBe('Too Many Failed Attempts');
      expect(banned.headers.get('Retry-After')).toBe('60');
      expect(banned.headers.has('WWW-Authenticate')).toBe(false);
      expect(failures.at(-1)).toBe('blocked:');
    });

    it("never refuses the agent's own phone elsewhere, nor a colleague on the guesser's address", async () => {
      const { register, locations } = setup();
      for (let i = 0; i < 5; i++) await register({ password: 'guess', source: STRANGER, cseq: 10 * i });
      expect((await register({ callId: 'phone', source: PHONE })).status).toBe(200);
      expect((await register({ user: '1002', callId: 'colleague', source: STRANGER })).status).toBe(200);
      // The console of 1001 on the guesser's address over WebSocket is another channel.
      const console: Endpoint = {
        protocol: 'WSS',
        address: STRANGER.address,
        port: 40000,
        connectionId: 'c1',
      };
      expect(
        (await register({ callId: 'console', source: console, contacts: ['<sip:x@a.invalid;transport=ws>'] }))
          .status,
      ).toBe(200);
      expect(locations.lookup('1001')).toHaveLength(2);
    });

    it('lifts the ban after Retry-After and doubles it when the guessing goes on', async () => {
      const { register, send, clock } = setup();
      for (let i = 0; i < 5; i++) await register({ password: 'guess', source: STRANGER, cseq: 10 * i });
      clock.advance(60_000);
      for (let i = 5; i < 10; i++) {
        expect((await register({ password: 'guess', source: STRANGER, cseq: 10 * i })).status).toBe(401);
      }
      expect((await send(registerRequest({ cseq: 200 }), STRANGER)).headers.get('Retry-After')).toBe('120');
      clock.advance(120_000);
      expect((await register({ source: STRANGER, cseq: 300 })).status).toBe(200);
    });

    it('bans an address that fails 10 different extensions, for every extension', async () => {
      const { register, send } = setup();
      for (let ext = 2001; ext <= 2010; ext++) {
        expect((await register({ user: String(ext), source: STRANGER, callId: `scan-${ext}` })).status).toBe(
          401,
        );
      }
      const banned = await send(registerRequest({ user: '1002', callId: 'scan-x' }), STRANGER);
      expect(banned.status).toBe(503);
      expect(banned.headers.get('Retry-After')).toBe('600');
      expect((await register({ source: PHONE })).status).toBe(200);
    });
  });

  it('forbids registering another extension with valid credentials', async () => {
    const { send, failures } = setup();
    const first = await send(registerRequest({ user: '1002' }));
    const auth = answerChallenge(parseAuthHeader(first.headers.get('WWW-Authenticate') ?? ''), {
      username: '1001',
      password: 'demo-1001',
      method: 'REGISTER',
      uri: 'sip:kefu.test',
    });
    const response = await send(
      registerRequest({ user: '1002', cseq: 2, authorization: formatAuthHeader(auth) }),
    );
    expect(response.status).toBe(403);
    expect(failures).toEqual(['wrong-aor:1001']);
  });

  it('says stale=true only when an expired nonce carried the right password', async () => {
    const { send, clock } = setup();
    const first = await send(registerRequest());
    const challenge = parseAuthHeader(first.headers.get('WWW-Authenticate') ?? '');
    clock.advance(5 * 60_000 + 1);
    const answer = (password: string) =>
      formatAuthHeader(
        answerChallenge(challenge, { username: '1001', password, method: 'REGISTER', uri: 'sip:kefu.test' }),
      );
    const stale = await send(registerRequest({ cseq: 2, authorization: answer('demo-1001') }));
    expect(stale.status).toBe(401);
    expect(stale.headers.getAll('WWW-Authenticate').every((h) => h.endsWith('stale=true'))).toBe(true);
    const wrong = await send(registerRequest({ cseq: 3, authorization: answer('bad') }));
    expect(wrong.headers.get('WWW-Authenticate')).not.toContain('stale');
  });

  it('refuses a replayed Authorization (same nonce, nc not higher) and accepts a higher nc', async () => {
    const { send, failures } = setup();
    const first = await send(registerRequest());
    const challenge = parseAuthHeader(first.headers.get('WWW-Authenticate') ?? '');
    const answer = (nc: number) =>
      formatAuthHeader(
        answerChallenge(challenge, {
          username: '1001',
          password: 'demo-1001',
          method: 'REGISTER',
          uri: 'sip:kefu.test',
          nc,
        }),
      );
    const captured = answer(1);
    expect((await send(registerRequest({ cseq: 2, authorization: captured }))).status).toBe(200);
    const replayed = await send(registerRequest({ cseq: 3, authorization: captured }));
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get('WWW-Authenticate')).not.toContain('stale');
    expect(failures).toEqual(['replay:1001']);
    expect((await send(registerRequest({ cseq: 4, authorization: answer(2) }))).status).toBe(200);
    expect((await send(registerRequest({ cseq: 5, authorization: answer(2) }))).status).toBe(401);
  });

  it('enforces Min-Expires with 423, caps long requests and prefers the contact expires param', async () => {
    const { register } = setup();
    const brief = await register({ expires: 30 });
    expect(brief.status).toBe(423);
    expect(brief.headers.get('Min-Expires')).toBe('60');
    const capped = await register({ expires: 7200, cseq: 10 });
    expect(capped.headers.getAll('Contact')).toEqual(['<sip:1001@192.0.2.10:5062>;expires=3600']);
    const param = await register({
      expires: 7200,
      cseq: 20,
      contacts: ['<sip:1001@192.0.2.10:5062>;expires=120'],
    });
    expect(param.headers.getAll('Contact')).toEqual(['<sip:1001@192.0.2.10:5062>;expires=120']);
  });

  it('queries, refreshes, removes with Expires: 0 and with Contact: *', async () => {
    const { register, locations, clock } = setup();
    await register({ contacts: ['<sip:1001@192.0.2.10:5062>', '<sip:1001@192.0.2.11>;q=0.5'], expires: 600 });
    clock.advance(100_000);
    const query = await register({ contacts: [], cseq: 3 });
    expect(query.headers.getAll('Contact')).toEqual([
      '<sip:1001@192.0.2.10:5062>;expires=500',
      '<sip:1001@192.0.2.11>;q=0.5;expires=500',
    ]);
    const removed = await register({ contacts: ['<sip:1001@192.0.2.11>'], expires: 0, cseq: 5 });
    expect(removed.headers.getAll('Contact')).toEqual(['<sip:1001@192.0.2.10:5062>;expires=500']);
    const badStar = await register({ contacts: ['*'], expires: 60, cseq: 7 });
    expect(badStar.status).toBe(400);
    const star = await register({ contacts: ['*'], expires: 0, cseq: 9 });
    expect(star.status).toBe(200);
    expect(star.headers.has('Contact')).toBe(false);
    expect(locations.lookup('1001')).toEqual([]);
  });

  it('rejects an older CSeq on the same Call-ID with 500 and keeps the binding', async () => {
    const { register, locations } = setup();
    expect((await register({ cseq: 10 })).status).toBe(200);
    const late = await register({ cseq: 4, expires: 0 });
    expect(late.status).toBe(500);
    expect(locations.lookup('1001')).toHaveLength(1);
  });

  it('marks outbound registrations with Require: outbound', async () => {
    const { register, locations } = setup();
    const contact = '<sip:x@a.invalid;transport=ws>;reg-id=1;+sip.instance="<urn:uuid:1>"';
    const ok = await register({ contacts: [contact] });
    expect(ok.headers.get('Require')).toBe('outbound');
    expect(locations.lookup('1001')[0]).toMatchObject({ regId: 1, instanceId: '<urn:uuid:1>' });
  });

  it('answers 404 for a non-SIP AOR and 500 when the credential store fails', async () => {
    const { send } = setup();
    const tel = registerRequest();
    tel.headers.set('To', '<tel:+8610123>');
    expect((await send(tel)).status).toBe(404);
    const broken = setup({ credentials: () => Promise.reject(new Error('db down')) });
    const errors: unknown[] = [];
    broken.registrar.delegate = { onError: (e) => errors.push(e) };
    const first = await broken.send(registerRequest());
    const auth = answerChallenge(parseAuthHeader(first.headers.get('WWW-Authenticate') ?? ''), {
      username: '1001',
      password: 'demo-1001',
      method: 'REGISTER',
      uri: 'sip:kefu.test',
    });
    expect(
      (await broken.send(registerRequest({ cseq: 2, authorization: formatAuthHeader(auth) }))).status,
    ).toBe(500);
    expect(errors).toHaveLength(1);
  });

  describe('contacts per extension', () => {
    const contact = (n: number) => `<sip:1001@192.0.2.${n}:5062>`;

    it('refuses a REGISTER that would exceed the cap with 403 and keeps the bindings', async () => {
      const { register, locations } = setup({ maxContacts: 3 });
      expect((await register({ contacts: [contact(1), contact(2), contact(3)] })).status).toBe(200);
      const over = await register({ contacts: [contact(4)], cseq: 3 });
      expect(over.status).toBe(403);
      expect(over.reason).toBe('Too Many Registered Contacts');
      expect(locations.lookup('1001').map((b) => b.uri)).toHaveLength(3);
      expect(locations.lookup('1001').map((b) => b.uri)).not.toContain('sip:1001@192.0.2.4:5062');
      const tooMany = setup({ maxContacts: 3 });
      const all = await tooMany.register({ contacts: [1, 2, 3, 4].map(contact) });
      expect(all.status).toBe(403);
      expect(tooMany.locations.lookup('1001')).toEqual([]);
    });

    it('keeps refreshes and replacements working at the cap', async () => {
      const { register, locations } = setup({ maxContacts: 3 });
      await register({ contacts: [contact(1), contact(2), contact(3)] });
      expect((await register({ contacts: [contact(2)], cseq: 3, expires: 600 })).status).toBe(200);
      // One removed and one added in the same request: the set does not grow.
      const swap = await register({ contacts: [`${contact(3)};expires=0`, contact(4)], cseq: 5 });
      expect(swap.status).toBe(200);
      expect(locations.lookup('1001')).toHaveLength(3);
    });

    it('lets an RFC 5626 instance at the cap replace its flow', async () => {
      const { register, locations } = setup({ maxContacts: 2 });
      const outbound = (host: string) =>
        `<sip:x@${host}.invalid;transport=ws>;reg-id=1;+sip.instance="<urn:uuid:1>"`;
      await register({ contacts: [contact(1)], callId: 'desk' });
      await register({ contacts: [outbound('old')], callId: 'console-1' });
      const replaced = await register({ contacts: [outbound('new')], callId: 'console-2' });
      expect(replaced.status).toBe(200);
      expect(
        locations
          .lookup('1001')
          .map((b) => b.uri)
          .sort(),
      ).toEqual(['sip:1001@192.0.2.1:5062', 'sip:x@new.invalid;transport=ws']);
    });

    it('defaults to 10 contacts', async () => {
      const { register, registrar } = setup();
      expect(registrar.maxContacts).toBe(10);
      const ten = Array.from({ length: 10 }, (_, i) => contact(i + 1));
      expect((await register({ contacts: ten })).status).toBe(200);
      expect((await register({ contacts: [contact(11)], cseq: 3 })).status).toBe(403);
    });
  });
});
