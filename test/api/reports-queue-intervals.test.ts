import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import type { QueueFigures, QueueIntervalsReport } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

// A generated past day, written as call control and the ACD store it (with holds, ring-no-answer,
// transfers, abandons short and long, overflows to a queue, voicemail and a callback), and an
// oracle that counts it again from those rows by the documented definitions (docs/METRICS.md),
// apart from the server.
const DAY = '2024-06-03';
/** The centre's default zone, Asia/Shanghai: UTC+8, no DST. */
const DAY_START = Date.UTC(2024, 5, 2, 16);
const DAY_END = DAY_START + 24 * 3_600_000;
const SHORT_ABANDON_MS = 5_000;
const SL_SECONDS = { sales: 20, service: 30 };
const S = 1_000;
const MIN = 60_000;
const at = (hh: number, mm: number, ss = 0) => DAY_START + ((hh * 60 + mm) * 60 + ss) * S;

interface RowEvent {
  type: string;
  data: Record<string, unknown>;
  at: number;
}
interface CallRow {
  callId: string;
  queueId: string;
  offeredAt: number;
  events: RowEvent[];
  routing: Array<{ callId: string; queueId: string; agentId: string | null; at: string; ranked: never[] }>;
}
interface StateRow {
  agentId: string;
  state: string;
  reason: string | null;
  at: number;
}

/** Deterministic numbers (the same day on both databases). */
function random(seed: number) {
  let s = seed;
  return (lo: number, hi: number) => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return lo + (s % (hi - lo + 1));
  };
}

