import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, setAgentState, startAgentPhone, untilRegistered } from './agent-phone.js';

/**
 * An agent transfers the caller to a queue (REFER whose Refer-To user is the queue's name): the
 * agent leaves at once, the caller waits in that queue with music, and the queue's next agent —
 * here the service agent 1012 — takes the call. SIPp plays carrier and phones.
 */
describe('transfer to a queue', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('requeues the caller in the service queue, where 1012 answers; the sales agent is released', async () => {
    const transferor = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext: '1005', target: 'service' },
      extra: ['-oocsf', scenario('agent-answer-refer.xml'), '-au', '1005', '-ap', 'demo-1005'],
      timeoutSeconds: 40,
    });
    await untilRegistered(stack, '1005', transferor);
    await setAgentState(stack, '1005', 'ready');
    // 1012 registers but is not ready until 1005 has the call, so the queue call goes to 1005.
    const service = await startAgentPhone(stack, '1012', 'answer', { ready: false, timeoutSeconds: 40 });
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-timed.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000501' },
      extra: ['-d', '12000'],
      timeoutSeconds: 40,
    });
    const live = () =>
      [...stack.app.sip.calls.activeCalls].find((c) => c.identity.ani?.endsWith('13900000501'));
    await eventually(async () => live()?.agent?.extension === '1005' && live()?.state === 'connected');
    const callId = live()!.id;
    await setAgentState(stack, '1012', 'ready');

    const [c, t] = await Promise.all([carrier.done, transferor.done, expectPhoneDone(service)]);
    expect(c.code, c.output).toBe(0);
    expect(t.code, t.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { callId, endedAt: { not: null } },
        include: { events: { orderBy: { at: 'asc' } }, agent: true, queue: true },
      }),
    );
    const transferred = row.events.find((e) => e.type === 'transferred');
    expect(transferred?.data).toMatchObject({ from: '1005', to: 'service', kind: 'queue' });
    expect(row.events.filter((e) => e.type === 'answered')).toHaveLength(2);
    expect(row.agent?.extension).toBe('1012');
    expect(row.queue?.name).toBe('service');
    expect(row.endedBy).toBe('caller');
  }, 60_000);
});
