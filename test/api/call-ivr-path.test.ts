import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createCallStore } from '@kefu/cti-server/services/call-path/call-store';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

const PATH = [
  { step: 'identify', type: 'lookup', enteredAt: 1000, leftAt: 1004, keys: '', retries: 0, result: 'found' },
  { step: 'welcome', type: 'play', enteredAt: 1004, leftAt: 2500, keys: '', retries: 0, result: 'played' },
  {
    step: 'main_menu',
    type: 'menu',
    enteredAt: 2500,
    leftAt: 4100,
    keys: '2',
    retries: 0,
    result: 'choice:2',
  },
];

describe.each(PROVIDERS)('IVR path of a call for the console on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let a1012: Login;
  let a1002: Login;
  let sup: Login;
  let mkt: Login;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
    [a1012, a1002, sup, mkt] = await Promise.all([
      loginAs(app, '1012'),
      loginAs(app, '1002'),
      loginAs(app, 'sup1'),
      loginAs(app, 'mkt1'),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const get = (callId: string, who: Login) =>
    app.inject({ url: `/api/interactions/${callId}/ivr-path`, headers: who.headers });

  it('serves the path written behind the call at once, to the agent it is offered to while it rings', async () => {
    const service = app.agentDirectory.queueByName('service')!;
    // The call path's own store: the row and the IVR result go through the write queue, which
    // stores them a few ms later; the console asks right after the offer.
    const store = createCallStore(tdb.db, (err) => {
      throw err;
    });
    await store.open({
      callId: 'ivr-live-1',
      sipCallId: 'sip-ivr-live-1',
      ani: '+8613900000301',
      dnis: '4008001000',
      lineId: null,
      queueId: null,
      customerId: null,
      trunkName: 'demo',
    });
    store.ivrDone('ivr-live-1', {
      flowId: 'sales-hotline',
      outcome: { kind: 'queue', queue: 'service', skills: ['service'] },
      path: PATH as never,
    });
    store.queued('ivr-live-1', service.id);
    const ready = await app.inject({
      method: 'PUT',
      url: '/api/agents/1012/state',
      headers: a1012.headers,
      payload: { state: 'ready' },
    });
    expect(ready.statusCode, ready.body).toBe(200);
    app.acd.enqueue({ callId: 'ivr-live-1', queueId: service.id });
    expect(app.acd.callAgent('ivr-live-1')).toBe(a1012.user.agentId);

    // Not answered: the row does not name 1012 yet, the ACD does.
    const res = await get('ivr-live-1', a1012);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      callId: 'ivr-live-1',
      path: PATH,
      flowId: 'sales-hotline',
      outcome: { kind: 'queue', queue: 'service', skills: ['service'] },
    });
    expect((await get('ivr-live-1', a1002)).statusCode).toBe(403);
    expect((await get('ivr-live-1', sup)).statusCode).toBe(200);
    expect((await get('ivr-live-1', mkt)).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/interactions/ivr-live-1/ivr-path' })).statusCode).toBe(401);

    // After the call the agent who answered still reads it (from the row).
    expect(app.acd.answer('ivr-live-1')).toBe(true);
    store.answered('ivr-live-1', a1012.user.agentId!, new Date());
    expect(app.acd.finish('ivr-live-1')).toBe(true);
    await store.settled();
    expect((await get('ivr-live-1', a1012)).json().path).toEqual(PATH);
  });

  it('says null for a call without an IVR and 404 for an unknown call', async () => {
    await tdb.db.interaction.create({ data: { callId: 'no-ivr-1', agentId: a1002.user.agentId } });
    const res = await get('no-ivr-1', a1002);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ callId: 'no-ivr-1', path: null, flowId: null, outcome: null });
    expect((await get('nope-1', sup)).statusCode).toBe(404);
    expect((await get('bad id!', sup)).statusCode).toBe(400);
  });
});
