import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserAgentCore } from '../sip/core/user-agent-core.js';
import { SIPP, freeUdpPort } from '../sip/testing/sipp-once.js';
import { UdpTransport } from '../sip/transport/udp-transport.js';
import { TrunkRegistration, type TrunkRegistrationStatus } from './trunk-registration.js';

const SCENARIO = fileURLToPath(new URL('./testdata/carrier-registrar.xml', import.meta.url));

/** SIPp as the carrier's registrar (UAS mode) on a free loopback port, for one registration. */
async function startCarrier() {
  const port = await freeUdpPort();
  const cwd = mkdtempSync(join(tmpdir(), 'kefu-sipp-'));
  const args = [
    '-sf',
    SCENARIO,
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-m',
    '1',
    '-nostdin',
    '-timeout',
    '20s',
  ];
  const child = spawn(SIPP, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code, output: output.slice(-2000) });
    }),
  );
  // SIPp binds within a few ms; give it a moment before the first REGISTER.
  await new Promise((r) => setTimeout(r, 300));
  return { port, done };
}

describe('TrunkRegistration against SIPp acting as a carrier registrar', () => {
  it.each([
    ['s3cret', 'registered'],
    ['wrong', 'failed'],
  ] as const)('password %s: 401 → digest → %s', async (password, expected) => {
    const carrier = await startCarrier();
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const core = new UserAgentCore({ transports: [transport] });
    await core.start();
    const statuses: TrunkRegistrationStatus[] = [];
    const registration = new TrunkRegistration({
      core,
      trunk: {
        id: 't1',
        name: 'carrier',
        host: '127.0.0.1',
        port: carrier.port,
        transport: 'udp',
        username: 'kefu-trunk',
        password,
      },
      expires: 300,
    });
    registration.delegate = { onStatus: (s) => statuses.push(s) };
    try {
      registration.start();
      const sipp = await carrier.done;
      expect(sipp.code, sipp.output).toBe(0);
      await expect.poll(() => registration.status.state, { interval: 10 }).toBe(expected);
      const status = registration.status;
      if (expected === 'registered') {
        // The carrier granted 120 s of the 300 asked: refresh at 60 s.
        expect((status.expiresAt ?? 0) - core.clock.now()).toBeGreaterThan(119_000);
        expect((status.nextAttemptAt ?? 0) - (status.expiresAt ?? 0)).toBe(-60_000);
        expect(status.lastError).toBeUndefined();
      } else {
        expect(status.lastError).toBe('403 Forbidden');
        expect(status.failures).toBe(1);
      }
      expect(statuses[0]?.state).toBe('registering');
    } finally {
      registration.delegate = {};
      registration.stop();
      await core.stop();
    }
  });
});
