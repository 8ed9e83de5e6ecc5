import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;
type Content = {
  start: string;
  nodes: Record<
    string,
    { text: string; kind?: string; answers: { label: string; next: string | null }[] } & object
  >;
} & object;

// Scripts issue 16: drafts, publishing, the check, the version a call keeps, stats, preview.
describe.each(PROVIDERS)('script versions API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let agent: Login;
  let sup: Login;
  let mkt: Login;
  let v1: Content;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    [agent, sup, mkt] = await Promise.all([loginAs(app, '1002'), loginAs(app, 'sup1'), loginAs(app, 'mkt1')]);
    v1 = (await tdb.db.callScript.findFirstOrThrow({ where: { key: 'sales-inbound', version: 1 } }))
      .content as Content;
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: Login, payload?: object) =>
    app.inject({ method, url, headers: who.headers, ...(payload && { payload }) });
  /** An inbound call on the sales direct line (4008003000 → queue sales), offered at `offeredAt`. */
  const salesCall = async (callId: string, offeredAt: Date, customerId: string | null = null) => {
    const line = await tdb.db.line.findFirstOrThrow({ where: { dnis: '4008003000' } });
    await tdb.db.interaction.create({
      data: {
        callId,
        lineId: line.id,
        queueId: line.queueId,
        offeredAt,
        customerId,
        agentId: agent.user.agentId,
        ani: '+8613800138000',
      },
    });
  };
  const forCall = async (callId: string, who = agent) => {
    const res = await call('GET', `/api/scripts/for-call/${callId}?lang=zh-CN`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  /** v1 with a new question after the greeting: two branches, both ending the script. */
  const withQuestion = (): Content => {
    const greet = v1.nodes[v1.start]! as Content['nodes'][string] & {
      i18n?: Record<string, { text: string; answers?: string[] }>;
    };
    // A translated seed keeps its translations in step: the new answer comes first there too.
    const i18n =
      greet.i18n &&
      Object.fromEntries(
        Object.entries(greet.i18n).map(([lang, tr]) => [
          lang,
          { ...tr, answers: ['Ask the budget', ...(tr.answers ?? [])] },
        ]),
      );
    return {
      ...v1,
      nodes: {
        ...v1.nodes,
        [v1.start]: {
          ...greet,
          ...(i18n && { i18n }),
          answers: [{ label: '问预算', next: 'budget' }, ...greet.answers],
        },
        budget: {
          text: '您的预算大概是多少？',
          kind: 'question',
          answers: [
            { label: '五千以内', next: null },
            { label: '五千以上', next: null },
          ],
          i18n: { en: { text: 'What is your budget?', answers: ['Under 5,000', 'Over 5,000'] } },
        },
      },
    };
  };

  it('saves a draft (never shown to calls), publishes it; a call that started before keeps v1', async () => {
    await salesCall('sv-before', new Date(Date.now() - 60_000));
    const draft = await call('PUT', '/api/scripts/sales-inbound/draft', mkt, {
      title: '销售来电脚本 v2',
      content: withQuestion(),
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({
      key: 'sales-inbound',
      version: 2,
      status: 'draft',
      publishedAt: null,
      language: 'zh-CN',
      audience: null,
      campaign: null,
    });
    // Saving again updates the same row.
    const again = await call('PUT', '/api/scripts/sales-inbound/draft', mkt, {
      title: '销售来电脚本 v2',
      campaign: 'spring-2027',
      content: withQuestion(),
    });
    expect(again.json()).toMatchObject({ id: draft.json().id, version: 2, campaign: 'spring-2027' });
    expect(await tdb.db.callScript.count({ where: { key: 'sales-inbound' } })).toBe(2);
    const list = (await call('GET', '/api/scripts?status=draft', sup)).json();
    expect(list.map((s: { key: string; version: number }) => `${s.key}@${s.version}`)).toEqual([
      'sales-inbound@2',
    ]);

    const published = await call('POST', '/api/scripts/sales-inbound/publish', mkt);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ version: 2, status: 'published', campaign: 'spring-2027' });
    expect(Date.parse(published.json().publishedAt)).toBeGreaterThan(Date.now() - 10_000);
    expect((await call('POST', '/api/scripts/sales-inbound/publish', mkt)).statusCode).toBe(404);
    expect((await call('DELETE', '/api/scripts/sales-inbound/draft', mkt)).statusCode).toBe(404);

    // Asked only now, the call that started before the publish still gets v1; a new call gets v2.
    expect((await forCall('sv-before')).script).toMatchObject({ key: 'sales-inbound', version: 1 });
    await salesCall('sv-after', new Date());
    const after = await forCall('sv-after');
    expect(after).toMatchObject({ matchedBy: 'queue', experiment: null, script: { version: 2 } });
    expect(after.script.content.nodes.budget.text).toBe('您的预算大概是多少？');

    // A running script experiment picks the version per call and says so, also when asked again.
    const experiment = await tdb.db.experiment.create({
      data: {
        name: 'v1 vs v2',
        kind: 'script',
        scriptKey: 'sales-inbound',
        variantA: '1',
        variantB: '2',
        shareA: 99,
        status: 'running',
      },
    });
    await salesCall('sv-experiment', new Date());
    const split = await forCall('sv-experiment');
    const variant = split.experiment?.variant;
    expect(split.experiment).toEqual({ id: experiment.id, variant: expect.stringMatching(/^[AB]$/) });
    expect(split.script.version).toBe(variant === 'A' ? 1 : 2);
    expect((await forCall('sv-experiment')).experiment).toEqual(split.experiment);
    await tdb.db.experiment.update({ where: { id: experiment.id }, data: { status: 'stopped' } });

    const audit = await tdb.db.auditEntry.findMany({
      where: { entity: 'script', entityId: draft.json().id },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['script.draft', mkt.user.id],
      ['script.draft', mkt.user.id],
      ['script.publish', mkt.user.id],
    ]);
  });

  it('checks content for the designer and refuses to publish a draft with errors', async () => {
    const broken = withQuestion();
    broken.nodes.budget!.answers[1]!.next = 'gone';
    (broken.nodes as Record<string, object>).pitch = {
      text: '推荐云备份',
      kind: 'offer',
      offer: { ruleId: 'no-such-rule' },
      answers: [],
    };
    const checked = await call('POST', '/api/scripts/check', sup, { content: broken, language: 'zh-CN' });
    expect(checked.statusCode).toBe(200);
    expect(
      checked
        .json()
        .problems.filter((p: { code: string }) => p.code !== 'missing_translation') // seed-dependent
        .map((p: { severity: string; code: string; nodeId: string }) =>
          [p.severity, p.code, p.nodeId].join(' '),
        ),
    ).toEqual([
      'error broken_link budget',
      'warning dead_end pitch',
      'error unknown_rule pitch',
      'warning unreachable pitch',
    ]);
    const shape = await call('POST', '/api/scripts/check', mkt, { content: { start: 'a' } });
    expect(shape.statusCode).toBe(200);
    expect(shape.json().problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'shape', nodeId: null }),
    ]);

    // A draft may be broken; publishing it is refused with the problems, and it stays a draft.
    expect(
      (await call('PUT', '/api/scripts/sales-inbound/draft', mkt, { title: 'v3', content: broken }))
        .statusCode,
    ).toBe(200);
    const refused = await call('POST', '/api/scripts/sales-inbound/publish', mkt);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'SCRIPT_PROBLEMS',
      problems: expect.arrayContaining([expect.objectContaining({ code: 'unknown_rule', nodeId: 'pitch' })]),
    });
    // So is a published POST with the same content; a shape error is a 400 for a draft too.
    const posted = await call('POST', '/api/scripts', mkt, {
      key: 'sales-inbound',
      title: 'x',
      content: broken,
    });
    expect(posted.json()).toMatchObject({ statusCode: 400, code: 'SCRIPT_PROBLEMS' });
    const bad = await call('PUT', '/api/scripts/sales-inbound/draft', mkt, {
      title: 'v3',
      content: { start: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(await tdb.db.callScript.findFirst({ where: { key: 'sales-inbound', version: 3 } })).toMatchObject({
      status: 'draft',
      title: 'v3',
    });

    // A version POSTed while the draft exists takes the draft's number; the draft moves up.
    const direct = await call('POST', '/api/scripts', mkt, {
      key: 'sales-inbound',
      title: 'v3 direct',
      content: v1,
    });
    expect(direct.statusCode, direct.body).toBe(201);
    expect(direct.json()).toMatchObject({ version: 3, status: 'published', campaign: 'spring-2027' });
    const versions = (await call('GET', '/api/scripts/sales-inbound', mkt)).json();
    expect(versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`)).toEqual([
      '4:draft',
      '3:published',
      '2:published',
      '1:published',
    ]);
    expect((await call('DELETE', '/api/scripts/sales-inbound/draft', mkt)).statusCode).toBe(204);
    expect(await tdb.db.callScript.count({ where: { key: 'sales-inbound', status: 'draft' } })).toBe(0);
  });

  it("counts a version's calls, completion, per-node answers and offers", async () => {
    const answer = (callId: string, answers: [string, string][]) =>
      call('PUT', `/api/interactions/${callId}/script-answers`, agent, {
        scriptKey: 'sales-inbound',
        version: 2,
        answers: answers.map(([nodeId, a]) => ({ nodeId, answer: a, at: new Date().toISOString() })),
      });
    await salesCall('sv-stats', new Date(), 'cus_0000000');
    expect((await forCall('sv-stats')).script.version).toBe(3); // v3 was POSTed above
    // Pin a second call to v2 as an experiment would; answer both: one completes, one does not.
    await tdb.db.interaction.update({
      where: { callId: 'sv-stats' },
      data: { scriptKey: 'sales-inbound', scriptVersion: 2 },
    });
    const greet = v1.start;
    expect(
      (
        await answer('sv-after', [
          [greet, '问预算'],
          ['budget', '五千以内'],
        ])
      ).statusCode,
    ).toBe(200);
    expect((await answer('sv-stats', [[greet, '问预算']])).statusCode).toBe(200);
    const rule = await tdb.db.crossSellRule.findFirstOrThrow({ select: { id: true } });
    const sv = await tdb.db.interaction.findUniqueOrThrow({ where: { callId: 'sv-stats' } });
    for (const outcome of ['offered', 'accepted'])
      await tdb.db.crossSellOffer.create({
        data: { ruleId: rule.id, customerId: 'cus_0000000', interactionId: sv.id, outcome },
      });

    const res = await call('GET', '/api/scripts/sales-inbound/versions/2/stats', mkt);
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json();
    expect(stats).toMatchObject({
      key: 'sales-inbound',
      version: 2,
      calls: 2,
      withAnswers: 2,
      completed: 1,
      completionRate: 0.5,
      offersMade: 1,
      offersAccepted: 1,
    });
    const node = (id: string) => stats.nodes.find((n: { nodeId: string }) => n.nodeId === id);
    expect(node(greet)).toMatchObject({
      reached: 2,
      answers: expect.arrayContaining([{ label: '问预算', count: 2 }]),
    });
    expect(node('budget')).toEqual({
      nodeId: 'budget',
      reached: 1,
      answers: [
        { label: '五千以内', count: 1 },
        { label: '五千以上', count: 0 },
      ],
    });
    // The range is on offeredAt; an agent may not read stats.
    const past = await call(
      'GET',
      '/api/scripts/sales-inbound/versions/2/stats?to=2020-01-01T00:00:00Z',
      sup,
    );
    expect(past.json()).toMatchObject({ calls: 0, completionRate: null });
    expect((await call('GET', '/api/scripts/sales-inbound/versions/2/stats', agent)).statusCode).toBe(403);
    expect((await call('GET', '/api/scripts/sales-inbound/versions/9/stats', mkt)).statusCode).toBe(404);
  });

  it("previews content with 王芳's fields and in English, as for-call gives the console", async () => {
    const wang = await tdb.db.customer.findFirstOrThrow({
      where: { phones: { some: { e164: '+8613800138000' } } },
      select: { id: true, name: true },
    });
    const order = await tdb.db.order.findFirstOrThrow({
      where: { customerId: wang.id },
      orderBy: [{ orderedAt: 'desc' }, { number: 'desc' }],
      select: { number: true, items: { take: 1, orderBy: { id: 'asc' }, select: { product: true } } },
    });
    const content = withQuestion() as Content & { languages?: string[] };
    content.languages = ['en'];
    (content.nodes.budget as object as { i18n: object }).i18n = {
      en: { text: "What's your budget, {customer.name}?", answers: ['Under 5,000'] },
    };
    const res = await call('POST', '/api/scripts/preview', mkt, {
      content,
      language: 'en',
      customerId: wang.id,
      agentName: 'Li Na',
    });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json();
    expect(preview.fields).toEqual({
      agent: 'Li Na',
      customer: '王芳',
      'customer.name': '王芳',
      'customer.tier': 'VIP 3',
      'customer.stage': 'Repeat',
      'customer.city': '北京',
      'customer.lastOrder': expect.stringMatching(new RegExp(`^${order.number} \\(\\d{4}-\\d{2}-\\d{2}\\)$`)),
      'customer.lastProduct': order.items[0]!.product.nameEn ?? order.items[0]!.product.name,
    });
    expect(preview.content.nodes.budget).toMatchObject({
      text: "What's your budget, {customer.name}?",
      answers: [
        { label: 'Under 5,000', next: null },
        { label: '五千以上', next: null },
      ],
    });
    // Nobody chosen: empty fields; a broken shape is a 400; agents may not preview.
    const anonymous = (await call('POST', '/api/scripts/preview', sup, { content, customerId: null })).json();
    expect(anonymous.fields['customer.name']).toBe('');
    expect(anonymous.content.nodes.budget.text).toBe('您的预算大概是多少？');
    expect((await call('POST', '/api/scripts/preview', mkt, { content: { start: 'a' } })).statusCode).toBe(
      400,
    );
    expect((await call('POST', '/api/scripts/preview', agent, { content })).statusCode).toBe(403);

    // for-call: the call's customer and the signed-in agent; with no English script bound, the
    // zh-CN one comes in English from its translations.
    const published = await call('POST', '/api/scripts', mkt, { key: 'sales-inbound', title: 'v4', content });
    expect(published.statusCode, published.body).toBe(201);
    await tdb.db.callScript.updateMany({ where: { key: 'sales-inbound-en' }, data: { active: false } });
    await salesCall('sv-fields', new Date(), wang.id);
    const me = await tdb.db.user.findUniqueOrThrow({ where: { id: agent.user.id } });
    const res2 = await call('GET', '/api/scripts/for-call/sv-fields?lang=en', agent);
    await tdb.db.callScript.updateMany({ where: { key: 'sales-inbound-en' }, data: { active: true } });
    expect(res2.statusCode, res2.body).toBe(200);
    const shown = res2.json();
    expect(shown.script).toMatchObject({ key: 'sales-inbound', version: published.json().version });
    expect(shown.fields).toEqual({ ...preview.fields, agent: me.displayName });
    expect(shown.script.content.nodes.budget.text).toBe("What's your budget, {customer.name}?");
  });

  it("writes a capture node's typed value to the customer, recorded as a change", async () => {
    const content = {
      start: 'ask',
      nodes: {
        ask: {
          text: '请问您的邮箱？',
          kind: 'capture',
          capture: { field: 'email', target: 'customer', label: '邮箱' },
          answers: [{ label: '下一步', next: 'when' }],
        },
        when: {
          text: '方便的回访时间？',
          kind: 'capture',
          capture: { field: 'callbackTime', target: 'call', label: '时间' },
          answers: [{ label: '下一步', next: null }],
        },
      },
      objections: [],
      tips: {},
    };
    const refused = await call('POST', '/api/scripts', mkt, {
      key: 'capture-demo',
      title: 'Capture',
      content: {
        ...content,
        nodes: {
          ...content.nodes,
          ask: { ...content.nodes.ask, capture: { field: 'vipTier', target: 'customer', label: 'x' } },
        },
      },
    });
    expect(refused.json()).toMatchObject({
      code: 'SCRIPT_PROBLEMS',
      problems: [expect.objectContaining({ code: 'capture_field', nodeId: 'ask' })],
    });
    const saved = await call('POST', '/api/scripts', mkt, { key: 'capture-demo', title: 'Capture', content });
    expect(saved.statusCode, saved.body).toBe(201);

    const customer = await tdb.db.customer.findFirstOrThrow({ where: { id: { not: 'cus_0000000' } } });
    await salesCall('sv-capture', new Date(), customer.id);
    const at = new Date().toISOString();
    const res = await call('PUT', '/api/interactions/sv-capture/script-answers', agent, {
      scriptKey: 'capture-demo',
      version: 1,
      answers: [
        { nodeId: 'ask', answer: ' new.mail@example.com ', at },
        { nodeId: 'when', answer: '周五下午', at },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await tdb.db.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(after.email).toBe('new.mail@example.com');
    expect(after.notes).toBe(customer.notes);
    const changes = await tdb.db.customerChange.findMany({
      where: { customerId: customer.id, field: 'email' },
    });
    expect(changes).toEqual([
      expect.objectContaining({
        fromValue: customer.email,
        toValue: 'new.mail@example.com',
        actorId: agent.user.id,
        reason: 'script capture-demo v1',
      }),
    ]);
  });

  it('lets only marketing and admin write', async () => {
    for (const who of [agent, sup]) {
      expect(
        (await call('PUT', '/api/scripts/x-new/draft', who, { title: 'x', content: v1 })).statusCode,
      ).toBe(403);
      expect((await call('POST', '/api/scripts/sales-inbound/publish', who)).statusCode).toBe(403);
      expect((await call('DELETE', '/api/scripts/sales-inbound/draft', who)).statusCode).toBe(403);
    }
    expect((await call('POST', '/api/scripts/check', agent, { content: v1 })).statusCode).toBe(403);
    const brandNew = await call('PUT', '/api/scripts/win-back/draft', mkt, {
      title: 'Win back',
      content: v1,
    });
    expect(brandNew.json()).toMatchObject({ key: 'win-back', version: 1, status: 'draft', lineId: null });
    // POST with status draft saves the same draft row; a published POST is audited too.
    const viaPost = await call('POST', '/api/scripts', mkt, {
      key: 'win-back',
      title: 'Win back 2',
      status: 'draft',
      content: v1,
    });
    expect(viaPost.json()).toMatchObject({
      id: brandNew.json().id,
      version: 1,
      status: 'draft',
      title: 'Win back 2',
    });
    const live = await call('POST', '/api/scripts', mkt, { key: 'win-back', title: 'Win back', content: v1 });
    expect(live.json()).toMatchObject({ version: 1, status: 'published' });
    expect(await tdb.db.callScript.findUniqueOrThrow({ where: { id: brandNew.json().id } })).toMatchObject({
      version: 2,
      status: 'draft',
    });
    expect(
      await tdb.db.auditEntry.count({
        where: { entity: 'script', entityId: live.json().id, action: 'script.create' },
      }),
    ).toBe(1);
  });

  it("prefers a queue script for the caller's audience; other callers get the plain one", async () => {
    const line = await tdb.db.line.findFirstOrThrow({ where: { dnis: '4008003000' } });
    const vipOnly = await call('POST', '/api/scripts', mkt, {
      key: 'sales-vip',
      title: 'VIP sales',
      lineId: null,
      queueId: line.queueId,
      audience: { minVipTier: 2, stages: ['repeat', 'first_purchase'] },
      content: v1,
    });
    expect(vipOnly.statusCode, vipOnly.body).toBe(201);
    expect(vipOnly.json().audience).toEqual({ minVipTier: 2, stages: ['repeat', 'first_purchase'] });
    await salesCall('sv-vip', new Date(), 'cus_0000000');
    expect(await forCall('sv-vip')).toMatchObject({
      matchedBy: 'queue-audience',
      script: { key: 'sales-vip' },
    });
    await salesCall('sv-anonymous', new Date());
    expect(await forCall('sv-anonymous')).toMatchObject({
      matchedBy: 'queue',
      script: { key: 'sales-inbound' },
    });
    // Clearing the audience (null) makes it an ordinary queue script.
    const cleared = await call('PUT', '/api/scripts/sales-vip/draft', mkt, {
      title: 'VIP sales',
      audience: null,
      content: v1,
    });
    expect(cleared.json()).toMatchObject({ version: 2, audience: null });
  });
});
