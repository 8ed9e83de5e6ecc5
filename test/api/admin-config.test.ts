import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '@kefu/db';
import { importConfig } from '@kefu/cti-server/services/config/config-apply';
import { parseConfig } from '@kefu/cti-server/services/config/config-document';
import type { AuditPage, ConfigImportResult, ConfigProblems } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Who = Awaited<ReturnType<typeof loginAs>>;
/** A refused document: INVALID_CONFIG always lists its problems. */
type Refusal = Required<ConfigProblems>;

/** A YAML or JSON document as a value (the server's own parser). */
function parse(text: string): unknown {
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
}
type Doc = {
  version: number;
  skills: Array<Record<string, unknown>>;
  users: Array<{ username: string; agent: { skills: Array<{ skill: string; proficiency: number }> } | null }>;
  queues: Array<{ name: string; wrapUpSeconds: number }>;
  lines: Array<{ dnis: string; queue: string | null }>;
  [section: string]: unknown;
};

/** Configuration as code (issue 14): export the centre, import it with a dry run or all at once. */
describe.each(PROVIDERS)('admin config API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Who;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 5);
    app = await buildTestApp(tdb.db);
    admin = await loginAs(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const exportText = async (format: 'yaml' | 'json' = 'yaml') => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/admin/config/export?format=${format}`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const exportDoc = async (): Promise<Doc> => parse((await exportText()).body) as Doc;
  const importDoc = (document: string | object, dryRun: boolean, who: Who = admin) =>
    app.inject({
      method: 'POST',
      url: `/api/admin/config/import?dryRun=${dryRun}`,
      headers: who.headers,
      payload: { document: typeof document === 'string' ? document : JSON.stringify(document, null, 2) },
    });
  const sales = async () => tdb.db.queue.findUniqueOrThrow({ where: { name: 'sales' } });

  it('exports the centre as YAML with no secret: no password hash, HA1, trunk password or demo password', async () => {
    // A trunk with both passwords set, so there is a trunk secret to leak.
    const trunk = await tdb.db.trunk.findUniqueOrThrow({ where: { name: 'demo' } });
    await tdb.db.trunk.update({
      where: { id: trunk.id },
      data: {
        password: 'trunk-secret-out-1',
        inboundPassword: 'trunk-secret-in-1',
        inboundUsername: 'carrier',
      },
    });
    const res = await exportText('yaml');
    expect(res.headers['content-type']).toMatch(/^text\/yaml/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="kefu-config-\d{4}-\d{2}-\d{2}\.yaml"$/,
    );
    const text = res.body;
    expect(text).toMatch(/^version: 1$/m);

    const secrets: string[] = [
      'trunk-secret-out-1',
      'trunk-secret-in-1',
      'demo-admin',
      'demo-1001',
      'scrypt$',
    ];
    for (const u of await tdb.db.user.findMany({ select: { passwordHash: true } }))
      secrets.push(u.passwordHash);
    for (const a of await tdb.db.agent.findMany({ select: { sipHa1Md5: true, sipHa1Sha256: true } }))
      secrets.push(a.sipHa1Md5, a.sipHa1Sha256);
    expect(secrets.length).toBeGreaterThan(40);
    const json = (await exportText('json')).body;
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    // Only the header comment speaks of passwords.
    const body = text.split('\n').filter((l) => !l.startsWith('#'));
    expect(body.join('\n')).not.toMatch(/password|ha1|secret/i);

    const doc = parse(text) as Doc;
    expect(doc.skills.map((s) => s.name)).toEqual(['billing', 'complaints', 'en', 'sales', 'service', 'zh']);
    expect(doc.queues.find((q) => q.name === 'complaints')).toMatchObject({
      overflowQueue: 'service',
      requireDisposition: true,
      skills: [{ skill: 'complaints', minProficiency: 3 }],
    });
    expect(doc.lines.find((l) => l.dnis === '4008003000')).toMatchObject({ queue: 'sales', trunk: 'demo' });
    expect(doc.users.find((u) => u.username === '1001')).toMatchObject({
      roles: ['agent'],
      agent: { extension: '1001', team: 'sales', languages: ['en', 'zh'] },
    });
  });

  it('two exports are byte-identical, and the JSON export is the same document', async () => {
    const [a, b] = [(await exportText()).body, (await exportText()).body];
    expect(b).toBe(a);
    const json = await exportText('json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers['content-disposition']).toMatch(/kefu-config-.*\.json"$/);
    expect(JSON.parse(json.body)).toEqual(parse(a));
  });

  it('export → import dry run of the demo centre is a no-op diff', async () => {
    for (const format of ['yaml', 'json'] as const) {
      const res = await importDoc((await exportText(format)).body, true);
      expect(res.statusCode, res.body).toBe(200);
      const result: ConfigImportResult = res.json();
      expect(result).toMatchObject({ dryRun: true, summary: 'no changes', changes: [], warnings: [] });
    }
  });

  it('export → import applied changes nothing and leaves the centre as it was', async () => {
    const before = (await exportText()).body;
    const res = await importDoc(before, false);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, changes: [], summary: 'no changes' });
    expect((await exportText()).body).toBe(before);
  });

  it('a changed wrap-up and a new skill show in the dry run (nothing written), then apply', async () => {
    const doc = await exportDoc();
    doc.queues.find((q) => q.name === 'sales')!.wrapUpSeconds = 90;
    doc.skills.push({ name: 'warranty', kind: 'skill', description: 'Warranty claims' });
    const agent = doc.users.find((u) => u.username === '1002')!.agent!;
    agent.skills.push({ skill: 'warranty', proficiency: 4 });

    const dry = await importDoc(doc, true);
    expect(dry.statusCode, dry.body).toBe(200);
    const plan: ConfigImportResult = dry.json();
    expect(plan.changes).toEqual([
      {
        entity: 'skill',
        key: 'warranty',
        action: 'create',
        fields: [
          { field: 'kind', before: null, after: 'skill' },
          { field: 'description', before: null, after: 'Warranty claims' },
        ],
      },
      {
        entity: 'user',
        key: '1002',
        action: 'update',
        fields: [
          {
            field: 'agent.skills',
            before: [{ skill: 'sales', proficiency: 4 }],
            after: [
              { skill: 'sales', proficiency: 4 },
              { skill: 'warranty', proficiency: 4 },
            ],
          },
        ],
      },
      {
        entity: 'queue',
        key: 'sales',
        action: 'update',
        fields: [{ field: 'wrapUpSeconds', before: 30, after: 90 }],
      },
    ]);
    expect(plan.counts.skill.create).toBe(1);
    expect(plan.summary).toBe('1 skill created, 1 user updated, 1 queue updated');
    expect((await sales()).wrapUpSeconds).toBe(30);
    expect(await tdb.db.skill.count({ where: { name: 'warranty' } })).toBe(0);

    const applied = await importDoc(doc, false);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ dryRun: false, summary: plan.summary, changes: plan.changes });
    expect((await sales()).wrapUpSeconds).toBe(90);
    expect(await tdb.db.skill.count({ where: { name: 'warranty' } })).toBe(1);
    // The running ACD has the queue's new wrap-up and the agent's new skill without a restart.
    expect(app.acd.engine.queue((await sales()).id)?.wrapUpSeconds).toBe(90);
    const a1002 = app.agentDirectory.agentByExtension('1002')!;
    expect(app.acd.engine.agent(a1002.id)?.skills.get('warranty')).toBe(4);
    // Its languages kept their own proficiency (the document names languages only).
    const en = await tdb.db.agentSkill.findFirst({ where: { agentId: a1002.id, skill: { name: 'zh' } } });
    expect(en?.proficiency).toBe(5);

    // Imported again: nothing left to do.
    expect((await importDoc(doc, true)).json()).toMatchObject({ changes: [] });

    const audit = await app.inject({
      method: 'GET',
      url: '/api/admin/audit?action=config.import',
      headers: admin.headers,
    });
    const page: AuditPage = audit.json();
    expect(page.entries[0]).toMatchObject({
      action: 'config.import',
      entity: 'config',
      actor: { username: 'admin' },
      summary: 'configuration import: 1 skill created, 1 user updated, 1 queue updated',
    });
    const perEntity: AuditPage = (
      await app.inject({ method: 'GET', url: '/api/admin/audit?entity=queue', headers: admin.headers })
    ).json();
    expect(perEntity.entries[0]).toMatchObject({
      action: 'queue.update',
      before: { wrapUpSeconds: 30 },
      after: { wrapUpSeconds: 90 },
    });
  });

  it('a queue and a line created by an import reach the running ACD', async () => {
    const doc = await exportDoc();
    doc.queues.push({
      name: 'warranty',
      displayName: 'Warranty',
      skills: [{ skill: 'warranty', minProficiency: 2 }],
      wrapUpSeconds: 15,
    } as never);
    doc.lines.push({ dnis: '4008009000', name: 'Warranty line', queue: 'warranty', trunk: 'demo' } as never);
    const res = await importDoc(doc, false);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as ConfigImportResult).summary).toBe('1 queue created, 1 line created');
    const queue = await tdb.db.queue.findUniqueOrThrow({
      where: { name: 'warranty' },
      include: { skills: true },
    });
    expect(queue).toMatchObject({
      wrapUpSeconds: 15,
      strategy: 'least_busy',
      active: true,
      serviceLevelTarget: 80,
    });
    expect(queue.skills).toMatchObject([{ minProficiency: 2 }]);
    expect(app.acd.engine.queue(queue.id)).toMatchObject({
      wrapUpSeconds: 15,
      skills: [{ skill: 'warranty', minProficiency: 2 }],
    });
    const line = await tdb.db.line.findUniqueOrThrow({ where: { dnis: '4008009000' } });
    expect(line).toMatchObject({ queueId: queue.id, timeZone: 'Asia/Shanghai', ivrFlow: null });
    expect((await importDoc(doc, true)).json()).toMatchObject({ changes: [] });
  });

  it('a broken document is refused with every problem and its path, and nothing of it is applied', async () => {
    const doc = await exportDoc();
    doc.queues.find((q) => q.name === 'sales')!.wrapUpSeconds = 120; // valid on its own
    const lineIndex = doc.lines.findIndex((l) => l.dnis === '4008003000');
    doc.lines[lineIndex]!.queue = 'salse';
    const userIndex = doc.users.findIndex((u) => u.username === '1003');
    doc.users[userIndex]!.agent!.skills[0]!.proficiency = 9;
    const queueCount = await tdb.db.queue.count();

    for (const dryRun of [true, false]) {
      const res = await importDoc(doc, dryRun);
      expect(res.statusCode, res.body).toBe(400);
      const body: Refusal = res.json();
      expect(body.code).toBe('INVALID_CONFIG');
      expect(body.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            path: `lines[${lineIndex}].queue`,
            message: 'unknown queue "salse"',
            line: expect.any(Number),
          }),
          expect.objectContaining({
            path: `users[${userIndex}].agent.skills[0].proficiency`,
            message: 'proficiency must be an integer from 1 to 5 (got 9)',
          }),
        ]),
      );
      expect(body.problems).toHaveLength(2);
    }
    expect((await sales()).wrapUpSeconds).toBe(90);
    expect(await tdb.db.queue.count()).toBe(queueCount);
    const line = await tdb.db.line.findUniqueOrThrow({
      where: { dnis: '4008003000' },
      include: { queue: true },
    });
    expect(line.queue?.name).toBe('sales');
  });

  it('a write that fails half-way through the import leaves nothing of it (one transaction)', async () => {
    const doc = await exportDoc();
    doc.skills.push({ name: 'rollback-skill', kind: 'skill' });
    doc.queues.find((q) => q.name === 'sales')!.wrapUpSeconds = 33;
    doc.lines.find((l) => l.dnis === '4008003000')!.queue = 'service';
    // Skills and queues are written before lines: the line's write fails after theirs.
    const failing = tdb.db.$extends({
      query: {
        line: {
          upsert() {
            throw new Error('disk full (simulated)');
          },
        },
      },
    }) as unknown as Db;
    const before = await sales();
    await expect(
      importConfig(failing, doc as never, {
        dryRun: false,
        actor: null,
        flows: ['sales-hotline', 'service-hotline'],
        realm: 'kefu',
      }),
    ).rejects.toThrow('disk full (simulated)');
    expect((await sales()).wrapUpSeconds).toBe(before.wrapUpSeconds);
    expect(await tdb.db.skill.count({ where: { name: 'rollback-skill' } })).toBe(0);
    expect(await tdb.db.auditEntry.count({ where: { summary: { contains: 'rollback-skill' } } })).toBe(0);
    // The same document through a working database goes in whole.
    const ok = await importConfig(tdb.db, doc as never, {
      dryRun: false,
      actor: null,
      flows: ['sales-hotline', 'service-hotline'],
      realm: 'kefu',
    });
    expect(ok).toMatchObject({ ok: true, summary: '1 skill created, 1 queue updated, 1 line updated' });
    expect((await sales()).wrapUpSeconds).toBe(33);
  });

  it('names the YAML line of a problem, and a syntax error with its line', async () => {
    const text = (await exportText()).body.replace(/^(\s+minProficiency: )3$/m, '$1' + '7');
    const res = await importDoc(text, true);
    expect(res.statusCode).toBe(400);
    const [problem] = (res.json() as Refusal).problems;
    const lineNo = text.split('\n').findIndex((l) => /minProficiency: 7/.test(l)) + 1;
    expect(problem).toMatchObject({
      message: 'proficiency must be an integer from 1 to 5 (got 7)',
      line: lineNo,
    });

    const broken = await importDoc('version: 1\nqueues:\n  - name: [unclosed\n', true);
    expect(broken.statusCode).toBe(400);
    expect((broken.json() as Refusal).problems[0]).toMatchObject({ line: expect.any(Number) });
    const unknown = await importDoc({ version: 1, queues: [{ name: 'x', wrapUp: 3 }] }, true);
    expect((unknown.json() as Refusal).problems).toEqual([
      { path: 'queues[0].wrapUp', message: 'unknown field "wrapUp"', line: 6 },
    ]);
  });

  it('users and queues missing from their section are disabled, never deleted; a new user has no password', async () => {
    const doc = await exportDoc();
    doc.users = doc.users.filter((u) => u.username !== '1020');
    doc.users.push({
      username: 'new.agent',
      displayName: 'New Agent',
      roles: ['agent'],
      agent: { extension: '1099', languages: ['zh'], skills: [{ skill: 'sales', proficiency: 3 }] },
    } as never);
    const plan: ConfigImportResult = (await importDoc(doc, true)).json();
    expect(plan.changes.filter((c) => c.entity === 'user').map((c) => [c.key, c.action])).toEqual([
      ['1020', 'disable'],
      ['new.agent', 'create'],
    ]);
    expect(plan.changes.find((c) => c.key === '1020')!.fields).toEqual([
      { field: 'active', before: true, after: false },
    ]);
    const res = await importDoc(doc, false);
    expect(res.statusCode, res.body).toBe(200);
    const gone = await tdb.db.user.findUniqueOrThrow({ where: { username: '1020' } });
    expect(gone.active).toBe(false);
    // Out of the running ACD and directory at once, as the Disable button does.
    expect(app.agentDirectory.agentByExtension('1020')).toBeUndefined();
    const created = await tdb.db.user.findUniqueOrThrow({
      where: { username: 'new.agent' },
      include: { agent: true },
    });
    expect(created).toMatchObject({ active: true, mustChangePassword: true, passwordHash: '' });
    expect(created.agent?.extension).toBe('1099');
    expect(app.agentDirectory.agentByExtension('1099')).toBeDefined();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'new.agent', password: '' },
    });
    expect(login.statusCode).toBe(400); // empty password: refused by the schema
    const login2 = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'new.agent', password: 'anything-at-all' },
    });
    expect(login2.statusCode).toBe(401);
    // Nobody importing may disable themselves.
    const withoutMe = await exportDoc();
    withoutMe.users = withoutMe.users.filter((u) => u.username !== 'admin');
    const refused = await importDoc(withoutMe, true);
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as Refusal).problems[0]!.message).toMatch(/would disable you/);
  });

  it('a line may not point at a queue the document disables', async () => {
    const doc = await exportDoc();
    doc.queues = doc.queues.filter((q) => q.name !== 'service');
    const res = await importDoc(doc, true);
    expect(res.statusCode).toBe(400);
    const messages = (res.json() as Refusal).problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^lines\[\d\]\.queue: points at queue "service", which is disabled$/),
        expect.stringMatching(/^queues\[\d\]\.overflowQueue: queue "service" is disabled$/),
      ]),
    );
  });

  it('warns of a new queue nobody can serve, and refuses relaxation steps out of order', async () => {
    const doc = await exportDoc();
    doc.queues.push({ name: 'experts', skills: [{ skill: 'billing', minProficiency: 5 }] } as never);
    const res = await importDoc(doc, true);
    expect(res.statusCode, res.body).toBe(200);
    const plan: ConfigImportResult = res.json();
    expect(plan.warnings).toEqual([
      {
        path: `queues[${doc.queues.length - 1}]`,
        message:
          'queue "experts": no enabled agent holds every skill it requires, so nobody can take its calls',
        line: expect.any(Number),
      },
    ]);
    expect(plan.changes).toMatchObject([{ entity: 'queue', key: 'experts', action: 'create' }]);

    const i = doc.queues.findIndex((q) => q.name === 'complaints');
    (doc.queues[i] as unknown as { policy: unknown }).policy = {
      relaxation: [
        { afterSeconds: 120, minProficiency: 2 },
        { afterSeconds: 45, addSkills: ['service'] },
      ],
    };
    const refused = await importDoc(doc, true);
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as Refusal).problems).toEqual([
      expect.objectContaining({
        path: `queues[${i}].policy`,
        message: expect.stringMatching(/relaxation steps must be sorted/),
      }),
    ]);
  });

  it('agents, marketing and supervisors get 403', async () => {
    const text = (await exportText()).body;
    for (const username of ['1001', 'mkt1', 'sup1']) {
      const who = await loginAs(app, username);
      const exp = await app.inject({ method: 'GET', url: '/api/admin/config/export', headers: who.headers });
      expect(exp.statusCode, username).toBe(403);
      expect((await importDoc(text, true, who)).statusCode, username).toBe(403);
      expect((await importDoc(text, false, who)).statusCode, username).toBe(403);
    }
    const anonymous = await app.inject({ method: 'GET', url: '/api/admin/config/export' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('admin config export across databases', () => {
  it('the demo centre exports to the same bytes on SQLite and PostgreSQL', async () => {
    const texts: string[] = [];
    for (const provider of PROVIDERS) {
      const tdb = await createTestDatabase(provider, 5);
      const app = await buildTestApp(tdb.db);
      try {
        const admin = await loginAs(app, 'admin');
        const res = await app.inject({
          method: 'GET',
          url: '/api/admin/config/export',
          headers: admin.headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        texts.push(res.body);
      } finally {
        await app.close();
        await tdb.drop();
      }
    }
    expect(texts[1]).toBe(texts[0]);
  });
});
