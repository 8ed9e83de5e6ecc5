import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { SimulatedClock, type Clock } from '@kefu/cti-server/clock/index';
import type { AcdCallEvent } from '@kefu/cti-server/acd/queue-metrics';
import type { AgentDay, SupervisorBoard, WallboardAgent, WallboardQueue } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

async function startApp(db: TestDatabase['db'], clock?: Clock) {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-data-')),
    TOKEN_SECRET: 'test-secret',
  });
  const app = await buildApp({ config, db, logger: false, ...(clock && { clock }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

describe.each(PROVIDERS)('the supervisor board on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  let sup: Login;
  let admin: Login;
  let a1002: Login;
  let mkt: Login;
  const sockets: Socket[] = [];
  /** Every event each socket received, by the login it was opened with. */
  const received = new Map<Socket, Array<[string, unknown]>>();
  /** The ACD's call events of the live part, to store them as call control would. */
  const callEvents: AcdCallEvent[] = [];

  const tokenOf = (who: Login) => who.headers.authorization.slice('Bearer '.length);
  const open = (who: Login) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, {
        path: '/socket.io',
        auth: { token: tokenOf(who) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      received.set(socket, []);
      socket.onAny((event: string, payload: unknown) => received.get(socket)!.push([event, payload]));
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  const setState = (who: Login, ext: string, payload: object) =>
    app.inject({ method: 'PUT', url: `/api/agents/${ext}/state`, headers: who.headers, payload });
  const board = async (who = sup) => {
    const res = await app.inject({ url: '/api/supervisor/board', headers: who.headers });
    expect(res.statusCode).toBe(200);
    return res.json() as SupervisorBoard;
  };
  const salesOf = (b: { queues: WallboardQueue[] }) => b.queues.find((q) => q.queue === 'sales')!;
  const agentOf = (b: { agents: WallboardAgent[] }, ext: string) => b.agents.find((a) => a.extension === ext);

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    app = await startApp(tdb.db);
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    [sup, admin, a1002, mkt] = await Promise.all([
      loginAs(app, 'sup1'),
      loginAs(app, 'admin'),
      loginAs(app, '1002'),
      loginAs(app, 'mkt1'),
    ]);
    app.acdEvents.on('callEvent', (e) => callEvents.push(e));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await tdb?.drop();
  });

  it('refuses agents and marketing on every route', async () => {
    const routes = [
      { method: 'GET' as const, url: '/api/supervisor/board' },
      { method: 'GET' as const, url: '/api/supervisor/agents/1002/day' },
      { method: 'GET' as const, url: '/api/supervisor/settings' },
      { method: 'PUT' as const, url: '/api/supervisor/settings', payload: { shortAbandonSeconds: 3 } },
    ];
    for (const who of [a1002, mkt])
      for (const route of routes)
        expect(
          (await app.inject({ ...route, headers: who.headers })).statusCode,
          `${route.method} ${route.url}`,
        ).toBe(403);
    expect((await app.inject({ url: '/api/supervisor/board' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/supervisor/board', headers: admin.headers })).statusCode).toBe(200);
  });

  it('reads the settings with their defaults and refuses invalid ones', async () => {
    const res = await app.inject({ url: '/api/supervisor/settings', headers: sup.headers });
    expect(res.json()).toEqual({
      timeZone: 'Asia/Shanghai',
      shortAbandonSeconds: 5,
      alerts: {
        longWaitSeconds: 60,
        notReadyMinutes: 15,
        wrapUpMinutes: 5,
        ronaCount: 3,
        ronaWindowMinutes: 60,
        serviceLevelMinCalls: 5,
      },
    });
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/supervisor/settings',
      headers: sup.headers,
      payload: { timeZone: 'Mars/Olympus' },
    });
    expect(bad.statusCode).toBe(400);
    const tooLong = await app.inject({
      method: 'PUT',
      url: '/api/supervisor/settings',
      headers: sup.headers,
      payload: { alerts: { ronaCount: 0 } },
    });
    expect(tooLong.statusCode).toBe(400);
  });

  it('pushes the board to supervisors only, and folds a day of calls into it', async () => {
    const [supSocket, agentSocket, mktSocket] = await Promise.all([open(sup), open(a1002), open(mkt)]);
    // On connect the supervisor gets the whole board.
    await vi.waitFor(() =>
      expect(received.get(supSocket)!.some(([e]) => e === 'supervisor.board')).toBe(true),
    );
    const greeted = received.get(supSocket)!.find(([e]) => e === 'supervisor.board')![1] as SupervisorBoard;
    expect(greeted.timeZone).toBe('Asia/Shanghai');
    expect(salesOf(greeted)).toMatchObject({
      offered: 0,
      waiting: 0,
      serviceLevelTarget: 0.8,
      serviceLevelSeconds: 20,
    });
    expect(greeted.agents.map((a) => a.extension)).toContain('1002');

    const pushes = (event: string) =>
      received
        .get(supSocket)!
        .filter(([e]) => e === event)
        .map(([, p]) => p);
    const sales = app.agentDirectory.queueByName('sales')!;
    const agentId = a1002.user.agentId!;

    // 1002 is the only agent ready: c1 is offered to them at once.
    expect((await setState(a1002, '1002', { state: 'ready' })).statusCode).toBe(200);
    await vi.waitFor(() =>
      expect(pushes('supervisor.agent')).toContainEqual(
        expect.objectContaining({ extension: '1002', state: 'ready' }),
      ),
    );
    app.acd.enqueue({ callId: 'sb-c1', queueId: sales.id });
    expect(app.acd.agentStatus(agentId)).toBe('reserved');
    await vi.waitFor(() =>
      expect(pushes('supervisor.agent')).toContainEqual(
        expect.objectContaining({
          extension: '1002',
          state: 'reserved',
          call: expect.objectContaining({ callId: 'sb-c1', queue: 'sales' }),
        }),
      ),
    );
    expect(app.acd.ringing('sb-c1')).toBe(true);
    expect(app.acd.answer('sb-c1')).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(app.acd.finish('sb-c1')).toBe(true);
    expect(app.acd.agentStatus(agentId)).toBe('wrap_up');
    expect((await setState(a1002, '1002', { state: 'not_ready', reason: 'break' })).statusCode).toBe(200);

    // c2 waits (nobody ready), the waiting count is pushed, then the caller hangs up at once: a short abandon.
    app.acd.enqueue({ callId: 'sb-c2', queueId: sales.id });
    await vi.waitFor(() =>
      expect(pushes('supervisor.queue')).toContainEqual(
        expect.objectContaining({ queue: 'sales', waiting: 1, offered: 2 }),
      ),
    );
    expect(app.acd.abandon('sb-c2')).toBe(true);
    await vi.waitFor(() =>
      expect(pushes('supervisor.queue')).toContainEqual(
        expect.objectContaining({ queue: 'sales', waiting: 0, abandoned: 1 }),
      ),
    );

    const now = await board();
    const q = salesOf(now);
    // SL = 1 answered within 20 s / (1 answered + 1 abandoned − 1 short) = 1; abandon rate (1 − 1) / 1 = 0.
    expect(q).toMatchObject({
      offered: 2,
      answered: 1,
      abandoned: 1,
      shortAbandoned: 1,
      serviceLevel: 1,
      abandonRate: 0,
    });
    expect(q.ahtMs).toBeGreaterThanOrEqual(30);
    expect(q.agents.not_ready).toBe(1);
    expect(q.staffing).toMatchObject({ arrivalsPerHour: 4, agentsStaffed: 1 });
    const [interval] = now.intervals[sales.id]!;
    expect(interval).toMatchObject({ offered: 2, answered: 1, abandoned: 1, shortAbandoned: 1 });
    const agent = agentOf(now, '1002')!;
    expect(agent).toMatchObject({ state: 'not_ready', reason: 'break', handled: 1, call: null });
    expect(agent.ahtMs).toBe(q.ahtMs);
    expect(agent.skills).toContain('sales');

    // The agent and marketing sockets heard nothing of it.
    for (const socket of [agentSocket, mktSocket])
      expect(received.get(socket)!.filter(([e]) => e.startsWith('supervisor.'))).toEqual([]);
    expect(received.get(agentSocket)!.length).toBeGreaterThan(0); // it did get its own agent.state
  });

  it("answers an agent's day: the state timeline", async () => {
    const res = await app.inject({ url: '/api/supervisor/agents/1002/day', headers: sup.headers });
    expect(res.statusCode).toBe(200);
    const day = res.json() as AgentDay;
    expect(day.extension).toBe('1002');
    const states = day.segments.map((s) => s.state);
    // Seeded logged out, then the day above.
    expect(states.slice(-6)).toEqual(['ready', 'reserved', 'ringing', 'on_call', 'wrap_up', 'not_ready']);
    for (const s of day.segments) expect(Date.parse(s.to)).toBeGreaterThanOrEqual(Date.parse(s.from));
    expect(
      (await app.inject({ url: '/api/supervisor/agents/1002/day?date=2026-02-30', headers: sup.headers }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ url: '/api/supervisor/agents/9999/day', headers: sup.headers })).statusCode,
    ).toBe(404);
  });

  it('leaves supervisors’ phones out of the grid and the counts', async () => {
    const supUser = await tdb.db.user.findUniqueOrThrow({ where: { username: 'sup1' } });
    // The demo seeds sup1's phone (1090, no skills); give it a skill the ACD could route by.
    const phone = await tdb.db.agent.findUniqueOrThrow({ where: { userId: supUser.id } });
    expect(phone.extension).toBe('1090');
    const skill = await tdb.db.skill.findUniqueOrThrow({ where: { name: 'sales' } });
    await tdb.db.agentSkill.create({ data: { agentId: phone.id, skillId: skill.id, proficiency: 5 } });
    await app.configChanges.publish({ kind: 'agent', id: phone.id });
    expect(app.agentDirectory.agentByExtension('1090')).toBeDefined();
    app.acd.setReady(phone.id);
    const now = await board();
    expect(agentOf(now, '1090')).toBeUndefined();
    expect(salesOf(now).agents.ready).toBe(0);
    app.acd.logout(phone.id);
  });

  it('a settings change counts today again and is audited', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: '/api/supervisor/settings',
      headers: sup.headers,
      payload: { shortAbandonSeconds: 0, alerts: { longWaitSeconds: 45 } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      shortAbandonSeconds: 0,
      alerts: { longWaitSeconds: 45, ronaCount: 3 },
    });
    // No short abandons now: SL = 1 / (1 + 1) = 0.5, abandon rate 1 / 2.
    expect(salesOf(await board())).toMatchObject({ shortAbandoned: 0, serviceLevel: 0.5, abandonRate: 0.5 });
    const audit = await tdb.db.auditEntry.findFirst({
      where: { entity: 'setting', entityId: 'supervision' },
    });
    expect(audit).toMatchObject({ actorId: sup.user.id });
    await app.inject({
      method: 'PUT',
      url: '/api/supervisor/settings',
      headers: admin.headers,
      payload: { shortAbandonSeconds: 5 },
    });
    expect(salesOf(await board()).shortAbandoned).toBe(1);
  });

  it('a restarted server rebuilds today from the database', async () => {
    const before = await board();
    // Store the calls as call control does (Interaction rows and their event trails).
    const sales = app.agentDirectory.queueByName('sales')!;
    const agentId = a1002.user.agentId!;
    const at = (callId: string, type: string) =>
      new Date(callEvents.find((e) => e.callId === callId && e.type === type)!.at);
    await tdb.db.interaction.create({
      data: {
        callId: 'sb-c1',
        queueId: sales.id,
        agentId,
        ani: '+8613800138000',
        offeredAt: at('sb-c1', 'queued'),
        answeredAt: at('sb-c1', 'answered'),
        endedAt: at('sb-c1', 'finished'),
        events: {
          create: [
            { type: 'queued', data: { queueId: sales.id }, at: at('sb-c1', 'queued') },
            { type: 'answered', data: { agentId }, at: at('sb-c1', 'answered') },
            { type: 'ended', data: { endedBy: 'caller' }, at: at('sb-c1', 'finished') },
          ],
        },
      },
    });
    await tdb.db.interaction.create({
      data: {
        callId: 'sb-c2',
        queueId: sales.id,
        offeredAt: at('sb-c2', 'queued'),
        endedAt: at('sb-c2', 'abandoned'),
        events: {
          create: [
            { type: 'queued', data: { queueId: sales.id }, at: at('sb-c2', 'queued') },
            { type: 'ended', data: { endedBy: 'caller' }, at: at('sb-c2', 'abandoned') },
          ],
        },
      },
    });
    await app.agentStateLog.flush();

    const again = await startApp(tdb.db);
    try {
      const res = await again.inject({ url: '/api/supervisor/board', headers: sup.headers });
      const rebuilt = res.json() as SupervisorBoard;
      const { at: _a, staffing: _s, agents: _g, ...figures } = salesOf(before);
      expect(salesOf(rebuilt)).toMatchObject(figures);
      expect(rebuilt.intervals[sales.id]).toEqual(before.intervals[sales.id]);
      const agent = agentOf(rebuilt, '1002')!;
      expect(agent).toMatchObject({ handled: 1, ahtMs: agentOf(before, '1002')!.ahtMs, state: 'logged_out' });

      // The day's calls now have rows: the agent's day lists c1 with its talk and wrap-up.
      const day = (
        await again.inject({ url: '/api/supervisor/agents/1002/day', headers: sup.headers })
      ).json() as AgentDay;
      expect(day.calls).toEqual([
        expect.objectContaining({
          callId: 'sb-c1',
          queue: 'sales',
          ani: '+8613800138000',
          talkMs: expect.any(Number),
        }),
      ]);
      expect(day.calls[0]!.wrapMs).not.toBeNull();
    } finally {
      await again.close();
    }
  });
});

describe.each(PROVIDERS)('the supervisor board at local midnight on %s', (provider) => {
  // 23:59:58 on 4 December in Shanghai (UTC+8), on a simulated clock.
  const clock = new SimulatedClock(Date.UTC(2026, 11, 4, 15, 59, 58));
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let socket: Socket | undefined;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    app = await startApp(tdb.db, clock);
  });
  afterAll(async () => {
    socket?.close();
    await app?.close();
    await tdb?.drop();
  });

  it('starts an empty day and sends every supervisor the new board', async () => {
    const sup = await loginAs(app, 'sup1');
    const boards: SupervisorBoard[] = [];
    socket = connect(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, {
      path: '/socket.io',
      auth: { token: sup.headers.authorization.slice('Bearer '.length) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.on('supervisor.board', (b: SupervisorBoard) => boards.push(b));
    await vi.waitFor(() => expect(boards).toHaveLength(1));

    // A call waits at 23:59:58 (nobody is ready): offered yesterday.
    app.acd.enqueue({ callId: 'mid-c1', queueId: app.agentDirectory.queueByName('sales')!.id });
    const sales = (b: { queues: WallboardQueue[] }) => b.queues.find((q) => q.queue === 'sales')!;
    expect(sales(app.supervision.board())).toMatchObject({ offered: 1, waiting: 1 });

    clock.advance(3_000); // 00:00:01: the 1 s check finds the new day
    await vi.waitFor(() => expect(boards).toHaveLength(2));
    const next = boards[1]!;
    expect(next.at).toBe('2026-12-04T16:00:01.000Z');
    // Today is empty; the call still waits (live), its longest wait runs on.
    expect(sales(next)).toMatchObject({ offered: 0, answered: 0, waiting: 1, longestWaitMs: 3_000 });
    expect(next.intervals[sales(next).queueId]).toEqual([]);
  });
});
