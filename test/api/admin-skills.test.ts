import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AdminSkill, AdminSkillList } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Who = Awaited<ReturnType<typeof loginAs>>;

/** The Skills page's reads (issue 14): per skill, its agents by proficiency and the queues requiring it. */
describe.each(PROVIDERS)('admin skills counts on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Who;
  let supervisor: Who;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 5);
    app = await buildTestApp(tdb.db);
    admin = await loginAs(app, 'admin');
    supervisor = await loginAs(app, 'sup1');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const skills = async (who = supervisor): Promise<Map<string, AdminSkill>> => {
    const res = await app.inject({ url: '/api/admin/skills', headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    return new Map((res.json() as AdminSkillList).skills.map((s) => [s.name, s]));
  };

  it('counts the active agents at each proficiency 1–5 and names the queues requiring a skill', async () => {
    const all = await skills();
    // The demo's ten sales agents hold sales at 1, 4, 2, 5, 3, 1, 4, 2, 5, 3.
    expect(all.get('sales')).toMatchObject({ kind: 'skill', agents: 10, proficiencies: [2, 2, 2, 2, 2] });
    expect(all.get('sales')!.queues).toContain('sales');
    expect(all.get('service')!.queues).toContain('service');
    // Every demo agent speaks Chinese at 5; no queue requires zh … or only the ones that do.
    expect(all.get('zh')).toMatchObject({ kind: 'language', agents: 20, proficiencies: [0, 0, 0, 0, 20] });
    for (const s of all.values())
      expect(
        s.proficiencies.reduce((a, b) => a + b, 0),
        s.name,
      ).toBe(s.agents);
  });

  it('follows a new skill, a new holder, a queue requiring it and a disabled agent', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/admin/skills',
      headers: admin.headers,
      payload: { name: 'refunds', description: 'Refunds and returns' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().skill).toMatchObject({
      name: 'refunds',
      agents: 0,
      proficiencies: [0, 0, 0, 0, 0],
      queues: [],
    });

    const users = (await app.inject({ url: '/api/admin/users?q=1011', headers: admin.headers })).json() as {
      users: { id: string; agent: { skills: { skill: string; proficiency: number }[] } }[];
    };
    const user = users.users[0]!;
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${user.id}`,
      headers: admin.headers,
      payload: { agent: { skills: [...user.agent.skills, { skill: 'refunds', proficiency: 4 }] } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await tdb.db.queueSkill.create({
      data: {
        queue: { connect: { name: 'service' } },
        skill: { connect: { name: 'refunds' } },
        minProficiency: 2,
      },
    });
    expect((await skills()).get('refunds')).toMatchObject({
      agents: 1,
      proficiencies: [0, 0, 0, 1, 0],
      queues: ['service'],
    });

    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/admin/users/${user.id}/disable`,
          headers: admin.headers,
        })
      ).statusCode,
    ).toBe(200);
    expect((await skills()).get('refunds')).toMatchObject({ agents: 0, proficiencies: [0, 0, 0, 0, 0] });
  });
});
