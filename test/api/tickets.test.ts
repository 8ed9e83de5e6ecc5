import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

describe.each(PROVIDERS)('ticket and interaction API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let agent: Awaited<ReturnType<typeof loginAs>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    agent = await loginAs(app, '1012');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('creates a complaint with high priority and a 24 h SLA, and keeps its history', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: agent.headers,
      payload: { customerId: 'cus_0000005', type: 'complaint', subject: '快递破损 / Parcel damaged' },
    });
    expect(created.statusCode).toBe(201);
    const t = created.json();
    expect(t).toMatchObject({
      type: 'complaint',
      priority: 'high',
      status: 'open',
      createdById: agent.user.id,
    });
    expect(new Date(t.slaDueAt).getTime() - new Date(t.createdAt).getTime()).toBe(24 * 3600_000);

    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${t.id}`,
      headers: agent.headers,
      payload: { status: 'in_progress', escalate: true, comment: 'called the courier' },
    });
    expect(patched.statusCode).toBe(200);
    const full = (await app.inject({ url: `/api/tickets/${t.id}`, headers: agent.headers })).json();
    expect(full.escalationLevel).toBe(1);
    expect(full.updates.map((u: { kind: string }) => u.kind)).toEqual([
      'created',
      'status',
      'escalation',
      'comment',
    ]);
    expect(full.updates[1]).toMatchObject({
      fromValue: 'open',
      toValue: 'in_progress',
      actorId: agent.user.id,
    });

    const list = (
      await app.inject({
        url: '/api/tickets?customerId=cus_0000005&status=in_progress',
        headers: agent.headers,
      })
    ).json();
    expect(list.map((x: { id: string }) => x.id)).toContain(t.id);
  });

  it('refuses bad tickets with 4xx and stores nothing', async () => {
    const before = await tdb.db.serviceTicket.count();
    const cases = [
      [{ customerId: 'cus_0000005', type: 'rant', subject: 'x' }, 400],
      [{ customerId: 'cus_0000005', type: 'complaint' }, 400],
      [{ customerId: 'cus_9999999', type: 'complaint', subject: 'x' }, 404],
      [{ customerId: 'x\'; DROP TABLE "ServiceTicket"; --', type: 'complaint', subject: 'x' }, 400],
    ] as const;
    for (const [payload, status] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/tickets', headers: agent.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
    }
    const noop = await app.inject({
      method: 'PATCH',
      url: '/api/tickets/nope',
      headers: agent.headers,
      payload: { status: 'closed' },
    });
    expect(noop.statusCode).toBe(404);
    expect(await tdb.db.serviceTicket.count()).toBe(before);
  });

  it('keeps marketing out of tickets', async () => {
    const mkt = await loginAs(app, 'mkt1');
    expect((await app.inject({ url: '/api/tickets', headers: mkt.headers })).statusCode).toBe(403);
  });

  it("shows agents only their own calls; supervisors see everyone's", async () => {
    const mine = (await app.inject({ url: '/api/interactions', headers: agent.headers })).json() as {
      id: string;
      agentId: string;
    }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((c) => c.agentId))).toEqual(new Set([agent.user.agentId]));

    const other = await tdb.db.interaction.findFirst({ where: { agentId: { not: agent.user.agentId } } });
    expect(other).not.toBeNull();
    expect(
      (await app.inject({ url: `/api/interactions/${other?.id}`, headers: agent.headers })).statusCode,
    ).toBe(403);
    const sup = await loginAs(app, 'sup1');
    const seen = await app.inject({ url: `/api/interactions/${other?.id}`, headers: sup.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().id).toBe(other?.id);
    const all = (await app.inject({ url: '/api/interactions?limit=200', headers: sup.headers })).json() as {
      agentId: string;
    }[];
    expect(new Set(all.map((c) => c.agentId)).size).toBeGreaterThan(1);
  });

  it('serves the OpenAPI document', async () => {
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining(['/api/customers/lookup', '/api/tickets/{id}']),
    );
  });
});
