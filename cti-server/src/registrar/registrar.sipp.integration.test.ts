import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserAgentCore } from '../sip/core/user-agent-core.js';
import { UdpTransport } from '../sip/transport/udp-transport.js';
import { ha1FromPassword } from './digest-auth.js';
import { LocationService } from './location-service.js';
import { Registrar } from './registrar.js';

const SIPP = '/usr/bin/sipp';
const SCENARIO = fileURLToPath(new URL('./testdata/register-auth.xml', import.meta.url));

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  const { port } = socket.address();
  await new Promise<void>((r) => socket.close(() => r()));
  return port;
}

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
    const cwd = mkdtempSync(join(tmpdir(), 'kefu-sipp-reg-'));
    try {
      const sippPort = await freeUdpPort();
      const args = [`127.0.0.1:${transport.local.port}`, '-sf', SCENARIO, '-m', '1'];
      args.push('-i', '127.0.0.1', '-p', String(sippPort), '-timeout', '20s', '-timeout_error', '-nostdin');
      const child = spawn(SIPP, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      // SIPp exit code 0 means "all calls were successful".
      expect(code, output.slice(-2000)).toBe(0);
      expect(locations.lookup('1001').map((b) => b.uri)).toEqual([`sip:1001@127.0.0.1:${sippPort}`]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      locations.dispose();
      await core.stop();
    }
  });
});
