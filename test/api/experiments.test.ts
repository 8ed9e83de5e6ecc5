import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type {
  ConversionReport,
  ExperimentResults,
  ExperimentView,
  RuleView,
} from '@kefu/cti-server/contract';
import { assignVariant } from '@kefu/cti-server/services/marketing/experiment-assignment';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

/** The pooled two-proportion z, computed here independently of the server's module. */
function oracleZ(x1: number, n1: number, x2: number, n2: number): number | null {
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return se === 0 ? null : (x1 / n1 - x2 / n2) / se;
}

describe.each(PROVIDERS)('A/B experiments on %s', (provider) => {
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
  const ok = async <T>(res: ReturnType<typeof api>, status = 200): Promise<T> => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as T;
  };
  const newRule = async (name: string, offerSku: string) =>
    ok<RuleView>(
      api('POST', '/cross-sell-rules', mkt, {
        name,
        conditions: {},
        offerSku,
        pitch: name,
        suppressOnOpenComplaint: false,
      }),
      201,
    );

  it('a 50/50 offer split over 200 calls lands within the binomial bounds; results equal the stored rows', async () => {
    const ruleA = await newRule('A/B: cloud backup', 'KF-CLOUD-1Y');
    const ruleB = await newRule('A/B: NAS', 'KF-NAS-4');
    const exp = await ok<ExperimentView>(
      api('POST', '/experiments', mkt, {
        name: 'Cloud or NAS',
        kind: 'offer',
        variantA: ruleA.id,
        variantB: ruleB.id,
        shareA: 50,
      }),
      201,
    );
    expect(exp.status).toBe('draft');
    expect((await ok<ExperimentView>(api('POST', `/experiments/${exp.id}/start`, mkt))).status).toBe(
      'running',
    );
    // Another experiment on a rule already being tested cannot start.
    const other = await newRule('A/B: care plus', 'KF-CARE-PLUS');
    const rival = await ok<ExperimentView>(
      api('POST', '/experiments', mkt, {
        name: 'rival',
        kind: 'offer',
        variantA: other.id,
        variantB: ruleB.id,
        shareA: 50,
      }),
      201,
    );
    expect((await api('POST', `/experiments/${rival.id}/start`, mkt)).statusCode).toBe(409);
    expect((await api('PATCH', `/experiments/${exp.id}`, mkt, { shareA: 70 })).statusCode).toBe(409);

    const customerId = 'cus_0000005';
    const n = 200;
    const shown = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      const callId = `ab-offer-${i}`;
      await tdb.db.interaction.create({ data: { callId, customerId } });
      const offers = await ok<{ ruleId: string }[]>(
        api('GET', `/customers/${customerId}/offers?callId=${callId}`, agent),
      );
      const tested = offers.map((o) => o.ruleId).filter((id) => id === ruleA.id || id === ruleB.id);
      expect(tested).toHaveLength(1);
      shown.set(callId, tested[0]!);
    }
    // Asking again for a call gives the same variant and no second assignment.
    const again = await ok<{ ruleId: string }[]>(
      api('GET', `/customers/${customerId}/offers?callId=ab-offer-0`, agent),
    );
    expect(again.map((o) => o.ruleId)).toContain(shown.get('ab-offer-0'));
    const assignments = await tdb.db.experimentAssignment.findMany({
      where: { experimentId: exp.id },
      select: { variant: true, interaction: { select: { id: true, callId: true } } },
    });
    expect(assignments).toHaveLength(n);
    for (const a of assignments)
      expect(shown.get(a.interaction.callId)).toBe(a.variant === 'A' ? ruleA.id : ruleB.id);
    const countA = assignments.filter((a) => a.variant === 'A').length;
    // Binomial(200, 0.5): mean 100, sd √50 ≈ 7.07; ±3 sd.
    expect(countA).toBeGreaterThanOrEqual(79);
    expect(countA).toBeLessThanOrEqual(121);

    // The agent offers what was shown; A's calls accept more often than B's.
    for (const [i, a] of assignments.entries()) {
      const ruleId = a.variant === 'A' ? ruleA.id : ruleB.id;
      const outcome = i % (a.variant === 'A' ? 2 : 4) === 0 ? 'accepted' : 'declined';
      for (const o of ['offered', outcome])
        await ok(
          api('POST', `/customers/${customerId}/offers/${ruleId}`, agent, {
            outcome: o,
            callId: a.interaction.callId,
          }),
          201,
        );
    }

    const results = await ok<ExperimentResults>(api('GET', `/experiments/${exp.id}/results`, mkt));
    const offers = await tdb.db.crossSellOffer.findMany({
      where: { ruleId: { in: [ruleA.id, ruleB.id] } },
      select: { interactionId: true, ruleId: true, outcome: true },
    });
    const oracle = (['A', 'B'] as const).map((variant) => {
      const ruleId = variant === 'A' ? ruleA.id : ruleB.id;
      const calls = new Set(assignments.filter((a) => a.variant === variant).map((a) => a.interaction.id));
      const mine = offers.filter((o) => o.ruleId === ruleId && calls.has(o.interactionId!));
      const accepted = new Set(mine.filter((o) => o.outcome === 'accepted').map((o) => o.interactionId));
      return {
        variant,
        calls: calls.size,
        offersMade: new Set(mine.map((o) => o.interactionId)).size,
        offersAccepted: accepted.size,
        conversionRate: accepted.size / calls.size,
      };
    });
    expect(results.variants).toMatchObject(oracle);
    expect(results.variants.map((v) => v.label)).toEqual([ruleA.name, ruleB.name]);
    const [a, b] = oracle as [(typeof oracle)[0], (typeof oracle)[0]];
    const conversion = results.tests.find((t) => t.metric === 'conversion')!;
    expect(conversion.test).toBe('two-proportion z-test, two-sided, pooled');
    expect(conversion.z).toBeCloseTo(oracleZ(a.offersAccepted, a.calls, b.offersAccepted, b.calls)!, 9);
    expect(conversion.enoughData).toBe(true);
    expect(conversion.significant).toBe(conversion.pValue! < 0.05);
    expect(results.tests.map((t) => t.metric)).toEqual(['conversion']);

    expect((await ok<ExperimentView>(api('POST', `/experiments/${exp.id}/stop`, mkt))).status).toBe(
      'stopped',
    );
    expect((await api('POST', `/experiments/${exp.id}/stop`, mkt)).statusCode).toBe(409);
    // Stopped: the call gets both offers again.
    const after = await ok<{ ruleId: string }[]>(api('GET', `/customers/cus_0000006/offers`, agent));
    expect(after.map((o) => o.ruleId)).toEqual(expect.arrayContaining([ruleA.id, ruleB.id]));
    const audit = await tdb.db.auditEntry.findMany({ where: { entity: 'experiment', entityId: exp.id } });
    expect(audit.map((e) => e.action).sort()).toEqual([
      'experiment.create',
      'experiment.start',
      'experiment.stop',
    ]);
  });

  it("a script experiment's results: assignments, completion from the stored answers, conversion", async () => {
    const content = (farewell: string) => ({
      start: 'q',
      nodes: {
        q: {
          text: '需要帮助吗？',
          answers: [
            { label: '是', next: 'end' },
            { label: '否', next: null },
          ],
        },
        end: { text: farewell, answers: [{ label: '再见', next: null }] },
      },
      objections: [],
      tips: {},
    });
    for (const version of [1, 2, 3])
      await tdb.db.callScript.create({
        data: {
          key: 'ab-script',
          version,
          title: `A/B v${version}`,
          content: content(`v${version}`),
          status: version === 3 ? 'draft' : 'published',
          publishedAt: version === 3 ? null : new Date(),
        },
      });
    const body = {
      name: 'farewell test',
      kind: 'script',
      scriptKey: 'ab-script',
      variantA: '1',
      variantB: '2',
      shareA: 30,
    };
    expect((await api('POST', '/experiments', mkt, { ...body, variantB: '3' })).statusCode).toBe(400);
    expect((await api('POST', '/experiments', agent, body)).statusCode).toBe(403);
    const exp = await ok<ExperimentView>(api('POST', '/experiments', mkt, body), 201);
    await ok(api('POST', `/experiments/${exp.id}/start`, mkt));
    const rule = (await ok<RuleView[]>(api('GET', '/cross-sell-rules', mkt)))[0]!;

    const endings: { answers: { nodeId: string; answer: string }[]; completed: boolean }[] = [
      { answers: [{ nodeId: 'q', answer: '否' }], completed: true },
      { answers: [{ nodeId: 'q', answer: '是' }], completed: false },
      {
        answers: [
          { nodeId: 'q', answer: '是' },
          { nodeId: 'end', answer: '再见' },
        ],
        completed: true,
      },
      { answers: [], completed: false },
    ];
    const oracle = {
      A: { calls: 0, completed: 0, converted: 0 },
      B: { calls: 0, completed: 0, converted: 0 },
    };
    for (let i = 0; i < 80; i++) {
      const callId = `ab-script-${i}`;
      const call = await tdb.db.interaction.create({ data: { callId, customerId: 'cus_0000007' } });
      const variant = await assignVariant(tdb.db, exp, { interactionId: call.id, callId });
      const version = variant === 'A' ? 1 : 2;
      const ending = endings[i % endings.length]!;
      await tdb.db.interaction.update({
        where: { id: call.id },
        data: {
          scriptKey: 'ab-script',
          scriptVersion: version,
          scriptAnswers: {
            scriptKey: 'ab-script',
            version,
            answers: ending.answers.map((a) => ({ ...a, at: new Date().toISOString() })),
          },
        },
      });
      const converted = i % 3 === 0;
      if (converted)
        await tdb.db.crossSellOffer.create({
          data: { ruleId: rule.id, customerId: 'cus_0000007', interactionId: call.id, outcome: 'accepted' },
        });
      const o = oracle[variant];
      o.calls++;
      if (ending.completed) o.completed++;
      if (converted) o.converted++;
    }
    const results = await ok<ExperimentResults>(api('GET', `/experiments/${exp.id}/results`, mkt));
    const stored = await tdb.db.experimentAssignment.groupBy({
      by: ['variant'],
      where: { experimentId: exp.id },
      _count: { _all: true },
    });
    for (const v of results.variants) {
      const o = oracle[v.variant];
      expect(stored.find((s) => s.variant === v.variant)?._count._all).toBe(o.calls);
      expect(v).toMatchObject({
        label: `v${v.variant === 'A' ? 1 : 2}`,
        calls: o.calls,
        completed: o.completed,
        completionRate: o.completed / o.calls,
        offersMade: o.converted,
        offersAccepted: o.converted,
        conversionRate: o.converted / o.calls,
      });
    }
    // The conversion dashboard counts the same calls per pinned version.
    const report = await ok<ConversionReport>(api('GET', '/marketing/conversion', mkt));
    for (const [variant, version] of [
      ['A', 1],
      ['B', 2],
    ] as const)
      expect(report.scripts.find((s) => s.key === 'ab-script' && s.version === version)).toMatchObject({
        calls: oracle[variant].calls,
        completed: oracle[variant].completed,
        offersAccepted: oracle[variant].converted,
        conversionRate: oracle[variant].converted / oracle[variant].calls,
      });
    const completion = results.tests.find((t) => t.metric === 'completion')!;
    expect(completion.z).toBeCloseTo(
      oracleZ(oracle.A.completed, oracle.A.calls, oracle.B.completed, oracle.B.calls)!,
      9,
    );
    expect(results.tests.map((t) => t.metric)).toEqual(['conversion', 'completion']);
  });
});