function generateDay(queues: { sales: string; service: string }, agents: string[]) {
  const calls: CallRow[] = [];
  const states: StateRow[] = [];
  const rnd = random(17);
  let n = 0;
  const call = (queueId: string, queuedAt: number): CallRow => {
    const c: CallRow = {
      callId: `rpt-${String(n++).padStart(4, '0')}`,
      queueId,
      offeredAt: queuedAt - 2 * S,
      events: [
        { type: 'received', data: { sipCallId: `sip-${n}`, trunk: 'carrier' }, at: queuedAt - 2 * S },
        { type: 'queued', data: { queueId }, at: queuedAt },
      ],
      routing: [],
    };
    calls.push(c);
    return c;
  };
  const decision = (c: CallRow, queueId: string, agentId: string | null, when: number) =>
    c.routing.push({ callId: c.callId, queueId, agentId, at: new Date(when).toISOString(), ranked: [] });

  /** An agent answers `c` at `answer`: talk (with an optional hold), caller hangs up, wrap-up, ready. */
  const work = (
    c: CallRow,
    queueId: string,
    agentId: string,
    answer: number,
    talkMs: number,
    wrapMs: number,
    hold?: [number, number],
  ) => {
    decision(c, queueId, agentId, answer - 3 * S);
    c.events.push({ type: 'offered', data: { agentId, extension: 'x', contacts: 1 }, at: answer - 3 * S });
    c.events.push({ type: 'answered', data: { agentId }, at: answer });
    states.push({ agentId, state: 'reserved', reason: null, at: answer - 3 * S });
    states.push({ agentId, state: 'ringing', reason: null, at: answer - 3 * S + 200 });
    states.push({ agentId, state: 'on_call', reason: null, at: answer });
    if (hold) {
      states.push({ agentId, state: 'on_call', reason: 'hold', at: answer + hold[0] });
      states.push({ agentId, state: 'on_call', reason: 'unhold', at: answer + hold[1] });
    }
    const end = answer + talkMs;
    c.events.push({ type: 'ended', data: { endedBy: 'caller', sipCause: 200 }, at: end });
    states.push({ agentId, state: 'wrap_up', reason: null, at: end });
    states.push({ agentId, state: 'ready', reason: null, at: end + wrapMs });
    return end + wrapMs;
  };
  const hangUp = (c: CallRow, when: number) =>
    c.events.push({ type: 'ended', data: { endedBy: 'caller', sipCause: 487 }, at: when });

  // Every agent ready since before midnight (the last state before the day).
  for (const a of agents)
    states.push({ agentId: a, state: 'ready', reason: null, at: DAY_START - 3_600 * S });

  // The day before: a call queued at 23:59:50 and answered at 00:00:10 (answered today, offered yesterday).
  const late = call(queues.sales, DAY_START - 10 * S);
  let free = work(late, queues.sales, agents[0]!, DAY_START + 10 * S, 95 * S, 20 * S);

  // Four agents work calls one after another through the day, in both queues, across interval edges;
  // the fifth takes the overflowed call and the day's last one.
  const agentFree = agents.slice(0, 4).map((a, i) => (i === 0 ? free : at(8, 55 + i)));
  for (let k = 0; k < 40; k++) {
    const i = k % 4;
    const queue = k % 3 === 0 ? queues.service : queues.sales;
    const queuedAt = Math.max(agentFree[i]!, at(9, 0)) + rnd(5, 600) * S;
    const c = call(queue, queuedAt);
    const wait = [3, 12, 20, 21, 29, 30, 31, 45, 90][rnd(0, 8)]! * S;
    const hold = k % 4 === 1 ? ([10 * S, 10 * S + rnd(5, 45) * S] as [number, number]) : undefined;
    // Ring-no-answer: another agent was offered the call first and let it ring (the wait goes on).
    if (k % 7 === 3 && wait >= 20 * S) {
      const other = agents[(i + 1) % 4]!;
      c.events.push({
        type: 'offered',
        data: { agentId: other, extension: 'y', contacts: 1 },
        at: queuedAt + S,
      });
      c.events.push({
        type: 'offer_withdrawn',
        data: { agentId: other, reason: 'missed_call' },
        at: queuedAt + 16 * S,
      });
    }
    const end = work(c, queue, agents[i]!, queuedAt + wait, rnd(60, 700) * S + 137, rnd(5, 60) * S, hold);
    // A blind transfer to another agent as the call ends: the queue's figures are the first agent's.
    if (k % 9 === 4)
      c.events.splice(c.events.length - 1, 0, {
        type: 'transferred',
        data: { from: 'x', to: 'z', kind: 'blind' },
        at: c.events[c.events.length - 1]!.at,
      });
    agentFree[i] = end;
  }
  free = Math.max(...agentFree);

  // Abandons: long ones, short ones (3 s, exactly 5 s, 6 s), one across an interval edge.
  for (const [q, queuedAt, waited] of [
    [queues.sales, at(10, 5), 40 * S],
    [queues.sales, at(10, 14, 50), 3 * S],
    [queues.service, at(10, 14, 58), 5 * S],
    [queues.service, at(10, 20), 6 * S],
    [queues.sales, at(11, 29, 30), 95 * S],
    [queues.service, at(12, 44, 59), 2 * S],
  ] as const)
    hangUp(call(q, queuedAt), queuedAt + waited);

  // Overflow queue to queue: 75 s in sales, the ACD moves it to service, answered there 25 s later.
  const moved = call(queues.sales, at(13, 14, 30));
  decision(moved, queues.service, null, at(13, 15, 45));
  work(moved, queues.service, agents[4]!, at(13, 16, 10), 200 * S, 15 * S);
  // Overflow to voicemail after the queue's maximum wait; the caller leaves a message.
  const voicemail = call(queues.service, at(14, 0));
  voicemail.events.push({ type: 'overflow', data: { target: 'voicemail' }, at: at(14, 10) });
  voicemail.events.push({ type: 'ended', data: { endedBy: 'caller', sipCause: 200 }, at: at(14, 11) });

  // Overflow to a callback request after the queue's maximum wait: the longest wait of its hour.
  const callback = call(queues.sales, at(15, 30));
  callback.events.push({ type: 'overflow', data: { target: 'callback' }, at: at(15, 40) });
  callback.events.push({
    type: 'callback_requested',
    data: { number: '+8613900000000', queueId: queues.sales, customerId: null, source: 'overflow' },
    at: at(15, 40, 5),
  });
  callback.events.push({ type: 'ended', data: { endedBy: 'caller', sipCause: 200 }, at: at(15, 40, 10) });

  // The day's last call: answered and ended before midnight, its wrap-up ends after it (not handled today).
  const lastCall = call(queues.sales, at(23, 58));
  work(lastCall, queues.sales, agents[4]!, at(23, 58, 25), 60 * S, 90 * S);
  // Tomorrow: nothing of it is in today's report.
  hangUp(call(queues.sales, DAY_END + 30 * MIN), DAY_END + 30 * MIN + 50 * S);

  expect(free).toBeLessThan(at(20, 0));
  return { calls, states };
}

