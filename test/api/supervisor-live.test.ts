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
import type { SupervisorAlert, SupervisorBoard, WallboardCall } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

/**
 * Live calls and alerts without SIP, on a simulated clock: the ACD's calls are listed and a long
 * wait raises an alert; the seed's stuck customers are alerts for the supervisors and their
 * owners, re-read every 10 minutes.
 */
describe.each(PROVIDERS)('live calls and alerts without SIP on %s', (provider) => {
  const clock = new SimulatedClock(Date.now());
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  const sockets: Socket[] = [];
  const received = new Map<Socket, Array<[string, unknown]>>();

  const open = (who: Login) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, {
        path: '/socket.io',
        auth: { token: who.headers.authorization.slice('Bearer '.length) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      received.set(socket, []);
      socket.onAny((event: string, payload: unknown) => received.get(socket)!.push([event, payload]));
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  const events = <T>(socket: Socket, event: string) =>
    received
      .get(socket)!
      .filter(([e]) => e === event)
      .map(([, p]) => p as T);

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    const config = loadConfig({
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-data-')),
      TOKEN_SECRET: 'test-secret',
    });
    app = await buildApp({ config, db: tdb.db, logger: false, clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await tdb?.drop();
  });

  it('lists a waiting ACD call, raises a long wait past the threshold and clears it when the caller hangs up', async () => {
    const sup = await loginAs(app, 'sup1');
    const socket = await open(sup);
    const sales = app.agentDirectory.queueByName('sales')!;
    app.acd.enqueue({ callId: 'live-c1', queueId: sales.id });
    expect(app.liveCalls.list()).toEqual([
      expect.objectContaining({
        callId: 'live-c1',
        phase: 'waiting',
        queueId: sales.id,
        queue: sales.displayName,
      }),
    ]);
    await vi.waitFor(() =>
      expect(events<WallboardCall>(socket, 'supervisor.call').map((c) => c.callId)).toContain('live-c1'),
    );
    const res = await app.inject({ url: '/api/supervisor/board', headers: sup.headers });
    expect((res.json() as SupervisorBoard).calls.map((c) => c.callId)).toEqual(['live-c1']);

    // The default threshold is 60 s: nothing at 60, raised at 61.
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(app.supervisorAlerts.list().filter((a) => a.kind === 'long_wait')).toEqual([]);
    clock.advance(1_000);
    await vi.waitFor(() =>
      expect(
        events<SupervisorAlert>(socket, 'supervisor.alert').filter((a) => a.kind === 'long_wait'),
      ).toEqual([expect.objectContaining({ id: 'long_wait:live-c1', callId: 'live-c1', queueId: sales.id })]),
    );
    clock.advance(2_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(
      events<SupervisorAlert>(socket, 'supervisor.alert').filter((a) => a.kind === 'long_wait'),
    ).toHaveLength(1);

    expect(app.acd.abandon('live-c1')).toBe(true);
    await vi.waitFor(() => {
      expect(events<{ callId: string }>(socket, 'supervisor.call.gone')).toEqual([{ callId: 'live-c1' }]);
      expect(events<{ id: string }>(socket, 'supervisor.alert.cleared')).toContainEqual({
        id: 'long_wait:live-c1',
      });
    });
    expect(app.liveCalls.list()).toEqual([]);
  });

  it('raises stuck customers for supervisors and tells each owner; clears and raises them again on the re-read', async () => {
    const sup = await loginAs(app, 'sup1');
    const owner = await loginAs(app, '1005');
    const stuck = () => app.supervisorAlerts.list().filter((a) => a.kind === 'stuck_customer');
    await vi.waitFor(() => expect(stuck().length).toBeGreaterThan(0));
    const mine = stuck().filter((a) => a.ownerUserId === owner.user.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ id: `stuck_customer:${mine[0]!.customerId}`, level: 'warning' });
    expect(mine[0]!.values).toMatchObject({ customer: expect.any(String), days: expect.any(Number) });
    const res = await app.inject({ url: '/api/supervisor/board', headers: sup.headers });
    expect((res.json() as SupervisorBoard).alerts.map((a) => a.id)).toEqual(
      expect.arrayContaining(mine.map((a) => a.id)),
    );

    const supSocket = await open(sup);
    const ownerSocket = await open(owner);
    // An owner's console opening later is told of them at once.
    const ids = mine.map((a) => a.id).sort();
    const ownerAlerts = () => events<SupervisorAlert>(ownerSocket, 'supervisor.alert').map((a) => a.id);
    await vi.waitFor(() => expect(ownerAlerts().sort()).toEqual(ids));
    // No stage is "stuck" any more: cleared at the next read (10 minutes later).
    const setting = await tdb.db.setting.findUniqueOrThrow({ where: { key: 'lifecycle.stuckDays' } });
    await tdb.db.setting.delete({ where: { key: 'lifecycle.stuckDays' } });
    clock.advance(10 * 60_000);
    await vi.waitFor(() => expect(stuck()).toEqual([]));
    // The socket tells the supervisor a moment after the list changed on the server.
    await vi.waitFor(
      () =>
        expect(events<{ id: string }>(supSocket, 'supervisor.alert.cleared').map((c) => c.id)).toEqual(
          expect.arrayContaining(mine.map((a) => a.id)),
        ),
      { timeout: 5_000 },
    );

    await tdb.db.setting.create({ data: { key: setting.key, value: setting.value as object } });
    clock.advance(10 * 60_000);
    await vi.waitFor(() => expect(ownerAlerts().slice(ids.length).sort()).toEqual(ids));
    // The owner hears only of their own customers; supervisors of all of them.
    await vi.waitFor(
      () =>
        expect(
          events<SupervisorAlert>(supSocket, 'supervisor.alert').filter((a) => a.kind === 'stuck_customer')
            .length,
        ).toBe(stuck().length),
      { timeout: 5_000 },
    );
  });
});
