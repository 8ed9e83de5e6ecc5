import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedMediaPlane } from '@kefu/cti-server/rtp/embedded-media-plane';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from './agent-phone.js';

/**
 * A supervisor listens in on a live call and switches to whisper: SIPp carrier talking
 * (g711a.pcap), SIPp agent phone echoing, and a third SIPp phone as the supervisor's. The
 * server calls the supervisor's phone and mixes the call's audio to it on the media plane.
 */
describe('supervisor listen-in and whisper', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    // Plane on the main thread: the test reads the supervisor leg's packet counter from it.
    stack = await startCtiStack('sqlite', { MEDIA_THREAD: 'main' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('rings the supervisor phone into the call, sends it the call audio, and hangs it up with the call', async () => {
    const agent = await startAgentPhone(stack, '1003', 'answer', { rtpEcho: true, timeoutSeconds: 40 });
    // The supervisor's phone: registered, never offered ACD calls (not ready).
    const supervisorPhone = await startAgentPhone(stack, '1016', 'answer', {
      ready: false,
      timeoutSeconds: 40,
    });
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-audio.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000301' },
      timeoutSeconds: 40,
    });
    const sup = await stack.headers('sup1');
    const live = await eventually(async () => {
      const res = await stack.app.inject({ method: 'GET', url: '/api/calls', headers: sup });
      const calls = res.json() as {
        active: Array<{ callId: string; phase: string; extension: string | null }>;
      };
      return calls.active.find((c) => c.phase === 'connected' && c.extension === '1003');
    });

    const agentToken = await stack.headers('1003');
    const forbidden = await stack.app.inject({
      method: 'POST',
      url: `/api/calls/${live.callId}/monitor`,
      headers: agentToken,
      payload: { mode: 'listen', extension: '1016' },
    });
    expect(forbidden.statusCode).toBe(403);

    const started = await stack.app.inject({
      method: 'POST',
      url: `/api/calls/${live.callId}/monitor`,
      headers: sup,
      payload: { mode: 'listen', extension: '1016' },
    });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ callId: live.callId, monitor: 'listen' });

    // The plane sends the mixed call audio to the supervisor's leg.
    const plane = stack.app.media as EmbeddedMediaPlane;
    await eventually(async () => plane.session(live.callId).getLeg('monitor-1016').stats.txPackets > 50);

    const whisper = await stack.app.inject({
      method: 'PATCH',
      url: `/api/calls/${live.callId}/monitor`,
      headers: sup,
      payload: { mode: 'whisper' },
    });
    expect(whisper.statusCode, whisper.body).toBe(200);
    expect(whisper.json()).toMatchObject({ monitor: 'whisper' });

    // The caller hangs up: the agent and the supervisor both get BYE.
    const [c] = await Promise.all([carrier.done, expectPhoneDone(agent), expectPhoneDone(supervisorPhone)]);
    expect(c.code, c.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { callId: live.callId, endedAt: { not: null } },
        include: { events: true },
      }),
    );
    const monitorEvents = row.events.filter((e) => e.type.startsWith('monitor_'));
    expect(monitorEvents.map((e) => [e.type, e.data])).toEqual(
      expect.arrayContaining([
        [
          'monitor_started',
          {
            supervisor: '主管 Supervisor One',
            supervisorUserId: expect.any(String),
            extension: '1016',
            mode: 'listen',
          },
        ],
        ['monitor_mode', { extension: '1016', mode: 'whisper' }],
      ]),
    );
    expect(row.endedBy).toBe('caller');
    // The session is audited when it ends: the supervisor, the agent, the modes in order.
    const audit = await eventually(() =>
      stack.tdb.db.auditEntry.findFirst({ where: { action: 'call.monitor', entityId: live.callId } }),
    );
    expect(audit.after).toMatchObject({ agent: '1003', phone: '1016', modes: ['listen', 'whisper'] });

    const gone = await stack.app.inject({
      method: 'DELETE',
      url: `/api/calls/${live.callId}/monitor`,
      headers: sup,
    });
    expect(gone.statusCode).toBe(404);
  }, 60_000);
});
