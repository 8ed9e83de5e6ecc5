// Runs SIPp (Debian package sip-tester) as a real SIP peer: a carrier trunk or an agent phone.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freeUdpPort } from './free-port.js';

export const SIPP = '/usr/bin/sipp';
export const scenario = (name: string) => path.resolve(import.meta.dirname, '..', 'sipp', name);

export function requireSipp(): void {
  if (!existsSync(SIPP))
    throw new Error('SIPp is needed: apt-get install -y sip-tester (./kefu test installs it)');
}

export interface SippRun {
  process: ChildProcess;
  port: number;
  /** Resolves with SIPp's exit code: 0 all calls succeeded, 1 some failed, other = error. */
  done: Promise<{ code: number | null; output: string }>;
  /** What SIPp printed so far. */
  output(): string;
  stop(): void;
}

export interface SippOptions {
  scenarioFile: string;
  target: string;
  transport?: 'u1' | 't1' | 'un' | 'tn';
  service?: string;
  vars?: Record<string, string>;
  calls?: number;
  rate?: number;
  ratePeriodMs?: number;
  timeoutSeconds?: number;
  extra?: string[];
  /** Run on another host: inside this network namespace (test/net), as `localIp`. */
  netns?: string;
  localIp?: string;
  /** SIP port (media on +2); a free one on this host by default. */
  localPort?: number;
}

export async function runSipp(opts: SippOptions): Promise<SippRun> {
  requireSipp();
  const port = opts.localPort ?? (await freeUdpPort());
  const args = [
    opts.target,
    '-sf',
    opts.scenarioFile,
    '-i',
    opts.localIp ?? '127.0.0.1',
    '-p',
    String(port),
    '-t',
    opts.transport ?? 'u1',
    '-m',
    String(opts.calls ?? 1),
    '-timeout',
    `${opts.timeoutSeconds ?? 30}s`,
    '-timeout_error',
    '-nostdin',
    '-nd',
    '-mp',
    String(port + 2),
    ...(opts.service ? ['-s', opts.service] : []),
    ...(opts.rate ? ['-r', String(opts.rate), '-rp', String(opts.ratePeriodMs ?? 1000)] : []),
    ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ['-set', k, v]),
    ...(opts.extra ?? []),
  ];
  const child = opts.netns
    ? spawn('ip', ['netns', 'exec', opts.netns, SIPP, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(SIPP, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
  return { process: child, port, done, output: () => output, stop: () => child.kill('SIGUSR1') };
}
