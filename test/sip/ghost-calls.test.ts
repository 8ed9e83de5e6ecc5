import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from './agent-phone.js';

/**
 * Callers waiting in a queue over UDP and TCP, with a media timeout (MEDIA_TIMEOUT_SECONDS) of 3 s.
 * Before the answer a carrier has no SDP of kefu's and sends no RTP, so the caller leg's media
 * timeout only starts once the carrier is answered: a caller still there waits as long as the
 * queue lets them. A carrier that vanishes before the answer (killed, no CANCEL) is found by
 * other means (see ARCHITECTURE, "A carrier that vanishes"): over TCP its connection closes, over
 * UDP the OPTIONS probe of waiting calls' carriers (CARRIER_PROBE_SECONDS, 5 s by default) meets
 * ICMP port unreachable. Either way its call leaves the ACD so the next ready agent is not held.
 */
describe('callers waiting in a queue, and a ghost call (carrier killed while queued)', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', { MEDIA_TIMEOUT_SECONDS: '3' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const carrier = (ani: string, transport: 'u1' | 't1' = 'u1') =>
    runSipp({
      scenarioFile: scenario('carrier-call.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani },
      transport,
    });
  const interactionOf = (ani: string) =>
    stack.tdb.db.interaction.findFirst({
      where: { ani: { endsWith: ani } },
      include: { events: { orderBy: { at: 'asc' } } },
    });

  it('a caller waiting unanswered longer than the media timeout is not cut, and is answered when an agent is ready', async () => {
    const caller = await carrier('13900000091');
    const queued = await eventually(async () => {
      const row = await interactionOf('13900000091');
      return row && stack.app.acd.callPhase(row.callId) === 'waiting' ? row : null;
    });
    // Twice the media timeout without a single RTP packet from the caller.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(stack.app.acd.callPhase(queued.callId)).toBe('waiting');
    expect((await interactionOf('13900000091'))?.endedAt).toBeNull();

    const phone = await startAgentPhone(stack, '1001', 'answer');
    const result = await caller.done;
    expect(result.code, result.output).toBe(0);
    await expectPhoneDone(phone);
    const row = await eventually(async () => {
      const r = await interactionOf('13900000091');
      return r?.endedAt ? r : null;
    });
    expect(row.answeredAt).not.toBeNull();
    expect(row.endedBy).toBe('caller');
    expect(row.events.map((e) => e.type)).not.toContain('media_timeout');
  });

  it('over UDP the carrier is found gone at the next probe of its address, well before the media timeout would matter', async () => {
    const ghost = await carrier('13900000094');
    const queued = await eventually(async () => {
      const row = await interactionOf('13900000094');
      return row && stack.app.acd.callPhase(row.callId) === 'waiting' ? row : null;
    });
    expect(stack.app.sip.calls.carriers?.probedFlows).toBe(1);

    ghost.process.kill('SIGKILL');
    await ghost.done;
    // The probe runs every 5 s: the call is gone by the next one (ICMP port unreachable at once).
    await eventually(async () => stack.app.acd.callPhase(queued.callId) === undefined, 15_000);
    const ended = await eventually(async () => {
      const row = await interactionOf('13900000094');
      return row?.endedAt ? row : null;
    });
    expect(ended).toMatchObject({ endedBy: 'system', sipCause: 503 });
    const lost = ended.events.find((e) => e.type === 'carrier_unreachable');
    expect(lost?.data).toMatchObject({ probe: 'refused' });
    expect(stack.app.acd.queueMetrics(queued.queueId!)?.waiting).toBe(0);
    expect([...stack.app.acd.liveCalls()]).toEqual([]);
    expect(stack.app.sip.calls.carriers?.probedFlows).toBe(0);
  });

  it('over TCP the carrier is found gone at once (its connection closes and cannot be opened again), well before the media timeout', async () => {
    const ghost = await carrier('13900000093', 't1');
    const queued = await eventually(async () => {
      const row = await interactionOf('13900000093');
      return row && stack.app.acd.callPhase(row.callId) === 'waiting' ? row : null;
    });

    ghost.process.kill('SIGKILL');
    await ghost.done;
    const killedAt = Date.now();

    await eventually(async () => stack.app.acd.callPhase(queued.callId) === undefined, 10_000);
    expect(Date.now() - killedAt).toBeLessThan(2_000);
    const ended = await eventually(async () => {
      const row = await interactionOf('13900000093');
      return row?.endedAt ? row : null;
    });
    expect(ended).toMatchObject({ endedBy: 'system', sipCause: 503 });
    expect(ended.events.map((e) => e.type)).toContain('carrier_unreachable');
    expect(ended.events.map((e) => e.type)).not.toContain('media_timeout');
    expect(stack.app.acd.queueMetrics(queued.queueId!)?.waiting).toBe(0);
    expect([...stack.app.acd.liveCalls()]).toEqual([]);

    // The next agent to go ready is not reserved for the ghost…
    const phone = await startAgentPhone(stack, '1005', 'answer');
    const agentId = stack.app.agentDirectory.agentByExtension('1005')!.id;
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.app.acd.agentStatus(agentId)).toBe('ready');
    expect(stack.app.acd.offeredCall(agentId)).toBeUndefined();

    // …and answers the next real call.
    const next = await carrier('13900000092');
    const result = await next.done;
    expect(result.code, result.output).toBe(0);
    await expectPhoneDone(phone);
    const row = await eventually(async () => {
      const r = await interactionOf('13900000092');
      return r?.endedAt ? r : null;
    });
    expect(row.answeredAt).not.toBeNull();
    expect(row.agentId).toBe(agentId);
  });
});
