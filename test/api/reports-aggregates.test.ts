import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@kefu/cti-server/app';
import { SimulatedClock } from '@kefu/cti-server/clock/index';
import { loadConfig } from '@kefu/cti-server/config';
import type { QueueIntervalsReport } from '@kefu/cti-server/contract';
import { REPORT_DEFINITIONS } from '@kefu/cti-server/services/reports/interval-store';
import { localDate } from '@kefu/cti-server/services/supervision/local-day';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

// The queue interval report's stored aggregates: a closed past day is folded once and stored,
// read back afterwards (even when its raw rows are gone), folded again when its definitions
// version is old; today is never stored; the line filter splits the figures.
const DAY = '2024-06-03';
/** Asia/Shanghai (the centre's default zone): UTC+8. */
const DAY_START = Date.UTC(2024, 5, 2, 16);
const S = 1_000;
const at = (hh: number, mm: number, ss = 0) => DAY_START + ((hh * 60 + mm) * 60 + ss) * S;

interface Row {
  callId: string;
  queueId: string;
  lineId: string;
  offeredAt: number;
  events: Array<{ type: string; data: Record<string, unknown>; at: number }>;
}

/** Four agents answer calls one after another on two lines and two queues; some callers hang up. */
function generateDay(queues: string[], lines: string[], agents: string[]) {
  const calls: Row[] = [];
  const states: Array<{ agentId: string; state: string; reason: string | null; at: number }> = [];
  for (const a of agents)
    states.push({ agentId: a, state: 'ready', reason: null, at: DAY_START - 3_600 * S });
  for (let k = 0; k < 32; k++) {
    const agentId = agents[k % agents.length]!;
    const queueId = queues[k % 2]!;
    const lineId = lines[Math.floor(k / 2) % 2]!;
    const queuedAt = at(9, 0) + Math.floor(k / agents.length) * 11 * 60 * S + (k % 4) * 37 * S;
    const wait = (5 + ((k * 7) % 40)) * S;
    const end = queuedAt + wait + (90 + ((k * 13) % 200)) * S;
    const wrap = (10 + (k % 30)) * S;
    calls.push({
      callId: `agg-${k}`,
      queueId,
      lineId,
      offeredAt: queuedAt - 2 * S,
      events: [
        { type: 'queued', data: { queueId }, at: queuedAt },
        { type: 'answered', data: { agentId }, at: queuedAt + wait },
        { type: 'ended', data: { endedBy: 'caller', sipCause: 200 }, at: end },
      ],
    });
    states.push({ agentId, state: 'on_call', reason: null, at: queuedAt + wait });
    states.push({ agentId, state: 'wrap_up', reason: null, at: end });
    states.push({ agentId, state: 'ready', reason: null, at: end + wrap });
  }
  // Abandons on both lines, one within the short-abandon threshold.
  for (const [k, waited] of [3, 12, 40, 75].entries()) {
    const queueId = queues[k % 2]!;
    const queuedAt = at(14, 10 * k);
    calls.push({
      callId: `agg-abandon-${k}`,
      queueId,
      lineId: lines[Math.floor(k / 2)]!,
      offeredAt: queuedAt - 2 * S,
      events: [
        { type: 'queued', data: { queueId }, at: queuedAt },
        { type: 'ended', data: { endedBy: 'caller', sipCause: 487 }, at: queuedAt + waited * S },
      ],
    });
  }
  return { calls, states };
}

const COUNTS = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'overflowed', 'handled'] as const;

