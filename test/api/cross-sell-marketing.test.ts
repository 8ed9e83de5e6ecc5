import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ConversionReport, MatchResult, ProductView, RuleView } from '@kefu/cti-server/contract';
import { allCustomerFacts } from '@kefu/cti-server/services/console/cross-sell-service';
import { conditionsHold } from '@kefu/cti-server/services/console/cross-sell-rules';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

describe.each(PROVIDERS)('marketing cross-sell: rules, matching customers, conversion on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let agent: Login;
  let mkt: Login;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    [agent, mkt] = await Promise.all([loginAs(app, '1012'), loginAs(app, 'mkt1')]);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Login, payload?: object) =>
    app.inject({ method, url: `/api${url}`, headers: who.headers, payload });
  const match = async (body: object) => {
    const res = await api('POST', '/cross-sell-rules/match', mkt, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as MatchResult;
  };

  it('"owns KF-ROUTER-100 and tier ≥ 2 → Cloud backup": the match count is the SQL count; the rule is audited, offered, and its acceptance converts', async () => {
    const products = (await api('GET', '/products', agent)).json() as ProductView[];
    expect(products.map((p) => p.sku)).toContain('KF-CLOUD-1Y');

    const conditions = { ownsSku: 'KF-ROUTER-100', minVipTier: 2 };
    const created = await api('POST', '/cross-sell-rules', mkt, {
      name: 'Router owners tier 2+ → Cloud backup',
      conditions,
      offerSku: 'KF-CLOUD-1Y',
      pitch: '路由器老客户：云备份一年。',
      pitchEn: 'Router owners: a year of cloud backup.',
      priority: 100,
      validFrom: '2020-01-01T00:00:00.000Z',
      validTo: null,
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json() as RuleView;
    expect(rule).toMatchObject({
      validFrom: '2020-01-01T00:00:00.000Z',
      validTo: null,
      suppressOnOpenComplaint: true,
    });
    expect(await tdb.db.auditEntry.count({ where: { entity: 'crossSellRule', entityId: rule.id } })).toBe(1);

    const sqlCount = async (suppress: boolean) => {
      const rows = await tdb.db.$queryRawUnsafe<{ n: bigint | number }[]>(
        `SELECT COUNT(*) AS n FROM "Customer" c
          WHERE c."vipTier" >= 2
            AND EXISTS (SELECT 1 FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id
                          JOIN "Product" p ON p.id = i."productId"
                         WHERE o."customerId" = c.id AND o.status NOT IN ('cancelled', 'returned')
                           AND p.sku = 'KF-ROUTER-100')
            ${
              suppress
                ? `AND NOT EXISTS (SELECT 1 FROM "ServiceTicket" t WHERE t."customerId" = c.id
                     AND t.type = 'complaint' AND t.status IN ('open', 'in_progress', 'pending_customer'))`
                : ''
            }`,
      );
      return Number(rows[0]!.n);
    };
    const all = await match({ conditions });
    expect(all.count).toBe(await sqlCount(false));
    expect(all.count).toBeGreaterThan(0);
    const offerable = await match({ conditions, suppressOnOpenComplaint: true });
    expect(offerable.count).toBe(await sqlCount(true));
    expect(offerable.sample.length).toBe(Math.min(10, offerable.count));
    const tiers = offerable.sample.map((s) => s.vipTier);
    expect(tiers).toEqual([...tiers].sort((a, b) => b - a));

    // The best-tier customer the rule selects, their complaints resolved, gets the offer on a
    // call, accepts, and it converts.
    const customer = all.sample[0]!;
    await tdb.db.serviceTicket.updateMany({
      where: { customerId: customer.id },
      data: { status: 'resolved' },
    });
    const call = await tdb.db.interaction.create({
      data: { callId: 'xsell-mkt-call-1', customerId: customer.id },
    });
    const offers = (
      await api('GET', `/customers/${customer.id}/offers?callId=${call.callId}`, agent)
    ).json() as {
      ruleId: string;
    }[];
    expect(offers.map((o) => o.ruleId)).toContain(rule.id);
    const accepted = await api('POST', `/customers/${customer.id}/offers/${rule.id}`, agent, {
      outcome: 'accepted',
      callId: call.callId,
    });
    expect(accepted.statusCode).toBe(201);

    const report = (await api('GET', '/marketing/conversion', mkt)).json() as ConversionReport;
    expect(report.rules.find((r) => r.ruleId === rule.id)).toMatchObject({
      accepted: 1,
      declined: 0,
      conversionRate: 1,
    });
    expect(report.days.length).toBeGreaterThanOrEqual(30);
    const today = report.rules.find((r) => r.ruleId === rule.id)!.byDay.at(-1)!;
    expect(today).toMatchObject({ day: report.days.at(-1), accepted: 1 });

    // Outside its validity dates the rule is not offered.
    await api('PATCH', `/cross-sell-rules/${rule.id}`, mkt, { validTo: '2021-01-01T00:00:00.000Z' });
    await tdb.db.crossSellOffer.deleteMany({ where: { ruleId: rule.id } });
    const later = (await api('GET', `/customers/${customer.id}/offers`, agent)).json() as {
      ruleId: string;
    }[];
    expect(later.map((o) => o.ruleId)).not.toContain(rule.id);
    expect(await tdb.db.auditEntry.count({ where: { entity: 'crossSellRule', entityId: rule.id } })).toBe(2);
  });

  it('the database count agrees with conditionsHold over every demo customer', async () => {
    const now = new Date();
    const facts = await allCustomerFacts(tdb.db, now);
    const cities = [...new Set(facts.map((f) => f.facts.city).filter((c): c is string => c !== null))];
    const sets = [
      { ownsSku: 'KF-CAM-2K', notOwnsSku: 'KF-CLOUD-1Y', stages: ['first_purchase', 'repeat'] },
      { quadrants: ['I', 'II'], segments: ['consumer', 'smb'] },
      { regions: cities.slice(0, 2) },
      { minDaysSinceLastPurchase: 90 },
      { maxDaysSinceLastPurchase: 60, minVipTier: 1 },
      { minDaysSinceLastPurchase: 10, maxDaysSinceLastPurchase: 400, hasOpenComplaint: false },
      { hasOpenComplaint: true },
    ];
    for (const conditions of sets) {
      const expected = facts.filter((f) => conditionsHold(conditions as never, f.facts)).length;
      expect((await match({ conditions })).count, JSON.stringify(conditions)).toBe(expected);
    }
    // The sets are not all trivially empty or full.
    const counts = sets.map((c) => facts.filter((f) => conditionsHold(c as never, f.facts)).length);
    expect(counts.some((n) => n > 0 && n < facts.length)).toBe(true);
  });

  it('the CSV has the JSON figures, with a BOM and a header row', async () => {
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const json = (await api('GET', `/marketing/conversion?from=${from}`, mkt)).json() as ConversionReport;
    const csv = await api('GET', `/marketing/conversion.csv?from=${from}&of=rules`, mkt);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFFruleId,name,active,offered,accepted,declined,conversionRate')).toBe(
      true,
    );
    const lines = csv.body.slice(1).trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(json.rules.length);
    for (const [i, r] of json.rules.entries()) {
      const cells = lines[i]!.split(',');
      expect(cells[0]).toBe(r.ruleId);
      expect(cells.slice(-5)).toEqual(
        [r.active, r.offered, r.accepted, r.declined, r.conversionRate ?? ''].map(String),
      );
    }
    const scripts = await api('GET', `/marketing/conversion.csv?from=${from}&of=scripts`, mkt);
    const scriptLines = scripts.body.slice(1).trim().split('\r\n');
    expect(scriptLines[0]).toBe(
      'key,version,title,calls,completed,completionRate,offersMade,offersAccepted,conversionRate',
    );
    expect(scriptLines.length - 1).toBe(json.scripts.length);
  });

  it('agents cannot write rules or experiments; marketing cannot monitor calls or change users', async () => {
    const rule = (await api('GET', '/cross-sell-rules', mkt)).json() as RuleView[];
    const writes: [string, string, object][] = [
      ['POST', '/cross-sell-rules', { name: 'x', conditions: {}, offerSku: 'KF-CLOUD-1Y', pitch: 'x' }],
      ['PATCH', `/cross-sell-rules/${rule[0]!.id}`, { priority: 1 }],
      ['POST', '/cross-sell-rules/match', { conditions: {} }],
      ['POST', '/experiments', { name: 'x', kind: 'offer', variantA: 'a', variantB: 'b', shareA: 50 }],
      ['PATCH', '/experiments/e1', { name: 'y' }],
      ['POST', '/experiments/e1/start', {}],
      ['POST', '/experiments/e1/stop', {}],
    ];
    for (const [method, url, payload] of writes)
      expect((await api(method as 'POST', url, agent, payload)).statusCode, `${method} ${url}`).toBe(403);
    for (const [method, url, payload] of [
      ['POST', '/calls/some-call/monitor', { mode: 'listen' }],
      ['POST', '/admin/users', { username: 'x', displayName: 'x', roles: ['agent'] }],
      ['PATCH', '/admin/users/u1', { displayName: 'y' }],
    ] as const)
      expect((await api(method, url, mkt, payload)).statusCode, `${method} ${url}`).toBe(403);
  });
});
