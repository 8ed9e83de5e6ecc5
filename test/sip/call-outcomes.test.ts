import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from './agent-phone.js';

/**
 * Calls that do not simply connect, with SIPp as carrier and phones. Each test uses its own agents
 * and its own caller number (the Interaction is found by ANI), so nothing leaks between tests.
 */
describe('B2BUA call outcomes with SIPp peers', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const carrier = (file: string, ani: string, opts: { service?: string; extra?: string[] } = {}) =>
    runSipp({
      scenarioFile: scenario(file),
      target: `127.0.0.1:${stack.sipPort}`,
      service: opts.service ?? '4008003000',
      vars: { ani },
      ...(opts.extra ? { extra: opts.extra } : {}),
    });

  const interactionOf = (ani: string) =>
    stack.tdb.db.interaction.findFirst({
      where: { ani: { endsWith: ani } },
      include: { agent: true, events: { orderBy: { at: 'asc' } } },
    });
  const endedInteraction = (ani: string) =>
    eventually(async () => {
      const row = await interactionOf(ani);
      return row?.endedAt ? row : null;
    });

  it('CANCEL while the agent rings: the phone gets CANCEL, the console hears call.ended, the call ends by the caller with 487', async () => {
    const phone = await startAgentPhone(stack, '1005', 'ring-no-answer');
    const { token } = (
      await stack.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: '1005', password: 'demo-1005' },
      })
    ).json() as { token: string };
    const consoleSocket = io(stack.httpUrl, { auth: { token }, transports: ['websocket'] });
    const heard: { event: string; payload: Record<string, unknown> }[] = [];
    consoleSocket.onAny((event: string, payload: Record<string, unknown>) => heard.push({ event, payload }));
    await new Promise<void>((resolve, reject) => {
      consoleSocket.once('connect', resolve);
      consoleSocket.once('connect_error', reject);
    });
    // -d: the carrier waits 3 s after its 180 before CANCEL, so the agent's phone is ringing by
    // then (kefu sends 180 when the call is queued; the agent leg's media offer comes first).
    const call = await carrier('carrier-cancel.xml', '13900000001', { extra: ['-d', '3000'] });
    const c = await call.done;
    expect(c.code, c.output).toBe(0);
    await expectPhoneDone(phone);
    expect(phone.messages()).toMatch(/^CANCEL sip:/m);

    const row = await endedInteraction('13900000001');
    expect(row.endedBy).toBe('caller');
    expect(row.sipCause).toBe(487);
    expect(row.answeredAt).toBeNull();
    expect(row.events.map((e) => e.type)).toContain('offered');
    expect(row.events.map((e) => e.type)).not.toContain('answered');
    // The ringing console must not keep showing a call the caller has abandoned.
    await eventually(async () => heard.some((h) => h.event === 'call.ended'));
    consoleSocket.close();
    expect(heard.find((h) => h.event === 'call.ended')?.payload).toMatchObject({
      endedBy: 'caller',
      sipCause: 487,
    });
  });

  it('a busy phone (486) is skipped: the call lands on the next ready agent, the busy one goes not ready', async () => {
    const busy = await startAgentPhone(stack, '1002', 'busy');
    const call = await carrier('carrier-call.xml', '13900000002');
    await expectPhoneDone(busy);
    // Only now another agent becomes ready, so the first offer surely went to 1002.
    const ready = await startAgentPhone(stack, '1004', 'answer');
    const [c] = await Promise.all([call.done, expectPhoneDone(ready)]);
    expect(c.code, c.output).toBe(0);

    const row = await endedInteraction('13900000002');
    expect(row.agent?.extension).toBe('1004');
    expect(row.answeredAt).not.toBeNull();
    expect(row.endedBy).toBe('caller');
    const rejected = row.events.find((e) => e.type === 'offer_rejected');
    expect(rejected?.data).toMatchObject({ status: 486 });

    const res = await stack.app.inject({
      method: 'GET',
      url: '/api/agents/1002',
      headers: await stack.headers('1002'),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'not_ready', reason: 'missed_call' });
  });

  it('hold and resume by the agent: the server answers both re-INVITEs itself; the carrier stays up', async () => {
    const phone = await startAgentPhone(stack, '1006', 'answer-hold');
    const call = await carrier('carrier-call-long.xml', '13900000003');
    const [c] = await Promise.all([call.done, expectPhoneDone(phone)]);
    expect(c.code, c.output).toBe(0);

    const row = await endedInteraction('13900000003');
    const reinvites = row.events.filter((e) => e.type === 'reinvite');
    expect(reinvites.map((e) => e.data)).toEqual([
      { from: 'agent', hold: true },
      { from: 'agent', hold: false },
    ]);
    // The caller heard music between the two (hold), then the agent again (unhold).
    expect(row.events.filter((e) => e.type === 'hold' || e.type === 'unhold').map((e) => e.type)).toEqual([
      'hold',
      'unhold',
    ]);
    expect(row.endedBy).toBe('caller');
    expect(row.agent?.extension).toBe('1006');
  });

  it('a number that is no line gets 404 and leaves no call record', async () => {
    const call = await carrier('carrier-expect-404.xml', '13900000004', { service: '4009999999' });
    const c = await call.done;
    expect(c.code, c.output).toBe(0);
    expect(await interactionOf('13900000004')).toBeNull();
  });

  it('an offer without an audio stream (no m= line) gets 488 at once and never reaches the phone', async () => {
    // A ready phone that must not ring: the offer is refused on arrival, before queueing.
    const phone = await startAgentPhone(stack, '1008', 'answer');
    try {
      const call = await carrier('carrier-expect-488.xml', '13900000005');
      const c = await call.done;
      expect(c.code, c.output).toBe(0);
      expect(await interactionOf('13900000005')).toBeNull();
      expect(phone.messages()).not.toMatch(/^INVITE sip:/m);
    } finally {
      await phone.discard();
    }
  });
});
