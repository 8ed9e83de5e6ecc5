import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type {
  AdminLine,
  AdminLineList,
  AuditPage,
  IvrFlowGraph,
  IvrFlowList,
  LineCalendarStatus,
} from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Who = Awaited<ReturnType<typeof loginAs>>;

/** Lines (DNIS) with business hours and holidays, and the IVR flows view (issue 14). */
describe.each(PROVIDERS)('admin lines and IVR flows API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Who;
  let supervisor: Who;
  let agent: Who;
  let marketing: Who;
  let queues: { sales: string; service: string };
  let trunkId: string;
  let created: AdminLine;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 5);
    app = await buildTestApp(tdb.db);
    admin = await loginAs(app, 'admin');
    supervisor = await loginAs(app, 'sup1');
    agent = await loginAs(app, '1001');
    marketing = await loginAs(app, 'mkt1');
    const rows = await tdb.db.queue.findMany({ select: { id: true, name: true } });
    const id = (name: string) => rows.find((q) => q.name === name)!.id;
    queues = { sales: id('sales'), service: id('service') };
    trunkId = (await tdb.db.trunk.findFirstOrThrow({ select: { id: true } })).id;
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Who, payload?: object) =>
    app.inject({ method, url, headers: who.headers, ...(payload && { payload }) });
  const audit = async (query: string): Promise<AuditPage> => {
    const res = await call('GET', `/api/admin/audit?${query}`, admin);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const newLine = (overrides: Record<string, unknown> = {}) => ({
    dnis: '4008009000',
    name: '活动热线 Campaign hotline',
    queueId: queues.sales,
    trunkId,
    timeZone: 'Asia/Shanghai',
    language: 'zh-CN',
    businessHours: {
      mon: [
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ],
      sat: [['10:00', '16:00']],
    },
    holidays: ['2027-01-01', { date: '2026-10-01', name: '国庆节 National Day' }],
    ...overrides,
  });

  it('lists the demo lines with whether each is open now; the direct line has no hours (open all week)', async () => {
    const res = await call('GET', '/api/admin/lines', supervisor);
    expect(res.statusCode, res.body).toBe(200);
    const { lines } = res.json() as AdminLineList;
    expect(lines.map((l) => l.dnis)).toEqual(['4008001000', '4008002000', '4008003000']);
    const direct = lines.find((l) => l.dnis === '4008003000')!;
    expect(direct).toMatchObject({
      ivrFlow: null,
      queue: { name: 'sales', active: true },
      businessHours: null,
    });
    expect(direct.now).toMatchObject({ open: true, reason: 'open', hoursFrom: 'all_week' });
    const sales = lines.find((l) => l.dnis === '4008001000')!;
    expect(sales.ivrFlow).toBe('sales-hotline');
    expect(sales.holidays).toContainEqual({ date: '2026-10-01', name: null });
    expect(sales.now.hoursFrom).toBe('line');
  });

  it('creates a line with hours and named holidays, audited, and reads it back', async () => {
    const res = await call('POST', '/api/admin/lines', admin, newLine());
    expect(res.statusCode, res.body).toBe(201);
    created = (res.json() as { line: AdminLine }).line;
    expect(created).toMatchObject({
      dnis: '4008009000',
      ivrFlow: null,
      queue: { id: queues.sales, name: 'sales' },
      trunk: { id: trunkId },
      businessHours: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
        sat: [['10:00', '16:00']],
      },
      holidays: [
        { date: '2027-01-01', name: null },
        { date: '2026-10-01', name: '国庆节 National Day' },
      ],
    });
    // Stored in the shape the call path reads: plain dates, named ones as { date, name }.
    const row = await tdb.db.line.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.holidays).toEqual(['2027-01-01', { date: '2026-10-01', name: '国庆节 National Day' }]);
    const got = await call('GET', `/api/admin/lines/${created.id}`, supervisor);
    expect(got.statusCode).toBe(200);
    expect((got.json() as { line: AdminLine }).line).toEqual(created);
    const { entries } = await audit(`action=line.create&entityId=${created.id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity: 'line', before: null, after: { dnis: '4008009000' } });
  });

  it('refuses bad lines with a 400 naming the problem', async () => {
    const refused = async (
      payload: object,
      message: RegExp,
      url = '/api/admin/lines',
      method: 'POST' | 'PATCH' = 'POST',
    ) => {
      const res = await call(method, url, admin, payload);
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { message: string }).message).toMatch(message);
    };
    await refused(newLine({ dnis: '400-800' }), /dnis|pattern/i);
    await refused(newLine({ dnis: '12' }), /dnis|fewer|3/i);
    await refused(newLine({ dnis: '4008001000' }), /DNIS 4008001000 is already the line/);
    await refused(
      newLine({ dnis: '4008009001', ivrFlow: 'no-such-flow' }),
      /unknown IVR flow "no-such-flow"/,
    );
    await refused(newLine({ dnis: '4008009001', queueId: 'no-such-queue' }), /unknown queue no-such-queue/);
    await refused(newLine({ dnis: '4008009001', trunkId: 'no-such-trunk' }), /unknown trunk no-such-trunk/);
    await refused(
      newLine({ dnis: '4008009001', timeZone: 'Asia/Beijing' }),
      /unknown time zone "Asia\/Beijing"/,
    );
    await refused(
      newLine({ dnis: '4008009001', businessHours: { mon: [['18:00', '09:00']] } }),
      /must start before it ends/,
    );
    await refused(
      newLine({
        dnis: '4008009001',
        businessHours: {
          mon: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        },
      }),
      /overlaps/,
    );
    await refused(
      newLine({ dnis: '4008009001', businessHours: { monday: [['09:00', '18:00']] } }),
      /monday|additional/i,
    );
    await refused(newLine({ dnis: '4008009001', holidays: ['2026-02-30'] }), /"2026-02-30" is not a date/);
    await refused(newLine({ dnis: '4008009001', holidays: ['2026-10-01', '2026-10-01'] }), /listed twice/);
    await refused(
      { dnis: '4008003000' },
      /DNIS 4008003000 is already the line/,
      `/api/admin/lines/${created.id}`,
      'PATCH',
    );
    expect(await tdb.db.line.count({ where: { dnis: '4008009001' } })).toBe(0);
  });

  it('a line cannot point at a disabled queue', async () => {
    await tdb.db.queue.update({ where: { id: queues.service }, data: { active: false } });
    try {
      const res = await call('PATCH', `/api/admin/lines/${created.id}`, admin, { queueId: queues.service });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'QUEUE_DISABLED',
        message: expect.stringMatching(/queue service is disabled: a line cannot send calls to it/),
      });
      const create = await call(
        'POST',
        '/api/admin/lines',
        admin,
        newLine({ dnis: '4008009002', queueId: queues.service }),
      );
      expect(create.statusCode).toBe(400);
    } finally {
      await tdb.db.queue.update({ where: { id: queues.service }, data: { active: true } });
    }
  });

  it('changes a line with before → after in the audit log', async () => {
    const res = await call('PATCH', `/api/admin/lines/${created.id}`, admin, {
      name: 'Campaign hotline (autumn)',
      ivrFlow: 'sales-hotline',
      language: 'en',
      businessHours: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    const line = (res.json() as { line: AdminLine }).line;
    expect(line).toMatchObject({
      name: 'Campaign hotline (autumn)',
      ivrFlow: 'sales-hotline',
      language: 'en',
      businessHours: null,
    });
    expect(line.holidays).toHaveLength(2);
    const { entries } = await audit(`action=line.update&entityId=${created.id}`);
    expect(entries[0]).toMatchObject({
      before: { name: '活动热线 Campaign hotline', ivrFlow: null, language: 'zh-CN' },
      after: {
        name: 'Campaign hotline (autumn)',
        ivrFlow: 'sales-hotline',
        language: 'en',
        businessHours: null,
      },
    });
    expect(entries[0]!.summary).toMatch(/changed line 4008009000/);
  });

  it('the calendar says why it is open or closed: a holiday added for a date closes that day, by name', async () => {
    const direct = (await tdb.db.line.findUniqueOrThrow({ where: { dnis: '4008003000' } })).id;
    const at = '2026-12-25T03:00:00Z'; // Friday 11:00 in Shanghai
    const before = await call('GET', `/api/admin/lines/${direct}/calendar?at=${at}`, supervisor);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ open: true, reason: 'open', hoursFrom: 'all_week' });

    const patch = await call('PATCH', `/api/admin/lines/${direct}`, admin, {
      holidays: [{ date: '2026-12-25', name: '圣诞节 Christmas' }],
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const after = await call('GET', `/api/admin/lines/${direct}/calendar?at=${at}`, supervisor);
    const status = after.json() as LineCalendarStatus;
    expect(status).toMatchObject({
      open: false,
      reason: 'holiday',
      holiday: { date: '2026-12-25', name: '圣诞节 Christmas' },
      localTime: { date: '2026-12-25', time: '11:00', weekday: 'fri' },
      timeZone: 'Asia/Shanghai',
      nextChange: '2026-12-25T16:00:00.000Z', // midnight in Shanghai: open again
    });

    // Outside hours and a closed weekday on the created line (back to hours of its own).
    await call('PATCH', `/api/admin/lines/${created.id}`, admin, {
      businessHours: { mon: [['09:00', '18:00']] },
    });
    // Monday 2026-12-07, 20:00 in Shanghai.
    const evening = (
      await call('GET', `/api/admin/lines/${created.id}/calendar?at=2026-12-07T12:00:00Z`, admin)
    ).json();
    expect(evening).toMatchObject({
      open: false,
      reason: 'outside_hours',
      nextChange: '2026-12-14T01:00:00.000Z',
    }); // the next Monday 09:00
    const sunday = (
      await call('GET', `/api/admin/lines/${created.id}/calendar?at=2026-12-06T04:00:00Z`, admin)
    ).json();
    expect(sunday).toMatchObject({ open: false, reason: 'closed_today' });
    const missing = await call('GET', '/api/admin/lines/nope/calendar', admin);
    expect(missing.statusCode).toBe(404);
    const badDate = await call('GET', `/api/admin/lines/${direct}/calendar?at=yesterday`, admin);
    expect(badDate.statusCode).toBe(400);
  });

  it('lists the IVR flows with version, the lines using each, problems, and a flow graph', async () => {
    const res = await call('GET', '/api/admin/ivr-flows', supervisor);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as IvrFlowList;
    const sales = list.flows.find((f) => f.id === 'sales-hotline')!;
    expect(sales).toMatchObject({ version: 1, source: 'built-in', name: '销售热线 Sales hotline' });
    expect(sales.lines.map((l) => l.dnis)).toEqual(['4008001000', '4008009000']);
    expect(sales.queues).toEqual(expect.arrayContaining(['sales', 'service']));
    expect(sales.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(list.flows.find((f) => f.id === 'service-hotline')!.lines.map((l) => l.dnis)).toEqual([
      '4008002000',
    ]);
    expect(list.problems).toEqual([]);

    // A disabled queue a flow names, and a line naming a flow that is not loaded, are reported.
    await tdb.db.queue.update({ where: { id: queues.service }, data: { active: false } });
    await tdb.db.line.update({ where: { id: created.id }, data: { ivrFlow: 'gone-flow' } });
    try {
      const again = (await call('GET', '/api/admin/ivr-flows', admin)).json() as IvrFlowList;
      expect(again.flows.find((f) => f.id === 'sales-hotline')!.problems).toContainEqual({
        severity: 'error',
        message: expect.stringMatching(/queue "service" is disabled/),
      });
      expect(again.problems).toEqual([
        {
          severity: 'error',
          message: expect.stringMatching(
            /line 4008009000 .* names IVR flow "gone-flow", which is not loaded/,
          ),
        },
      ]);
    } finally {
      await tdb.db.queue.update({ where: { id: queues.service }, data: { active: true } });
      await tdb.db.line.update({ where: { id: created.id }, data: { ivrFlow: 'sales-hotline' } });
    }

    const graph = await call('GET', '/api/admin/ivr-flows/sales-hotline', supervisor);
    expect(graph.statusCode, graph.body).toBe(200);
    const g = graph.json() as IvrFlowGraph;
    expect(g.graph.start).toBe('identify');
    expect(g.graph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['hours', 'closed', 'main_menu']));
    expect(g.graph.edges).toContainEqual(expect.objectContaining({ from: 'hours', to: 'closed' }));
    expect((await call('GET', '/api/admin/ivr-flows/nope', admin)).statusCode).toBe(404);
  });

  it('a row with hours the call path cannot read (written by SQL) does not break the list', async () => {
    const direct = await tdb.db.line.findUniqueOrThrow({ where: { dnis: '4008003000' } });
    await tdb.db.line.update({ where: { id: direct.id }, data: { businessHours: { mon: 'all day' } } });
    try {
      const res = await call('GET', '/api/admin/lines', admin);
      expect(res.statusCode, res.body).toBe(200);
      // As the line router does: such hours are ignored, the direct line stays open all week.
      const line = (res.json() as AdminLineList).lines.find((l) => l.dnis === '4008003000')!;
      expect(line.now.hoursFrom).toBe('all_week');
    } finally {
      await tdb.db.$executeRaw`UPDATE "Line" SET "businessHours" = NULL WHERE "id" = ${direct.id}`;
      expect((await tdb.db.line.findUniqueOrThrow({ where: { id: direct.id } })).businessHours).toBeNull();
    }
  });

  it('documents the routes in the OpenAPI description', async () => {
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/admin/lines',
        '/api/admin/lines/{id}',
        '/api/admin/lines/{id}/calendar',
        '/api/admin/ivr-flows',
        '/api/admin/ivr-flows/{id}',
      ]),
    );
  });

  it('agents and marketing get 403 on every route; supervisors read but do not write', async () => {
    const id = created.id;
    const routes: Array<['GET' | 'POST' | 'PATCH', string, object?]> = [
      ['GET', '/api/admin/lines'],
      ['GET', `/api/admin/lines/${id}`],
      ['GET', `/api/admin/lines/${id}/calendar`],
      ['POST', '/api/admin/lines', newLine({ dnis: '4008009003' })],
      ['PATCH', `/api/admin/lines/${id}`, { name: 'x' }],
      ['GET', '/api/admin/ivr-flows'],
      ['GET', '/api/admin/ivr-flows/sales-hotline'],
    ];
    for (const who of [agent, marketing])
      for (const [method, url, payload] of routes) {
        const res = await call(method, url, who, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
    expect(
      (await call('POST', '/api/admin/lines', supervisor, newLine({ dnis: '4008009003' }))).statusCode,
    ).toBe(403);
    expect((await call('PATCH', `/api/admin/lines/${id}`, supervisor, { name: 'x' })).statusCode).toBe(403);
    expect(await tdb.db.line.count({ where: { dnis: '4008009003' } })).toBe(0);
  });
});