// ── The oracle: the raw rows counted by the definitions ─────────────────────────────────────

interface Count {
  offered: number;
  answered: number;
  within: number;
  waitMs: number;
  abandoned: number;
  short: number;
  overflowed: number;
  handled: number;
  handleMs: number;
  /** The longest wait of a call that left the queue in the interval. */
  longest: number;
  callbacks: number;
}
const zero = (): Count => ({
  offered: 0,
  answered: 0,
  within: 0,
  waitMs: 0,
  abandoned: 0,
  short: 0,
  overflowed: 0,
  handled: 0,
  handleMs: 0,
  longest: 0,
  callbacks: 0,
});

function oracle(
  rows: { calls: CallRow[]; states: StateRow[] },
  names: Map<string, string>,
  bucketMs: number,
): Map<string, Map<number, Count>> {
  const out = new Map<string, Map<number, Count>>();
  const count = (queueId: string, t: number): Count | null => {
    if (t < DAY_START || t >= DAY_END) return null;
    const start = DAY_START + Math.floor((t - DAY_START) / bucketMs) * bucketMs;
    let q = out.get(queueId);
    if (!q) out.set(queueId, (q = new Map()));
    let c = q.get(start);
    if (!c) q.set(start, (c = zero()));
    return c;
  };
  const slMs = (queueId: string) => SL_SECONDS[names.get(queueId) as 'sales' | 'service'] * S;

  const answeredIn = new Map<string, string>(); // callId|agentId → queue
  for (const call of rows.calls) {
    // Where the call was waiting: the queued event's queue, then a routing decision elsewhere moves it.
    const steps: RowEvent[] = [
      ...call.events,
      ...call.routing.map((d) => ({ type: 'decision', data: { queueId: d.queueId }, at: Date.parse(d.at) })),
    ].sort((a, b) => a.at - b.at);
    let waiting: { queueId: string; since: number } | null = null;
    let answered = false;
    for (const e of steps) {
      if (e.type === 'queued') {
        waiting = { queueId: e.data.queueId as string, since: e.at };
        const c = count(waiting.queueId, e.at);
        if (c) c.offered++;
      } else if (e.type === 'decision' && waiting && !answered && e.data.queueId !== waiting.queueId) {
        const c = count(waiting.queueId, e.at);
        if (c) {
          c.overflowed++;
          c.longest = Math.max(c.longest, e.at - waiting.since);
        }
        waiting = { queueId: e.data.queueId as string, since: e.at };
        const d = count(waiting.queueId, e.at);
        if (d) d.offered++;
      } else if (e.type === 'answered' && waiting && !answered) {
        answered = true;
        answeredIn.set(`${call.callId}|${e.data.agentId as string}`, waiting.queueId);
        const wait = e.at - waiting.since;
        const c = count(waiting.queueId, e.at);
        if (c) {
          c.answered++;
          c.waitMs += wait;
          c.longest = Math.max(c.longest, wait);
          if (wait <= slMs(waiting.queueId)) c.within++;
        }
      } else if (e.type === 'overflow' && waiting && !answered) {
        const c = count(waiting.queueId, e.at);
        if (c) {
          c.overflowed++;
          c.longest = Math.max(c.longest, e.at - waiting.since);
          if (e.data.target === 'callback') c.callbacks++;
        }
        waiting = null;
      } else if (e.type === 'ended' && waiting && !answered) {
        const c = count(waiting.queueId, e.at);
        if (c) {
          c.abandoned++;
          c.longest = Math.max(c.longest, e.at - waiting.since);
          if (e.at - waiting.since <= SHORT_ABANDON_MS) c.short++;
        }
        waiting = null;
      }
    }
  }

  // Handled: an agent's on_call (with its holds) and wrap-up, counted when the wrap-up ends.
  const answers = rows.calls.flatMap((c) =>
    c.events
      .filter((e) => e.type === 'answered')
      .map((e) => ({ callId: c.callId, agentId: e.data.agentId as string, at: e.at })),
  );
  const byAgent = new Map<string, StateRow[]>();
  for (const s of rows.states) byAgent.set(s.agentId, [...(byAgent.get(s.agentId) ?? []), s]);
  for (const [agentId, list] of byAgent) {
    list.sort((a, b) => a.at - b.at);
    let current: {
      queueId: string;
      since: number;
      holdMs: number;
      holdFrom: number | null;
      talkEnd: number | null;
    } | null = null;
    for (const s of list) {
      if (s.state === 'on_call' && s.reason === null) {
        const answer = answers.find((a) => a.agentId === agentId && a.at === s.at);
        const queueId = answer && answeredIn.get(`${answer.callId}|${agentId}`);
        current = queueId ? { queueId, since: s.at, holdMs: 0, holdFrom: null, talkEnd: null } : null;
      } else if (current && s.reason === 'hold') current.holdFrom = s.at;
      else if (current && s.reason === 'unhold' && current.holdFrom !== null) {
        current.holdMs += s.at - current.holdFrom;
        current.holdFrom = null;
      } else if (current && s.state === 'wrap_up') current.talkEnd = s.at;
      else if (current && current.talkEnd !== null && s.state === 'ready') {
        const talkMs = current.talkEnd - current.since - current.holdMs;
        const wrapMs = s.at - current.talkEnd;
        const c = count(current.queueId, s.at);
        if (c) {
          c.handled++;
          c.handleMs += talkMs + current.holdMs + wrapMs;
        }
        current = null;
      }
    }
  }
  return out;
}

