import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SETTINGS } from '@kefu/db';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;
type FollowUp = { id: string; ownerId: string; status: string; dueAt: string; customer: { id: string } };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe.each(PROVIDERS)('wrap-up, follow-up and console config API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let a1012: Login;
  let a1002: Login;
  let sup: Login;
  let mkt: Login;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    [a1012, a1002, sup, mkt] = await Promise.all([
      loginAs(app, '1012'),
      loginAs(app, '1002'),
      loginAs(app, 'sup1'),
      loginAs(app, 'mkt1'),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const wrapUp = (callId: string, payload: object, who: Login) =>
    app.inject({ method: 'POST', url: `/api/interactions/${callId}/wrap-up`, headers: who.headers, payload });
  const followUps = async (query: string, who: Login) => {
    const res = await app.inject({ url: `/api/follow-ups${query}`, headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as FollowUp[];
  };

  it('serves the console its pickers: the ACD reason codes labelled, dispositions, wrap-up times', async () => {
    const res = await app.inject({ url: '/api/console/config', headers: a1012.headers });
    expect(res.statusCode).toBe(200);
    const config = res.json();
    expect(config.notReadyReasons.map((r: { code: string }) => r.code)).toEqual([
      ...app.acdSettings.notReadyReasons,
    ]);
    expect(config.notReadyReasons).toContainEqual({
      code: 'lunch',
      labels: { 'zh-CN': '午餐', en: 'Lunch' },
      system: false,
    });
    expect(config.notReadyReasons).toContainEqual(
      expect.objectContaining({ code: 'missed_call', system: true }),
    );
    expect(config.dispositions.map((d: { code: string }) => d.code)).toEqual(
      expect.arrayContaining([
        'sale',
        'info_given',
        'resolved',
        'complaint',
        'callback_requested',
        'wrong_number',
      ]),
    );
    expect(config.dispositions[0].labels).toEqual({ 'zh-CN': '成交', en: 'Sale' });
    expect(config.queues).toContainEqual(
      expect.objectContaining({ name: 'complaints', wrapUpSeconds: 60, requireDisposition: true }),
    );
    expect(config.languages.map((l: { code: string }) => l.code)).toEqual(['zh-CN', 'en']);
    expect((await app.inject({ url: '/api/console/config' })).statusCode).toBe(401);
  });

  it('a disposition from the configured list: a changed list takes effect at once', async () => {
    await tdb.db.setting.update({
      where: { key: 'dispositions' },
      data: { value: [{ code: 'survey_done', labels: { 'zh-CN': '已回访', en: 'Survey done' } }] },
    });
    try {
      const config = (await app.inject({ url: '/api/console/config', headers: sup.headers })).json();
      expect(config.dispositions).toEqual([
        { code: 'survey_done', labels: { 'zh-CN': '已回访', en: 'Survey done' } },
      ]);
      expect((await wrapUp('seed-000002', { disposition: 'sale' }, sup)).statusCode).toBe(400);
      expect((await wrapUp('seed-000002', { disposition: 'survey_done' }, sup)).statusCode).toBe(200);
    } finally {
      await tdb.db.setting.update({ where: { key: 'dispositions' }, data: { value: SETTINGS.dispositions } });
    }
  });

  it('stores disposition, notes and a follow-up owned by the agent, with a trace event', async () => {
    const due = inDays(2);
    const res = await wrapUp(
      'seed-000001',
      {
        disposition: 'callback_requested',
        notes: '客户要求周四回电',
        followUp: { dueAt: due, reason: '确认退款进度' },
      },
      a1012,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      interaction: {
        callId: 'seed-000001',
        disposition: 'callback_requested',
        notes: '客户要求周四回电',
        customerId: 'cus_0000000',
      },
      followUp: {
        ownerId: a1012.user.id,
        reason: '确认退款进度',
        status: 'open',
        customer: { id: 'cus_0000000' },
      },
      acdDispositionSet: false,
    });
    expect(new Date(body.followUp.dueAt).toISOString()).toBe(due);
    const events = await tdb.db.interactionEvent.findMany({
      where: { interaction: { callId: 'seed-000001' }, type: 'wrap_up' },
    });
    expect(events.map((e) => e.data)).toEqual([
      { disposition: 'callback_requested', by: a1012.user.id, followUpId: body.followUp.id },
    ]);

    const mine = await followUps('?status=open', a1012);
    expect(mine.map((f) => f.id)).toContain(body.followUp.id);
    expect(new Set(mine.map((f) => f.ownerId))).toEqual(new Set([a1012.user.id]));
    expect(await followUps('', a1002)).not.toContainEqual(expect.objectContaining({ id: body.followUp.id }));
    expect((await followUps(`?ownerId=${a1012.user.id}`, sup)).map((f) => f.id)).toContain(body.followUp.id);
  });

  it('a supervisor files the follow-up for the agent who took the call', async () => {
    const res = await wrapUp(
      'seed-000002',
      { disposition: 'resolved', followUp: { dueAt: inDays(1), reason: 'check' } },
      sup,
    );
    expect(res.statusCode).toBe(200);
    const call = await tdb.db.interaction.findUniqueOrThrow({
      where: { callId: 'seed-000002' },
      include: { agent: true },
    });
    expect(res.json().followUp.ownerId).toBe(call.agent?.userId);
  });

  it('a call with no customer takes the one given, which a follow-up needs', async () => {
    const unknownCaller = await tdb.db.interaction.create({
      data: { callId: 'wrap-unknown-1', agentId: a1012.user.agentId },
    });
    const noCustomer = await wrapUp(
      'wrap-unknown-1',
      { disposition: 'info_given', followUp: { dueAt: inDays(1), reason: 'x' } },
      a1012,
    );
    expect(noCustomer.statusCode).toBe(400);
    expect(noCustomer.json().code).toBe('NO_CUSTOMER');
    const ok = await wrapUp(
      'wrap-unknown-1',
      {
        disposition: 'info_given',
        customerId: 'cus_0000003',
        followUp: { dueAt: inDays(1), reason: '发资料' },
      },
      a1012,
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().followUp.customer.id).toBe('cus_0000003');
    const row = await tdb.db.interaction.findUniqueOrThrow({ where: { id: unknownCaller.id } });
    expect(row.customerId).toBe('cus_0000003');
  });

  it('refuses bad wrap-ups with 4xx and changes nothing', async () => {
    const before = {
      tasks: await tdb.db.followUpTask.count(),
      call: await tdb.db.interaction.findUniqueOrThrow({ where: { callId: 'seed-000001' } }),
    };
    const cases: [string, object, number, Login, string?][] = [
      ['seed-000001', { disposition: 'nap' }, 400, a1012, 'INVALID_DISPOSITION'],
      ['seed-000001', { disposition: 'Sale!' }, 400, a1012],
      ['seed-000001', {}, 400, a1012],
      ['seed-000001', { disposition: 'sale', followUp: { dueAt: 'tomorrow', reason: 'x' } }, 400, a1012],
      [
        'seed-000001',
        { disposition: 'sale', followUp: { dueAt: inDays(-1), reason: 'x' } },
        400,
        a1012,
        'DUE_IN_PAST',
      ],
      ['seed-000001', { disposition: 'sale', followUp: { dueAt: inDays(1) } }, 400, a1012],
      ['seed-000001', { disposition: 'sale', customerId: 'cus_9999999' }, 404, a1012],
      ['nope', { disposition: 'sale' }, 404, a1012],
      ['seed-000001', { disposition: 'sale' }, 403, a1002],
      ['seed-000001', { disposition: 'sale' }, 403, mkt],
    ];
    for (const [callId, payload, status, who, code] of cases) {
      const res = await wrapUp(callId, payload, who);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      if (code) expect(res.json().code).toBe(code);
    }
    expect(await tdb.db.followUpTask.count()).toBe(before.tasks);
    expect(await tdb.db.interaction.findUniqueOrThrow({ where: { callId: 'seed-000001' } })).toEqual(
      before.call,
    );
  });

  it('in ACD wrap-up the disposition also satisfies a queue that requires one', async () => {
    const service = app.agentDirectory.queueByName('service')!;
    const setState = (payload: object) =>
      app.inject({ method: 'PUT', url: '/api/agents/1012/state', headers: a1012.headers, payload });
    expect((await setState({ state: 'ready' })).statusCode).toBe(200);
    await tdb.db.interaction.create({
      data: { callId: 'wrap-live-1', queueId: service.id, customerId: 'cus_0000005' },
    });
    app.acd.enqueue({ callId: 'wrap-live-1', queueId: service.id });
    expect(app.acd.callAgent('wrap-live-1')).toBe(a1012.user.agentId);
    expect(app.acd.answer('wrap-live-1')).toBe(true);
    expect(app.acd.finish('wrap-live-1')).toBe(true);
    expect((await setState({ state: 'ready' })).statusCode).toBe(409);

    const res = await wrapUp('wrap-live-1', { disposition: 'resolved' }, a1012);
    expect(res.statusCode).toBe(200);
    expect(res.json().acdDispositionSet).toBe(true);
    expect(app.acd.agentContext(a1012.user.agentId!)?.disposition).toBe('resolved');
    expect((await setState({ state: 'ready' })).json()).toMatchObject({ state: 'ready' });
  });

  it('lets the owner or a supervisor close and move follow-ups; nobody else', async () => {
    const [task] = await followUps('?status=open', a1012);
    expect(task).toBeDefined();
    const patch = (id: string, payload: object, who: Login) =>
      app.inject({ method: 'PATCH', url: `/api/follow-ups/${id}`, headers: who.headers, payload });

    const moved = await patch(task!.id, { dueAt: inDays(5), reason: '客户出差，下周再联系' }, a1012);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ reason: '客户出差，下周再联系', status: 'open' });
    expect((await patch(task!.id, { status: 'done' }, sup)).json().status).toBe('done');
    expect((await followUps('?status=open', a1012)).map((f) => f.id)).not.toContain(task!.id);
    expect((await followUps('?status=done', a1012)).map((f) => f.id)).toContain(task!.id);

    const cases: [string, object, number, Login][] = [
      [task!.id, { status: 'open' }, 403, a1002],
      [task!.id, { status: 'open' }, 403, mkt],
      [task!.id, { status: 'finished' }, 400, a1012],
      [task!.id, {}, 400, a1012],
      [task!.id, { dueAt: inDays(-1) }, 400, a1012],
      ['nope', { status: 'done' }, 404, a1012],
    ];
    for (const [id, payload, status, who] of cases) {
      expect((await patch(id, payload, who)).statusCode, JSON.stringify(payload)).toBe(status);
    }
    expect(
      (await app.inject({ url: `/api/follow-ups?ownerId=${sup.user.id}`, headers: a1012.headers }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ url: '/api/follow-ups?status=late', headers: a1012.headers })).statusCode,
    ).toBe(400);
    expect((await app.inject({ url: '/api/follow-ups', headers: mkt.headers })).statusCode).toBe(403);
  });
});
