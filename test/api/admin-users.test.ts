import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AdminUser, AuditEntry, AuditPage, CreatedUser, LoginResponse } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Who = Awaited<ReturnType<typeof loginAs>>;

/** The administration of people (issue 14): users, agents, skills, teams, the audit log. */
describe.each(PROVIDERS)('admin users API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Who;
  let supervisor: Who;
  let agent: Who;
  let marketing: Who;
  let created: CreatedUser;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 5);
    app = await buildTestApp(tdb.db);
    admin = await loginAs(app, 'admin');
    supervisor = await loginAs(app, 'sup1');
    agent = await loginAs(app, '1001');
    marketing = await loginAs(app, 'mkt1');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: Who, payload?: object) =>
    app.inject({ method, url, headers: who.headers, ...(payload && { payload }) });
  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const newAgent = (
    overrides: Record<string, unknown> = {},
    agentOverrides: Record<string, unknown> = {},
  ) => ({
    username: 'li.wei',
    displayName: '李伟 Li Wei',
    roles: ['agent'],
    password: 'first-pass-1050',
    agent: {
      extension: '1050',
      team: 'sales',
      languages: ['zh', 'en'],
      skills: [{ skill: 'sales', proficiency: 5 }],
      ...agentOverrides,
    },
    ...overrides,
  });
  const audit = async (query: string): Promise<AuditPage> => {
    const res = await call('GET', `/api/admin/audit?${query}`, admin);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('creates agent 1050 with skill sales at proficiency 5, a SIP password shown once and no secret', async () => {
    const res = await call('POST', '/api/admin/users', admin, newAgent());
    expect(res.statusCode, res.body).toBe(201);
    created = res.json();
    expect(created.user).toMatchObject({
      username: 'li.wei',
      roles: ['agent'],
      locale: 'zh-CN',
      active: true,
      mustChangePassword: true,
      agent: {
        extension: '1050',
        team: 'sales',
        languages: ['en', 'zh'],
        skills: [{ skill: 'sales', proficiency: 5 }],
        mayDialOut: true,
      },
    });
    expect(created.sipPassword).toMatch(/^[0-9a-f]{20}$/);
    expect(res.body).not.toMatch(/passwordHash|sipHa1|scrypt|first-pass-1050/);

    const one = await call('GET', `/api/admin/users/${created.user.id}`, supervisor);
    expect(one.statusCode).toBe(200);
    expect(one.json().user).toEqual(created.user);
    expect(one.body).not.toContain(created.sipPassword!);
  });

  it('the new agent is in the running ACD with sales 5, without a restart, and can log in there', async () => {
    const inDirectory = app.agentDirectory.agentByExtension('1050');
    expect(inDirectory?.skills).toContainEqual({ name: 'sales', kind: 'skill', proficiency: 5 });
    expect(app.acd.engine.agent(inDirectory!.id)?.skills.get('sales')).toBe(5);
    expect([...app.acd.engine.agent(inDirectory!.id)!.languages].sort()).toEqual(['en', 'zh']);
    const view = await call('GET', '/api/agents/1050', supervisor);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ extension: '1050', state: 'logged_out', team: 'sales' });
  });

  it('the new user logs in, must change the password, changes it, and the old one stops working', async () => {
    const first = await login('li.wei', 'first-pass-1050');
    expect(first.statusCode, first.body).toBe(200);
    const body: LoginResponse = first.json();
    expect(body).toMatchObject({ roles: ['agent'], mustChangePassword: true });
    expect(body.user).toMatchObject({
      role: 'agent',
      roles: ['agent'],
      mustChangePassword: true,
      extension: '1050',
    });
    const headers = { authorization: `Bearer ${body.token}` };
    const [, claims] = [null, JSON.parse(Buffer.from(body.token.split('.')[0]!, 'base64url').toString())];
    expect(claims).toMatchObject({ role: 'agent', roles: ['agent'], mustChangePassword: true });

    const change = (currentPassword: string, newPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers,
        payload: { currentPassword, newPassword },
      });
    expect((await change('wrong-password', 'my-own-pass-1')).statusCode).toBe(400);
    expect((await change('first-pass-1050', 'short')).statusCode).toBe(400);
    expect((await change('first-pass-1050', 'first-pass-1050')).statusCode).toBe(400);
    const ok = await change('first-pass-1050', 'my-own-pass-1');
    expect(ok.statusCode, ok.body).toBe(204);

    expect((await login('li.wei', 'first-pass-1050')).statusCode).toBe(401);
    const again = await login('li.wei', 'my-own-pass-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ mustChangePassword: false, user: { mustChangePassword: false } });

    // An agent's own state in the ACD: it can log in there at once.
    const me = { authorization: `Bearer ${again.json().token}` };
    const state = await app.inject({
      method: 'PUT',
      url: '/api/agents/1050/state',
      headers: me,
      payload: { state: 'not_ready', reason: 'break' },
    });
    expect(state.statusCode, state.body).toBe(200);
    expect(state.json()).toMatchObject({ state: 'not_ready' });
  });

  it.each([
    ['an extension of two digits', newAgent({ username: 'x1' }, { extension: '12' }), 400, /extension/],
    ['an extension with letters', newAgent({ username: 'x2' }, { extension: '10a0' }), 400, /extension/],
    [
      'an extension of seven digits',
      newAgent({ username: 'x3' }, { extension: '1234567' }),
      400,
      /extension/,
    ],
    ['a taken extension', newAgent({ username: 'x4' }, { extension: '1001' }), 409, /extension 1001/],
    ['a taken username', newAgent({ username: 'sup1' }, { extension: '1051' }), 409, /username sup1/],
    [
      'an unknown skill',
      newAgent({ username: 'x5' }, { extension: '1052', skills: [{ skill: 'juggling', proficiency: 3 }] }),
      400,
      /juggling/,
    ],
    [
      'proficiency 9',
      newAgent({ username: 'x6' }, { extension: '1053', skills: [{ skill: 'sales', proficiency: 9 }] }),
      400,
      /proficiency/,
    ],
    [
      'proficiency 2.5',
      newAgent({ username: 'x6b' }, { extension: '1053', skills: [{ skill: 'sales', proficiency: 2.5 }] }),
      400,
      /proficiency/,
    ],
    [
      'a skill twice',
      newAgent(
        { username: 'x7' },
        {
          extension: '1054',
          skills: [
            { skill: 'sales', proficiency: 2 },
            { skill: 'sales', proficiency: 3 },
          ],
        },
      ),
      400,
      /twice/,
    ],
    [
      'an unknown language',
      newAgent({ username: 'x8' }, { extension: '1055', languages: ['klingon'] }),
      400,
      /klingon/,
    ],
    [
      'a language given as a skill',
      newAgent({ username: 'x9' }, { extension: '1056', skills: [{ skill: 'en', proficiency: 3 }] }),
      400,
      /language/,
    ],
    [
      'a short password',
      newAgent({ username: 'x10', password: 'short' }, { extension: '1057' }),
      400,
      /password/,
    ],
    ['the agent role without an agent', { ...newAgent({ username: 'x11' }), agent: undefined }, 400, /agent/],
    ['no role', newAgent({ username: 'x12', roles: [] }, { extension: '1058' }), 400, /roles/],
    ['an unknown role', newAgent({ username: 'x13', roles: ['root'] }, { extension: '1059' }), 400, /roles/],
  ])('refuses %s with a clear message', async (_what, body, status, message) => {
    const res = await call('POST', '/api/admin/users', admin, body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().message).toMatch(message);
  });

  it('refuses bad changes: unknown user 404, unknown skill 400, proficiency 9 400, agent role without agent 400', async () => {
    const id = created.user.id;
    expect((await call('PATCH', '/api/admin/users/nobody', admin, { displayName: 'x' })).statusCode).toBe(
      404,
    );
    const unknown = await call('PATCH', `/api/admin/users/${id}`, admin, {
      agent: { skills: [{ skill: 'magic', proficiency: 2 }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/magic/);
    expect(
      (
        await call('PATCH', `/api/admin/users/${id}`, admin, {
          agent: { skills: [{ skill: 'sales', proficiency: 9 }] },
        })
      ).statusCode,
    ).toBe(400);
    const mkt = (await call('GET', '/api/admin/users?q=mkt1', admin)).json().users[0] as AdminUser;
    const noAgent = await call('PATCH', `/api/admin/users/${mkt.id}`, admin, {
      roles: ['marketing', 'agent'],
    });
    expect(noAgent.statusCode).toBe(400);
    expect(
      (await call('PATCH', `/api/admin/users/${mkt.id}`, admin, { agent: { team: 'x' } })).statusCode,
    ).toBe(409);
    expect((await call('PATCH', `/api/admin/users/${id}`, admin, {})).statusCode).toBe(400);
  });

  it('agents and marketing get 403 on every /api/admin route; supervisors read and change skills only', async () => {
    const id = created.user.id;
    const routes: Array<[method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: object]> = [
      ['GET', '/api/admin/users'],
      ['GET', `/api/admin/users/${id}`],
      ['POST', '/api/admin/users', newAgent({ username: 'p1' }, { extension: '1060' })],
      ['PATCH', `/api/admin/users/${id}`, { agent: { skills: [{ skill: 'sales', proficiency: 1 }] } }],
      ['POST', `/api/admin/users/${id}/disable`],
      ['POST', `/api/admin/users/${id}/enable`],
      ['PUT', `/api/admin/users/${id}/password`, { password: 'another-pass-1' }],
      ['POST', `/api/admin/users/${id}/sip-password`],
      ['GET', '/api/admin/skills'],
      ['POST', '/api/admin/skills', { name: 'p-skill' }],
      ['PATCH', '/api/admin/skills/whatever', { description: 'x' }],
      ['GET', '/api/admin/teams'],
      ['GET', '/api/admin/audit'],
    ];
    for (const who of [agent, marketing]) {
      for (const [method, url, body] of routes) {
        const res = await call(method, url, who, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
    }
    const supervisorMay = new Set([
      'GET /api/admin/users',
      `GET /api/admin/users/${id}`,
      'GET /api/admin/skills',
      'GET /api/admin/teams',
    ]);
    for (const [method, url, body] of routes) {
      if (method === 'PATCH' && url.includes('/users/')) continue;
      const res = await call(method, url, supervisor, body);
      expect(res.statusCode, `${method} ${url}`).toBe(supervisorMay.has(`${method} ${url}`) ? 200 : 403);
    }
    for (const body of [
      { displayName: 'x' },
      { roles: ['admin'] },
      { agent: { team: 'x' } },
      { agent: { skills: [], mayDialOut: false } },
    ]) {
      const res = await call('PATCH', `/api/admin/users/${id}`, supervisor, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(403);
    }
    const skills = await call('PATCH', `/api/admin/users/${id}`, supervisor, {
      agent: {
        skills: [
          { skill: 'sales', proficiency: 3 },
          { skill: 'service', proficiency: 2 },
        ],
      },
    });
    expect(skills.statusCode, skills.body).toBe(200);
    expect(skills.json().user.agent).toMatchObject({
      skills: [
        { skill: 'sales', proficiency: 3 },
        { skill: 'service', proficiency: 2 },
      ],
      languages: ['en', 'zh'],
    });
    // The running ACD routes on the new proficiencies at once.
    const entry = app.acd.engine.agent(app.agentDirectory.agentByExtension('1050')!.id)!;
    expect(Object.fromEntries(entry.skills)).toEqual({ sales: 3, service: 2 });
    expect(app.agentDirectory.agentByExtension('1050')?.skills).toContainEqual({
      name: 'service',
      kind: 'skill',
      proficiency: 2,
    });
  });

  it('a user with several roles passes a check for any of them; role stays the primary one', async () => {
    const res = await call('POST', '/api/admin/users', admin, {
      username: 'zhou.team-lead',
      displayName: 'Zhou',
      roles: ['supervisor', 'marketing'],
      password: 'lead-pass-123',
      locale: 'en',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      sipPassword: null,
      user: { roles: ['supervisor', 'marketing'], agent: null },
    });
    const l = await login('zhou.team-lead', 'lead-pass-123');
    expect(l.json()).toMatchObject({ roles: ['supervisor', 'marketing'], user: { role: 'supervisor' } });
    const h = { authorization: `Bearer ${l.json().token}` };
    expect((await app.inject({ url: '/api/admin/users', headers: h })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/admin/audit', headers: h })).statusCode).toBe(403);
    // Roles change at once (the token's claims are not what authorisation reads).
    const id = res.json().user.id;
    const patched = await call('PATCH', `/api/admin/users/${id}`, admin, { roles: ['marketing', 'admin'] });
    expect(patched.json().user.roles).toEqual(['marketing', 'admin']);
    expect((await app.inject({ url: '/api/admin/audit', headers: h })).statusCode).toBe(200);
    const byRole = (await call('GET', '/api/admin/users?role=admin&active=true', admin)).json()
      .users as AdminUser[];
    expect(byRole.map((u) => u.username).sort()).toEqual(['admin', 'zhou.team-lead']);
  });

  it('admins set web and SIP passwords; nothing secret reaches the response or the audit log', async () => {
    const id = created.user.id;
    const set = await call('PUT', `/api/admin/users/${id}/password`, admin, { password: 'reset-pass-1050' });
    expect(set.statusCode, set.body).toBe(204);
    expect(
      (await call('PUT', `/api/admin/users/${id}/password`, admin, { password: 'short' })).statusCode,
    ).toBe(400);
    const l = await login('li.wei', 'reset-pass-1050');
    expect(l.json()).toMatchObject({ mustChangePassword: true });

    const sip = await call('POST', `/api/admin/users/${id}/sip-password`, admin);
    expect(sip.statusCode).toBe(200);
    const { sipPassword } = sip.json() as { sipPassword: string };
    expect(sipPassword).not.toBe(created.sipPassword);
    const row = await tdb.db.agent.findUnique({ where: { extension: '1050' } });
    const { sipHa1 } = await import('@kefu/db');
    expect(row?.sipHa1Md5).toBe(sipHa1('1050', row!.sipRealm, sipPassword, 'MD5'));
    // mkt1 has no extension (sup1 has one, 1090, for monitoring).
    const staffOnly = (await call('GET', '/api/admin/users?q=mkt1', admin)).json().users[0] as AdminUser;
    expect((await call('POST', `/api/admin/users/${staffOnly.id}/sip-password`, admin)).statusCode).toBe(409);

    const log = await audit(`entity=user&entityId=${id}&limit=200`);
    const text = JSON.stringify(log);
    for (const secret of [
      'first-pass-1050',
      'my-own-pass-1',
      'reset-pass-1050',
      sipPassword,
      created.sipPassword!,
      row!.sipHa1Md5,
      row!.sipHa1Sha256,
      'scrypt$',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(log.entries.map((e) => e.action)).toEqual([
      'user.sip_password',
      'user.password',
      'user.update',
      'user.password_change',
      'user.create',
    ]);
  });

  it('the audit log shows who, when, what, before → after, with filters and pages', async () => {
    const id = created.user.id;
    const { entries } = await audit(`entity=user&entityId=${id}`);
    const byAction = (a: string) => entries.find((e) => e.action === a)!;
    const create = byAction('user.create');
    expect(create).toMatchObject({
      entity: 'user',
      entityId: id,
      actor: { username: 'admin' },
      before: null,
    });
    expect(create.after).toMatchObject({ username: 'li.wei', agent: { extension: '1050' } });
    expect(create.summary).toMatch(/li\.wei.*1050/);
    const update = byAction('user.update');
    expect(update.actor).toMatchObject({ username: 'sup1' });
    expect((update.before as AdminUser).agent?.skills).toEqual([{ skill: 'sales', proficiency: 5 }]);
    expect((update.after as AdminUser).agent?.skills).toEqual([
      { skill: 'sales', proficiency: 3 },
      { skill: 'service', proficiency: 2 },
    ]);
    expect(update.summary).toMatch(/agent/);
    expect(byAction('user.password_change').actor).toMatchObject({ username: 'li.wei' });
    expect(Date.parse(create.at)).toBeLessThanOrEqual(Date.parse(update.at));

    expect((await audit('actor=sup1')).entries.every((e: AuditEntry) => e.actor?.username === 'sup1')).toBe(
      true,
    );
    expect((await audit('from=2999-01-01T00:00:00Z')).entries).toEqual([]);
    // Pages: newest first, each entry once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditPage = await audit(
        `entity=user&entityId=${id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(entries.map((e) => e.id));
    expect((await call('GET', '/api/admin/audit?cursor=bogus', admin)).statusCode).toBe(400);
    expect(
      (await call('GET', '/api/admin/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', admin))
        .statusCode,
    ).toBe(400);
  });

  it('skills and teams: create, list with agent counts, describe; a used skill keeps its name', async () => {
    const made = await call('POST', '/api/admin/skills', admin, {
      name: 'insurance',
      description: 'Policies',
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().skill).toMatchObject({ name: 'insurance', kind: 'skill', agents: 0 });
    expect((await call('POST', '/api/admin/skills', admin, { name: 'insurance' })).statusCode).toBe(409);
    const lang = await call('POST', '/api/admin/skills', admin, { name: 'yue', kind: 'language' });
    expect(lang.json().skill).toMatchObject({ kind: 'language' });
    const list = (await call('GET', '/api/admin/skills', supervisor)).json().skills as Array<{
      name: string;
      agents: number;
      id: string;
    }>;
    const sales = list.find((s) => s.name === 'sales')!;
    expect(sales.agents).toBeGreaterThan(5);
    const rename = await call('PATCH', `/api/admin/skills/${sales.id}`, admin, { name: 'selling' });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().message).toMatch(/keeps its name/);
    const describe = await call('PATCH', `/api/admin/skills/${sales.id}`, admin, {
      description: 'Sales advice',
    });
    expect(describe.json().skill).toMatchObject({ name: 'sales', description: 'Sales advice' });
    const renamed = await call('PATCH', `/api/admin/skills/${made.json().skill.id}`, admin, {
      name: 'insurances',
    });
    expect(renamed.json().skill.name).toBe('insurances');
    expect((await call('PATCH', '/api/admin/skills/nope', admin, { description: 'x' })).statusCode).toBe(404);
    const skillLog = await audit('entity=skill');
    expect(skillLog.entries.map((e) => e.action)).toContain('skill.create');

    const teams = (await call('GET', '/api/admin/teams', supervisor)).json().teams as Array<{
      name: string;
      agents: number;
    }>;
    expect(teams).toEqual(
      expect.arrayContaining([
        { name: 'sales', agents: 11 },
        { name: 'service', agents: 10 },
      ]),
    );
  });

  it('disable keeps the user and its history, stops login and logs the agent out of the ACD; enable brings it back', async () => {
    const id = created.user.id;
    const agentId = app.agentDirectory.agentByExtension('1050')!.id;
    const token = (await login('li.wei', 'reset-pass-1050')).json().token as string;
    expect((await call('POST', `/api/admin/users/${admin.user.id}/disable`, admin)).statusCode).toBe(409);

    const off = await call('POST', `/api/admin/users/${id}/disable`, admin);
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().user).toMatchObject({ active: false, agent: { extension: '1050' } });
    expect((await login('li.wei', 'reset-pass-1050')).statusCode).toBe(401);
    expect(
      (await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
    ).toBe(401);
    expect(app.acd.agentStatus(agentId)).toBe('logged_out');
    expect(app.agentDirectory.agentByExtension('1050')).toBeUndefined();
    expect((await call('GET', '/api/agents/1050', supervisor)).statusCode).toBe(404);
    await app.agentStateLog.flush();
    const history = await tdb.db.agentStateEvent.findMany({ where: { agentId }, orderBy: { at: 'asc' } });
    expect(history.map((h) => h.state)).toEqual(expect.arrayContaining(['not_ready', 'logged_out']));
    // Forced out by the administrator who disabled it (the ACD records a forced change as 'supervisor').
    expect(history.at(-1)).toMatchObject({
      state: 'logged_out',
      reason: 'supervisor',
      actorId: admin.user.id,
    });
    const disabled = (await call('GET', '/api/admin/users?active=false', admin)).json().users as AdminUser[];
    expect(disabled.map((u) => u.username)).toContain('li.wei');
    const teams = (await call('GET', '/api/admin/teams', admin)).json().teams as Array<{
      name: string;
      agents: number;
    }>;
    expect(teams).toContainEqual({ name: 'sales', agents: 10 });

    const on = await call('POST', `/api/admin/users/${id}/enable`, admin);
    expect(on.json().user.active).toBe(true);
    expect(app.agentDirectory.agentByExtension('1050')?.skills).toContainEqual({
      name: 'sales',
      kind: 'skill',
      proficiency: 3,
    });
    expect(Object.fromEntries(app.acd.engine.agent(agentId)!.skills)).toEqual({ sales: 3, service: 2 });
    expect((await login('li.wei', 'reset-pass-1050')).statusCode).toBe(200);
    const actions = (await audit(`entityId=${id}&limit=2`)).entries.map((e) => e.action);
    expect(actions).toEqual(['user.enable', 'user.disable']);
  });
});
