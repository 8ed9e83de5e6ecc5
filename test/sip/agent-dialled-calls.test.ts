import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import { expectPhoneDone, setAgentState, startAgentPhone } from './agent-phone.js';

/**
 * Calls agents' phones place: out through the outbound trunk (SIPp plays the carrier's side)
 * and to another agent. The phone is recognised by the flow it registered from, and its INVITE
 * answers the server's 407 with the agent's credentials.
 */
describe('calls placed by agent phones', () => {
  let stack: CtiStack;
  let carrier: SippRun;

  beforeAll(async () => {
    // The carrier's side of the outbound trunk listens first, so the trunk can point at it.
    carrier = await runSipp({
      scenarioFile: scenario('carrier-uas.xml'),
      target: '127.0.0.1:5060',
      timeoutSeconds: 60,
    });
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.trunk.update({
        where: { name: 'demo' },
        data: { direction: 'both', host: '127.0.0.1', port: carrier.port, callerId: '4008001000' },
      });
    });
  });
  afterAll(async () => {
    carrier?.stop();
    await stack?.close();
  });

  const dial = (ext: string, target: string) =>
    runSipp({
      scenarioFile: scenario('agent-dial.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext, target },
      extra: ['-au', ext, '-ap', `demo-${ext}`],
    });

  it('an agent dials an outside number: out through the trunk with its caller ID, recorded as outbound', async () => {
    // Logged out of the ACD an agent dials no outside number (test/sip/outbound-policy.test.ts).
    await setAgentState(stack, '1004', 'ready');
    const phone = await dial('1004', '13912345678');
    const [p, c] = await Promise.all([phone.done, carrier.done]);
    expect(p.code, p.output).toBe(0);
    expect(c.code, c.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { direction: 'outbound', endedAt: { not: null } },
        include: { agent: true },
      }),
    );
    expect(row).toMatchObject({ dnis: '+8613912345678', ani: '1004', endedBy: 'agent' });
    expect(row.agent?.extension).toBe('1004');
    expect(row.answeredAt).not.toBeNull();
  }, 60_000);

  it('an agent calls another agent by extension; both are kept out of queue routing meanwhile', async () => {
    const callee = await startAgentPhone(stack, '1005', 'answer');
    const phone = await dial('1006', '1005');
    const [p] = await Promise.all([phone.done, expectPhoneDone(callee)]);
    expect(p.code, p.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({ where: { direction: 'internal', endedAt: { not: null } } }),
    );
    expect(row).toMatchObject({ ani: '1006', dnis: '1005', endedBy: 'agent' });
    // While it lasted, the called agent was out of queue routing (stored state change).
    const states = await eventually(async () => {
      const rows = await stack.tdb.db.agentStateEvent.findMany({
        where: { agent: { extension: '1005' }, reason: 'internal_call' },
      });
      return rows.length > 0 ? rows : null;
    });
    expect(states[0]?.state).toBe('not_ready');
    // The called agent was ready before: ready again after.
    await eventually(async () => {
      const res = await stack.app.inject({
        method: 'GET',
        url: '/api/agents/1005',
        headers: await stack.headers('1005'),
      });
      return (res.json() as { state: string }).state === 'ready';
    });
  }, 60_000);
});
