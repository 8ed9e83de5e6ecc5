// Sustained calls per second through the B2BUA: SIPp as carrier (UAC) and as every agent's phone
// (one UAS for all registrations), the whole server in this process on a fresh SQLite database.
// Run: pnpm exec tsx test/bench/sip.ts [rates=50,100,200] [seconds=30] [agents=600]
// (MEDIA=rtpengine and RECORD_CALLS=false are passed to the server as they are.)
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each rate's run (set-up excluded) to <dir>.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, seedDemo } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { writeQueueFor } from '@kefu/cti-server/services/write-queue';
import { freeUdpPort } from '../support/free-port.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import {
  benchServerEnv,
  finished,
  firstErrors,
  machineBusySeconds,
  prepareBenchAgents,
  processCpuSeconds,
  registerAll,
  sippCounters,
} from './sip-load.js';

const RATES = (process.argv[2] ?? '50,100,200').split(',').map(Number);
const SECONDS = Number(process.argv[3] ?? 30);
const AGENTS = Number(process.argv[4] ?? 600);
const TALK_MS = 1000;

const PROFILE_DIR = process.env.BENCH_CPU_PROF;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

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

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-sip-'));
  const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
  await migrate(target);
  const db = await openDatabase(target);
  await seedDemo(db, { customers: 60 });
  const extensions = await prepareBenchAgents(db, AGENTS);

  const sipPort = await freeUdpPort();
  const config = loadConfig(benchServerEnv(dir, sipPort));
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
