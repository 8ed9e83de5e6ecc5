// Memory soak (issue 13): SIPp carrier calls at a steady rate for a long time through the whole
// server, which runs in a child process (soak-server.ts) started with --expose-gc. Every `every`
// completed calls the server collects garbage twice and reports its RSS, the heap still used,
// external and ArrayBuffer memory; at the end a table and a verdict: growth per 10,000 calls
// after warm-up (the first 20,000 calls), and the RSS target.
// Run: pnpm bench:soak [rate=200] [minutes=30] [agents=600] [every=10000]
// SOAK_HEAP_SNAPSHOTS=<dir> writes a heap snapshot of the server at each sample (after the
// collection) to <dir>, to compare in Chrome DevTools (Memory → Comparison).
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import {
  finished,
  firstErrors,
  machineBusySeconds,
  processCpuSeconds,
  registerAll,
  sippCounters,
} from './sip-load.js';
import type { SoakMessage, SoakRequest, SoakSample, SoakStored } from './soak-server.js';

const RATE = Number(process.argv[2] ?? 200);
const MINUTES = Number(process.argv[3] ?? 30);
const AGENTS = Number(process.argv[4] ?? 600);
const EVERY = Number(process.argv[5] ?? 10_000);
const TALK_MS = 1000;
const WARM_UP_CALLS = 20_000;
const TARGET_RSS_MB = 600;
/** Post-GC heap growth per 10,000 calls after warm-up still called flat (50 bytes a call). */
const FLAT_MB_PER_10K = 0.5;
const SNAPSHOT_DIR = process.env.SOAK_HEAP_SNAPSHOTS;

const MB = 2 ** 20;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

/** A request's fields but its id (for each member of a union). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The server process and a request/reply over its IPC channel. */
class SoakServer {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  readonly ready: Promise<{ sipPort: number; extensions: string[] }>;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((resolve) => {
      child.on('message', (message: SoakMessage) => {
        if (message.type === 'ready') resolve(message);
        else {
          this.pending.get(message.id)?.(message.result);
          this.pending.delete(message.id);
        }
      });
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  request<T>(request: WithoutId<SoakRequest>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (result) => resolve(result as T));
      this.child.send({ ...request, id } as SoakRequest);
      void this.exited.then((code) => reject(new Error(`server exited (${code}) during ${request.type}`)));
    });
  }
}

/** SIPp's -trace_stat file: its last line's cumulative columns, by name (empty before the first). */
function statColumns(file: string): Map<string, number> {
  if (!existsSync(file)) return new Map();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  if (lines.length < 2) return new Map();
  const header = lines[0]!.split(';');
  const last = lines[lines.length - 1]!.split(';');
  return new Map(header.map((name, i) => [name, Number(last[i])]));
}

/** Calls completed so far: successful and failed. */
function statCounters(file: string): { successful: number; failed: number } {
  const columns = statColumns(file);
  return {
    successful: columns.get('SuccessfulCall(C)') || 0,
    failed: columns.get('FailedCall(C)') || 0,
  };
}

/** Why calls failed, from SIPp's cumulative Failed… columns (e.g. FailedMaxUDPRetrans 12). */
function failureCauses(file: string): string {
  const causes = [...statColumns(file)]
    .filter(([name, n]) => /^Failed.+\(C\)$/.test(name) && name !== 'FailedCall(C)' && n > 0)
    .map(([name, n]) => `${name.slice('Failed'.length, -3)} ${n}`);
  return causes.join(', ') || 'none recorded';
}

interface Row extends SoakSample {
  calls: number;
  failed: number;
  seconds: number;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxy / sxx;
}

