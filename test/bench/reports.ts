// Report speed at a year of data (issue 17): a 200-agent centre's year — about 10 million calls,
// 27,000 a day, with their event trails (queued, answered, ended; abandons short and long;
// overflows queue to queue and to voicemail; holds) and the agents' state rows — generated in bulk
// into a fresh SQLite file and a fresh PostgreSQL database, then the queue interval report timed
// through the real service and Prisma client: one day's aggregates built from the raw rows (the
// write path's cost), a day's and a month's report cold (nothing stored for those days) and warm
// (aggregates stored). Medians of a few runs; it prints figures and asserts nothing.
// Run: pnpm bench:reports [--interactions N] [--days N] [--provider sqlite|postgresql|both]
//   --days: how many local days, ending yesterday (default 365)
//   --interactions: calls in all (default 27,400 a day: 10 million a year)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrate, openDatabase, seedDemo, type Db, type DatabaseTarget } from '@kefu/db';
import { loadThresholds, rebuildDay } from '@kefu/cti-server/services/reports/interval-store';
import { queueIntervalsReport } from '@kefu/cti-server/services/reports/queue-intervals';
import { localDate, startOfLocalDate } from '@kefu/cti-server/services/supervision/local-day';
import { loadSupervisionSettings } from '@kefu/cti-server/services/supervision/supervision-settings';
import { startPostgres } from '../support/postgres-server.js';

const { values } = parseArgs({
  options: {
    interactions: { type: 'string' },
    days: { type: 'string' },
    provider: { type: 'string', default: 'both' },
  },
});
const DAYS = Number(values.days ?? 365);
const INTERACTIONS = Number(values.interactions ?? Math.round(DAYS * (10_000_000 / 365)));
const PROVIDERS = values.provider === 'both' ? ['sqlite', 'postgresql'] : [values.provider];
if (!(DAYS >= 2) || !(INTERACTIONS >= DAYS) || PROVIDERS.some((p) => p !== 'sqlite' && p !== 'postgresql')) {
  console.error('usage: bench:reports [--interactions N] [--days N ≥ 2] [--provider sqlite|postgresql|both]');
  process.exit(2);
}
const AGENTS = 200;
const TIME_ZONE = 'Asia/Shanghai';
const PER_DAY = Math.round(INTERACTIONS / DAYS);
const S = 1_000;

// ── the generated centre ─────────────────────────────────────────────────────────────────────

interface Centre {
  queues: string[];
  lines: string[];
  agents: string[];
}

/** One day's rows, column by column (bulk inserts take arrays). */
interface DayBatch {
  interactions: {
    id: string[];
    callId: string[];
    queueId: string[];
    lineId: string[];
    offeredAt: number[];
    answeredAt: Array<number | null>;
    endedAt: number[];
    routing: Array<string | null>;
  };
  events: { id: string[]; interactionId: string[]; type: string[]; data: string[]; at: number[] };
  states: { id: string[]; agentId: string[]; state: string[]; reason: Array<string | null>; at: number[] };
}

/** Deterministic numbers per day (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

/**
 * A day as call control and the ACD store it: 88 % answered (each agent one call after another
 * from 08:00, 2 % of them overflowed queue to queue first, 20 % with a hold, a lunch break),
 * 9 % abandoned (a third within 5 s), 3 % overflowed to voicemail.
 */
