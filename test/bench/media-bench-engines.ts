// The two media engines the media bench compares, each behind the MediaPlane interface, with a
// CPU meter for the process that actually forwards the packets.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { EmbeddedMediaPlane } from '../../cti-server/src/rtp/embedded-media-plane.js';
import type { MediaPlane } from '../../cti-server/src/rtp/media-plane.js';
import { sharedMediaTicker } from '../../cti-server/src/rtp/media-ticker.js';
import { startRtpengineMedia } from '../../cti-server/src/media-rtpengine/start-rtpengine-media.js';
import { freeUdpPort } from '../support/free-port.js';

export type EngineName = 'embedded' | 'rtpengine';

export interface BenchEngine {
  name: EngineName;
  plane: MediaPlane;
  /** CPU time (user + system, ms) the forwarding process has used so far. */
  cpuMs(): number;
  /** Engine internals worth a look when a step fails; call at the start, read at the end. */
  watch?(): () => string;
  close(): Promise<void>;
}

export async function openBenchEngine(name: EngineName): Promise<BenchEngine> {
  return name === 'embedded' ? openEmbedded() : openRtpengine();
}

function openEmbedded(): BenchEngine {
  // Runs in this process, so this process's CPU is the engine's (the generator is a child).
  const ticker = sharedMediaTicker();
  const plane = new EmbeddedMediaPlane({
    bindAddress: '127.0.0.1',
    portRange: { min: 20000, max: 30000 },
    ticker,
  });
  return {
    name: 'embedded',
    plane,
    cpuMs: () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    },
    watch: () => {
      // The embedded engine forwards on a shared 20 ms ticker: a starved ticker drops frames.
      const stats = ticker.stats;
      const skipped0 = stats.skipped;
      stats.maxLateMs = 0;
      return () =>
        `ticker: ${stats.skipped - skipped0} ticks skipped, up to ${stats.maxLateMs.toFixed(1)} ms late`;
    },
    close: () => plane.close(),
  };
}

async function openRtpengine(): Promise<BenchEngine> {
  const media = await startRtpengineMedia({
    interfaceAddress: '127.0.0.1',
    ngPort: await freeUdpPort(),
    // 4 ports a call (RTP + RTCP on both legs); rtpengine skips ports others hold.
    portMin: 30000,
    portMax: 44000,
    mediaTimeoutMs: 0,
  });
  const pid = media.process?.pid;
  if (pid === undefined) throw new Error('rtpengine was not spawned');
  favour(pid);
  const ticksPerSecond = clockTicksPerSecond();
  return {
    name: 'rtpengine',
    plane: media.plane,
    cpuMs: () => (daemonCpuTicks(pid) * 1000) / ticksPerSecond,
    close: () => media.close(),
  };
}

/** utime + stime of a process (all its threads), in clock ticks: proc(5), /proc/<pid>/stat. */
function daemonCpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)" start at field 3 (state); utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU time (ms) all cores have spent busy since boot, from /proc/stat: proc(5). */
export function machineBusyMs(ticksPerSecond = clockTicksPerSecond()): number {
  const [, ...jiffies] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const n = jiffies.map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0); // idle + iowait
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0); // up to steal; guest is counted in user
  return ((total - idle) * 1000) / ticksPerSecond;
}

let clockTicks: number | undefined;
function clockTicksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return clockTicks;
}

/**
 * Runs a process ahead of the other work on this shared machine (nice −10), so the figures are
 * about the engine rather than about whoever else is busy. Needs root; without it, nothing changes.
 */
export function favour(pid: number): boolean {
  try {
    setPriority(pid, -10);
    return true;
  } catch {
    return false;
  }
}