function figuresOf(c: Count): QueueFigures {
  const long = c.abandoned - c.short;
  const base = c.answered + long;
  return {
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    shortAbandoned: c.short,
    overflowed: c.overflowed,
    handled: c.handled,
    serviceLevel: base > 0 ? c.within / base : null,
    asaMs: c.answered > 0 ? c.waitMs / c.answered : null,
    ahtMs: c.handled > 0 ? c.handleMs / c.handled : null,
    abandonRate: base > 0 ? long / base : null,
    longestWaitMs: c.answered + c.abandoned + c.overflowed > 0 ? c.longest : null,
    callbacks: c.callbacks,
  };
}

function sum(counts: Iterable<Count>): Count {
  const t = zero();
  for (const c of counts) {
    for (const k of Object.keys(t) as Array<keyof Count>) t[k] += c[k];
    t.longest = Math.max(t.longest - c.longest, c.longest);
  }
  return t;
}

describe.each(PROVIDERS)('queue interval report on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let sup: Login;
  let rows: ReturnType<typeof generateDay>;
  const names = new Map<string, string>();

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    const db = tdb.db;
    const queues = await db.queue.findMany({ where: { name: { in: ['sales', 'service'] } } });
    const ids = Object.fromEntries(queues.map((q) => [q.name, q.id])) as { sales: string; service: string };
    for (const q of queues) names.set(q.id, q.name);
    await db.queue.update({ where: { id: ids.service }, data: { serviceLevelSeconds: SL_SECONDS.service } });
    const agents = (await db.agent.findMany({ orderBy: { extension: 'asc' }, take: 5 })).map((a) => a.id);
    expect(agents).toHaveLength(5);
    rows = generateDay(ids, agents);

    for (const c of rows.calls)
      await db.interaction.create({
        data: {
          callId: c.callId,
          direction: 'inbound',
          queueId: c.queueId,
          offeredAt: new Date(c.offeredAt),
          routing: c.routing.length > 0 ? c.routing : undefined,
          events: {
            create: c.events.map((e) => ({ type: e.type, data: e.data as object, at: new Date(e.at) })),
          },
        },
      });
    await db.agentStateEvent.createMany({
      data: rows.states.map((s) => ({
        agentId: s.agentId,
        state: s.state,
        reason: s.reason,
        at: new Date(s.at),
      })),
    });

    app = await buildTestApp(db);
    sup = await loginAs(app, 'sup1');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const get = async (query: string, who: Login = sup) => {
    const res = await app.inject({ url: `/api/reports/queue-intervals?${query}`, headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as QueueIntervalsReport;
  };

  it.each([
    ['15', 15 * MIN],
    ['30', 30 * MIN],
    ['60', 60 * MIN],
    ['day', 24 * 3_600_000],
  ] as const)('matches the oracle, interval by interval, with size %s', async (size, bucketMs) => {
    const report = await get(`from=${DAY}&to=${DAY}&size=${size}`);
    expect(report).toMatchObject({ from: DAY, to: DAY, timeZone: 'Asia/Shanghai', size });
    const expected = oracle(rows, names, bucketMs);
    expect(report.queues.map((q) => q.name).sort()).toEqual(['sales', 'service']);
    for (const q of report.queues) {
      const counted = expected.get(q.queueId)!;
      const want = [...counted.entries()]
        .sort(([a], [b]) => a - b)
        .map(([start, c]) => ({ start: new Date(start).toISOString(), day: DAY, figures: figuresOf(c) }));
      expect(q.intervals).toEqual(want);
      expect(q.total).toEqual(figuresOf(sum(counted.values())));
    }
  });

  it('counts what the generated day holds: abandons short and long, overflows, the call across midnight', async () => {
    const report = await get(`from=${DAY}&to=${DAY}&size=day`);
    const by = Object.fromEntries(report.queues.map((q) => [q.name, q.total]));
    // The day has ring-no-answers and transfers; neither is a figure of the queue's.
    const types = rows.calls.flatMap((c) => c.events.map((e) => e.type));
    expect(types.filter((t) => t === 'offer_withdrawn').length).toBeGreaterThan(0);
    expect(types.filter((t) => t === 'transferred').length).toBeGreaterThan(0);
    // Sales: the call queued yesterday is answered today, not offered today.
    // Queue to queue, and one to a callback request after 10 minutes (the day's longest wait).
    expect(by.sales).toMatchObject({ abandoned: 3, shortAbandoned: 1, overflowed: 2, callbacks: 1 });
    expect(by.sales!.longestWaitMs).toBe(10 * MIN);
    // Service: 2 s and exactly 5 s are short, 6 s is not; the voicemail overflow; the moved call offered.
    expect(by.service).toMatchObject({ abandoned: 3, shortAbandoned: 2, overflowed: 1 });
    expect(by.sales!.answered - by.sales!.handled).toBe(1); // the last call's wrap-up ends tomorrow
    const offered = by.sales!.offered + by.service!.offered;
    // 40 calls + 6 abandons + moved (twice) + voicemail + callback + last call; the 23:59:50 call
    // is yesterday's.
    expect(offered).toBe(40 + 6 + 2 + 1 + 1 + 1);
  });

  it('filters one queue, and a day with nothing has no intervals', async () => {
    const salesId = [...names].find(([, n]) => n === 'sales')![0];
    const one = await get(`from=${DAY}&to=${DAY}&size=60&queueId=${salesId}`);
    expect(one.queues.map((q) => q.queueId)).toEqual([salesId]);
    const empty = await get(`from=2024-05-01&to=2024-05-02&size=60&queueId=${salesId}`);
    expect(empty.queues).toEqual([
      expect.objectContaining({
        queueId: salesId,
        intervals: [],
        total: expect.objectContaining({ offered: 0, serviceLevel: null }),
      }),
    ]);
  });

  it('a range of days keeps each day apart and adds up to the days', async () => {
    const next = '2024-06-04';
    const two = await get(`from=${DAY}&to=${next}&size=day`);
    const sales = two.queues.find((q) => q.name === 'sales')!;
    expect(sales.intervals.map((i) => [i.day, i.start])).toEqual([
      [DAY, new Date(DAY_START).toISOString()],
      [next, new Date(DAY_END).toISOString()],
    ]);
    // Tomorrow's only call is an abandon after 50 s.
    expect(sales.intervals[1]!.figures).toMatchObject({ offered: 1, abandoned: 1, shortAbandoned: 0 });
    expect(sales.total.offered).toBe(sales.intervals[0]!.figures.offered + 1);
  });

  it('exports the same figures as CSV with a BOM, totals equal to the JSON', async () => {
    const query = `from=${DAY}&to=${DAY}&size=60`;
    const json = await get(query);
    const res = await app.inject({ url: `/api/reports/queue-intervals.csv?${query}`, headers: sup.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const lines = res.body
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const header = lines[0]!;
    const col = (row: string[], name: string) => row[header.indexOf(name)]!;
    const intervalRows = lines.slice(1).filter((r) => col(r, 'day') !== 'total');
    expect(intervalRows).toHaveLength(json.queues.reduce((n, q) => n + q.intervals.length, 0));
    // Local times in the centre's zone: the first sales row is the hour after midnight.
    expect(col(intervalRows[0]!, 'interval_start')).toMatch(/^2024-06-03 \d{2}:00$/);
    for (const q of json.queues) {
      const total = lines.find((r) => col(r, 'queue') === q.name && col(r, 'day') === 'total')!;
      const num = (name: string) => (col(total, name) === '' ? null : Number(col(total, name)));
      expect({
        offered: num('offered'),
        answered: num('answered'),
        abandoned: num('abandoned'),
        shortAbandoned: num('short_abandoned'),
        overflowed: num('overflowed'),
        handled: num('handled'),
        serviceLevel: num('service_level'),
        asaMs: num('asa_seconds'),
        ahtMs: num('aht_seconds'),
        abandonRate: num('abandon_rate'),
        longestWaitMs: num('longest_wait_seconds'),
        callbacks: num('callbacks_requested'),
      }).toEqual({
        ...q.total,
        asaMs: q.total.asaMs === null ? null : Math.round(q.total.asaMs) / 1000,
        ahtMs: q.total.ahtMs === null ? null : Math.round(q.total.ahtMs) / 1000,
        longestWaitMs: q.total.longestWaitMs === null ? null : Math.round(q.total.longestWaitMs) / 1000,
      });
      // And the interval rows add up to the total.
      const mine = intervalRows.filter((r) => col(r, 'queue') === q.name);
      expect(mine.reduce((n, r) => n + Number(col(r, 'offered')), 0)).toBe(q.total.offered);
    }
  });

  it('exports the same table as XLSX: numbers as numbers, rates formatted as %, Chinese names intact', async () => {
    const query = `from=${DAY}&to=${DAY}&size=60`;
    const json = await get(query);
    const csv = await app.inject({ url: `/api/reports/queue-intervals.csv?${query}`, headers: sup.headers });
    const res = await app.inject({ url: `/api/reports/queue-intervals.xlsx?${query}`, headers: sup.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain(`queue-intervals-${DAY}_${DAY}-60.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    // Cell for cell the CSV's table (the CSV writes numbers as text, the sheet as numbers).
    const csvRows = csv.body
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows).toHaveLength(csvRows.length);
    rows.forEach((row, r) =>
      csvRows[r]!.forEach((text, c) => {
        const cell = row[c];
        if (text === '') expect(cell ?? null, `row ${r} col ${c}`).toBeNull();
        else if (r > 0 && c >= 4) expect(cell, `row ${r} col ${c}`).toBe(Number(text));
        else expect(cell, `row ${r} col ${c}`).toBe(text);
      }),
    );
    const header = rows[0] as string[];
    expect(sheet.getRow(2).getCell(header.indexOf('service_level') + 1).numFmt).toBe('0.0%');
    // The queues' display names (Chinese in the demo) survive.
    for (const q of json.queues) expect(rows.some((r) => r[1] === q.displayName)).toBe(true);
    expect(json.queues.some((q) => /[\u4e00-\u9fff]/.test(q.displayName))).toBe(true);
  });

  it('lists what the reports filter by: queues, lines, teams and the agents who take calls', async () => {
    const res = await app.inject({ url: '/api/reports/dimensions', headers: sup.headers });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as {
      queues: Array<{ name: string }>;
      lines: Array<{ dnis: string }>;
      teams: string[];
      agents: Array<{ extension: string; team: string | null; displayName: string }>;
    };
    expect(d.queues.map((q) => q.name)).toEqual(expect.arrayContaining(['sales', 'service']));
    expect(d.lines.map((l) => l.dnis)).toEqual(expect.arrayContaining(['4008001000', '4008002000']));
    expect(d.teams).toEqual(['sales', 'service']);
    // The supervisor's phone (1090) has no skills: it takes no queue calls.
    expect(d.agents.map((a) => a.extension)).not.toContain('1090');
    expect(d.agents.find((a) => a.extension === '1012')).toMatchObject({ team: 'service' });
    const agent = await loginAs(app, '1012');
    expect((await app.inject({ url: '/api/reports/dimensions', headers: agent.headers })).statusCode).toBe(
      403,
    );
  });

  it('is documented in the OpenAPI document under reports', async () => {
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, { get?: { tags?: string[]; summary?: string } }>;
    for (const path of [
      '/api/reports/queue-intervals',
      '/api/reports/queue-intervals.csv',
      '/api/reports/queue-intervals.xlsx',
    ]) {
      expect(paths[path]?.get?.tags).toEqual(['reports']);
      expect(paths[path]?.get?.summary).toBeTruthy();
    }
  });

  it('is for supervisors and admins only, and refuses a bad range', async () => {
    const [agent, mkt, admin] = await Promise.all([
      loginAs(app, '1012'),
      loginAs(app, 'mkt1'),
      loginAs(app, 'admin'),
    ]);
    const url = `/api/reports/queue-intervals?from=${DAY}&to=${DAY}&size=15`;
    for (const who of [agent, mkt]) {
      expect((await app.inject({ url, headers: who.headers })).statusCode).toBe(403);
      expect(
        (await app.inject({ url: url.replace('intervals?', 'intervals.csv?'), headers: who.headers }))
          .statusCode,
      ).toBe(403);
    }
    expect((await app.inject({ url, headers: admin.headers })).statusCode).toBe(200);
    for (const bad of [
      'from=2024-06-03&to=2024-06-02',
      'from=2024-06-01&to=2024-07-02',
      'from=2024-02-30&to=2024-03-01',
      'from=2024-06-01&to=2024-06-02&size=45',
    ]) {
      const res = await app.inject({ url: `/api/reports/queue-intervals?${bad}`, headers: sup.headers });
      expect(res.statusCode, bad).toBe(400);
    }
    // 31 days is the longest range.
    expect(
      (
        await app.inject({
          url: '/api/reports/queue-intervals?from=2024-05-01&to=2024-05-31',
          headers: sup.headers,
        })
      ).statusCode,
    ).toBe(200);
  });
});
