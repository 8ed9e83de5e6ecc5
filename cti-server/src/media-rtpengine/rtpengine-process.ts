// Runs Debian's rtpengine daemon (userspace forwarding, no kernel module) as a child process, for
// MEDIA=rtpengine and for tests. Flags: rtpengine --help (10.5); `--config-file=none` so the
// packaged /etc/rtpengine/rtpengine.conf (fixed CLI/HTTP ports) is not read.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { NgClient } from './ng-client.js';

export const RTPENGINE_BINARY = '/usr/bin/rtpengine';

export interface RtpengineProcessOptions {
  /** IPv4 address for RTP (and, by default, the ng socket). */
  interfaceAddress: string;
  ngPort: number;
  ngAddress?: string;
  portMin: number;
  portMax: number;
  /** rtpengine sends each DTMF event as JSON to this UDP port on `interfaceAddress`. */
  dtmfLogPort?: number;
  /** pcap recordings go to `<recordingDir>/pcaps`. */
  recordingDir?: string;
  /** syslog level 0–7 (default 5: notices and worse). */
  logLevel?: number;
  binary?: string;
  startTimeoutMs?: number;
}

export type RtpengineProcessState = 'idle' | 'starting' | 'running' | 'stopped';

export class RtpengineProcess {
  state: RtpengineProcessState = 'idle';
  private child: ChildProcess | undefined;
  private output = '';
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  constructor(readonly options: RtpengineProcessOptions) {}

  get ngHost(): string {
    return this.options.ngAddress ?? this.options.interfaceAddress;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The daemon's stdout/stderr so far (its log, with -E), for diagnostics. */
  get log(): string {
    return this.output;
  }

  args(): string[] {
    const o = this.options;
    return [
      '--config-file=none',
      '--foreground',
      '--log-stderr',
      '--table=-1',
      `--interface=${o.interfaceAddress}`,
      `--listen-ng=${this.ngHost}:${o.ngPort}`,
      `--port-min=${o.portMin}`,
      `--port-max=${o.portMax}`,
      `--log-level=${o.logLevel ?? 5}`,
      // Deleted calls release their ports at once instead of 30 s later.
      '--delete-delay=0',
      ...(o.dtmfLogPort !== undefined ? [`--dtmf-log-dest=${o.interfaceAddress}:${o.dtmfLogPort}`] : []),
      ...(o.recordingDir ? ['--recording-method=pcap', `--recording-dir=${o.recordingDir}`] : []),
    ];
  }

  /** Spawns the daemon and resolves once it answers an ng `ping`. */
  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`rtpengine process is ${this.state}`);
    this.state = 'starting';
    if (this.options.recordingDir) await mkdir(this.options.recordingDir, { recursive: true });
    const child = spawn(this.options.binary ?? RTPENGINE_BINARY, this.args(), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    process.once('exit', this.killOnExit);
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-100_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`rtpengine exited (${code}) during start:\n${this.output.slice(-2000)}`)),
      );
    });
    exited.catch(() => {});
    try {
      await Promise.race([this.waitForPong(), exited]);
      this.state = 'running';
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async waitForPong(): Promise<void> {
    const client = new NgClient({ host: this.ngHost, port: this.options.ngPort }, { timeoutMs: 200 });
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 10_000);
    try {
      for (;;) {
        try {
          if ((await client.send('ping')).result === 'pong') return;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`rtpengine did not answer ping: ${String(err)}`);
        }
        if (this.state !== 'starting') throw new Error('rtpengine stopped while starting');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      client.close();
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the daemon has exited. */
  async stop(graceMs = 3000): Promise<void> {
    const child = this.child;
    this.state = 'stopped';
    process.off('exit', this.killOnExit);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
