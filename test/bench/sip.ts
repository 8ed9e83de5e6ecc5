// Sustained calls per second through the B2BUA: SIPp as carrier (UAC) and as every agent's phone
// (one UAS for all registrations), the whole server in this process on a fresh SQLite database.
// Run: pnpm exec tsx test/bench/sip.ts [rates=50,100,200] [seconds=30] [agents=600]
// (MEDIA=rtpengine and RECORD_CALLS=false are passed to the server as they are.)
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each rate's run (set-up excluded) to <dir>.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, seedDemo, sipHa1, type Db } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { writeQueueFor } from '@kefu/cti-server/services/write-queue';
import { freeUdpPort } from '../support/free-port.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';

const RATES = (process.argv[2] ?? '50,100,200').split(',').map(Number);
const SECONDS = Number(process.argv[3] ?? 30);
const AGENTS = Number(process.argv[4] ?? 600);
const TALK_MS = 1000;
const REALM = 'kefu';
const PASSWORD = 'bench-secret';

const PROFILE_DIR = process.env.BENCH_CPU_PROF;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** CPU seconds (user + system) a child process has used so far, from /proc (Linux). */
function processCpuSeconds(pid: number | undefined): number {
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
function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return (cpu.reduce((a, b) => a + b, 0) - idle) / 100;
}

/** RSS every `everyMs` while a run lasts: first, lowest, highest, last. */
function sampleRss(everyMs = 5000) {
  const samples: number[] = [process.memoryUsage().rss];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), everyMs);
  return () => {
    clearInterval(timer);
    samples.push(process.memoryUsage().rss);
    return {
      first: samples[0]!,
      min: Math.min(...samples),
      max: Math.max(...samples),
      last: samples[samples.length - 1]!,
      count: samples.length,
    };
  };
}

