import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

describe.each(PROVIDERS)('supervisor actions on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let sup: Login;
  let admin: Login;
  let a1002: Login;
  let mkt: Login;

  const post = (who: Login, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: who.headers, payload });
  const force = (who: Login, ext: string, payload: object) =>
    post(who, `/api/supervisor/agents/${ext}/force`, payload);
  const move = (who: Login, callId: string, payload: object) =>
    post(who, `/api/supervisor/calls/${callId}/move`, payload);
  const agentId = (ext: string) => app.agentDirectory.agentByExtension(ext)!.id;
  const queueId = (name: string) => app.agentDirectory.queueByName(name)!.id;
  /** Ready with phone and console: the ACD may offer the agent a call. */
  const makeOfferable = (ext: string) => {
    const id = agentId(ext);
    app.acd.setPhoneRegistered(id, true);
    app.acd.setConsoleConnected(id, true);
    app.acd.login(id);
  };
  const auditOf = (action: string, entityId: string) =>
    tdb.db.auditEntry.findFirst({ where: { action, entityId }, orderBy: { at: 'desc' } });

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    app = await buildTestApp(tdb.db);
    [sup, admin, a1002, mkt] = await Promise.all([
      loginAs(app, 'sup1'),
      loginAs(app, 'admin'),
      loginAs(app, '1002'),
      loginAs(app, 'mkt1'),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('forces an agent not ready with a reason: the state log has the supervisor and the reason, the agent is told, it is audited', async () => {
    const told = vi.spyOn(app.realtime, 'emitToAgent');
    app.acd.login(agentId('1003'));
    const res = await force(sup, '1003', { state: 'not_ready', reason: 'coaching session' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ extension: '1003', state: 'not_ready', reason: 'coaching session' });
    expect(told).toHaveBeenCalledWith('1003', 'agent.forced', {
      state: 'not_ready',
      reason: 'coaching session',
      supervisor: '主管 Supervisor One',
      at: expect.any(String),
    });
    told.mockRestore();
    await app.agentStateLog.flush();
    const last = await tdb.db.agentStateEvent.findFirst({
      where: { agentId: agentId('1003') },
      orderBy: { at: 'desc' },
    });
    expect(last).toMatchObject({ state: 'not_ready', reason: 'coaching session', actorId: sup.user.id });
    const entry = await auditOf('agent.force_state', agentId('1003'));
    expect(entry).toMatchObject({ actorId: sup.user.id, entity: 'agent' });
    expect(entry!.summary).toBe('sup1 forced 1003 not ready: coaching session');
    expect(entry!.before).toMatchObject({ state: 'ready' });
    expect(entry!.after).toMatchObject({ state: 'not_ready', reason: 'coaching session' });
  });

  it('logs an agent out with a reason; an admin may too', async () => {
    const res = await force(admin, '1003', { state: 'logged_out', reason: 'end of shift' });
    expect(res.statusCode).toBe(200);
    expect(app.acd.agentStatus(agentId('1003'))).toBe('logged_out');
    await app.agentStateLog.flush();
    const last = await tdb.db.agentStateEvent.findFirst({
      where: { agentId: agentId('1003') },
      orderBy: { at: 'desc' },
    });
    expect(last).toMatchObject({ state: 'logged_out', reason: 'end of shift', actorId: admin.user.id });
    expect(await auditOf('agent.force_state', agentId('1003'))).toMatchObject({ actorId: admin.user.id });
    // Logged out already: nothing to force.
    expect((await force(sup, '1003', { state: 'logged_out', reason: 'again' })).statusCode).toBe(409);
  });

  it('refuses to force an agent who is being offered a call or is on one (409), and unknown agents (404)', async () => {
    makeOfferable('1004');
    app.acd.enqueue({ callId: 'force-c1', queueId: queueId('sales') });
    // 1004 is the one ready sales agent: the call is offered to them.
    expect(app.acd.callAgent('force-c1')).toBe(agentId('1004'));
    const offered = await force(sup, '1004', { state: 'logged_out', reason: 'x' });
    expect(offered.statusCode).toBe(409);
    expect(offered.json().message).toMatch(/being offered a call/);
    app.acd.answer('force-c1');
    const onCall = await force(sup, '1004', { state: 'not_ready', reason: 'x' });
    expect(onCall.statusCode).toBe(409);
    expect(onCall.json().message).toMatch(/on a call: force the state once the call ends/);
    app.acd.finish('force-c1');
    // In wrap-up it may be forced.
    expect((await force(sup, '1004', { state: 'logged_out', reason: 'home' })).statusCode).toBe(200);
    expect((await force(sup, '9999', { state: 'logged_out', reason: 'x' })).statusCode).toBe(404);
    expect((await force(sup, '1002', { state: 'not_ready', reason: '' })).statusCode).toBe(400);
    expect((await force(sup, '1002', { state: 'ready', reason: 'x' })).statusCode).toBe(400);
  });

  it('moves a waiting call to another queue, audited', async () => {
    app.acd.enqueue({ callId: 'move-c1', queueId: queueId('sales') });
    const res = await move(sup, 'move-c1', { queue: 'service' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ callId: 'move-c1', queue: 'service', agent: null, phase: 'waiting' });
    expect(app.acd.callQueue('move-c1')).toBe(queueId('service'));
    const entry = await auditOf('call.move', 'move-c1');
    expect(entry).toMatchObject({ actorId: sup.user.id, entity: 'call' });
    expect(entry!.before).toEqual({ queue: 'sales' });
    expect(entry!.after).toEqual({ queue: 'service' });
    expect((await move(sup, 'move-c1', { queue: 'nowhere' })).statusCode).toBe(404);
    app.acd.abandon('move-c1');
  });

  it('gives a waiting call to a named agent who is ready (offered now), 409 when they are not', async () => {
    app.acd.enqueue({ callId: 'give-c1', queueId: queueId('complaints') });
    // 1005 is logged out.
    const refused = await move(sup, 'give-c1', { agent: '1005' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/agent 1005 cannot take the call now \(logged_out/);
    makeOfferable('1005');
    // Ready, but no complaints skill: routing left the call waiting.
    expect(app.acd.callPhase('give-c1')).toBe('waiting');
    const res = await move(sup, 'give-c1', { agent: '1005' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ callId: 'give-c1', queue: 'complaints', agent: '1005', phase: 'offered' });
    expect(app.acd.agentStatus(agentId('1005'))).toBe('reserved');
    expect(await auditOf('call.give', 'give-c1')).toMatchObject({ actorId: sup.user.id });
    // No longer waiting: neither moved nor given again.
    expect((await move(sup, 'give-c1', { queue: 'sales' })).statusCode).toBe(409);
    expect((await move(sup, 'no-such-call', { queue: 'sales' })).statusCode).toBe(404);
    expect((await move(sup, 'give-c1', { agent: '9999' })).statusCode).toBe(409);
    app.acd.abandon('give-c1');
  });

  it('agents and marketing get 403 on force, move and the monitor routes', async () => {
    for (const who of [a1002, mkt]) {
      expect((await force(who, '1003', { state: 'not_ready', reason: 'x' })).statusCode).toBe(403);
      expect((await move(who, 'any', { queue: 'sales' })).statusCode).toBe(403);
      expect((await post(who, '/api/calls/any/monitor', { mode: 'listen' })).statusCode).toBe(403);
      for (const method of ['PATCH', 'DELETE'] as const) {
        const res = await app.inject({
          method,
          url: '/api/calls/any/monitor',
          headers: who.headers,
          ...(method === 'PATCH' && { payload: { mode: 'barge' } }),
        });
        expect(res.statusCode).toBe(403);
      }
    }
    // A supervisor reaches the monitor route (no SIP on this server: 409, not 403).
    expect((await post(sup, '/api/calls/any/monitor', { mode: 'listen' })).statusCode).toBe(409);
  });
});
