import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { untilRegistered } from './agent-phone.js';
import { runSipp, scenario } from '../support/sipp.js';

/**
 * Attended transfer with SIPp phones: agent 1005 answers a customer call, consults agent 1007
 * (a call from 1005's own phone, which shares the customer call's media session), then REFERs
 * the customer call with Replaces naming the consult (RFC 3891). The caller ends up with 1007;
 * 1005's two dialogs are hung up by the server.
 */
describe('attended transfer (consult, then REFER with Replaces)', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const phone = (ext: string, call: string, vars: Record<string, string> = {}) =>
    runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext, ...vars },
      extra: ['-oocsf', scenario(call), '-au', ext, '-ap', `demo-${ext}`],
      timeoutSeconds: 40,
    });

  it('hands the caller from 1005 to the consulted 1007 without dropping them', async () => {
    const transferor = await phone('1005', 'agent-answer-consult.xml', { target: '1007' });
    // 1007 is registered but not ready: it gets only the consult, never the queue call.
    const target = await phone('1007', 'agent-answer.xml');
    await untilRegistered(stack, '1005', transferor);
    await untilRegistered(stack, '1007', target);
    const ready = await stack.app.inject({
      method: 'PUT',
      url: '/api/agents/1005/state',
      headers: await stack.headers('1005'),
      payload: { state: 'ready' },
    });
    expect(ready.statusCode, ready.body).toBe(200);
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-long.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000501' },
    });
    const [c, t1, t2] = await Promise.all([carrier.done, transferor.done, target.done]);
    expect(t1.code, t1.output).toBe(0);
    expect(t2.code, t2.output).toBe(0);
    expect(c.code, c.output).toBe(0);

    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani: '+8613900000501', endedAt: { not: null } },
        include: { events: true, agent: true },
      }),
    );
    const types = row.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['consult_started', 'consult_ended', 'transferred']));
    expect(row.events.find((e) => e.type === 'transferred')?.data).toMatchObject({
      from: '1005',
      to: '1007',
      kind: 'attended',
    });
    expect(row.endedBy).toBe('caller');
    // The call was 1005's when answered; 1007 has it at the end.
    expect(row.events.find((e) => e.type === 'answered')?.data).toMatchObject({
      agentId: expect.any(String),
    });
  }, 60_000);
});