function generateDay(centre: Centre, dayIndex: number, dayStart: number): DayBatch {
  const rnd = random(dayIndex * 7919 + 17);
  const b: DayBatch = {
    interactions: {
      id: [],
      callId: [],
      queueId: [],
      lineId: [],
      offeredAt: [],
      answeredAt: [],
      endedAt: [],
      routing: [],
    },
    events: { id: [], interactionId: [], type: [], data: [], at: [] },
    states: { id: [], agentId: [], state: [], reason: [], at: [] },
  };
  let n = 0;
  let e = 0;
  let s = 0;
  const tag = `${dayIndex.toString(36)}-`;
  const event = (interactionId: string, type: string, data: object, at: number) => {
    b.events.id.push(`e${tag}${(e++).toString(36)}`);
    b.events.interactionId.push(interactionId);
    b.events.type.push(type);
    b.events.data.push(JSON.stringify(data));
    b.events.at.push(at);
  };
  const state = (agentId: string, st: string, reason: string | null, at: number) => {
    b.states.id.push(`s${tag}${(s++).toString(36)}`);
    b.states.agentId.push(agentId);
    b.states.state.push(st);
    b.states.reason.push(reason);
    b.states.at.push(at);
  };
  const queueOf = () => {
    const x = rnd.next();
    return x < 0.5 ? 0 : x < 0.85 ? 1 : 2;
  };
  const call = (
    queue: number,
    queuedAt: number,
    answeredAt: number | null,
    endedAt: number,
    routing: object[],
  ) => {
    const id = `i${tag}${(n++).toString(36)}`;
    const I = b.interactions;
    I.id.push(id);
    I.callId.push(`bench-${id}`);
    I.queueId.push(centre.queues[queue]!);
    // Each queue's own line mostly; some calls come in on another line.
    I.lineId.push(
      centre.lines[rnd.next() < 0.8 ? queue % centre.lines.length : rnd.int(0, centre.lines.length - 1)]!,
    );
    I.offeredAt.push(queuedAt - 2 * S);
    I.answeredAt.push(answeredAt);
    I.endedAt.push(endedAt);
    I.routing.push(routing.length > 0 ? JSON.stringify(routing) : null);
    event(id, 'queued', { queueId: centre.queues[queue] }, queuedAt);
    return id;
  };
  const decision = (callId: string, queueId: string, agentId: string | null, at: number) => ({
    callId,
    queueId,
    agentId,
    at: new Date(at).toISOString(),
    ranked: [],
  });

  const answered = Math.round(PER_DAY * 0.88);
  const perAgent = Math.ceil(answered / AGENTS);
  const open = dayStart + 8 * 3_600_000;
  const slotMs = Math.floor((14 * 3_600_000) / perAgent);
  let made = 0;
  for (const [a, agentId] of centre.agents.entries()) {
    const offset = Math.floor((a / AGENTS) * 60 * S);
    state(agentId, 'ready', 'login', open - 5 * 60 * S + offset);
    for (let k = 0; k < perAgent && made < answered; k++) {
      const slot = open + k * slotMs + offset;
      if (k === Math.floor(perAgent / 3) + (a % 8)) {
        // Lunch instead of this call.
        state(agentId, 'not_ready', 'lunch', slot);
        state(agentId, 'ready', null, slot + slotMs - 10 * S);
        continue;
      }
      made++;
      const queue = queueOf();
      const budget = slotMs - 10 * S;
      const wait = rnd.int(2, Math.min(60, Math.floor(budget / S / 6))) * S;
      const talk = rnd.int(Math.floor(budget / S / 6), Math.floor(budget / S / 2)) * S;
      const wrap = rnd.int(5, Math.floor(budget / S / 6)) * S;
      const queuedAt = slot;
      const answer = queuedAt + wait;
      const end = answer + talk;
      const callId = `bench-i${tag}${n.toString(36)}`;
      // 2 %: waited in another queue first, the ACD overflowed it here.
      const moved = rnd.next() < 0.02 && wait > 10 * S;
      const first = moved ? (queue + 1) % centre.queues.length : queue;
      const routing = moved
        ? [decision(callId, centre.queues[queue]!, null, queuedAt + wait / 2)]
        : [decision(callId, centre.queues[queue]!, agentId, answer - S)];
      const id = call(first, queuedAt, answer, end, routing);
      event(id, 'answered', { agentId }, answer);
      event(id, 'ended', { endedBy: 'caller', sipCause: 200 }, end);
      state(agentId, 'on_call', null, answer);
      if (rnd.next() < 0.2) {
        state(agentId, 'on_call', 'hold', answer + talk / 3);
        state(agentId, 'on_call', 'unhold', answer + talk / 2);
      }
      state(agentId, 'wrap_up', null, end);
      state(agentId, 'ready', null, end + wrap);
    }
    state(agentId, 'logged_out', null, open + 14 * 3_600_000 + offset + 5 * 60 * S);
  }
  const rest = PER_DAY - made;
  for (let k = 0; k < rest; k++) {
    const queuedAt = open + rnd.int(0, 14 * 3_600 - 300) * S;
    const queue = queueOf();
    if (k % 4 === 3) {
      // Overflowed to voicemail after the queue's maximum wait; a message left.
      const overflowAt = queuedAt + rnd.int(60, 180) * S;
      const id = call(queue, queuedAt, null, overflowAt + 30 * S, []);
      event(id, 'overflow', { target: 'voicemail' }, overflowAt);
      event(id, 'ended', { endedBy: 'caller', sipCause: 200 }, overflowAt + 30 * S);
    } else {
      // Abandoned: a third within the 5 s short-abandon threshold.
      const waited = (k % 3 === 0 ? rnd.int(1, 5) : rnd.int(6, 180)) * S;
      const id = call(queue, queuedAt, null, queuedAt + waited, []);
      event(id, 'ended', { endedBy: 'caller', sipCause: 487 }, queuedAt + waited);
    }
  }
  return b;
}

// ── bulk writers ─────────────────────────────────────────────────────────────────────────────

interface Writer {
  write(batch: DayBatch): Promise<void>;
  finish(): Promise<void>;
}

