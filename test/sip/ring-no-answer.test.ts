import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from './agent-phone.js';

/** Ring-no-answer (RONA) with a short ring timeout set in the queue's policy. */
describe('ring no answer', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.queue.update({
        where: { name: 'sales' },
        data: { policy: { relaxation: [], ringTimeoutSeconds: 2 } },
      });
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('withdraws the offer after the ring timeout (CANCEL), sets the agent not ready and re-offers the call', async () => {
    const silent = await startAgentPhone(stack, '1009', 'ring-no-answer');
    const call = await runSipp({
      scenarioFile: scenario('carrier-call.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000009' },
    });
    // The phone rings, gets CANCEL after ~2 s and ends its call scenario.
    await expectPhoneDone(silent);
    const agent1009 = await stack.app.inject({
      url: '/api/agents/1009',
      headers: await stack.headers('1009'),
    });
    expect(agent1009.json()).toMatchObject({ state: 'not_ready', reason: 'missed_call' });
    // The caller is still waiting; the next agent to become ready gets the call.
    const answering = await startAgentPhone(stack, '1010', 'answer');
    const [c] = await Promise.all([call.done, expectPhoneDone(answering)]);
    expect(c.code, c.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani: { endsWith: '13900000009' }, endedAt: { not: null } },
        include: { agent: true, events: true },
      }),
    );
    expect(row.agent?.extension).toBe('1010');
    expect(row.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['offered', 'offer_withdrawn', 'answered']),
    );
    expect(silent.messages()).toMatch(/^CANCEL sip:/m);
  });
});
