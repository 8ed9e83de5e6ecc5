import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AgentPerformanceReport, AgentPerformanceRow } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

// A generated past day of two agents, written as call control and the ACD store it, and an
// oracle that counts it again from those rows by the documented definitions (docs/METRICS.md,
// "Agent performance"), apart from the server.
const DAY = '2024-06-03';
/** Asia/Shanghai, UTC+8: local midnight of DAY. */
const DAY_START = Date.UTC(2024, 5, 2, 16);
const DAY_END = DAY_START + 24 * 3_600_000;
const S = 1_000;
const at = (hh: number, mm: number, ss = 0) => DAY_START + ((hh * 60 + mm) * 60 + ss) * S;

interface State {
  agentId: string;
  state: string;
  reason: string | null;
  at: number;
}
interface Call {
  callId: string;
  agentId: string | null;
  answeredAt: number | null;
  endedAt: number;
  disposition: string | null;
  events: Array<{ type: string; data: Record<string, unknown>; at: number }>;
}

function generateDay(a: string, b: string, queueId: string) {
  const states: State[] = [];
  const state = (agentId: string, s: string, when: number, reason: string | null = null) =>
    states.push({ agentId, state: s, reason, at: when });
  const calls: Call[] = [];
  const call = (id: string, queued: number): Call => {
    const c: Call = {
      callId: `agt-${id}`,
      agentId: null,
      answeredAt: null,
      endedAt: 0,
      disposition: null,
      events: [
        { type: 'received', data: { sipCallId: `sip-${id}`, trunk: 'carrier' }, at: queued - 2 * S },
        { type: 'queued', data: { queueId }, at: queued },
      ],
    };
    calls.push(c);
    return c;
  };

  // a: ready 08:00, logs out 18:00; lunch 12:00–12:45.
  state(a, 'ready', at(8, 0));
  // b: in training since before midnight (not ready across it), ready 09:30, logs out 17:00.
  state(b, 'not_ready', DAY_START - 3_600 * S, 'training');
  state(b, 'ready', at(9, 30));

  // c1: a answers 09:00:05; hold 09:01:00–09:01:30; caller hangs up 09:03:05; wrap-up 30 s. Sale.
  const c1 = call('1', at(8, 59, 58));
  c1.events.push({ type: 'offered', data: { agentId: a, extension: '1001', contacts: 1 }, at: at(9, 0) });
  c1.events.push({ type: 'answered', data: { agentId: a }, at: at(9, 0, 5) });
  c1.events.push({ type: 'ended', data: { endedBy: 'caller', sipCause: 200 }, at: at(9, 3, 5) });
  Object.assign(c1, { agentId: a, answeredAt: at(9, 0, 5), endedAt: at(9, 3, 5), disposition: 'sale' });
  state(a, 'reserved', at(9, 0));
  state(a, 'ringing', at(9, 0, 1));
  state(a, 'on_call', at(9, 0, 5));
  state(a, 'on_call', at(9, 1), 'hold');
  state(a, 'on_call', at(9, 1, 30), 'unhold');
  state(a, 'wrap_up', at(9, 3, 5));
  state(a, 'ready', at(9, 3, 35), 'wrap_up_complete');

  // c2: offered to a, who lets it ring (withdrawn, missed_call: a ring-no-answer, a is set not
  // ready); b answers 10:00:20 and transfers it blind at 10:04:00; wrap-up 20 s. Resolved.
  const c2 = call('2', at(9, 59, 50));
  c2.events.push({ type: 'offered', data: { agentId: a, extension: '1001', contacts: 1 }, at: at(10, 0) });
  c2.events.push({ type: 'offer_withdrawn', data: { agentId: a, reason: 'missed_call' }, at: at(10, 0, 15) });
  c2.events.push({
    type: 'offered',
    data: { agentId: b, extension: '1002', contacts: 1 },
    at: at(10, 0, 16),
  });
  c2.events.push({ type: 'answered', data: { agentId: b }, at: at(10, 0, 20) });
  c2.events.push({ type: 'transferred', data: { from: '1002', to: '1003', kind: 'blind' }, at: at(10, 4) });
  c2.events.push({ type: 'ended', data: { endedBy: 'agent', sipCause: 200 }, at: at(10, 4) });
  Object.assign(c2, { agentId: b, answeredAt: at(10, 0, 20), endedAt: at(10, 4), disposition: 'resolved' });
  state(a, 'reserved', at(10, 0));
  state(a, 'ringing', at(10, 0, 1));
  state(a, 'not_ready', at(10, 0, 15), 'missed_call');
  state(a, 'ready', at(10, 5));
  state(b, 'reserved', at(10, 0, 16));
  state(b, 'ringing', at(10, 0, 17));
  state(b, 'on_call', at(10, 0, 20));
  state(b, 'wrap_up', at(10, 4));
  state(b, 'ready', at(10, 4, 20), 'wrap_up_complete');

  // c3: b's phone rejects it (486: a ring-no-answer); a answers 11:00:30, 5 min, wrap-up 30 s.
  const c3 = call('3', at(10, 59, 50));
  c3.events.push({
    type: 'offered',
    data: { agentId: b, extension: '1002', contacts: 1 },
    at: at(10, 59, 55),
  });
  c3.events.push({ type: 'offer_rejected', data: { agentId: b, status: 486 }, at: at(11, 0, 5) });
  c3.events.push({
    type: 'offered',
    data: { agentId: a, extension: '1001', contacts: 1 },
    at: at(11, 0, 10),
  });
  c3.events.push({ type: 'answered', data: { agentId: a }, at: at(11, 0, 30) });
  c3.events.push({ type: 'ended', data: { endedBy: 'caller', sipCause: 200 }, at: at(11, 5, 30) });
  Object.assign(c3, { agentId: a, answeredAt: at(11, 0, 30), endedAt: at(11, 5, 30) });
  state(b, 'reserved', at(10, 59, 55));
  state(b, 'ringing', at(10, 59, 56));
  state(b, 'not_ready', at(11, 0, 5), 'missed_call');
  state(b, 'ready', at(11, 10));
  state(a, 'reserved', at(11, 0, 10));
  state(a, 'ringing', at(11, 0, 11));
  state(a, 'on_call', at(11, 0, 30));
  state(a, 'wrap_up', at(11, 5, 30));
  state(a, 'ready', at(11, 6), 'wrap_up_complete');

  state(a, 'not_ready', at(12, 0), 'lunch');
  state(a, 'ready', at(12, 45));
  state(b, 'logged_out', at(17, 0));
  state(a, 'logged_out', at(18, 0));
  // The next day (not in the report).
  state(a, 'ready', DAY_END + 3_600 * S);

  // Handle time per handled call as the definitions give it (talk excludes hold).
  const handled = {
    [a]: [
      { talk: 150 * S, hold: 30 * S, wrap: 30 * S },
      { talk: 300 * S, hold: 0, wrap: 30 * S },
    ],
    [b]: [{ talk: 220 * S, hold: 0, wrap: 20 * S }],
  };
  return { states, calls, handled };
}