describe.each(PROVIDERS)('queue interval report aggregates on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let sup: Login;
  let lines: string[];
  let first: QueueIntervalsReport;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    const db = tdb.db;
    const queues = (await db.queue.findMany({ where: { name: { in: ['sales', 'service'] } } })).map(
      (q) => q.id,
    );
    lines = (await db.line.findMany({ orderBy: { dnis: 'asc' }, take: 2 })).map((l) => l.id);
    const agents = (await db.agent.findMany({ orderBy: { extension: 'asc' }, take: 4 })).map((a) => a.id);
    expect([queues.length, lines.length, agents.length]).toEqual([2, 2, 4]);
    const rows = generateDay(queues, lines, agents);
    for (const c of rows.calls)
      await db.interaction.create({
        data: {
          callId: c.callId,
          direction: 'inbound',
          queueId: c.queueId,
          lineId: c.lineId,
          offeredAt: new Date(c.offeredAt),
          events: {
            create: c.events.map((e) => ({ type: e.type, data: e.data as object, at: new Date(e.at) })),
          },
        },
      });
    await db.agentStateEvent.createMany({
      data: rows.states.map((s) => ({ ...s, at: new Date(s.at) })),
    });
    app = await buildTestApp(db);
    sup = await loginAs(app, 'sup1');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const get = async (query: string) => {
    const res = await app.inject({ url: `/api/reports/queue-intervals?${query}`, headers: sup.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as QueueIntervalsReport;
  };

  it('stores a closed day at its first report: the day final, its quarters per queue and line', async () => {
    expect(await tdb.db.reportDay.count()).toBe(0);
    first = await get(`from=${DAY}&to=${DAY}&size=15`);
    expect(first.queues.reduce((n, q) => n + q.total.offered, 0)).toBe(36);
    const day = await tdb.db.reportDay.findUniqueOrThrow({ where: { day: DAY } });
    expect(day).toMatchObject({
      final: true,
      timeZone: 'Asia/Shanghai',
      definitions: REPORT_DEFINITIONS,
      shortAbandonSeconds: 5,
    });
    const stored = await tdb.db.reportQueueDay.findMany({ where: { day: DAY } });
    expect(stored).toHaveLength(4); // two queues × two lines
    expect(new Set(stored.map((r) => r.lineId))).toEqual(new Set(lines));
  });

  it('splits by line: each line has its own figures, and the lines add up to the whole', async () => {
    const [a, b] = await Promise.all(lines.map((l) => get(`from=${DAY}&to=${DAY}&size=60&lineId=${l}`)));
    const all = await get(`from=${DAY}&to=${DAY}&size=60`);
    const total = (r: QueueIntervalsReport, key: (typeof COUNTS)[number]) =>
      r.queues.reduce((n, q) => n + q.total[key], 0);
    expect(total(a!, 'offered')).toBeGreaterThan(0);
    expect(total(b!, 'offered')).toBeGreaterThan(0);
    for (const q of all.queues) {
      const parts = [a!, b!].map((r) => r.queues.find((p) => p.queueId === q.queueId));
      for (const key of COUNTS)
        expect((parts[0]?.total[key] ?? 0) + (parts[1]?.total[key] ?? 0), `${q.name} ${key}`).toBe(
          q.total[key],
        );
      // Interval by interval too.
      for (const i of q.intervals)
        for (const key of COUNTS) {
          const sum = parts.reduce(
            (n, p) => n + (p?.intervals.find((x) => x.start === i.start)?.figures[key] ?? 0),
            0,
          );
          expect(sum, `${q.name} ${String(i.start)} ${key}`).toBe(i.figures[key]);
        }
    }
    // An unknown line: no calls, no error.
    const none = await get(`from=${DAY}&to=${DAY}&size=60&lineId=no-such-line`);
    expect(none.queues).toEqual([]);
  });

  it('answers later reports from the stored aggregates, even with the raw rows gone', async () => {
    // A stored tally changed by hand shows in the report: it was read, not folded again.
    const row = await tdb.db.reportQueueDay.findFirstOrThrow({ where: { day: DAY, lineId: lines[0] } });
    const quarters = row.quarters as Array<[number, Record<string, number>]>;
    const edited = quarters.map(([start, t], i) => [
      start,
      i === 0 ? { ...t, offered: t.offered! + 1000 } : t,
    ]);
    await tdb.db.reportQueueDay.update({
      where: { day_queueId_lineId: { day: DAY, queueId: row.queueId, lineId: row.lineId } },
      data: { quarters: edited },
    });
    const withEdit = await get(`from=${DAY}&to=${DAY}&size=day`);
    const queue = withEdit.queues.find((q) => q.queueId === row.queueId)!;
    const before = first.queues.find((q) => q.queueId === row.queueId)!;
    expect(queue.total.offered).toBe(before.total.offered + 1000);
    await tdb.db.reportQueueDay.update({
      where: { day_queueId_lineId: { day: DAY, queueId: row.queueId, lineId: row.lineId } },
      data: { quarters },
    });

    await tdb.db.interaction.deleteMany({ where: { callId: { startsWith: 'agg-' } } });
    expect(await get(`from=${DAY}&to=${DAY}&size=15`)).toEqual(first);
  });

  it('folds a day again when its stored definitions version is old', async () => {
    await tdb.db.reportDay.update({ where: { day: DAY }, data: { definitions: REPORT_DEFINITIONS - 1 } });
    // The raw rows were deleted above: folded again, the day has nothing.
    const again = await get(`from=${DAY}&to=${DAY}&size=15`);
    expect(again.queues).toEqual([]);
    expect(await tdb.db.reportDay.findUniqueOrThrow({ where: { day: DAY } })).toMatchObject({
      definitions: REPORT_DEFINITIONS,
      final: true,
    });
    expect(await tdb.db.reportQueueDay.count({ where: { day: DAY } })).toBe(0);
  });

  it('never stores today', async () => {
    const today = localDate(Date.now(), 'Asia/Shanghai');
    await get(`from=${today}&to=${today}&size=60`);
    expect(await tdb.db.reportDay.findUnique({ where: { day: today } })).toBeNull();
  });
});

describe.each(PROVIDERS)('the wallboard stores the day that closed on %s', (provider) => {
  // 23:59:58 on 4 December in Shanghai (UTC+8), on a simulated clock.
  const clock = new SimulatedClock(Date.UTC(2026, 11, 4, 15, 59, 58));
  let tdb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    const queueId = (await tdb.db.queue.findFirstOrThrow({ where: { name: 'sales' } })).id;
    const queuedAt = Date.UTC(2026, 11, 4, 2); // 10:00 local
    await tdb.db.interaction.create({
      data: {
        callId: 'closing-day-call',
        queueId,
        offeredAt: new Date(queuedAt),
        events: {
          create: [
            { type: 'queued', data: { queueId }, at: new Date(queuedAt) },
            { type: 'ended', data: { endedBy: 'caller' }, at: new Date(queuedAt + 30 * S) },
          ],
        },
      },
    });
    const config = loadConfig({
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-data-')),
      TOKEN_SECRET: 'test',
    });
    app = await buildApp({ config, db: tdb.db, logger: false, clock });
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('once settled after midnight, not at midnight', async () => {
    clock.advance(3_000); // 00:00:01: the wallboard rolls over
    await new Promise((r) => setTimeout(r, 200));
    expect(await tdb.db.reportDay.findUnique({ where: { day: '2026-12-04' } })).toBeNull();
    clock.advance(10 * 60_000); // past the settle margin
    // The store folds the day and writes it in a transaction: seconds on a busy machine.
    await vi.waitFor(
      async () =>
        expect(await tdb.db.reportDay.findUnique({ where: { day: '2026-12-04' } })).toMatchObject({
          final: true,
        }),
      { timeout: 20_000, interval: 100 },
    );
    const [stored] = await tdb.db.reportQueueDay.findMany({ where: { day: '2026-12-04' } });
    expect(stored).toMatchObject({ queueId: expect.any(String), lineId: '' });
    expect(
      (stored!.quarters as Array<[number, { offered: number; abandoned: number }]>)[0]![1],
    ).toMatchObject({
      offered: 1,
      abandoned: 1,
    });
  });
});
