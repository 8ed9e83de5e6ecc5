import { afterEach, describe, expect, it } from 'vitest';
import type { UserAgentCore as Core } from '../sip/core/user-agent-core.js';
import { UserAgentCore } from '../sip/core/user-agent-core.js';
import { answerChallenge, formatAuthHeader, parseAuthHeader } from '../sip/message/digest.js';
import type { SipResponse } from '../sip/message/sip-message.js';
import { SimulatedClock } from '../clock/index.js';
import { UdpTransport } from '../sip/transport/udp-transport.js';
import { ha1FromPassword } from './digest-auth.js';
import { LocationService } from './location-service.js';
import { Registrar } from './registrar.js';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.stop()));
});

/** A registrar core and a phone core on loopback UDP; the registrar's clock is simulated. */
async function setup() {
  const clock = new SimulatedClock();
  const serverTransport = new UdpTransport({ host: '127.0.0.1', port: 0 });
  const server = new UserAgentCore({ transports: [serverTransport] });
  const phoneTransport = new UdpTransport({ host: '127.0.0.1', port: 0 });
  const phone = new UserAgentCore({ transports: [phoneTransport] });
  cores.push(server, phone);
  const locations = new LocationService({ clock });
  const registrar = new Registrar({
    locations,
    credentials: async (username, realm) =>
      username === '1001' ? ha1FromPassword(username, realm, 'demo-1001') : null,
  });
  server.delegate = { onRegister: (request) => void registrar.handle(request) };
  const changes: Array<[string, number]> = [];
  locations.delegate = { onChange: (aor, contacts) => changes.push([aor, contacts.length]) };
  await Promise.all([server.start(), phone.start()]);
  const target = `sip:127.0.0.1:${serverTransport.local.port}`;
  // The core writes its own Contact (user `kefu`).
  const phoneContact = `sip:kefu@127.0.0.1:${phoneTransport.local.port}`;
  let cseq = 0;

  function register(headers: Array<[string, string]>, contact?: string): Promise<SipResponse> {
    const request = phone.createRequest('REGISTER', target, {
      from: '<sip:1001@127.0.0.1>',
      to: '<sip:1001@127.0.0.1>',
      callId: 'phone-1001',
      cseq: ++cseq,
      headers,
    });
    if (contact === '') request.headers.delete('Contact');
    else if (contact !== undefined) request.headers.set('Contact', contact);
    return new Promise((resolve, reject) => {
      phone.send(request, {
        onAccept: resolve,
        onReject: resolve,
        onTimeout: () => reject(new Error('timeout')),
      });
    });
  }

  /** The full 401 → digest → final exchange, as a phone does it. */
  async function login(
    password: string,
    headers: Array<[string, string]> = [['Expires', '300']],
    contact?: string,
  ) {
    const challenge = await register(headers, contact);
    expect(challenge.status).toBe(401);
    const auth = answerChallenge(parseAuthHeader(challenge.headers.get('WWW-Authenticate') ?? ''), {
      username: '1001',
      password,
      method: 'REGISTER',
      uri: target,
    });
    expect(auth.params.get('algorithm')).toBe('SHA-256');
    return register([...headers, ['Authorization', formatAuthHeader(auth)]], contact);
  }

  return { clock, locations, changes, register, login, phoneContact, phoneTransport };
}

describe('registrar on a UserAgentCore over loopback UDP', () => {
  it('401 → digest → 200 with the contact; refresh; Expires: 0 unregisters', async () => {
    const { locations, login, phoneContact, phoneTransport, changes } = await setup();
    const ok = await login('demo-1001');
    expect(ok.status).toBe(200);
    expect(ok.headers.getAll('Contact')).toEqual([`<${phoneContact}>;expires=300`]);
    const [binding] = locations.lookup('1001');
    expect(binding?.flow).toMatchObject({
      protocol: 'UDP',
      address: '127.0.0.1',
      port: phoneTransport.local.port,
    });

    const refresh = await login('demo-1001', [['Expires', '600']]);
    expect(refresh.headers.getAll('Contact')).toEqual([`<${phoneContact}>;expires=600`]);
    expect(locations.lookup('1001')).toHaveLength(1);

    const gone = await login('demo-1001', [['Expires', '0']]);
    expect(gone.status).toBe(200);
    expect(gone.headers.has('Contact')).toBe(false);
    expect(locations.lookup('1001')).toEqual([]);
    expect(changes).toEqual([
      ['1001', 1],
      ['1001', 1],
      ['1001', 0],
    ]);
  });

  it('wrong password gets 401; after 5 wrong that source answers 503 with Retry-After, without a challenge', async () => {
    const { login, register } = await setup();
    for (let i = 0; i < 5; i++) expect((await login('wrong')).status).toBe(401);
    const blocked = await register([['Expires', '300']]);
    expect(blocked.status).toBe(503);
    expect(blocked.headers.get('Retry-After')).toBe('60');
    expect(blocked.headers.has('WWW-Authenticate')).toBe(false);
  });

  it('Contact: * removes every binding; a query lists what is left', async () => {
    const { locations, login } = await setup();
    await login('demo-1001', [['Expires', '300']], '<sip:1001@127.0.0.1:5999>');
    await login('demo-1001', [['Expires', '300']], '<sip:1001@127.0.0.1:5998>');
    const query = await login('demo-1001', [], '');
    expect(query.headers.getAll('Contact')).toHaveLength(2);
    const star = await login('demo-1001', [['Expires', '0']], '*');
    expect(star.status).toBe(200);
    expect(locations.lookup('1001')).toEqual([]);
  });

  it('bindings expire on the registrar clock', async () => {
    const { clock, locations, login, changes } = await setup();
    expect((await login('demo-1001', [['Expires', '120']])).status).toBe(200);
    clock.advance(119_000);
    expect(locations.lookup('1001')).toHaveLength(1);
    clock.advance(1_000);
    expect(changes.at(-1)).toEqual(['1001', 0]);
    expect(locations.lookup('1001')).toEqual([]);
  });
});
