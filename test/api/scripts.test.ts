import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { checkScriptContent } from '@kefu/cti-server/services/console/script-content';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

describe.each(PROVIDERS)('call script API on %s', (provider) => {
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

  const get = (url: string, who: Login) => app.inject({ url, headers: who.headers });
  // The VIP's first seeded call: service line 4008002000, taken by 1012.
  const VIP_CALL = 'seed-000001';

  it('seeds bilingual scripts that pass the same check as the API', async () => {
    const list = (await get('/api/scripts', mkt)).json() as {
      key: string;
      version: number;
      language: string;
    }[];
    expect(list.map((s) => `${s.key}@${s.version}:${s.language}`)).toEqual([
      'complaints@1:zh-CN',
      'complaints-en@1:en',
      'sales-inbound@1:zh-CN',
      'service-inbound@1:zh-CN',
      'service-inbound-en@1:en',
    ]);
    for (const s of list) {
      const [latest] = (await get(`/api/scripts/${s.key}`, a1012)).json();
      expect(checkScriptContent(latest.content), s.key).toMatchObject({ ok: true });
    }
    const en = (await get('/api/scripts/service-inbound-en', a1012)).json()[0];
    expect(en.content.tips.driver).toMatch(/point/);
    expect(en.content.objections.map((o: { title: string }) => o.title)).toContain(
      'Wants a refund right now',
    );
  });

  it("gives the agent the line's script in their language, the other language as an alternative", async () => {
    const res = await get(`/api/scripts/for-call/${VIP_CALL}`, a1012);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      callId: VIP_CALL,
      matchedBy: 'line',
      script: { key: 'service-inbound', version: 1, language: 'zh-CN', content: { start: 'greet' } },
      alternatives: [{ key: 'service-inbound-en', language: 'en' }],
    });
    const en = (await get(`/api/scripts/for-call/${VIP_CALL}?lang=en`, a1012)).json();
    expect(en.script).toMatchObject({ key: 'service-inbound-en', language: 'en' });
  });

  it('never picks an inactive version, and falls back to the queue when the line has no script', async () => {
    const sales = await tdb.db.interaction.findFirstOrThrow({ where: { dnis: '4008001000' } });
    const v1 = await tdb.db.callScript.findUniqueOrThrow({
      where: { key_version: { key: 'sales-inbound', version: 1 } },
    });
    const { id: _id, createdAt: _at, ...copy } = v1;
    await tdb.db.callScript.create({
      data: { ...copy, version: 2, active: false, content: v1.content as object, audience: undefined },
    });
    const script = (await get(`/api/scripts/for-call/${sales.callId}?lang=zh-CN`, sup)).json().script;
    expect(script).toMatchObject({ key: 'sales-inbound', version: 1, active: true });
    // Staff are seeded with locale en: without ?lang they get the same script translated.
    const en = (await get(`/api/scripts/for-call/${sales.callId}`, sup)).json().script;
    expect(en).toMatchObject({ key: 'sales-inbound', version: 1 });
    expect(en.content.nodes.greet.text).toMatch(/^Hello, thank you for calling our sales line/);

    const complaints = await tdb.db.queue.findUniqueOrThrow({ where: { name: 'complaints' } });
    await tdb.db.interaction.create({ data: { callId: 'scripts-overflow-1', queueId: complaints.id } });
    const byQueue = (await get('/api/scripts/for-call/scripts-overflow-1', sup)).json();
    expect(byQueue).toMatchObject({ matchedBy: 'queue', script: { key: 'complaints-en' } });
  });

  it('answers 404 for an unknown call, a call no script fits and an unknown key', async () => {
    await tdb.db.interaction.create({ data: { callId: 'scripts-internal-1', direction: 'internal' } });
    for (const url of [
      '/api/scripts/for-call/nope',
      '/api/scripts/for-call/scripts-internal-1',
      '/api/scripts/nope',
    ]) {
      const res = await get(url, a1012);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect((await get('/api/scripts/for-call/bad%20id', a1012)).statusCode).toBe(400);
  });

  it('lets marketing save a new version that new calls get at once, a call in progress keeps its own; others may not', async () => {
    const [current] = (await get('/api/scripts/service-inbound', mkt)).json();
    // The VIP's call is shown v1 before the new version is saved.
    expect((await get(`/api/scripts/for-call/${VIP_CALL}?lang=zh-CN`, a1012)).json().script.version).toBe(1);
    const content = {
      ...current.content,
      nodes: {
        ...current.content.nodes,
        greet: { ...current.content.nodes.greet, text: '您好，新版开场白' },
      },
    };
    const created = await app.inject({
      method: 'POST',
      url: '/api/scripts',
      headers: mkt.headers,
      payload: { key: 'service-inbound', title: '服务来电脚本 v2', content },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      key: 'service-inbound',
      version: 2,
      language: 'zh-CN',
      lineId: current.lineId,
      queueId: current.queueId,
      createdById: mkt.user.id,
    });
    // The call in progress keeps v1 (kept on the call); a call that starts now gets v2.
    expect((await get(`/api/scripts/for-call/${VIP_CALL}?lang=zh-CN`, a1012)).json().script.version).toBe(1);
    expect(
      await tdb.db.interaction.findUniqueOrThrow({
        where: { callId: VIP_CALL },
        select: { scriptKey: true, scriptVersion: true },
      }),
    ).toEqual({ scriptKey: 'service-inbound', scriptVersion: 1 });
    const vipCall = await tdb.db.interaction.findUniqueOrThrow({ where: { callId: VIP_CALL } });
    await tdb.db.interaction.create({
      data: { callId: 'scripts-after-v2', lineId: vipCall.lineId, queueId: vipCall.queueId },
    });
    const forCall = (await get('/api/scripts/for-call/scripts-after-v2?lang=zh-CN', a1012)).json();
    expect(forCall.script).toMatchObject({
      version: 2,
      content: { nodes: { greet: { text: '您好，新版开场白' } } },
    });
    expect(
      (await get('/api/scripts/service-inbound', a1012)).json().map((v: { version: number }) => v.version),
    ).toEqual([2, 1]);

    const brandNew = await app.inject({
      method: 'POST',
      url: '/api/scripts',
      headers: mkt.headers,
      payload: { key: 'win-back', title: 'Win back', language: 'en', active: false, content },
    });
    expect(brandNew.json()).toMatchObject({ version: 1, language: 'en', lineId: null, active: false });

    for (const who of [a1012, sup]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/scripts',
        headers: who.headers,
        payload: { key: 'service-inbound', title: 'x', content },
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('refuses broken scripts with a message naming the problem, and stores nothing', async () => {
    const before = await tdb.db.callScript.count();
    const node = { text: 'Hi', answers: [{ label: 'Go', next: 'missing' }] };
    // Link errors come from the publish check (SCRIPT_PROBLEMS, with the problems); shape errors
    // from the schema (BAD_SCRIPT).
    const cases: [object, number, RegExp | null, string?][] = [
      [
        { content: { start: 'a', nodes: { a: node }, objections: [], tips: {} } },
        400,
        /leads to "missing"/,
        'SCRIPT_PROBLEMS',
      ],
      [
        { content: { start: 'b', nodes: { a: { text: 'Hi', answers: [] } }, objections: [], tips: {} } },
        400,
        /start node "b"/,
        'SCRIPT_PROBLEMS',
      ],
      [{ content: { start: 'a', nodes: {}, objections: [] } }, 400, /tips/],
      [{ key: 'Bad Key!', content: {} }, 400, null],
      [{ title: '', content: {} }, 400, null],
      [
        {
          lineId: 'nope',
          content: { start: 'a', nodes: { a: { text: 'x', answers: [] } }, objections: [], tips: {} },
        },
        404,
        null,
      ],
    ];
    for (const [over, status, message, code = 'BAD_SCRIPT'] of cases) {
      const payload = { key: 'broken', title: 'Broken', ...over };
      const res = await app.inject({ method: 'POST', url: '/api/scripts', headers: mkt.headers, payload });
      expect(res.statusCode, JSON.stringify(over)).toBe(status);
      if (message) expect(res.json()).toMatchObject({ code, message: expect.stringMatching(message) });
    }
    expect(await tdb.db.callScript.count()).toBe(before);
  });

  it('stores script answers for the agent on the call or a supervisor', async () => {
    const answers = [
      { nodeId: 'greet', answer: '已核实身份', at: '2026-11-24T10:00:00.000Z' },
      { nodeId: 'issue', answer: '投诉', at: '2026-11-24T10:00:20.000Z' },
    ];
    const put = (who: Login, payload: object, callId = VIP_CALL) =>
      app.inject({
        method: 'PUT',
        url: `/api/interactions/${callId}/script-answers`,
        headers: who.headers,
        payload,
      });

    const res = await put(a1012, { scriptKey: 'service-inbound', version: 1, answers });
    expect(res.statusCode).toBe(200);
    expect(res.json().scriptAnswers).toMatchObject({
      scriptKey: 'service-inbound',
      version: 1,
      answers,
      savedBy: a1012.user.id,
    });
    const row = await tdb.db.interaction.findUniqueOrThrow({ where: { callId: VIP_CALL } });
    expect(row.scriptAnswers).toMatchObject({ answers });

    expect(
      (await put(sup, { scriptKey: 'service-inbound', version: 1, answers: answers.slice(0, 1) })).statusCode,
    ).toBe(200);
    const replaced = await tdb.db.interaction.findUniqueOrThrow({ where: { callId: VIP_CALL } });
    expect((replaced.scriptAnswers as { answers: unknown[] }).answers).toHaveLength(1);

    const cases: [Login, object, number, string?][] = [
      [a1002, { scriptKey: 'service-inbound', version: 1, answers }, 403],
      [mkt, { scriptKey: 'service-inbound', version: 1, answers }, 403],
      [
        a1012,
        { scriptKey: 'service-inbound', version: 1, answers: [{ ...answers[0], nodeId: 'nowhere' }] },
        400,
      ],
      [
        a1012,
        { scriptKey: 'service-inbound', version: 1, answers: [{ ...answers[0], at: 'yesterday' }] },
        400,
      ],
      [a1012, { scriptKey: 'service-inbound', version: 1 }, 400],
      [a1012, { scriptKey: 'service-inbound', version: 9, answers }, 404],
      [a1012, { scriptKey: 'service-inbound', version: 1, answers }, 404, 'nope'],
    ];
    for (const [who, payload, status, callId] of cases) {
      expect((await put(who, payload, callId)).statusCode, JSON.stringify(payload)).toBe(status);
    }
    const after = await tdb.db.interaction.findUniqueOrThrow({ where: { callId: VIP_CALL } });
    expect(after.scriptAnswers).toEqual(replaced.scriptAnswers);
  });

  it('lets the agent save while the call row does not name them yet (the ACD has them on it)', async () => {
    const sales = app.agentDirectory.queueByName('sales')!;
    await tdb.db.interaction.create({ data: { callId: 'scripts-live-1', queueId: sales.id } });
    const a1003 = await loginAs(app, '1003');
    const ready = await app.inject({
      method: 'PUT',
      url: '/api/agents/1003/state',
      headers: a1003.headers,
      payload: { state: 'ready' },
    });
    expect(ready.statusCode).toBe(200);
    app.acd.enqueue({ callId: 'scripts-live-1', queueId: sales.id });
    expect(app.acd.callAgent('scripts-live-1')).toBe(a1003.user.agentId);
    expect(app.acd.answer('scripts-live-1')).toBe(true);

    const payload = {
      scriptKey: 'sales-inbound',
      version: 1,
      answers: [{ nodeId: 'greet', answer: 'ok', at: new Date().toISOString() }],
    };
    const url = '/api/interactions/scripts-live-1/script-answers';
    expect((await app.inject({ method: 'PUT', url, headers: a1003.headers, payload })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url, headers: a1002.headers, payload })).statusCode).toBe(403);
  });
});
