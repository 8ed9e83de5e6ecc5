// What the SIPp load benchmarks share (bench:sip, bench:soak): bench agents in the database, their
// registrations from one SIPp UAS, SIPp's counters and errors, and CPU figures from /proc (Linux).
import { existsSync, readFileSync } from 'node:fs';
import { sipHa1, type Db } from '@kefu/db';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';

export const REALM = 'kefu';
export const PASSWORD = 'bench-secret';

/** CPU seconds (user + system) a child process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 (1-based) of stat, in clock ticks (100 Hz on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Whole-machine busy CPU seconds (all cores) from /proc/stat, to show what else was running. */
export function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return (cpu.reduce((a, b) => a + b, 0) - idle) / 100;
}

/** Cumulative counters from SIPp's final statistics screen. */
export function sippCounters(output: string): { created: number; successful: number; failed: number } {
  const cumulative = (name: string) => {
    const lines = output.split('\n').filter((l) => l.trimStart().startsWith(name));
    const last = lines[lines.length - 1] ?? '';
    return Number(last.split('|').pop()?.trim() ?? NaN);
  };
  return {
    created: cumulative('Outgoing calls created'),
    successful: cumulative('Successful call'),
    failed: cumulative('Failed call'),
  };
}

/** Sales queue without wrap-up, plus `agents` agents 2000… with skill sales (the ACD reads both at start). */
export async function prepareBenchAgents(db: Db, agents: number): Promise<string[]> {
  await db.queue.update({ where: { name: 'sales' }, data: { wrapUpSeconds: 0 } });
  const sales = await db.skill.findUniqueOrThrow({ where: { name: 'sales' } });
  const extensions = Array.from({ length: agents }, (_, i) => String(2000 + i));
  for (const extension of extensions) {
    await db.user.create({
      data: {
        username: extension,
        displayName: `Bench ${extension}`,
        role: 'agent',
        passwordHash: 'bench-agents-do-not-log-in',
        agent: {
          create: {
            extension,
            sipRealm: REALM,
            sipHa1Md5: sipHa1(extension, REALM, PASSWORD, 'MD5'),
            sipHa1Sha256: sipHa1(extension, REALM, PASSWORD, 'SHA-256'),
            skills: { create: { skillId: sales.id, proficiency: 3 } },
          },
        },
      },
    });
  }
  return extensions;
}

/** One short SIPp run per agent, `parallel` at a time; returns how many failed. */
export async function registerAll(
  server: string,
  uasPort: number,
  extensions: string[],
  parallel = 8,
): Promise<number> {
  let failed = 0;
  const queue = [...extensions];
  const worker = async () => {
    for (let ext = queue.shift(); ext !== undefined; ext = queue.shift()) {
      const run = await runSipp({
        scenarioFile: scenario('bench-register.xml'),
        target: server,
        vars: { ext, uas_port: String(uasPort) },
        timeoutSeconds: 10,
        extra: ['-au', ext, '-ap', PASSWORD],
      });
      if ((await run.done).code !== 0) failed++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return failed;
}

/** The first few distinct failure reasons SIPp logged (-trace_err), one line each. */
export function firstErrors(file: string, max = 5): string {
  if (!existsSync(file)) return '  (no error log)';
  const reasons = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /aborting|timeout|unexpected|failed/i.test(l))
    .map((l) => `  ${l.replace(/^.*?: /, '').slice(0, 160)}`);
  const lines = [...new Set(reasons)].slice(0, max);
  if (lines.length === 0)
    lines.push(
      ...readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(0, max)
        .map((l) => `  ${l.slice(0, 160)}`),
    );
  return lines.join('\n');
}

/** SIPp's final screen; exit codes other than 0 (all passed) and 1 (some failed) are reported. */
export async function finished(run: SippRun, label: string): Promise<string> {
  const { code, output } = await run.done;
  if (code !== 0 && code !== 1) console.log(`${label}: SIPp exited ${code}`);
  return output;
}

/**
 * The environment both load benches give their server: loopback SIP on `sipPort`, no flood limit
 * (one carrier at 200 calls/s from one address is their load, not a flood), and the media
 * engine, its thread and recording as the operator set them for the run.
 */
export function benchServerEnv(dataDir: string, sipPort: number): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    TOKEN_SECRET: PASSWORD,
    SIP_HOST: '127.0.0.1',
    SIP_PORT: String(sipPort),
    SIP_RATE_LIMIT: '0',
    ...Object.fromEntries(
      ['MEDIA', 'MEDIA_THREAD', 'RECORD_CALLS', 'RTPENGINE_NG_PORT'].flatMap((k) => {
        const v = process.env[k];
        return v ? [[k, v]] : [];
      }),
    ),
  };
}