function printTable(rows: Row[]): void {
  const perMinute = (i: number) => {
    const r = rows[i]!;
    const p = rows[i - 1];
    return p && r.seconds > p.seconds
      ? (((r.calls - p.calls) / (r.seconds - p.seconds)) * 60).toFixed(0)
      : '';
  };
  const cols = [
    'calls',
    'failed',
    'min',
    'RSS MB',
    'heap MB',
    'heap total',
    'worker MB',
    'external',
    'arrayBuf',
    'active',
    'gc ms',
    'calls/min',
  ];
  console.log(cols.map((c) => c.padStart(11)).join(''));
  for (const [i, r] of rows.entries()) {
    const cells = [
      String(r.calls),
      String(r.failed),
      (r.seconds / 60).toFixed(1),
      mb(r.rss),
      mb(r.heapUsed),
      mb(r.heapTotal),
      mb(r.workerHeapUsed),
      mb(r.external),
      mb(r.arrayBuffers),
      String(r.activeCalls),
      r.gcMs.toFixed(0),
      perMinute(i),
    ];
    console.log(cells.map((c) => c.padStart(11)).join(''));
  }
}

function verdict(rows: Row[]): void {
  // Samples taken while calls ran (the last one, after the drain, has fewer calls in flight).
  const after = rows.slice(0, -1).filter((r) => r.calls >= WARM_UP_CALLS);
  const per10k = (pick: (r: Row) => number) => (slope(after.map((r) => [r.calls, pick(r)])) * 10_000) / MB;
  const maxRss = Math.max(...rows.map((r) => r.rss));
  const heap = per10k((r) => r.heapUsed);
  const rss = per10k((r) => r.rss);
  const external = per10k((r) => r.external);
  console.log(
    `\nafter warm-up (${after.length} samples from ${WARM_UP_CALLS} calls): per 10,000 calls post-GC heap ` +
      `${heap >= 0 ? '+' : ''}${heap.toFixed(2)} MB, RSS ${rss >= 0 ? '+' : ''}${rss.toFixed(2)} MB, ` +
      `external ${external >= 0 ? '+' : ''}${external.toFixed(2)} MB (least squares)`,
  );
  const flat = after.length >= 3 && heap < FLAT_MB_PER_10K;
  const small = maxRss < TARGET_RSS_MB * MB;
  console.log(
    `verdict: post-GC heap ${after.length < 3 ? 'not enough samples after warm-up' : flat ? 'flat' : 'GROWS'} ` +
      `(flat = under ${FLAT_MB_PER_10K} MB per 10,000 calls); highest RSS ${mb(maxRss)} MB, ` +
      `${small ? 'under' : 'OVER'} the ${TARGET_RSS_MB} MB target`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-soak-'));
  if (SNAPSHOT_DIR) mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const server = new SoakServer(
    fork(path.join(import.meta.dirname, 'soak-server.ts'), [dir, String(AGENTS)], {
      execArgv: [...process.execArgv, '--expose-gc'],
    }),
  );
  let uas: SippRun | undefined;
  let carrier: SippRun | undefined;
  try {
    const { sipPort, extensions } = await Promise.race([
      server.ready,
      server.exited.then((code) => Promise.reject(new Error(`server exited (${code}) while starting`))),
    ]);
    const target = `127.0.0.1:${sipPort}`;
    const seconds = Math.round(MINUTES * 60);
    uas = await runSipp({
      scenarioFile: scenario('bench-agent-uas.xml'),
      target,
      calls: 100_000_000,
      timeoutSeconds: seconds + 600,
      extra: ['-max_socket', '10000'],
    });
    const failedRegistrations = await registerAll(target, uas.port, extensions);
    const ready = await server.request<number>({ type: 'login' });
    console.log(
      `server pid ${server.child.pid}; agents: ${ready}/${extensions.length} registered (${failedRegistrations} ` +
        `REGISTER runs failed) and ready; ${RATE} calls/s for ${MINUTES} min (${RATE * seconds} calls), ` +
        `talk ${TALK_MS} ms, sample every ${EVERY} calls`,
    );

    const sample = async (calls: number, failed: number, seconds: number): Promise<Row> => {
      const snapshotFile = SNAPSHOT_DIR ? path.join(SNAPSHOT_DIR, `soak-${calls}.heapsnapshot`) : undefined;
      const s = await server.request<SoakSample>({ type: 'sample', snapshotFile });
      const row = { ...s, calls, failed, seconds };
      console.log(
        `  ${calls} calls (${failed} failed) at ${(seconds / 60).toFixed(1)} min: RSS ${mb(s.rss)} MB, ` +
          `heap after GC ${mb(s.heapUsed)} MB (worker ${mb(s.workerHeapUsed)} MB), external ${mb(s.external)} MB, ${s.activeCalls} calls active`,
      );
      return row;
    };
    const rows: Row[] = [await sample(0, 0, 0)];

    const errorFile = path.join(dir, 'carrier-errors.log');
    const statFile = path.join(dir, 'carrier-stat.csv');
    const cpuBefore = processCpuSeconds(server.child.pid);
    const machineBefore = machineBusySeconds();
    const started = performance.now();
    carrier = await runSipp({
      scenarioFile: scenario('bench-carrier.xml'),
      target,
      service: '4008003000',
      vars: { ani: '13800138000' },
      calls: RATE * seconds,
      rate: RATE,
      timeoutSeconds: seconds + 300,
      extra: [
        ...['-d', String(TALK_MS), '-max_socket', '10000', '-trace_err', '-error_file', errorFile],
        ...['-trace_stat', '-fd', '1', '-stf', statFile],
      ],
    });
    // A soak lasts its minutes: a server slower than the rate ends it with fewer calls, not later.
    let stoppedAtTime = false;
    const stopTimer = setTimeout(() => {
      stoppedAtTime = true;
      carrier?.stop();
    }, seconds * 1000);
    let carrierDone = false;
    const carrierOutput = finished(carrier, `carrier at ${RATE} cps`).finally(() => (carrierDone = true));
    let next = EVERY;
    while (!carrierDone) {
      await new Promise((r) => setTimeout(r, 500));
      const { successful, failed } = statCounters(statFile);
      if (successful + failed >= next) {
        rows.push(await sample(successful + failed, failed, (performance.now() - started) / 1000));
        next = (Math.floor((successful + failed) / EVERY) + 1) * EVERY;
      }
    }
    clearTimeout(stopTimer);
    const wallS = (performance.now() - started) / 1000;
    const serverCpu = processCpuSeconds(server.child.pid) - cpuBefore;
    const machine = machineBusySeconds() - machineBefore;
    const c = sippCounters(await carrierOutput);
    await new Promise((r) => setTimeout(r, 5000)); // the last calls end
    rows.push(await sample(c.successful + c.failed, c.failed, (performance.now() - started) / 1000));
    // At rest: past the 32 s the SIP layer keeps each call's transactions (RFC 3261 Timer J,
    // RFC 6026 Timers L and M), what is left is what calls left behind.
    await new Promise((r) => setTimeout(r, 40_000));
    const rest = await sample(c.successful + c.failed, c.failed, (performance.now() - started) / 1000);
    const stored = await server.request<SoakStored>({ type: 'stored' });

    console.log(
      `\ncarrier: attempted ${c.created}, successful ${c.successful}, failed ${c.failed}; ` +
        `achieved ${(c.successful / wallS).toFixed(1)} cps over ${(wallS / 60).toFixed(1)} min` +
        `${stoppedAtTime ? ` (stopped at ${MINUTES} min, the rest never placed)` : ''}; ` +
        `server CPU ${((serverCpu / wallS) * 100).toFixed(0)}% (100% = one core), ` +
        `whole machine ${((machine / wallS) * 100).toFixed(0)}% of ${200}%`,
    );
    console.log(
      `stored: ${stored.interactions} interactions (${stored.ended} ended), ${stored.events} events\n`,
    );
    printTable(rows);
    verdict(rows);
    console.log(
      `at rest 45 s after the last call: heap after GC ${mb(rest.heapUsed)} MB (${mb(rows[0]!.heapUsed)} MB ` +
        `before the first call), RSS ${mb(rest.rss)} MB; while calls run the heap holds each call's ` +
        `transactions for 32 s, so it follows the rate achieved (calls per minute column), not the calls so far`,
    );
    if (c.failed > 0) {
      console.log(
        `\nfailed calls by cause: ${failureCauses(statFile)}; first SIPp errors:\n${firstErrors(errorFile)}`,
      );
    }
  } finally {
    carrier?.process.kill('SIGKILL');
    uas?.process.kill('SIGKILL');
    if (server.child.exitCode === null) {
      await Promise.race([
        server.request({ type: 'close' }).catch(() => undefined),
        new Promise((r) => setTimeout(r, 10_000)),
      ]);
      server.child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
