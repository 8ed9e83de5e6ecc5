import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedUser } from '@kefu/cti-server/contract';
import { PROVIDERS } from '../support/database.js';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';

/**
 * An agent created in the administration (issue 14) registers its desk phone with the SIP
 * password shown once, at once, on the running server; a renewed password replaces it at once
 * (the registrar reads credentials from the database for each request) and drops the phone's
 * bindings; a disabled agent's phone can no longer register. SIPp plays the phone.
 */
describe.each(PROVIDERS)('SIP passwords from the administration on %s', (provider) => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack(provider);
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** One REGISTER with digest credentials (test/sipp/agent-register.xml); exit code 0 when 200 OK. */
  const register = async (ext: string, password: string, timeoutSeconds = 10) => {
    const run = await runSipp({
      scenarioFile: scenario('agent-register.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext },
      timeoutSeconds,
      extra: ['-au', ext, '-ap', password],
    });
    return (await run.done).code;
  };

  it('registers with the new SIP password at once, then only with the renewed one, never once disabled', async () => {
    const admin = await stack.headers('admin');
    const res = await stack.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin,
      payload: {
        username: 'agent1050',
        displayName: 'Agent 1050',
        roles: ['agent'],
        password: 'first-pass-1050',
        agent: {
          extension: '1050',
          team: 'sales',
          languages: ['zh'],
          skills: [{ skill: 'sales', proficiency: 5 }],
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { user, sipPassword } = res.json() as CreatedUser;
    const agentId = stack.app.agentDirectory.agentByExtension('1050')!.id;

    expect(await register('1050', sipPassword!)).toBe(0);
    expect(stack.app.sip.locations.lookup('1050')).toHaveLength(1);
    // The ACD knows the new agent's phone is there.
    await eventually(async () => stack.app.acd.agentContext(agentId)?.phoneRegistered === true, 5_000);

    const renewed = await stack.app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/sip-password`,
      headers: admin,
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    const next = (renewed.json() as { sipPassword: string }).sipPassword;
    expect(stack.app.sip.locations.lookup('1050')).toEqual([]);
    expect(await register('1050', sipPassword!, 4)).not.toBe(0);
    expect(await register('1050', next)).toBe(0);

    const off = await stack.app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/disable`,
      headers: admin,
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(stack.app.sip.locations.lookup('1050')).toEqual([]);
    expect(await register('1050', next, 4)).not.toBe(0);
    expect(stack.app.sip.locations.lookup('1050')).toEqual([]);
  }, 90_000);
});
