import { afterEach, describe, expect, it } from 'vitest';
import { UserAgentCore } from '../sip/core/user-agent-core.js';
import { answerChallenge, formatAuthHeader, parseAuthHeader } from '../sip/message/digest.js';
import type { SipResponse } from '../sip/message/sip-message.js';
import { TcpTransport } from '../sip/transport/tcp-transport.js';
import { ha1FromPassword } from './digest-auth.js';
import { LocationService } from './location-service.js';
import { Registrar } from './registrar.js';

const cores: UserAgentCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.stop()));
});

/** Registrar over TCP wired as the SIP plugin should: a closed connection drops its bindings. */
async function setup() {
  const serverTransport = new TcpTransport({ host: '127.0.0.1', port: 0 });
  const server = new UserAgentCore({ transports: [serverTransport] });
  cores.push(server);
  const locations = new LocationService();
  const registrar = new Registrar({
    locations,
    credentials: async (username, realm) => ha1FromPassword(username, realm, `demo-${username}`),
  });
  const changes: Array<[string, number]> = [];
  locations.delegate = { onChange: (aor, contacts) => changes.push([aor, contacts.length]) };
  server.delegate = {
    onRegister: (request) => void registrar.handle(request),
    onConnectionClosed: (flow) => {
      if (flow.connectionId) locations.removeFlow(flow.connectionId);
    },
  };
  await server.start();
  const target = `sip:127.0.0.1:${serverTransport.local.port};transport=tcp`;

  /** A phone on its own TCP connection that registers `user` (401 → digest → 200). */
  async function phone(user: string) {
    const transport = new TcpTransport({ host: '127.0.0.1', port: 0 });
    const core = new UserAgentCore({ transports: [transport] });
    cores.push(core);
    await core.start();
    let cseq = 0;
    const send = (headers: Array<[string, string]>): Promise<SipResponse> =>
      new Promise((resolve, reject) => {
        const request = core.createRequest('REGISTER', target, {
          from: `<sip:${user}@127.0.0.1>`,
          to: `<sip:${user}@127.0.0.1>`,
          callId: `phone-${user}`,
          cseq: ++cseq,
          headers: [['Expires', '300'], ...headers],
        });
        core.send(request, {
          onAccept: resolve,
          onReject: resolve,
          onTimeout: () => reject(new Error('timeout')),
        });
      });
    const challenge = await send([]);
    expect(challenge.status).toBe(401);
    const auth = answerChallenge(parseAuthHeader(challenge.headers.get('WWW-Authenticate') ?? ''), {
      username: user,
      password: `demo-${user}`,
      method: 'REGISTER',
      uri: target,
    });
    expect((await send([['Authorization', formatAuthHeader(auth)]])).status).toBe(200);
    return core;
  }

  return { locations, changes, phone };
}

describe('registrar bindings on stream connections (RFC 5626 §4.4)', () => {
  it('drops the bindings of a TCP connection when it closes, and only those', async () => {
    const { locations, changes, phone } = await setup();
    const a = await phone('1001');
    await phone('1002');
    const [binding] = locations.lookup('1001');
    expect(binding?.flow).toMatchObject({
      protocol: 'TCP',
      connectionId: expect.stringMatching(/^127\.0\.0\.1:/),
    });

    await a.stop();
    await expect.poll(() => locations.lookup('1001'), { interval: 5 }).toEqual([]);
    expect(changes).toEqual([
      ['1001', 1],
      ['1002', 1],
      ['1001', 0],
    ]);
    expect(locations.lookup('1002')).toHaveLength(1);
  });
});
