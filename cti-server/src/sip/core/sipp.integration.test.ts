import { describe, expect, it } from 'vitest';
import { runSippOnce } from '../testing/sipp-once.js';
import { UdpTransport } from '../transport/udp-transport.js';
import { UserAgentCore } from './user-agent-core.js';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n';

describe('black-box interop with SIPp', () => {
  it('sipp -sn uac completes one call against a core answering 200', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const core = new UserAgentCore({ transports: [transport] });
    let byes = 0;
    core.delegate = {
      onInvite: (invite) => invite.respond(200, { body: SDP, contentType: 'application/sdp' }),
      onBye: () => byes++,
    };
    await core.start();
    try {
      const sipp = await runSippOnce(`127.0.0.1:${transport.local.port}`, [
        ...['-sn', 'uac', '-m', '1', '-d', '0', '-timeout', '15s'],
      ]);
      expect(sipp.code, sipp.output).toBe(0);
      expect(byes).toBe(1);
    } finally {
      await core.stop();
    }
  });
});
