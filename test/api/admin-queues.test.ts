import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type {
  AdminCodeList,
  AdminQueue,
  AdminQueueList,
  AdminQueueResponse,
  AuditPage,
  QueueMembers,
} from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Who = Awaited<ReturnType<typeof loginAs>>;

/** A 16-bit PCM WAV of `seconds` of a 440 Hz tone (the same in every channel). */
function toneWav(rate: number, channels: number, seconds: number, bits: 8 | 16 = 16): Buffer {
  const frames = Math.round(rate * seconds);
  const bytes = bits / 8;
  const data = Buffer.alloc(frames * channels * bytes);
  for (let f = 0; f < frames; f++) {
    const v = 0.4 * Math.sin((2 * Math.PI * 440 * f) / rate);
    for (let c = 0; c < channels; c++) {
      const at = (f * channels + c) * bytes;
      if (bits === 16) data.writeInt16LE(Math.round(v * 32767), at);
      else data.writeUInt8(Math.round(v * 127) + 128, at);
    }
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * bytes, 28);
  header.writeUInt16LE(channels * bytes, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Queues, not-ready reason codes and dispositions (issue 14). */
describe.each(PROVIDERS)('admin queues API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Who;
  let supervisor: Who;
  let agent: Who;
  let marketing: Who;
  let vip: AdminQueue;
  const queueIds: Record<string, string> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 5);
    app = await buildTestApp(tdb.db);
    admin = await loginAs(app, 'admin');
    supervisor = await loginAs(app, 'sup1');
    agent = await loginAs(app, '1001');
    marketing = await loginAs(app, 'mkt1');
    for (const q of await tdb.db.queue.findMany({ select: { id: true, name: true } }))
      queueIds[q.name] = q.id;
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    who: Who,
    payload?: object,
  ) => app.inject({ method, url, headers: who.headers, ...(payload && { payload }) });
  const upload = (id: string, file: Buffer, contentType = 'audio/wav', who = admin) =>
    app.inject({
      method: 'POST',
      url: `/api/admin/queues/${id}/music-on-hold?filename=lounge.wav`,
      headers: { ...who.headers, 'content-type': contentType },
      payload: file,
    });
  const audit = async (query: string): Promise<AuditPage> => {
    const res = await call('GET', `/api/admin/audit?${query}`, admin);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const refused = async (
    method: 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload: object,
    status: number,
    message: RegExp,
  ) => {
    const res = await call(method, url, admin, payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().message).toMatch(message);
  };

  it('lists the queues to admins and supervisors, with their lines, skills and timers', async () => {
    for (const who of [admin, supervisor]) {
      const res = await call('GET', '/api/admin/queues', who);
      expect(res.statusCode, res.body).toBe(200);
      const { queues } = res.json() as AdminQueueList;
      expect(queues.map((q) => q.name)).toEqual(['complaints', 'sales', 'service']);
      const sales = queues.find((q) => q.name === 'sales')!;
      expect(sales).toMatchObject({
        active: true,
        overflow: { kind: 'none' },
        serviceLevelTarget: 80,
        musicOnHold: null,
        dispositions: null,
      });
      expect(sales.lines.map((l) => l.dnis)).toEqual(['4008001000', '4008003000']);
      const complaints = queues.find((q) => q.name === 'complaints')!;
      expect(complaints.relaxation).toEqual([
        { afterSeconds: 45, minProficiency: 2 },
        { afterSeconds: 120, addSkills: [{ skill: 'service' }] },
      ]);
    }
  });

  it('creates a queue the running ACD routes at once, audited', async () => {
    const res = await call('POST', '/api/admin/queues', admin, {
      name: 'vip',
      displayName: '贵宾 VIP',
      skills: [
        { skill: 'sales', minProficiency: 4 },
        { skill: 'zh', minProficiency: 1 },
      ],
      strategy: 'most_proficient',
      relaxation: [{ afterSeconds: 30, minProficiency: 2 }],
      basePriority: 20,
      serviceLevelSeconds: 15,
      serviceLevelTarget: 90,
      maxWaitSeconds: 120,
      overflow: { kind: 'voicemail' },
      ringTimeoutSeconds: 15,
      wrapUpSeconds: 20,
      requireDisposition: true,
      dispositions: ['sale', 'info_given'],
      announceEverySeconds: 45,
    });
    expect(res.statusCode, res.body).toBe(201);
    vip = (res.json() as AdminQueueResponse).queue;
    expect(vip).toMatchObject({
      name: 'vip',
      active: true,
      strategy: 'most_proficient',
      basePriority: 20,
      overflow: { kind: 'voicemail' },
      ringTimeoutSeconds: 15,
      dispositions: ['sale', 'info_given'],
      lines: [],
    });
    expect(app.acd.engine.queue(vip.id)).toMatchObject({
      skills: [{ skill: 'sales', minProficiency: 4 }],
      language: 'zh',
      strategy: 'most_proficient',
      wrapUpSeconds: 20,
      ringTimeoutSeconds: 15,
      maxWaitSeconds: 120,
      overflow: { kind: 'voicemail' },
      basePriority: 20,
      announceEverySeconds: 45,
    });
    expect(app.agentDirectory.queueByName('vip')?.displayName).toBe('贵宾 VIP');
    const { entries } = await audit(`entity=queue&entityId=${vip.id}`);
    expect(entries[0]).toMatchObject({ action: 'queue.create', before: null, summary: 'created queue vip' });
    expect(entries[0]!.after).toMatchObject({ name: 'vip', wrapUpSeconds: 20 });
    expect(
      await call('POST', '/api/admin/queues', admin, { name: 'vip', displayName: 'again' }),
    ).toMatchObject({
      statusCode: 409,
    });
  });

  it('refuses bad queues with a clear 400', async () => {
    const url = `/api/admin/queues/${queueIds.sales}`;
    await refused(
      'PATCH',
      url,
      { skills: [{ skill: 'golf', minProficiency: 2 }] },
      400,
      /unknown skill "golf"/,
    );
    await refused('PATCH', url, { skills: [{ skill: 'sales', minProficiency: 9 }] }, 400, /minProficiency/);
    await refused('PATCH', url, { strategy: 'random' }, 400, /strategy/);
    await refused(
      'PATCH',
      url,
      {
        relaxation: [
          { afterSeconds: 60, minProficiency: 1 },
          { afterSeconds: 30, minProficiency: 1 },
        ],
      },
      400,
      /order of waiting time/,
    );
    await refused('PATCH', url, { overflow: { kind: 'queue', queueId: queueIds.sales } }, 400, /to itself/);
    await refused('PATCH', url, { overflow: { kind: 'queue', queueId: 'nope' } }, 400, /does not exist/);
    await refused('PATCH', url, { dispositions: ['sale', 'golf'] }, 400, /unknown disposition code golf/);
    // service → sales, then sales → service would loop.
    const ok = await call('PATCH', `/api/admin/queues/${queueIds.service}`, admin, {
      overflow: { kind: 'queue', queueId: queueIds.sales },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    await refused(
      'PATCH',
      url,
      { overflow: { kind: 'queue', queueId: queueIds.service } },
      400,
      /overflow cycle: sales → service → sales/,
    );
    const back = await call('PATCH', `/api/admin/queues/${queueIds.service}`, admin, {
      overflow: { kind: 'none' },
    });
    expect(back.json().queue.overflow).toEqual({ kind: 'none' });
    expect(app.acd.engine.queue(queueIds.service!)?.overflow).toBeUndefined();
    await refused('POST', '/api/admin/queues', { name: 'Bad Name', displayName: 'x' }, 400, /name/);
  });

  it('a changed wrap-up time is used by the next offer, without a restart, with before → after in the audit log', async () => {
    const res = await call('PATCH', `/api/admin/queues/${vip.id}`, admin, { wrapUpSeconds: 7 });
    expect(res.statusCode, res.body).toBe(200);
    expect(app.acd.engine.queue(vip.id)?.wrapUpSeconds).toBe(7);
    const { entries } = await audit(`action=queue.update&entityId=${vip.id}`);
    expect(entries[0]).toMatchObject({ before: { wrapUpSeconds: 20 }, after: { wrapUpSeconds: 7 } });
    expect(entries[0]!.summary).toMatch(/wrapUpSeconds/);

    // An agent who can serve the queue takes a call: the offer carries the new wrap-up.
    const { members } = (
      await call('GET', `/api/admin/queues/${vip.id}/members`, admin)
    ).json() as QueueMembers;
    const member = members.find((m) => m.languages.includes('zh'))!;
    app.acd.login(member.agentId);
    app.acd.enqueue({ callId: 'admin-queues-call-1', queueId: vip.id });
    expect(app.acd.callAgent('admin-queues-call-1')).toBe(member.agentId);
    expect(app.acd.agentContext(member.agentId)).toMatchObject({ wrapUpMs: 7000, requireDisposition: true });
    app.acd.abandon('admin-queues-call-1');
    app.acd.logout(member.agentId);
  });

  it('lists who can serve a queue and warns when nobody can', async () => {
    const res = await call('GET', `/api/admin/queues/${queueIds.sales}/members`, supervisor);
    expect(res.statusCode, res.body).toBe(200);
    const sales = res.json() as QueueMembers;
    expect(sales.warning).toBeNull();
    expect(sales.members.length).toBeGreaterThan(0);
    for (const m of sales.members)
      expect(m.skills.find((s) => s.skill === 'sales')!.proficiency).toBeGreaterThanOrEqual(1);
    await call('POST', '/api/admin/skills', admin, { name: 'golf' });
    const created = await call('POST', '/api/admin/queues', admin, {
      name: 'golf',
      displayName: 'Golf',
      skills: [{ skill: 'golf', minProficiency: 3 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const nobody = (
      await call('GET', `/api/admin/queues/${created.json().queue.id}/members`, admin)
    ).json() as QueueMembers;
    expect(nobody).toEqual({
      members: [],
      warning: 'nobody can serve queue golf: no active agent holds golf ≥ 3',
    });
  });

  it('refuses to disable a queue a line uses (naming the lines); a disabled queue sends new calls to its overflow', async () => {
    await refused('POST', `/api/admin/queues/${queueIds.sales}/disable`, {}, 409, /4008001000 .*4008003000/);
    const res = await call('POST', `/api/admin/queues/${vip.id}/disable`, admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().queue.active).toBe(false);
    expect(app.acd.acceptsCalls(vip.id)).toBe('overflow');
    // No other queue may overflow to a disabled one.
    await refused(
      'PATCH',
      `/api/admin/queues/${queueIds.sales}`,
      { overflow: { kind: 'queue', queueId: vip.id } },
      400,
      /vip is disabled/,
    );
    const { entries } = await audit(`action=queue.disable&entityId=${vip.id}`);
    expect(entries[0]).toMatchObject({ before: { active: true }, after: { active: false } });
    const back = await call('POST', `/api/admin/queues/${vip.id}/enable`, admin);
    expect(back.json().queue.active).toBe(true);
    expect(app.acd.acceptsCalls(vip.id)).toBe('queue');
  });

  // Uploads of up to 64 MiB: on two busy cores (CI runs two projects at once) this takes a while.
  it('stores an uploaded 44.1 kHz stereo WAV as 8 kHz mono music on hold, and goes back to the built-in', async () => {
    const res = await upload(vip.id, toneWav(44_100, 2, 3));
    expect(res.statusCode, res.body).toBe(200);
    const queue = (res.json() as AdminQueueResponse).queue;
    expect(queue.musicOnHold).toMatchObject({
      originalName: 'lounge.wav',
      durationMs: 3000,
      sampleRate: 8000,
    });
    const asset = await tdb.db.audioAsset.findUniqueOrThrow({ where: { id: queue.musicOnHold!.id } });
    expect(asset.pcm.length).toBe(3 * 8000 * 2);
    const { entries } = await audit(`action=queue.music_on_hold&entityId=${vip.id}`);
    expect(entries[0]).toMatchObject({
      before: { musicOnHold: null },
      after: { musicOnHold: { originalName: 'lounge.wav' } },
    });

    const notWav = await upload(vip.id, Buffer.from('ID3\u0003 an mp3 file'), 'audio/mpeg');
    expect(notWav.statusCode).toBe(400);
    expect(notWav.json().message).toMatch(/not a WAV file/);
    const long = await upload(vip.id, toneWav(8000, 1, 601, 8));
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toMatch(/at most 10 minutes/);
    const huge = await upload(vip.id, Buffer.alloc(64 * 1024 * 1024 + 1));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().message).toMatch(/larger than 64 MiB/);
    expect((await upload(vip.id, toneWav(8000, 1, 1), 'audio/wav', supervisor)).statusCode).toBe(403);

    const removed = await call('DELETE', `/api/admin/queues/${vip.id}/music-on-hold`, admin);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().queue.musicOnHold).toBeNull();
    expect(await tdb.db.audioAsset.count({ where: { id: asset.id } })).toBe(0);
  }, 90_000);

  it('not-ready reason codes round-trip and the ACD takes them at once', async () => {
    const before = (await call('GET', '/api/admin/not-ready-reasons', supervisor)).json() as AdminCodeList;
    expect(before.codes).toContainEqual({
      code: 'lunch',
      labels: { 'zh-CN': '午餐', en: 'Lunch' },
      system: false,
    });
    const codes = [
      { code: 'break', labels: { 'zh-CN': '小休', en: 'Break' } },
      { code: 'lunch', labels: { 'zh-CN': '午餐', en: 'Lunch' } },
      { code: 'paperwork', labels: { 'zh-CN': '文书工作', en: 'Paperwork' } },
    ];
    const emit = vi.spyOn(app.realtime.io, 'emit');
    const res = await call('PUT', '/api/admin/not-ready-reasons', admin, { codes });
    expect(res.statusCode, res.body).toBe(200);
    // Open consoles are told to read their pickers again.
    expect(emit).toHaveBeenCalledWith('console.config.changed', { kind: 'setting' });
    emit.mockRestore();
    expect(
      (await call('GET', '/api/admin/not-ready-reasons', admin))
        .json()
        .codes.map((c: { code: string }) => c.code),
    ).toEqual(['break', 'lunch', 'paperwork']);
    expect(app.acdSettings.notReadyReasons).toEqual(['break', 'lunch', 'paperwork']);
    const state = await call('PUT', '/api/agents/1001/state', agent, {
      state: 'not_ready',
      reason: 'paperwork',
    });
    expect(state.statusCode, state.body).toBe(200);
    expect(
      (await call('PUT', '/api/agents/1001/state', agent, { state: 'not_ready', reason: 'coaching' }))
        .statusCode,
    ).toBe(400);
    const config = (await call('GET', '/api/console/config', agent)).json();
    expect(config.notReadyReasons).toContainEqual({
      code: 'paperwork',
      labels: { 'zh-CN': '文书工作', en: 'Paperwork' },
      system: false,
    });
    const { entries } = await audit('action=setting.update&entityId=notReadyReasons');
    expect(entries[0]!.after).toMatchObject({ key: 'notReadyReasons', codes });

    await refused(
      'PUT',
      '/api/admin/not-ready-reasons',
      { codes: [...codes, codes[0]] },
      400,
      /break is listed twice/,
    );
    await refused(
      'PUT',
      '/api/admin/not-ready-reasons',
      { codes: [{ code: 'Bad Code', labels: { 'zh-CN': 'x', en: 'x' } }] },
      400,
      /code/,
    );
    await refused(
      'PUT',
      '/api/admin/not-ready-reasons',
      { codes: [{ code: 'x', labels: { 'zh-CN': 'x' } }] },
      400,
      /en/,
    );
  });

  it('dispositions round-trip; one a queue allows cannot be removed; wrap-up refuses a code the call’s queue does not allow', async () => {
    const list = (await call('GET', '/api/admin/dispositions', admin)).json() as AdminCodeList;
    expect(list.codes.find((c) => c.code === 'sale')?.queues).toEqual(['vip']);
    const without = list.codes.filter((c) => c.code !== 'sale').map(({ code, labels }) => ({ code, labels }));
    await refused(
      'PUT',
      '/api/admin/dispositions',
      { codes: without },
      409,
      /disposition sale is allowed by queue vip/,
    );
    const added = [
      ...list.codes.map(({ code, labels }) => ({ code, labels })),
      { code: 'upsell', labels: { 'zh-CN': '追加销售', en: 'Upsell' } },
    ];
    const res = await call('PUT', '/api/admin/dispositions', admin, { codes: added });
    expect(res.statusCode, res.body).toBe(200);
    expect((await call('GET', '/api/console/config', agent)).json().dispositions).toContainEqual({
      code: 'upsell',
      labels: { 'zh-CN': '追加销售', en: 'Upsell' },
    });

    // A call of queue vip (sale, info_given) and one of sales (all codes).
    const agentId = agent.user.agentId!;
    for (const [callId, queueId] of [
      ['admin-queues-vip-call', vip.id],
      ['admin-queues-sales-call', queueIds.sales!],
    ] as const)
      await tdb.db.interaction.create({
        data: { callId, queueId, agentId, ani: '+8613800000000', dnis: '4008001000' },
      });
    const offered = await call('GET', '/api/interactions/admin-queues-vip-call/dispositions', agent);
    expect(offered.statusCode, offered.body).toBe(200);
    expect(offered.json().dispositions.map((d: { code: string }) => d.code)).toEqual(['sale', 'info_given']);
    const wrong = await call('POST', '/api/interactions/admin-queues-vip-call/wrap-up', agent, {
      disposition: 'upsell',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toMatch(
      /"upsell" is not allowed for calls of queue vip \(allowed: sale, info_given\)/,
    );
    expect(
      (await call('POST', '/api/interactions/admin-queues-vip-call/wrap-up', agent, { disposition: 'sale' }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await call('POST', '/api/interactions/admin-queues-sales-call/wrap-up', agent, {
          disposition: 'upsell',
        })
      ).statusCode,
    ).toBe(200);
    // Back to every code: null.
    const all = await call('PATCH', `/api/admin/queues/${vip.id}`, admin, { dispositions: null });
    expect(all.json().queue.dispositions).toBeNull();
  });

  it('documents every route in the OpenAPI description', async () => {
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/admin/queues',
        '/api/admin/queues/{id}',
        '/api/admin/queues/{id}/disable',
        '/api/admin/queues/{id}/music-on-hold',
        '/api/admin/queues/{id}/members',
        '/api/admin/not-ready-reasons',
        '/api/admin/dispositions',
        '/api/interactions/{callId}/dispositions',
      ]),
    );
  });

  it('agents and marketing get 403 on every route', async () => {
    const id = vip.id;
    const routes: Array<['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string, object?]> = [
      ['GET', '/api/admin/queues'],
      ['GET', `/api/admin/queues/${id}`],
      ['POST', '/api/admin/queues', { name: 'x', displayName: 'x' }],
      ['PATCH', `/api/admin/queues/${id}`, { wrapUpSeconds: 1 }],
      ['POST', `/api/admin/queues/${id}/disable`],
      ['POST', `/api/admin/queues/${id}/enable`],
      ['DELETE', `/api/admin/queues/${id}/music-on-hold`],
      ['GET', `/api/admin/queues/${id}/members`],
      ['GET', '/api/admin/not-ready-reasons'],
      ['PUT', '/api/admin/not-ready-reasons', { codes: [{ code: 'x', labels: { 'zh-CN': 'x', en: 'x' } }] }],
      ['GET', '/api/admin/dispositions'],
      ['PUT', '/api/admin/dispositions', { codes: [{ code: 'x', labels: { 'zh-CN': 'x', en: 'x' } }] }],
    ];
    for (const who of [agent, marketing]) {
      for (const [method, url, payload] of routes) {
        const res = await call(method, url, who, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
      expect((await upload(id, toneWav(8000, 1, 1), 'audio/wav', who)).statusCode).toBe(403);
    }
    // Supervisors read, never write.
    for (const [method, url, payload] of routes.filter(([m]) => m !== 'GET')) {
      const res = await call(method, url, supervisor, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });
});
