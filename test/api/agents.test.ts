import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

describe.each(PROVIDERS)('agent state and queue API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let a1002: Login;
  let a1003: Login;
  let a1012: Login;
  let sup: Login;
  let mkt: Login;

  const setState = (who: Login, ext: string, payload: object) =>
    app.inject({ method: 'PUT', url: `/api/agents/${ext}/state`, headers: who.headers, payload });
  const history = async (who: Login, ext: string) =>
    (await app.inject({ url: `/api/agents/${ext}/states?limit=10`, headers: who.headers })).json() as Array<{
      state: string;
      reason: string | null;
      actorId: string | null;
      actor: { username: string } | null;
    }>;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    app = await buildTestApp(tdb.db);
    [a1002, a1003, a1012, sup, mkt] = await Promise.all([
      loginAs(app, '1002'),
      loginAs(app, '1003'),
      loginAs(app, '1012'),
      loginAs(app, 'sup1'),
      loginAs(app, 'mkt1'),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('lists every agent for a supervisor, only themself for an agent, nothing for marketing', async () => {
    const all = await app.inject({ url: '/api/agents', headers: sup.headers });
    expect(all.statusCode).toBe(200);
    const agents = all.json();
    // The 20 demo agents and sup1's phone (1090, no skills).
    expect(agents).toHaveLength(21);
    expect(agents[0]).toMatchObject({ extension: '1001', state: 'logged_out', reason: null });
    expect(agents[0].skills).toContainEqual({ name: 'zh', kind: 'language', proficiency: 5 });
    expect(agents[0].timeInStateMs).toBeGreaterThanOrEqual(0);

    const mine = (await app.inject({ url: '/api/agents', headers: a1002.headers })).json();
    expect(mine.map((a: { extension: string }) => a.extension)).toEqual(['1002']);
    expect((await app.inject({ url: '/api/agents', headers: mkt.headers })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/agents' })).statusCode).toBe(401);
  });

  it('an agent logs in by going ready, takes a break, and the history names them as actor', async () => {
    const ready = await setState(a1002, '1002', { state: 'ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ extension: '1002', state: 'ready', reason: 'login' });

    const again = await setState(a1002, '1002', { state: 'ready' });
    expect(again.statusCode).toBe(200);

    const lunch = await setState(a1002, '1002', { state: 'not_ready', reason: 'lunch' });
    expect(lunch.json()).toMatchObject({ state: 'not_ready', reason: 'lunch' });

    const rows = await history(a1002, '1002');
    expect(rows.slice(0, 3).map((r) => [r.state, r.reason, r.actorId])).toEqual([
      ['not_ready', 'lunch', a1002.user.id],
      ['ready', 'login', a1002.user.id],
      ['logged_out', 'seeded', null],
    ]);
    expect(rows[0]!.actor).toMatchObject({ username: '1002' });
  });

  it('a supervisor changes an agent and is stored as the actor; not_ready from logged out logs in', async () => {
    const res = await setState(sup, '1003', { state: 'not_ready', reason: 'coaching' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'not_ready', reason: 'coaching' });
    await app.agentStateLog.flush();
    const agentId = res.json().id as string;
    const stored = await tdb.db.agentStateEvent.findMany({ where: { agentId }, orderBy: { at: 'asc' } });
    expect(stored.at(-1)).toMatchObject({ state: 'not_ready', reason: 'coaching', actorId: sup.user.id });

    const out = await setState(sup, '1003', { state: 'logged_out' });
    expect(out.json()).toMatchObject({ state: 'logged_out' });
    expect((await history(a1003, '1003'))[0]).toMatchObject({ state: 'logged_out', actorId: sup.user.id });
  });

  it('refuses other agents, marketing, unknown extensions and bad input', async () => {
    const cases: Array<[Login, string, object, number]> = [
      [a1002, '1003', { state: 'ready' }, 403],
      [mkt, '1002', { state: 'ready' }, 403],
      [sup, '9999', { state: 'ready' }, 404],
      [a1002, '1002', { state: 'busy' }, 400],
      [a1002, '1002', { state: 'not_ready' }, 400],
      [a1002, '1002', { state: 'not_ready', reason: 'nap' }, 400],
      [a1002, '1002', { state: 'ready', force: true }, 400],
      [a1002, '10 02', { state: 'ready' }, 400],
    ];
    for (const [who, ext, payload, status] of cases) {
      const res = await setState(who, encodeURIComponent(ext), payload);
      expect(res.statusCode, `${ext} ${JSON.stringify(payload)}`).toBe(status);
    }
    const badReason = await setState(a1002, '1002', { state: 'not_ready', reason: 'nap' });
    expect(badReason.json()).toMatchObject({ code: 'INVALID_REASON' });
    expect(badReason.json().message).toContain('lunch');
    expect((await app.inject({ url: '/api/agents/1003', headers: a1002.headers })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/agents/1003/states', headers: a1002.headers })).statusCode).toBe(
      403,
    );
    expect((await app.inject({ url: '/api/agents/1003', headers: sup.headers })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/agents/9999/states', headers: sup.headers })).statusCode).toBe(404);
  });

  it('a call: 409 while offered and on the call, disposition required before leaving wrap-up', async () => {
    expect((await setState(a1012, '1012', { state: 'ready' })).statusCode).toBe(200);
    const service = app.agentDirectory.queueByName('service')!;
    app.acd.enqueue({ callId: 'test-call-1', queueId: service.id });
    expect(app.acd.callAgent('test-call-1')).toBe(a1012.user.agentId);

    const offered = await setState(a1012, '1012', { state: 'ready' });
    expect(offered.statusCode).toBe(409);
    expect(offered.json().message).toMatch(/being offered/);

    expect(app.acd.answer('test-call-1')).toBe(true);
    const calls = async (who: Login) =>
      (await app.inject({ url: '/api/calls', headers: who.headers })).json().active as Array<{
        callId: string;
      }>;
    expect(await calls(sup)).toContainEqual(
      expect.objectContaining({
        callId: 'test-call-1',
        phase: 'connected',
        extension: '1012',
        queue: 'service',
      }),
    );
    expect((await calls(a1012)).map((c) => c.callId)).toEqual(['test-call-1']);
    expect(await calls(a1002)).toEqual([]);
    expect((await app.inject({ url: '/api/calls', headers: mkt.headers })).statusCode).toBe(403);

    for (const who of [a1012, sup]) {
      const onCall = await setState(who, '1012', { state: 'not_ready', reason: 'break' });
      expect(onCall.statusCode).toBe(409);
      expect(onCall.json()).toMatchObject({ code: 'CONFLICT' });
      expect(onCall.json().message).toMatch(/on a call/);
    }
    const early = await app.inject({
      method: 'PUT',
      url: '/api/agents/1012/wrap-up',
      headers: a1012.headers,
      payload: { disposition: 'resolved' },
    });
    expect(early.statusCode).toBe(409);

    expect(app.acd.finish('test-call-1')).toBe(true);
    const noDisposition = await setState(a1012, '1012', { state: 'ready' });
    expect(noDisposition.statusCode).toBe(409);
    expect(noDisposition.json().message).toMatch(/disposition/);

    const wrap = await app.inject({
      method: 'PUT',
      url: '/api/agents/1012/wrap-up',
      headers: a1012.headers,
      payload: { disposition: 'resolved', extendSeconds: 30 },
    });
    expect(wrap.statusCode).toBe(200);
    expect(wrap.json()).toMatchObject({ state: 'wrap_up', disposition: 'resolved' });
    expect((await setState(a1012, '1012', { state: 'ready' })).json()).toMatchObject({ state: 'ready' });

    const states = (await history(a1012, '1012')).map((r) => r.state);
    expect(states.slice(0, 5)).toEqual(['ready', 'wrap_up', 'on_call', 'reserved', 'ready']);

    const metrics = (await app.inject({ url: '/api/queues/service/metrics', headers: sup.headers })).json();
    expect(metrics).toMatchObject({ queue: 'service', entered: 1, answered: 1, waiting: 0, serviceLevel: 1 });
    expect(metrics.abandonRate).toBe(0);
    expect(metrics.asaMs).toBeGreaterThanOrEqual(0);
  });

  it('queue metrics count the agents who went ready', async () => {
    await setState(a1002, '1002', { state: 'ready' });
    const list = await app.inject({ url: '/api/queues', headers: a1002.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((q: { name: string }) => q.name)).toEqual(['complaints', 'sales', 'service']);

    const res = await app.inject({ url: '/api/queues/sales/metrics', headers: sup.headers });
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(Object.keys(m).sort()).toEqual(
      [
        'queueId',
        'queue',
        'displayName',
        'at',
        'waiting',
        'longestWaitMs',
        'serviceLevel',
        'serviceLevelSeconds',
        'asaMs',
        'abandonRate',
        'entered',
        'answered',
        'abandoned',
        'overflowed',
        'agentsByState',
      ].sort(),
    );
    // 1001–1010 hold the sales skill; only 1002 is ready.
    expect(m.agentsByState).toMatchObject({ ready: 1, logged_out: 9 });
    expect(m).toMatchObject({ waiting: 0, longestWaitMs: 0, serviceLevel: null, asaMs: null });

    expect((await app.inject({ url: '/api/queues/nope/metrics', headers: sup.headers })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ url: '/api/queues', headers: mkt.headers })).statusCode).toBe(403);
  });

  it('a restart logs everyone out and says so in the history of agents who were logged in', async () => {
    const restarted = await buildTestApp(tdb.db);
    try {
      const rows = await history(sup, '1002');
      expect(rows[0]).toMatchObject({ state: 'logged_out', reason: 'server_restart', actorId: null });
      const last1003 = await tdb.db.agentStateEvent.findFirst({
        where: { agent: { extension: '1003' } },
        orderBy: { at: 'desc' },
      });
      expect(last1003).toMatchObject({ state: 'logged_out', actorId: sup.user.id });
      const view = await restarted.inject({ url: '/api/agents/1002', headers: sup.headers });
      expect(view.json()).toMatchObject({ state: 'logged_out' });
    } finally {
      await restarted.close();
    }
  });
});
