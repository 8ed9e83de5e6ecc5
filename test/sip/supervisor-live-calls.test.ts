import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { SupervisorAlert, SupervisorBoard, WallboardCall } from '@kefu/cti-server/contract';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

/**
 * A SIPp caller (the seed's VIP customer) presses 2 in the sales hotline's IVR and waits in the service queue, where no
 * agent is logged in, then hangs up. The supervisor sees the call in the IVR, then waiting with
 * its IVR path, on the board and over their socket; a long-wait alert (2 s here) is raised while
 * it waits and cleared once it is gone.
 */
describe('live calls and alerts for supervisors', () => {
  let stack: CtiStack;
  let socket: Socket;
  const received: Array<[string, unknown]> = [];

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.line.update({ where: { dnis: '4008001000' }, data: { businessHours: ALL_DAY, holidays: [] } });
      await db.setting.upsert({
        where: { key: 'supervision' },
        create: { key: 'supervision', value: { alerts: { longWaitSeconds: 2 } } },
        update: { value: { alerts: { longWaitSeconds: 2 } } },
      });
    });
    const headers = await stack.headers('sup1');
    socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(stack.httpUrl, {
        path: '/socket.io',
        auth: { token: headers.authorization.slice('Bearer '.length) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      s.onAny((event: string, payload: unknown) => received.push([event, payload]));
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.close();
    await stack?.close();
  });

  const pushed = <T>(event: string) => received.filter(([e]) => e === event).map(([, p]) => p as T);

  it('shows the call in the IVR, then waiting with its path; raises and clears a long-wait alert', async () => {
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-ivr-press-2.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008001000',
      vars: { ani: '13800138000' },
      timeoutSeconds: 30,
    });
    const inIvr = await eventually(async () => stack.app.liveCalls.list().find((c) => c.phase === 'ivr'));
    expect(inIvr).toMatchObject({ ani: '+8613800138000', dnis: '4008001000', queueId: null, agentId: null });
    expect(inIvr.line).toBeTruthy();
    const callId = inIvr.callId;

    const waiting = await eventually(async () =>
      stack.app.liveCalls.list().find((c) => c.callId === callId && c.phase === 'waiting'),
    );
    expect(waiting.queue).toBeTruthy();
    expect(waiting.queuedAt).not.toBeNull();
    expect(waiting.ivrPath.length).toBeGreaterThan(0);
    expect(waiting.startedAt).toBe(inIvr.startedAt);
    // The caller is the seed's VIP customer: named from the lookup call control made.
    const customer = await stack.tdb.db.customer.findFirstOrThrow({
      where: { phones: { some: { e164: '+8613800138000' } } },
    });
    expect(waiting).toMatchObject({ customerId: customer.id, customerName: customer.name });

    const res = await stack.app.inject({
      url: '/api/supervisor/board',
      headers: await stack.headers('sup1'),
    });
    expect(res.statusCode).toBe(200);
    const board = res.json() as SupervisorBoard;
    expect(board.calls.find((c) => c.callId === callId)).toMatchObject({
      phase: 'waiting',
      ivrPath: waiting.ivrPath,
    });

    const alert = await eventually(async () =>
      pushed<SupervisorAlert>('supervisor.alert').find((a) => a.id === `long_wait:${callId}`),
    );
    expect(alert).toMatchObject({ kind: 'long_wait', callId, values: { thresholdSeconds: 2 } });
    expect(alert.values.waitedMs).toBeGreaterThan(2000);
    expect(stack.app.supervisorAlerts.list().map((a) => a.id)).toContain(`long_wait:${callId}`);

    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);
    await eventually(async () =>
      pushed<{ callId: string }>('supervisor.call.gone').some((g) => g.callId === callId) ? true : undefined,
    );
    await eventually(async () =>
      pushed<{ id: string }>('supervisor.alert.cleared').some((g) => g.id === `long_wait:${callId}`)
        ? true
        : undefined,
    );
    expect(stack.app.liveCalls.list()).toEqual([]);
    const phases = pushed<WallboardCall>('supervisor.call')
      .filter((p) => p.callId === callId)
      .map((p) => p.phase);
    expect(phases[0]).toBe('ivr');
    expect(phases).toContain('waiting');
  }, 40_000);
});
