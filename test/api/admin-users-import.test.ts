import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type {
  AuditPage,
  LoginResponse,
  UsersImportRefused,
  UsersImportResult,
} from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Who = Awaited<ReturnType<typeof loginAs>>;

/** The bulk import of users and agents from CSV (issue 14): a per-row report, all rows or none. */
describe.each(PROVIDERS)('admin users CSV import on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Who;
  let supervisor: Who;
  let agent: Who;
  let marketing: Who;

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

  const importCsv = (csv: string, dryRun: boolean, who: Who = admin) =>
    app.inject({
      method: 'POST',
      url: `/api/admin/users/import?dryRun=${dryRun}`,
      headers: who.headers,
      payload: { csv },
    });
  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const counts = async () => ({
    users: await tdb.db.user.count(),
    agents: await tdb.db.agent.count(),
    audit: await tdb.db.auditEntry.count(),
  });
  const audit = async (query: string): Promise<AuditPage> => {
    const res = await app.inject({ method: 'GET', url: `/api/admin/audit?${query}`, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  // A BOM, CRLF, a Chinese name, a quoted comma, columns in their own order and any case.
  const good =
    '\uFEFFUsername,DisplayName,roles,extension,team,languages,skills,password,locale\r\n' +
    'zhang.min,张敏,agent,1061,sales,zh;en,sales:5;service:3,first-pass-1061,zh-CN\r\n' +
    'wang.fang,"Wang, Fang",agent;supervisor,1062,service,zh,service:4,,en\r\n' +
    'chen.jie,"陈杰 ""CJ""",agent,1063,,en,billing:2,,\r\n';

  it('a dry run reports every row ok and writes nothing', async () => {
    const before = await counts();
    const res = await importCsv(good, true);
    expect(res.statusCode, res.body).toBe(200);
    const body: UsersImportResult = res.json();
    expect(body).toMatchObject({ dryRun: true, created: 0, users: [] });
    expect(body.rows).toEqual([
      { row: 2, username: 'zhang.min', status: 'ok', errors: [] },
      { row: 3, username: 'wang.fang', status: 'ok', errors: [] },
      { row: 4, username: 'chen.jie', status: 'ok', errors: [] },
    ]);
    expect(await counts()).toEqual(before);
    expect(app.agentDirectory.agentByExtension('1061')).toBeUndefined();
  });

  it('supervisors, agents and marketing get 403 and nothing is written', async () => {
    const before = await counts();
    for (const who of [supervisor, agent, marketing]) {
      expect((await importCsv(good, true, who)).statusCode).toBe(403);
      expect((await importCsv(good, false, who)).statusCode).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('a file with one good and two bad rows is refused with the rows and fields named, nothing created', async () => {
    const before = await counts();
    const csv =
      'username,displayName,roles,extension,skills\n' +
      'good.one,Good One,agent,1071,sales:3\n' +
      'dup.ext,Dup Ext,agent,1002,sales:9\n' +
      'bad.skill,Bad Skill,agent,1073,astrology:3\n';
    const res = await importCsv(csv, false);
    expect(res.statusCode, res.body).toBe(400);
    const body: UsersImportRefused = res.json();
    expect(body).toMatchObject({ code: 'INVALID_CSV', created: 0 });
    expect(body.message).toMatch(/2 rows have problems; nothing was imported/);
    const rows = body.rows!;
    expect(rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'ok'],
      [3, 'error'],
      [4, 'error'],
    ]);
    expect(rows[1]!.errors).toEqual(
      expect.arrayContaining([
        { field: 'extension', message: 'extension 1002 is taken' },
        {
          field: 'skills',
          message: expect.stringMatching(/proficiency of sales must be an integer from 1 to 5/),
        },
      ]),
    );
    expect(rows[2]!.errors).toEqual([{ field: 'skills', message: 'unknown skill astrology' }]);
    expect(await counts()).toEqual(before);
    expect(await tdb.db.user.findUnique({ where: { username: 'good.one' } })).toBeNull();
  });

  it('a username or extension twice in the file, and other row rules, are reported per field', async () => {
    const before = await counts();
    const csv = [
      'username,displayName,roles,extension,password,languages,locale',
      'twin,Twin A,agent,1081,,zh,',
      'twin,Twin B,agent,1081,,zh,',
      'admin,Taken,supervisor,,,,',
      'noext,No Ext,agent,,,,',
      'weak,Weak,agent,12,short,klingon,fr',
      ',,boss,,,,',
    ].join('\n');
    const res = await importCsv(csv, true);
    expect(res.statusCode, res.body).toBe(400);
    const rows = (res.json() as UsersImportRefused).rows!;
    const fields = (row: number) =>
      rows
        .find((r) => r.row === row)!
        .errors.map((e) => e.field)
        .sort();
    expect(rows.find((r) => r.row === 2)!.status).toBe('ok');
    expect(rows.find((r) => r.row === 3)!.errors).toEqual([
      { field: 'username', message: 'username twin is also on row 2' },
      { field: 'extension', message: 'extension 1081 is also on row 2' },
    ]);
    expect(rows.find((r) => r.row === 4)!.errors).toEqual([
      { field: 'username', message: 'username admin is taken' },
    ]);
    expect(fields(5)).toEqual(['extension']);
    expect(fields(6)).toEqual(['extension', 'languages', 'locale', 'password']);
    expect(fields(7)).toEqual(['displayName', 'roles', 'username']);
    expect(await counts()).toEqual(before);
  });

  it('a header without a required column is refused on line 1', async () => {
    const res = await importCsv('username,roles,shoe size\nx,agent,42\n', false);
    expect(res.statusCode, res.body).toBe(400);
    const rows = (res.json() as UsersImportRefused).rows!;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: 1, status: 'error' });
    expect(rows[0]!.errors).toEqual(
      expect.arrayContaining([
        { field: 'csv', message: 'unknown column "shoe size"' },
        { field: 'displayName', message: 'the header has no displayName column' },
      ]),
    );
  });

  let imported: UsersImportResult;

  it('imports the three rows in one go: one-time SIP passwords, generated web passwords, audited', async () => {
    const before = await counts();
    const res = await importCsv(good, false);
    expect(res.statusCode, res.body).toBe(200);
    imported = res.json();
    expect(imported).toMatchObject({ dryRun: false, created: 3 });
    expect(imported.users.map((u) => [u.row, u.username, u.displayName, u.extension])).toEqual([
      [2, 'zhang.min', '张敏', '1061'],
      [3, 'wang.fang', 'Wang, Fang', '1062'],
      [4, 'chen.jie', '陈杰 "CJ"', '1063'],
    ]);
    for (const u of imported.users) expect(u.sipPassword).toMatch(/^[0-9a-f]{20}$/);
    expect(imported.users[0]!.password).toBeNull();
    expect(imported.users[1]!.password).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(res.body).not.toMatch(/passwordHash|sipHa1|scrypt|first-pass-1061/);
    const after = await counts();
    expect(after.users).toBe(before.users + 3);
    expect(after.agents).toBe(before.agents + 3);
    expect(after.audit).toBe(before.audit + 4);

    const wang = await tdb.db.user.findUniqueOrThrow({
      where: { username: 'wang.fang' },
      include: { roles: true, agent: { include: { skills: { include: { skill: true } } } } },
    });
    expect(wang).toMatchObject({ role: 'agent', locale: 'en', mustChangePassword: true });
    expect(wang.roles.map((r) => r.role).sort()).toEqual(['agent', 'supervisor']);
    expect(wang.agent).toMatchObject({ extension: '1062', team: 'service' });
    expect(wang.agent!.skills.map((s) => `${s.skill.name}:${s.proficiency}`).sort()).toEqual([
      'service:4',
      'zh:5',
    ]);

    const creates = await audit('action=user.create&limit=10');
    expect(creates.entries.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        'created user zhang.min (agent 1061) as agent',
        'created user wang.fang (agent 1062) as agent, supervisor',
        'created user chen.jie (agent 1063) as agent',
      ]),
    );
    const summary = await audit('action=user.import');
    expect(summary.entries).toHaveLength(1);
    expect(summary.entries[0]).toMatchObject({
      actor: { username: 'admin' },
      entity: 'user',
      summary: 'imported 3 users from CSV: zhang.min (1061), wang.fang (1062), chen.jie (1063)',
    });
    expect(JSON.stringify(summary.entries[0])).not.toContain(imported.users[1]!.password!);
  });

  it('the imported agents are in the running ACD and log in, having to change their password', async () => {
    for (const u of imported.users) {
      const inDirectory = app.agentDirectory.agentByExtension(u.extension!);
      expect(inDirectory, u.username).toBeDefined();
      expect(app.acd.agentStatus(inDirectory!.id)).toBeDefined();
    }
    expect(app.acd.engine.agent(app.agentDirectory.agentByExtension('1061')!.id)?.skills.get('sales')).toBe(
      5,
    );
    const given = await login('zhang.min', 'first-pass-1061');
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json() as LoginResponse).toMatchObject({ mustChangePassword: true });
    const generated = await login('wang.fang', imported.users[1]!.password!);
    expect(generated.statusCode, generated.body).toBe(200);
    expect(generated.json() as LoginResponse).toMatchObject({ mustChangePassword: true });
  });

  it('the same file again is refused: every username and extension is now taken', async () => {
    const before = await counts();
    const res = await importCsv(good, false);
    expect(res.statusCode, res.body).toBe(400);
    const rows = (res.json() as UsersImportRefused).rows!;
    expect(rows.every((r) => r.status === 'error')).toBe(true);
    expect(rows[0]!.errors.map((e) => e.field)).toEqual(['username', 'extension']);
    expect(await counts()).toEqual(before);
  });
});