/** Prisma's SQLite text form of a DateTime (it compares them as text). */
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function sqliteWriter(file: string): Writer {
  const conn = new Database(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = OFF');
  const interaction = conn.prepare(
    'INSERT INTO "Interaction" ("id","callId","direction","channel","queueId","lineId","offeredAt","answeredAt","endedAt","routing") VALUES (?,?,\'inbound\',\'voice\',?,?,?,?,?,?)',
  );
  const event = conn.prepare(
    'INSERT INTO "InteractionEvent" ("id","interactionId","type","data","at") VALUES (?,?,?,?,?)',
  );
  const state = conn.prepare(
    'INSERT INTO "AgentStateEvent" ("id","agentId","state","reason","at") VALUES (?,?,?,?,?)',
  );
  const day = conn.transaction((b: DayBatch) => {
    const I = b.interactions;
    for (let i = 0; i < I.id.length; i++)
      interaction.run(
        I.id[i],
        I.callId[i],
        I.queueId[i],
        I.lineId[i],
        sqliteTime(I.offeredAt[i]!),
        I.answeredAt[i] === null ? null : sqliteTime(I.answeredAt[i]!),
        sqliteTime(I.endedAt[i]!),
        I.routing[i],
      );
    const E = b.events;
    for (let i = 0; i < E.id.length; i++)
      event.run(E.id[i], E.interactionId[i], E.type[i], E.data[i], sqliteTime(E.at[i]!));
    const T = b.states;
    for (let i = 0; i < T.id.length; i++)
      state.run(T.id[i], T.agentId[i], T.state[i], T.reason[i], sqliteTime(T.at[i]!));
  });
  return {
    write: async (b) => void day(b),
    finish: async () => {
      conn.pragma('wal_checkpoint(TRUNCATE)');
      conn.close();
    },
  };
}

/** PostgreSQL's timestamp(3) (UTC, no zone) as text. */
const pgTime = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  return {
    // One statement per table and day: the columns as arrays, unnested by the server.
    async write(b) {
      const I = b.interactions;
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO "Interaction" ("id","callId","queueId","lineId","offeredAt","answeredAt","endedAt","routing")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp[], $6::timestamp[], $7::timestamp[], $8::jsonb[])`,
        [
          I.id,
          I.callId,
          I.queueId,
          I.lineId,
          I.offeredAt.map(pgTime),
          I.answeredAt.map(pgTime),
          I.endedAt.map(pgTime),
          I.routing,
        ],
      );
      const E = b.events;
      await client.query(
        `INSERT INTO "InteractionEvent" ("id","interactionId","type","data","at")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamp[])`,
        [E.id, E.interactionId, E.type, E.data, E.at.map(pgTime)],
      );
      const T = b.states;
      await client.query(
        `INSERT INTO "AgentStateEvent" ("id","agentId","state","reason","at")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp[])`,
        [T.id, T.agentId, T.state, T.reason, T.at.map(pgTime)],
      );
      await client.query('COMMIT');
    },
    async finish() {
      // What autovacuum would do after such a load: the planner's statistics.
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

// ── the run ──────────────────────────────────────────────────────────────────────────────────

/** The demo centre grown to 200 agents (the same teams as the demo's, in turn). */
async function growCentre(db: Db): Promise<Centre> {
  const demo = await db.agent.findMany({ orderBy: { extension: 'asc' } });
  for (let i = demo.length; i < AGENTS; i++) {
    const like = demo[i % demo.length]!;
    const extension = String(3000 + i);
    await db.user.create({
      data: {
        username: `bench${extension}`,
        displayName: `Bench ${extension}`,
        role: 'agent',
        roles: { create: [{ role: 'agent' }] },
        passwordHash: 'bench: no login',
        agent: {
          create: {
            extension,
            team: like.team,
            sipRealm: like.sipRealm,
            sipHa1Md5: like.sipHa1Md5,
            sipHa1Sha256: like.sipHa1Sha256,
          },
        },
      },
    });
  }
  const queues = await db.queue.findMany({ orderBy: { name: 'asc' }, select: { id: true } });
  const lines = await db.line.findMany({ orderBy: { dnis: 'asc' }, select: { id: true } });
  const agents = await db.agent.findMany({ orderBy: { extension: 'asc' }, select: { id: true } });
  return { queues: queues.map((q) => q.id), lines: lines.map((l) => l.id), agents: agents.map((a) => a.id) };
}

/** The local days of the run, ending yesterday. */
function runDays(): string[] {
  const today = localDate(Date.now(), TIME_ZONE);
  const t = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: DAYS }, (_, i) =>
    new Date(t - (DAYS - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function runProvider(provider: 'sqlite' | 'postgresql'): Promise<void> {
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-reports-'));
    target = { provider, location: path.join(dir, 'kefu.db') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE kefu_bench_reports');
    await admin.end();
    target = { provider, location: server.url.replace(/\/postgres$/, '/kefu_bench_reports') };
    cleanup = () => server.stop();
  }
  try {
    await migrate(target);
    let db = await openDatabase(target);
    await seedDemo(db, { customers: 60 });
    const centre = await growCentre(db);
    await db.$disconnect();

    const days = runDays();
    console.log(
      `\n${provider}: ${days.length} days (${days[0]} … ${days.at(-1)}), ${PER_DAY.toLocaleString('en')} calls a day, ` +
        `${centre.agents.length} agents, ${centre.queues.length} queues, ${centre.lines.length} lines`,
    );
    const writer =
      provider === 'sqlite' ? sqliteWriter(target.location) : await postgresWriter(target.location);
    const rows = { interactions: 0, events: 0, states: 0 };
    const started = performance.now();
    for (const [i, day] of days.entries()) {
      const b = generateDay(centre, i, startOfLocalDate(day, TIME_ZONE));
      await writer.write(b);
      rows.interactions += b.interactions.id.length;
      rows.events += b.events.id.length;
      rows.states += b.states.id.length;
      if ((i + 1) % 30 === 0 || i === days.length - 1)
        process.stdout.write(
          `  generated ${i + 1}/${days.length} days, ${fmt(performance.now() - started)}\r`,
        );
    }
    await writer.finish();
    const generation = performance.now() - started;
    const size =
      provider === 'sqlite' ? ` (${(statSync(target.location).size / 2 ** 30).toFixed(1)} GiB file)` : '';
    console.log(
      `  generation: ${fmt(generation)}${size}; rows: ${rows.interactions.toLocaleString('en')} interactions, ` +
        `${rows.events.toLocaleString('en')} events, ${rows.states.toLocaleString('en')} agent states`,
    );

    db = await openDatabase(target);
    const settings = await loadSupervisionSettings(db);
    const options = { timeZone: settings.timeZone, shortAbandonSeconds: settings.shortAbandonSeconds };
    const thresholds = await loadThresholds(db);
    // A day late in the year (the longest history before it), and the last 31 days for a month.
    const day = days[days.length - 3]!;
    const month = days.slice(-31);
    const forget = (which: string[]) =>
      db.$transaction([
        db.reportQueueDay.deleteMany({ where: { day: { in: which } } }),
        db.reportDay.deleteMany({ where: { day: { in: which } } }),
      ]);
    const report = (from: string, to: string, size: 15 | 'day') =>
      queueIntervalsReport(db, { from, to, size }, options);

    const build: number[] = [];
    for (let i = 0; i < 3; i++)
      build.push(await timed(() => rebuildDay(db, day, { ...options, thresholds, now: Date.now() })));
    console.log(`  build one day's aggregates from raw rows (${day}): ${fmt(median(build))} (median of 3)`);

    const lines: Array<[string, string]> = [];
    for (const size of [15, 'day'] as const) {
      const cold: number[] = [];
      for (let i = 0; i < 3; i++) {
        await forget([day]);
        cold.push(await timed(() => report(day, day, size)));
      }
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) warm.push(await timed(() => report(day, day, size)));
      lines.push([
        `day (${day}), size ${size}`,
        `cold ${fmt(median(cold))} (median of 3), warm ${fmt(median(warm))} (median of 5)`,
      ]);
    }
    for (const size of [15, 'day'] as const) {
      // Cold once: it folds and stores all 31 days.
      await forget(month);
      const cold = await timed(() => report(month[0]!, month.at(-1)!, size));
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) warm.push(await timed(() => report(month[0]!, month.at(-1)!, size)));
      lines.push([
        `month (${month[0]} … ${month.at(-1)}, ${month.length} days), size ${size}`,
        `cold ${fmt(cold)} (once), warm ${fmt(median(warm))} (median of 5)`,
      ]);
    }
    const width = Math.max(...lines.map(([l]) => l.length));
    for (const [label, figures] of lines) console.log(`  ${label.padEnd(width)}  ${figures}`);
    const check = await report(day, day, 'day');
    const offered = check.queues.reduce((n, q) => n + q.total.offered, 0);
    console.log(
      `  (the day's report counts ${offered.toLocaleString('en')} offered in ${check.queues.length} queues)`,
    );
    await db.$disconnect();
  } finally {
    await cleanup();
  }
}

console.log(
  `bench:reports — ${INTERACTIONS.toLocaleString('en')} calls over ${DAYS} days, ${AGENTS} agents, time zone ${TIME_ZONE}`,
);
for (const provider of PROVIDERS) await runProvider(provider as 'sqlite' | 'postgresql');
