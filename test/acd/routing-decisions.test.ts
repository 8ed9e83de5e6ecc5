import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';
import { eventually } from '../support/cti-stack.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

interface StoredDecision {
  at: string;
  agentId: string | null;
  extension: string | null;
  trigger: string;
  strategy: string;
  relaxationStep: number;
  qualified: number;
  ranked: Array<{
    extension: string | null;
    skills: Record<string, number>;
    occupancy: number;
    idleMs: number;
    rank: number;
  }>;
  why: string;
}

/** Every routing decision lands on the call's Interaction.routing and shows in the API. */
describe.each(PROVIDERS)('routing decisions stored on the interaction (%s)', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let sup: Login;
  let salesId: string;

  const ready = async (ext: string) => {
    const who = await loginAs(app, ext);
    const res = await app.inject({
      method: 'PUT',
      url: `/api/agents/${ext}/state`,
      headers: who.headers,
      payload: { state: 'ready' },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const openRow = (callId: string) =>
    tdb.db.interaction.create({ data: { callId, queueId: salesId, ani: '+8613900000001' } });
  const routingOf = async (id: string) => {
    const res = await app.inject({ url: `/api/interactions/${id}`, headers: sup.headers });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { routing: StoredDecision[] | null }).routing;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 10);
    app = await buildTestApp(tdb.db);
    sup = await loginAs(app, 'sup1');
    salesId = (await tdb.db.queue.findUniqueOrThrow({ where: { name: 'sales' } })).id;
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('appends one decision per offer: the first offer, then the re-offer after a reject', async () => {
    const row = await openRow('rd-1');
    const first = app.agentDirectory.agentByExtension('1002')!;
    const second = app.agentDirectory.agentByExtension('1003')!;
    await ready('1002');
    app.acd.enqueue({ callId: 'rd-1', queueId: salesId });
    expect(app.acd.callAgent('rd-1')).toBe(first.id);

    await ready('1003');
    expect(app.acd.reject('rd-1')).toBe(true);
    expect(app.acd.callAgent('rd-1')).toBe(second.id);
    expect(app.acd.answer('rd-1')).toBe(true);

    const routing = await routingOf(row.id);
    expect(routing).toHaveLength(2);
    const [offer, reoffer] = routing!;
    expect(offer).toMatchObject({
      agentId: first.id,
      extension: '1002',
      trigger: 'call_arrived',
      strategy: 'least_busy',
      relaxationStep: -1,
      qualified: 1,
    });
    expect(offer!.ranked[0]).toMatchObject({ extension: '1002', rank: 1, skills: { sales: 4 } });
    expect(offer!.ranked[0]!.occupancy).toBeTypeOf('number');
    expect(offer!.ranked[0]!.idleMs).toBeGreaterThanOrEqual(0);
    expect(offer!.why).not.toBe('');
    // 1003 became ready while 1002 was ringing: the re-offer is 1003 taking the call at the head.
    expect(reoffer).toMatchObject({ agentId: second.id, extension: '1003' });
    expect(Date.parse(reoffer!.at)).toBeGreaterThanOrEqual(Date.parse(offer!.at));
    app.acd.finish('rd-1');
  });

  it('stores a "no agent" decision, and still stores decisions made before the row existed', async () => {
    // Everyone in sales is busy or not ready: the call waits and the decision says why.
    app.acd.enqueue({ callId: 'rd-2', queueId: salesId });
    expect(app.acd.callPhase('rd-2')).toBe('waiting');
    await app.acdRoutingLog.flush();
    // No row yet (call control lost the race): nothing stored, nothing lost.
    expect(app.acdRoutingLog.pending('rd-2')).toHaveLength(1);

    const row = await openRow('rd-2');
    const stored = await eventually(async () => {
      const r = await tdb.db.interaction.findUnique({ where: { id: row.id } });
      return r?.routing as StoredDecision[] | null;
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ agentId: null, extension: null, ranked: [] });
    expect(stored[0]!.why).toMatch(/no offerable agent/);
    app.acd.abandon('rd-2');
  });
});
