import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from './agent-phone.js';

/**
 * An agent's phone connection drops mid-call (what a console reload does to its WebSocket): the
 * caller stays, hears music, and the agent's phone — registering again over a new connection —
 * is called back into the same call. SIPp plays the carrier and both lives of the phone (TCP,
 * so the server sees the connection close when the first SIPp is killed).
 */
describe('agent phone reconnecting mid-call', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('keeps the caller while the phone is gone and bridges the new registration to the same call', async () => {
    const first = await startAgentPhone(stack, '1001', 'answer', { transport: 't1', timeoutSeconds: 40 });
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-timed.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000301' },
      extra: ['-d', '12000'],
      timeoutSeconds: 40,
    });
    const live = () =>
      [...stack.app.sip.calls.activeCalls].find((c) => c.identity.ani?.endsWith('13900000301'));
    await eventually(async () => live()?.state === 'connected');
    const callId = live()!.id;

    // The phone's connection dies (no BYE, no unregister).
    first.run.process.kill('SIGKILL');
    await first.run.done;
    await eventually(async () => live()?.state === 'reconnecting');

    const second = await startAgentPhone(stack, '1001', 'answer', {
      transport: 't1',
      ready: false,
      timeoutSeconds: 40,
    });
    await eventually(async () => live()?.state === 'connected');
    expect(live()!.id).toBe(callId);
    expect(second.messages()).toMatch(new RegExp(`X-Kefu-Resume: ${callId}`));

    const [c] = await Promise.all([carrier.done, expectPhoneDone(second)]);
    expect(c.code, c.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { callId, endedAt: { not: null } },
        include: { events: true, agent: true },
      }),
    );
    const types = row.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['answered', 'agent_lost', 'agent_reconnected', 'ended']));
    expect(types).not.toContain('requeued');
    expect(row.endedBy).toBe('caller');
    expect(row.agent?.extension).toBe('1001');
  }, 60_000);
});

describe('agent phone not back within the grace period', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', { AGENT_RECONNECT_SECONDS: '5' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('queues the caller again, ahead of its tier, and another agent answers', async () => {
    const first = await startAgentPhone(stack, '1001', 'answer', { transport: 't1', timeoutSeconds: 40 });
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-timed.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000302' },
      // Up long enough for the grace period (5 s), the requeue and another agent's answer, on a
      // loaded machine too (12 s was not always enough in CI).
      extra: ['-d', '25000'],
      timeoutSeconds: 60,
    });
    const live = () =>
      [...stack.app.sip.calls.activeCalls].find((c) => c.identity.ani?.endsWith('13900000302'));
    await eventually(async () => live()?.state === 'connected');
    const callId = live()!.id;
    first.run.process.kill('SIGKILL');
    await first.run.done;
    await eventually(async () => live()?.state === 'reconnecting');

    const other = await startAgentPhone(stack, '1002', 'answer', { timeoutSeconds: 50 });
    const [c] = await Promise.all([carrier.done, expectPhoneDone(other)]);
    expect(c.code, c.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { callId, endedAt: { not: null } },
        include: { events: { orderBy: { at: 'asc' } }, agent: true },
      }),
    );
    const types = row.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['agent_lost', 'agent_not_back', 'requeued']));
    expect(types).not.toContain('agent_reconnected');
    expect(types.filter((t) => t === 'answered')).toHaveLength(2);
    expect(row.agent?.extension).toBe('1002');
    expect(row.endedBy).toBe('caller');
  }, 90_000);
});
