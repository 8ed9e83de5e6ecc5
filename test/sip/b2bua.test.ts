import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIP_PHONE } from '@kefu/db';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { io } from 'socket.io-client';
import { untilRegistered } from './agent-phone.js';
import { runSipp, scenario } from '../support/sipp.js';

/** Real SIP on loopback: SIPp plays the carrier trunk and the agents' phones. */
describe('B2BUA call path with SIPp peers', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const target = () => `127.0.0.1:${stack.sipPort}`;
  const used = new Set<string>();
  // Their SIPp is gone after a test: log them out so later calls are not offered to them.
  afterEach(async () => {
    for (const ext of used) {
      await stack.app.inject({
        method: 'PUT',
        url: `/api/agents/${ext}/state`,
        headers: await stack.headers('sup1'),
        payload: { state: 'logged_out' },
      });
    }
    used.clear();
  });

  async function registeredAgent(
    ext: string,
    transport: 'u1' | 't1' = 'u1',
    file = 'agent-answer.xml',
    vars: Record<string, string> = {},
  ) {
    const agent = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: target(),
      transport,
      vars: { ext, ...vars },
      extra: ['-oocsf', scenario(file), '-au', ext, '-ap', `demo-${ext}`],
      timeoutSeconds: 40,
    });
    await untilRegistered(stack, ext, agent);
    used.add(ext);
    const res = await stack.app.inject({
      method: 'PUT',
      url: `/api/agents/${ext}/state`,
      headers: await stack.headers(ext),
      payload: { state: 'ready' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return agent;
  }

  it.each(['u1', 't1'] as const)(
    'bridges a carrier call (%s) to the ready agent and records it',
    async (transport) => {
      const ext = transport === 'u1' ? '1001' : '1003';
      // The agent's console listens on socket.io: it must hear the call before answering (screen pop).
      const token = (await stack.headers(ext)).authorization.slice('Bearer '.length);
      const consoleSocket = io(stack.httpUrl, { auth: { token }, transports: ['websocket'] });
      const heard: { event: string; payload: Record<string, unknown> }[] = [];
      consoleSocket.onAny((event: string, payload: Record<string, unknown>) =>
        heard.push({ event, payload }),
      );
      await new Promise<void>((resolve, reject) => {
        consoleSocket.once('connect', resolve);
        consoleSocket.once('connect_error', reject);
      });
      const agent = await registeredAgent(ext, transport);
      const carrier = await runSipp({
        scenarioFile: scenario('carrier-call.xml'),
        target: target(),
        transport,
        service: '4008003000',
        vars: { ani: '13800138000' },
      });
      const [c, a] = await Promise.all([carrier.done, agent.done]);
      expect(c.code, c.output).toBe(0);
      expect(a.code, a.output).toBe(0);

      const call = await eventually(() =>
        stack.tdb.db.interaction.findFirst({
          where: { endedAt: { not: null }, agent: { extension: ext } },
          include: { agent: true, customer: { include: { phones: true } }, events: true },
        }),
      );
      expect(call.ani).toBe(VIP_PHONE);
      expect(call.dnis).toBe('4008003000');
      expect(call.customer?.name).toBe('王芳');
      expect(call.answeredAt).not.toBeNull();
      expect(call.endedBy).toBe('caller');
      expect(call.sipCause).toBe(200);
      expect(call.endedAt!.getTime()).toBeGreaterThan(call.answeredAt!.getTime());
      expect(call.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['received', 'queued', 'offered', 'answered', 'ended']),
      );
      await eventually(async () => heard.some((h) => h.event === 'call.ended'));
      consoleSocket.close();
      const callEvents = heard.filter((h) => h.event.startsWith('call.'));
      expect(callEvents.map((h) => h.event)).toEqual(['call.offered', 'call.answered', 'call.ended']);
      expect(callEvents[0]?.payload).toMatchObject({
        callId: call.callId,
        ani: VIP_PHONE,
        dnis: '4008003000',
        customerId: call.customerId,
      });
      expect(heard.some((h) => h.event === 'phone.registration' && h.payload.registered === true)).toBe(true);
    },
  );

  it('blind-transfers (REFER) from agent 1005 to agent 1007 without dropping the caller', async () => {
    const transferor = await registeredAgent('1005', 'u1', 'agent-answer-refer.xml', { target: '1007' });
    // 1007 must not get the original call: it registers but only goes ready once 1005 has it.
    const target1007 = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: target(),
      vars: { ext: '1007' },
      extra: ['-oocsf', scenario('agent-answer.xml'), '-au', '1007', '-ap', 'demo-1007'],
      timeoutSeconds: 40,
    });
    await untilRegistered(stack, '1007', target1007);
    used.add('1007');
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-long.xml'),
      target: target(),
      service: '4008003000',
      vars: { ani: '13800138000' },
    });
    const callRow = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { answeredAt: { not: null }, agent: { extension: '1005' }, endedAt: null },
      }),
    );
    const ready = await stack.app.inject({
      method: 'PUT',
      url: '/api/agents/1007/state',
      headers: await stack.headers('1007'),
      payload: { state: 'ready' },
    });
    expect(ready.statusCode, ready.body).toBe(200);
    const [c, t1, t2] = await Promise.all([carrier.done, transferor.done, target1007.done]);
    expect(c.code, c.output).toBe(0);
    expect(t1.code, t1.output).toBe(0);
    expect(t2.code, t2.output).toBe(0);
    const call = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { id: callRow.id, endedAt: { not: null } },
        include: { events: true },
      }),
    );
    const transferred = call.events.find((e) => e.type === 'transferred');
    expect(transferred?.data).toMatchObject({ from: '1005', to: '1007', kind: 'blind' });
    expect(call.endedBy).toBe('caller');
  });

  it('calls a phone at its Contact when it registered from another port of the same host', async () => {
    // Desk phones that send REGISTER from one socket and listen on another, or a registration
    // made for the phone by another program: not behind NAT, so the Contact is where it answers.
    const ext = '1002';
    const phone = await runSipp({
      scenarioFile: scenario('agent-answer.xml'),
      target: target(),
      vars: { ext },
    });
    const register = await runSipp({
      scenarioFile: scenario('bench-register.xml'),
      target: target(),
      vars: { ext, uas_port: String(phone.port) },
      extra: ['-au', ext, '-ap', `demo-${ext}`],
    });
    expect((await register.done).code, register.output()).toBe(0);
    used.add(ext);
    const ready = await stack.app.inject({
      method: 'PUT',
      url: `/api/agents/${ext}/state`,
      headers: await stack.headers(ext),
      payload: { state: 'ready' },
    });
    expect(ready.statusCode, ready.body).toBe(200);
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call.xml'),
      target: target(),
      service: '4008003000',
      vars: { ani: '13800138000' },
    });
    const [c, a] = await Promise.all([carrier.done, phone.done]);
    expect(c.code, c.output).toBe(0);
    expect(a.code, a.output).toBe(0);
    const call = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { endedAt: { not: null }, agent: { extension: ext }, events: { some: { type: 'ended' } } },
        include: { events: true },
      }),
    );
    expect(call.answeredAt).not.toBeNull();
    expect(call.endedBy).toBe('caller');
  });
});
