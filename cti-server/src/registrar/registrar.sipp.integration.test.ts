import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserAgentCore } from '../sip/core/user-agent-core.js';
import { runSippOnce } from '../sip/testing/sipp-once.js';
import { UdpTransport } from '../sip/transport/udp-transport.js';
import { ha1FromPassword } from './digest-auth.js';
import { LocationService } from './location-service.js';
import { Registrar } from './registrar.js';

const SCENARIO = fileURLToPath(new URL('./testdata/register-auth.xml', import.meta.url));

describe('black-box REGISTER with SIPp', () => {
  // SIPp 3.6 answers only the first WWW-Authenticate and only with MD5 ("authentication must use MD5
  // or AKAv1-MD5"), so this registrar offers MD5 alone; the default (SHA-256 first) is covered elsewhere.
  it('sipp -sf register-auth.xml: 401, digest, 200', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const core = new UserAgentCore({ transports: [transport] });
    const locations = new LocationService();
    const registrar = new Registrar({
      locations,
      algorithms: ['MD5'],
      credentials: async (username, realm) =>
        username === '1001' ? ha1FromPassword(username, realm, 'demo-1001') : null,
    });
    core.delegate = { onRegister: (request) => void registrar.handle(request) };
    await core.start();
    try {
      const sipp = await runSippOnce(`127.0.0.1:${transport.local.port}`, [
        ...['-sf', SCENARIO, '-m', '1', '-timeout', '20s'],
      ]);
      expect(sipp.code, sipp.output).toBe(0);
      expect(locations.lookup('1001').map((b) => b.uri)).toEqual([`sip:1001@127.0.0.1:${sipp.localPort}`]);
    } finally {
      locations.dispose();
      await core.stop();
    }
  });
});
