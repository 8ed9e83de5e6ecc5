import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's sip-tester; the tests that use it require it (`./kefu test` installs it). */
export const SIPP = '/usr/bin/sipp';

/** A UDP port that was free a moment ago on 127.0.0.1. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  const { port } = socket.address();
  await new Promise<void>((r) => socket.close(() => r()));
  return port;
}

/**
 * Runs SIPp once against `target` from a free local port, in a scratch directory for its logs.
 * `code` 0 means SIPp counted every call successful.
 */
export async function runSippOnce(
  target: string,
  args: string[],
): Promise<{ code: number | null; output: string; localPort: number }> {
  const localPort = await freeUdpPort();
  const cwd = mkdtempSync(join(tmpdir(), 'kefu-sipp-'));
  try {
    const all = [target, ...args, '-i', '127.0.0.1', '-p', String(localPort), '-timeout_error', '-nostdin'];
    const child = spawn(SIPP, all, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, output: output.slice(-2000), localPort };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
