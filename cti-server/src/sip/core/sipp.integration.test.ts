import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UdpTransport } from '../transport/udp-transport.js';
import { UserAgentCore } from './user-agent-core.js';

const SIPP = '/usr/bin/sipp';
const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n';

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  const { port } = socket.address();
  await new Promise<void>((r) => socket.close(() => r()));
  return port;
}

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
    const cwd = mkdtempSync(join(tmpdir(), 'kefu-sipp-'));
    try {
      const sippPort = await freeUdpPort();
      const args = [
        '-sn',
        'uac',
        `127.0.0.1:${transport.local.port}`,
        '-i',
        '127.0.0.1',
        '-p',
        String(sippPort),
      ];
      args.push('-m', '1', '-d', '0', '-timeout', '15s', '-timeout_error', '-nostdin');
      const child = spawn(SIPP, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      // SIPp exit code 0 means "all calls were successful".
      expect(code, output.slice(-2000)).toBe(0);
      expect(byes).toBe(1);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await core.stop();
    }
  });
});