/** Each agent's time by state kind within the day, from the state rows alone. */
function timeOracle(states: State[], agentId: string) {
  const mine = states.filter((s) => s.agentId === agentId).sort((x, y) => x.at - y.at);
  const out = { loggedInMs: 0, notReadyMs: 0, busyMs: 0, byReason: {} as Record<string, number> };
  mine.forEach((s, i) => {
    const from = Math.max(s.at, DAY_START);
    const to = Math.min(mine[i + 1]?.at ?? DAY_END, DAY_END);
    const ms = Math.max(0, to - from);
    if (s.state !== 'logged_out') out.loggedInMs += ms;
    if (s.state === 'not_ready') {
      out.notReadyMs += ms;
      out.byReason[s.reason ?? 'none'] = (out.byReason[s.reason ?? 'none'] ?? 0) + ms;
    }
    if (['reserved', 'ringing', 'on_call', 'wrap_up'].includes(s.state)) out.busyMs += ms;
  });
  return out;
}

describe.each(PROVIDERS)('agent performance report on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let sup: Login;
  let day: ReturnType<typeof generateDay>;
  let a: string;
  let b: string;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    const db = tdb.db;
    const agents = await db.agent.findMany({ where: { extension: { in: ['1001', '1002'] } } });
    a = agents.find((x) => x.extension === '1001')!.id;
    b = agents.find((x) => x.extension === '1002')!.id;
    const sales = await db.queue.findUniqueOrThrow({ where: { name: 'sales' } });
    day = generateDay(a, b, sales.id);
    for (const c of day.calls)
      await db.interaction.create({
        data: {
          callId: c.callId,
          direction: 'inbound',
          queueId: sales.id,
          agentId: c.agentId,
          offeredAt: new Date(c.events[0]!.at),
          answeredAt: c.answeredAt === null ? null : new Date(c.answeredAt),
          endedAt: new Date(c.endedAt),
          disposition: c.disposition,
          events: {
            create: c.events.map((e) => ({ type: e.type, data: e.data as object, at: new Date(e.at) })),
          },
        },
      });
    await db.agentStateEvent.createMany({
      data: day.states.map((s) => ({
        agentId: s.agentId,
        state: s.state,
        reason: s.reason,
        at: new Date(s.at),
      })),
    });
    // a's follow-ups: two created on the day (one done), one the day before.
    const aUser = agents.find((x) => x.id === a)!.userId;
    const customer = await db.customer.findFirstOrThrow();
    for (const [createdAt, status] of [
      [at(9, 4), 'done'],
      [at(11, 7), 'open'],
      [DAY_START - 3_600 * S, 'done'],
    ] as const)
      await db.followUpTask.create({
        data: {
          customerId: customer.id,
          ownerId: aUser,
          dueAt: new Date(createdAt + 86_400_000),
          reason: 'call back',
          status,
          createdAt: new Date(createdAt),
        },
      });
    app = await buildTestApp(db);
    sup = await loginAs(app, 'sup1');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const get = async (query: string) => {
    const res = await app.inject({ url: `/api/reports/agents?${query}`, headers: sup.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AgentPerformanceReport;
  };
  const row = (r: AgentPerformanceReport, id: string) => r.agents.find((x) => x.agentId === id)!;

  it('equals the oracle for every figure of both agents', async () => {
    const report = await get(`from=${DAY}&to=${DAY}`);
    const expected = (id: string, extra: Partial<AgentPerformanceRow>) => {
      const parts = day.handled[id]!;
      const sum = (k: 'talk' | 'hold' | 'wrap') => parts.reduce((n, p) => n + p[k], 0);
      const t = timeOracle(day.states, id);
      return {
        handled: parts.length,
        ahtMs: (sum('talk') + sum('hold') + sum('wrap')) / parts.length,
        talkMs: sum('talk') / parts.length,
        holdMs: sum('hold') / parts.length,
        wrapMs: sum('wrap') / parts.length,
        loggedInMs: t.loggedInMs,
        notReadyMs: t.notReadyMs,
        busyMs: t.busyMs,
        notReadyByReason: t.byReason,
        occupancy: t.busyMs / (t.loggedInMs - t.notReadyMs),
        utilisation: t.busyMs / t.loggedInMs,
        ...extra,
      };
    };
    expect(row(report, a)).toMatchObject(
      expected(a, {
        ringNoAnswer: 1,
        transfers: 0,
        dispositions: { sale: 1, none: 1 },
        followUpsCreated: 2,
        followUpsDone: 1,
      }),
    );
    expect(row(report, b)).toMatchObject(
      expected(b, {
        ringNoAnswer: 1,
        transfers: 1,
        dispositions: { resolved: 1 },
        followUpsCreated: 0,
        followUpsDone: 0,
      }),
    );
    // b's training before midnight is not the day's; from midnight it is.
    expect(row(report, b).notReadyByReason.training).toBe(at(9, 30) - DAY_START);
    // Agents with no calls that day are listed with zeros.
    expect(row(report, a).extension).toBe('1001');
    expect(report.agents.filter((x) => x.handled === 0).length).toBeGreaterThan(0);
  });

  it('filters by agent and by team', async () => {
    const one = await get(`from=${DAY}&to=${DAY}&agentId=${a}`);
    expect(one.agents.map((x) => x.agentId)).toEqual([a]);
    const service = await get(`from=${DAY}&to=${DAY}&team=service`);
    expect(service.agents.length).toBeGreaterThan(0);
    expect(service.agents.every((x) => x.team === 'service')).toBe(true);
    expect(service.agents.some((x) => x.agentId === a)).toBe(false);
  });

  it('exports the same rows as CSV and XLSX', async () => {
    const report = await get(`from=${DAY}&to=${DAY}&team=sales`);
    const csv = await app.inject({
      url: `/api/reports/agents.csv?from=${DAY}&to=${DAY}&team=sales`,
      headers: sup.headers,
    });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const header = lines[0]!;
    expect(lines).toHaveLength(report.agents.length + 1);
    const aLine = lines.find((l) => l[0] === '1001')!;
    const col = (name: string) => aLine[header.indexOf(name)];
    expect(Number(col('handled'))).toBe(2);
    expect(Number(col('aht_seconds'))).toBe(row(report, a).ahtMs! / 1000);
    expect(Number(col('not_ready_lunch_seconds'))).toBe(45 * 60);
    expect(Number(col('disposition_sale'))).toBe(1);
    expect(Number(col('ring_no_answer'))).toBe(1);
    const xlsx = await app.inject({
      url: `/api/reports/agents.xlsx?from=${DAY}&to=${DAY}`,
      headers: sup.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('is for supervisors and admins only, and refuses a bad range', async () => {
    for (const who of [await loginAs(app, '1012'), await loginAs(app, 'mkt1')])
      expect(
        (await app.inject({ url: `/api/reports/agents?from=${DAY}&to=${DAY}`, headers: who.headers }))
          .statusCode,
      ).toBe(403);
    const res = await app.inject({
      url: '/api/reports/agents?from=2024-06-03&to=2024-06-01',
      headers: sup.headers,
    });
    expect(res.statusCode).toBe(400);
  });
});
