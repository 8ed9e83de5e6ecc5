import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

describe.each(PROVIDERS)('trunk API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let admin: Awaited<ReturnType<typeof loginAs>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    admin = await loginAs(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('lists trunks to admins without their secrets', async () => {
    await tdb.db.trunk.update({
      where: { name: 'demo' },
      data: { inboundUsername: 'carrier', inboundPassword: 's3cret-pass' },
    });
    const res = await app.inject({ url: '/api/trunks', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const demo = res.json().find((t: { name: string }) => t.name === 'demo');
    expect(demo).toMatchObject({
      allowedCidrs: '127.0.0.0/8',
      inboundUsername: 'carrier',
      hasInboundPassword: true,
    });
    expect(JSON.stringify(res.json())).not.toContain('s3cret-pass');
  });

  it('creates and updates a trunk, refusing bad CIDRs and duplicate names', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/trunks',
      headers: admin.headers,
      payload: { name: 'carrier-a', allowedCidrs: '203.0.113.0/33' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_CIDR');
    const created = await app.inject({
      method: 'POST',
      url: '/api/trunks',
      headers: admin.headers,
      payload: { name: 'carrier-a', allowedCidrs: '203.0.113.0/28, 2001:db8::/32', direction: 'inbound' },
    });
    expect(created.statusCode).toBe(201);
    const dup = await app.inject({
      method: 'POST',
      url: '/api/trunks',
      headers: admin.headers,
      payload: { name: 'carrier-a' },
    });
    expect(dup.statusCode).toBe(409);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/trunks/${created.json().id}`,
      headers: admin.headers,
      payload: { enabled: false },
    });
    expect(patched.json()).toMatchObject({ name: 'carrier-a', enabled: false });
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: '/api/trunks/nope',
          headers: admin.headers,
          payload: { enabled: true },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('audits trunk changes with before and after, never a password', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/trunks',
      headers: admin.headers,
      payload: { name: 'carrier-b', password: 'carrier-secret-1', inboundPassword: 'inbound-secret-1' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    await app.inject({
      method: 'PATCH',
      url: `/api/trunks/${id}`,
      headers: admin.headers,
      payload: { host: 'sip.carrier-b.example', password: 'carrier-secret-2' },
    });
    const res = await app.inject({
      url: `/api/admin/audit?entity=trunk&entityId=${id}`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(200);
    const { entries } = res.json();
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['trunk.update', 'trunk.create']);
    expect(entries[0]).toMatchObject({
      actor: { username: 'admin' },
      before: { host: null, hasPassword: true },
      after: { host: 'sip.carrier-b.example', hasPassword: true },
    });
    expect(entries[0].summary).toMatch(/carrier-b: host/);
    expect(res.body).not.toMatch(/secret-1|secret-2/);
  });

  it('keeps trunks to admins', async () => {
    for (const user of ['1001', 'sup1', 'mkt1']) {
      const { headers } = await loginAs(app, user);
      expect((await app.inject({ url: '/api/trunks', headers })).statusCode).toBe(403);
    }
  });
});