/** Cumulative counters from SIPp's final statistics screen. */
function sippCounters(output: string): { created: number; successful: number; failed: number } {
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

/** Sales queue without wrap-up, plus agents 2000… with skill sales (the ACD reads both at start). */
async function prepareDatabase(db: Db): Promise<string[]> {
  await db.queue.update({ where: { name: 'sales' }, data: { wrapUpSeconds: 0 } });
  const sales = await db.skill.findUniqueOrThrow({ where: { name: 'sales' } });
  const extensions = Array.from({ length: AGENTS }, (_, i) => String(2000 + i));
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
async function registerAll(
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
function firstErrors(file: string, max = 5): string {
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
async function finished(run: SippRun, label: string): Promise<string> {
  const { code, output } = await run.done;
  if (code !== 0 && code !== 1) console.log(`${label}: SIPp exited ${code}`);
  return output;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-sip-'));
  const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
  await migrate(target);
  const db = await openDatabase(target);
  await seedDemo(db, { customers: 60 });
  const extensions = await prepareDatabase(db);

  const sipPort = await freeUdpPort();
  const config = loadConfig({
    DATA_DIR: dir,
    TOKEN_SECRET: 'bench-secret',
    SIP_HOST: '127.0.0.1',
    SIP_PORT: String(sipPort),
    // The media engine and recording as the operator would set them (MEDIA=rtpengine moves RTP
    // out of the Node process).
    ...Object.fromEntries(
      ['MEDIA', 'RECORD_CALLS', 'RTPENGINE_NG_PORT'].flatMap((k) =>
        process.env[k] ? [[k, process.env[k]]] : [],
      ),
    ),
  });
  const app = await buildApp({ config, db, logger: false, sip: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const server = `127.0.0.1:${sipPort}`;
  let uas: SippRun | undefined;
  try {
    // One UAS answers for every agent; registrations point their Contact at it.
    uas = await runSipp({
      scenarioFile: scenario('bench-agent-uas.xml'),
      target: server,
      calls: 10_000_000,
      timeoutSeconds: 3600,
      extra: ['-max_socket', '10000'],
    });
    const failedRegistrations = await registerAll(server, uas.port, extensions);
    const registered = extensions.filter((e) => app.sip.locations.lookup(e).length > 0);
    for (const ext of registered) {
      const agent = app.agentDirectory.agentByExtension(ext);
      if (agent) app.acd.login(agent.id, { actor: agent.id });
    }
    console.log(
      `agents: ${registered.length}/${extensions.length} registered (${failedRegistrations} SIPp REGISTER runs failed) and ready; queue sales wrap-up 0 s; calls talk ${TALK_MS} ms`,
    );

    for (const rate of RATES) {
      await new Promise((r) => setTimeout(r, 2000)); // let the previous rate's calls drain
      const errorFile = path.join(dir, `carrier-${rate}-errors.log`);
      const rss = sampleRss();
      const cpuBefore = process.cpuUsage();
      const uasCpuBefore = processCpuSeconds(uas.process.pid);
      const machineBefore = machineBusySeconds();
      const profiler = PROFILE_DIR ? new Session() : undefined;
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      const started = performance.now();
      const carrier = await runSipp({
        scenarioFile: scenario('bench-carrier.xml'),
        target: server,
        service: '4008003000',
        vars: { ani: '13800138000' },
        calls: rate * SECONDS,
        rate,
        timeoutSeconds: SECONDS + 60,
        extra: ['-d', String(TALK_MS), '-max_socket', '10000', '-trace_err', '-error_file', errorFile],
      });
      // Sampled just before SIPp exits: /proc/<pid>/stat is gone once it is reaped.
      let carrierCpu = NaN;
      const carrierTimer = setInterval(() => {
        const s = processCpuSeconds(carrier.process.pid);
        if (!Number.isNaN(s)) carrierCpu = s;
      }, 200);
      const carrierOutput = await finished(carrier, `carrier at ${rate} cps`);
      const c = sippCounters(carrierOutput);
      clearInterval(carrierTimer);
      const wallS = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const pct = (seconds: number) => `${((seconds / wallS) * 100).toFixed(0)}%`;
      const serverCpu = (cpu.user + cpu.system) / 1e6;
      const uasCpu = processCpuSeconds(uas.process.pid) - uasCpuBefore;
      const machine = machineBusySeconds() - machineBefore;
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        profiler.disconnect();
        mkdirSync(PROFILE_DIR!, { recursive: true });
        const file = path.join(PROFILE_DIR!, `sip-${rate}cps-${Date.now()}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        console.log(`CPU profile: ${file}`);
      }
      const r = rss();
      console.log(
        `rate ${rate} cps × ${SECONDS} s: attempted ${c.created}, successful ${c.successful}, failed ${c.failed}; ` +
          `achieved ${(c.successful / wallS).toFixed(1)} cps over ${wallS.toFixed(1)} s\n` +
          `  CPU (100% = one core): server ${pct(serverCpu)}, SIPp carrier ${pct(carrierCpu)}, SIPp agents ${pct(uasCpu)}, ` +
          `whole machine ${pct(machine)} of 200% (the rest is other processes)\n` +
          `  server RSS ${mb(r.first)} → ${mb(r.last)} (min ${mb(r.min)}, max ${mb(r.max)}, ${r.count} samples), ` +
          `heap used ${mb(process.memoryUsage().heapUsed)}`,
      );
      // Nothing lost: every call the carrier completed has its Interaction, ended, with events.
      await app.agentStateLog.flush();
      const [row] = await db.$queryRawUnsafe<
        Array<{ calls: number; ended: number; events: number; routing: number; states: number }>
      >(
        `SELECT (SELECT COUNT(*) FROM "Interaction") AS calls,
                (SELECT COUNT(*) FROM "Interaction" WHERE "endedAt" IS NOT NULL) AS ended,
                (SELECT COUNT(*) FROM "InteractionEvent") AS events,
                (SELECT AVG(LENGTH("routing")) FROM "Interaction") AS routing,
                (SELECT COUNT(*) FROM "AgentStateEvent") AS states`,
      );
      console.log(
        `  stored so far: ${row?.calls} interactions (${row?.ended} ended), ${row?.events} events, ` +
          `${row?.states} agent state rows; routing JSON ${Number(row?.routing ?? 0).toFixed(0)} bytes per call; ` +
          `write queue ${JSON.stringify(writeQueueFor(db).stats)}`,
      );
      if (c.failed > 0 || c.successful < c.created) {
        console.log(`stopping: failures at ${rate} cps; first SIPp errors:`);
        console.log(firstErrors(errorFile));
        // SIPp's message table (sent/received, retransmissions, timeouts, unexpected) says where calls failed.
        const table = carrierOutput.split('\n').filter((l) => /-->|<--|\[\s*\d+ms\]|Pause/.test(l));
        console.log(table.slice(-12).join('\n'));
        break;
      }
    }
  } finally {
    uas?.process.kill('SIGKILL');
    await app.close();
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
