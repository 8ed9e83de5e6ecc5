import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { SimulatedClock } from '@kefu/cti-server/clock/index';
import type { AgentMetricsView, QueueMetricsView } from '@kefu/cti-server/services/routing/acd-events';
import type { MetricsSnapshotView } from '@kefu/cti-server/services/routing/acd-views';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { loginAs } from '../support/api-app.js';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

/** Supervisors see queue and agent figures change as calls come, wait, get answered or give up. */
describe('live ACD metrics over socket.io', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let socket: Socket;
  let salesId: string;
  let sup: Awaited<ReturnType<typeof loginAs>>;
  const clock = new SimulatedClock(T0);
  const received: Array<{ event: string; payload: unknown }> = [];

  /** The last `queue.metrics` for sales once it matches `expected`. */
  const salesMetrics = (expected: Partial<QueueMetricsView>) =>
    vi.waitFor(() => {
      const last = received
        .filter((r) => r.event === 'queue.metrics')
        .map((r) => r.payload as QueueMetricsView)
        .filter((m) => m.queue === 'sales')
        .at(-1);
      expect(last).toMatchObject(expected);
      return last!;
    });
  const agentMetrics = (extension: string, expected: Partial<AgentMetricsView>) =>
    vi.waitFor(() => {
      const last = received
        .filter((r) => r.event === 'agent.metrics')
        .map((r) => r.payload as AgentMetricsView)
        .filter((m) => m.extension === extension)
        .at(-1);
      expect(last).toMatchObject(expected);
      return last!;
    });

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite', 10);
    salesId = (await tdb.db.queue.findUniqueOrThrow({ where: { name: 'sales' } })).id;
    const config = loadConfig({
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-data-')),
      TOKEN_SECRET: 't',
    });
    app = await buildApp({ config, db: tdb.db, logger: false, clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    sup = await loginAs(app, 'sup1');
    socket = connect(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, {
      path: '/socket.io',
      auth: { token: sup.headers.authorization.slice('Bearer '.length) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.close();
    await app?.close();
    await tdb?.drop();
  });

  it('sends a snapshot of every queue and agent when a supervisor connects', async () => {
    const snapshot = await vi.waitFor(() => {
      const s = received.find((r) => r.event === 'metrics.snapshot');
      expect(s).toBeDefined();
      return s!.payload as MetricsSnapshotView;
    });
    expect(snapshot.queues.map((q) => q.queue)).toEqual(['complaints', 'sales', 'service']);
    expect(snapshot.queues[1]).toMatchObject({ waiting: 0, serviceLevelSeconds: 20, serviceLevel: null });
    // The 20 demo agents and sup1's phone (1090).
    expect(snapshot.agents).toHaveLength(21);
    expect(snapshot.agents[0]).toMatchObject({ extension: '1001', state: 'logged_out' });
  });

  it('follows waiting, longest wait, service level, ASA, abandon rate and agents by state', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: '/api/agents/1002/state',
      headers: sup.headers,
      payload: { state: 'ready' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await salesMetrics({ agentsByState: expect.objectContaining({ ready: 1 }) as never });
    await agentMetrics('1002', { state: 'ready', reason: 'login', timeInStateMs: 0 });

    // c1 is offered to 1002 and answered after 5 s: in service level, ASA 5 s.
    app.acd.enqueue({ callId: 'm-1', queueId: salesId });
    await agentMetrics('1002', { state: 'reserved' });
    clock.advanceTo(T0 + 5_000);
    app.acd.answer('m-1');
    await salesMetrics({ answered: 1, asaMs: 5_000, serviceLevel: 1, waiting: 0 });
    await agentMetrics('1002', { state: 'on_call', timeInStateMs: 0 });

    // 1002 is busy: c2 waits 7 s before c3 arrives, then c2 gives up after 25 s.
    app.acd.enqueue({ callId: 'm-2', queueId: salesId });
    clock.advanceTo(T0 + 12_000);
    app.acd.enqueue({ callId: 'm-3', queueId: salesId });
    await salesMetrics({ waiting: 2, longestWaitMs: 7_000 });
    clock.advanceTo(T0 + 30_000);
    app.acd.abandon('m-2');
    // Abandoned after the 20 s threshold: out of service level (1 of 2), abandon rate 1 of 2.
    await salesMetrics({
      waiting: 1,
      longestWaitMs: 18_000,
      abandoned: 1,
      serviceLevel: 0.5,
      abandonRate: 0.5,
    });

    const snapshot = (
      await app.inject({ url: '/api/queues/metrics', headers: sup.headers })
    ).json() as MetricsSnapshotView;
    expect(snapshot.queues.find((q) => q.queue === 'sales')).toMatchObject({
      waiting: 1,
      entered: 3,
      answered: 1,
      abandoned: 1,
      asaMs: 5_000,
      agentsByState: expect.objectContaining({ on_call: 1 }) as never,
    });
    // On the call since 5 s: 25 s in state.
    expect(snapshot.agents.find((a) => a.extension === '1002')).toMatchObject({
      state: 'on_call',
      timeInStateMs: 25_000,
    });
    app.acd.abandon('m-3');
    app.acd.finish('m-1');
    await agentMetrics('1002', { state: 'wrap_up' });
  });

  it('serves the snapshot to console users (agents, supervisors), not to marketing', async () => {
    const agent = await loginAs(app, '1003');
    const res = await app.inject({ url: '/api/queues/metrics', headers: agent.headers });
    expect(res.statusCode).toBe(200);
    const mkt = await loginAs(app, 'mkt1');
    expect((await app.inject({ url: '/api/queues/metrics', headers: mkt.headers })).statusCode).toBe(403);
  });
});
