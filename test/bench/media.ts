// Media-plane benchmark: N concurrent bridged G.711 calls (PCMU carrier ↔ PCMA agent, so every
// packet is transcoded) on loopback through the EmbeddedMediaPlane, with the load generator in a
// child process. Reports loss, jitter at the receiving end and engine CPU per call; stops at the
// first N above 1% loss.
//   pnpm exec tsx test/bench/media.ts [--extended]   (--extended also tries 750 and 1000 calls)
import { fork } from 'node:child_process';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { EmbeddedMediaPlane } from '../../cti-server/src/rtp/embedded-media-plane.js';
import { sharedMediaTicker } from '../../cti-server/src/rtp/media-ticker.js';
import type { GeneratorReply, GeneratorRequest } from './media-load-generator.js';

const RUN_MS = Number(process.env.BENCH_MEDIA_RUN_MS ?? 8000);
const LEVELS = process.argv.includes('--extended') ? [100, 250, 500, 750, 1000] : [100, 250, 500];

const child = fork(new URL('./media-load-generator.ts', import.meta.url), { execArgv: process.execArgv });
const pending: Array<(r: GeneratorReply) => void> = [];
child.on('message', (m: GeneratorReply) => pending.shift()?.(m));
const ask = (req: GeneratorRequest) =>
  new Promise<GeneratorReply>((resolve) => {
    pending.push(resolve);
    child.send(req);
  });

const plane = new EmbeddedMediaPlane({ bindAddress: '127.0.0.1', portRange: { min: 20000, max: 30000 } });
const ticker = sharedMediaTicker();

const fmt = (n: number, d = 2) => n.toFixed(d);
console.log(`media bench: ${RUN_MS / 1000}s per level, 2 streams per call (50 pps each way)`);
console.log(
  'calls  loss%   jitter-avg-ms  jitter-max-ms  engine-cpu%  cpu-ms/s/call  tick-late-max-ms  gen-cpu%',
);

for (const calls of LEVELS) {
  const opened = await ask({ type: 'open', count: calls * 2 });
  if (opened.type !== 'opened') throw new Error('generator failed');
  const targets: number[] = [];
  const payloadTypes: number[] = [];
  const sessions: string[] = [];
  for (let c = 0; c < calls; c++) {
    const s = await plane.createSession();
    sessions.push(s);
    const carrier = await plane.addLeg(
      s,
      {
        remoteAddress: '127.0.0.1',
        remotePort: opened.ports[2 * c] as number,
        payloadTypes: [{ payloadType: 0 }],
      },
      { legId: 'carrier', mediaTimeoutMs: 0 },
    );
    const agent = await plane.addLeg(
      s,
      {
        remoteAddress: '127.0.0.1',
        remotePort: opened.ports[2 * c + 1] as number,
        payloadTypes: [{ payloadType: 8 }],
      },
      { legId: 'agent', mediaTimeoutMs: 0 },
    );
    await plane.bridge(s, 'carrier', 'agent');
    targets.push(carrier.localPort, agent.localPort);
    payloadTypes.push(0, 8);
  }
  ticker.stats.maxLateMs = 0;
  const skipped0 = ticker.stats.skipped;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const elu0 = perf.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await ask({ type: 'run', targets, durationMs: RUN_MS, payloadTypes });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (result.type !== 'result') throw new Error('generator failed');
  // Socket 2c sends to the carrier leg; its packets come out of the agent leg to socket 2c+1.
  let sent = 0;
  let received = 0;
  for (let i = 0; i < result.sent.length; i++) {
    sent += result.sent[i] as number;
    received += result.received[i ^ 1] as number;
  }
  const loss = sent > 0 ? (1 - received / sent) * 100 : 100;
  const jitters = result.jitterMs;
  const cpuPct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
  console.log(
    [
      String(calls).padStart(5),
      fmt(Math.max(0, loss), 3).padStart(6),
      fmt(jitters.reduce((a, b) => a + b, 0) / jitters.length).padStart(14),
      fmt(Math.max(...jitters)).padStart(14),
      fmt(cpuPct, 1).padStart(12),
      fmt((cpu.user + cpu.system) / 1000 / (wallMs / 1000) / calls, 3).padStart(14),
      fmt(ticker.stats.maxLateMs, 1).padStart(17),
      fmt((result.cpuMs / wallMs) * 100, 1).padStart(9),
    ].join(' '),
  );
  let overflowFrames = 0;
  let late = 0;
  for (const s of sessions) {
    for (const id of ['carrier', 'agent']) {
      const leg = plane.session(s).getLeg(id);
      overflowFrames += leg.rxDroppedSamples / 160;
      late += leg.stats.rxLate;
    }
  }
  if (process.env.BENCH_MEDIA_DEBUG) {
    console.log(
      `  debug: ELU ${fmt(perf.eventLoopUtilization(elu0).utilization)}, loop delay p99 ${fmt(loopDelay.percentile(99) / 1e6, 1)} ms max ${fmt(loopDelay.max / 1e6, 1)} ms, skipped ticks ${ticker.stats.skipped - skipped0}, dropped frames ${overflowFrames}, late ${late}, gen late max ${fmt(result.maxLateMs, 1)} ms`,
    );
  }
  await Promise.all(sessions.map((s) => plane.destroySession(s)));
  await ask({ type: 'close' });
  if (plane.ports.allocated !== 0) console.log(`port leak: ${plane.ports.allocated} still allocated`);
  if (loss > 1) {
    console.log(`stopped: ${fmt(loss, 3)}% loss at ${calls} calls`);
    break;
  }
}

await plane.close();
child.send({ type: 'exit' } satisfies GeneratorRequest);
