import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundRefusalView } from '@kefu/cti-server/contract';
import { loginAs } from '../support/api-app.js';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import { setAgentState } from './agent-phone.js';

/**
 * Toll fraud (issue 13): dial rules and hourly caps configured through the API apply to the next
 * call, before any INVITE leaves. SIPp plays the carrier (two calls, every message it receives
 * logged) and the agents' phones (UDP, digest-challenged; the phone's messages logged too, for
 * the 403's Warning). The carrier must see exactly the two calls the policy let out.
 */
describe('outbound dial rules and caps set through the API', () => {
  let stack: CtiStack;
  let carrier: SippRun;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  const logs = mkdtempSync(path.join(tmpdir(), 'kefu-rules-'));
  const carrierLog = path.join(logs, 'carrier.log');

  beforeAll(async () => {
    carrier = await runSipp({
      scenarioFile: scenario('carrier-uas.xml'),
      target: '127.0.0.1:5060',
      calls: 2,
      timeoutSeconds: 150,
      extra: ['-trace_msg', '-message_file', carrierLog],
    });
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.trunk.update({
        where: { name: 'demo' },
        data: { direction: 'both', host: '127.0.0.1', port: carrier.port, callerId: '4008001000' },
      });
    });
    admin = await loginAs(stack.app, 'admin');
  });
  afterAll(async () => {
    carrier?.stop();
    await stack?.close();
  });

  const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await stack.app.inject({ method, url, headers: admin.headers, ...(payload && { payload }) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  /** The phone of `ext` dials `target`; resolves with SIPp's result and the messages it received. */
  const dial = async (ext: string, target: string, file: 'agent-dial.xml' | 'agent-dial-403.xml') => {
    const log = path.join(logs, `${ext}-${target}.log`);
    const phone = await runSipp({
      scenarioFile: scenario(file),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext, target },
      extra: ['-au', ext, '-ap', `demo-${ext}`, '-trace_msg', '-message_file', log],
    });
    const result = await phone.done;
    expect(result.code, result.output).toBe(0);
    return readFileSync(log, 'utf8');
  };

  /** INVITEs the carrier received (SIPp's -trace_msg log). */
  const carrierInvites = () => {
    let text = '';
    try {
      text = readFileSync(carrierLog, 'utf8');
    } catch {
      // Nothing logged yet.
    }
    return [...text.matchAll(/message received[^\n]*\n\s*(INVITE [^\n]+)/g)].map((m) => m[1]);
  };

  const refusals = (query: string) =>
    eventually(async () => {
      const rows = (await api('GET', `/api/outbound/refusals?${query}`)) as OutboundRefusalView[];
      return rows.length ? rows : undefined;
    });

  it("a team's deny rule refuses a matching national number with 403 and its reason; stored and listed", async () => {
    const rule = await api('POST', '/api/outbound/rules', {
      scope: 'team',
      target: 'sales',
      action: 'deny',
      pattern: '+86139*',
    });
    await setAgentState(stack, '1004', 'ready');
    const messages = await dial('1004', '13912345678', 'agent-dial-403.xml');
    expect(messages).toMatch(/SIP\/2\.0 403 Outbound Number Not Allowed/);
    expect(messages).toMatch(/Warning: 399 \S+ "denied_by_rule"/);
    const [refusal] = await refusals('extension=1004');
    expect(refusal).toMatchObject({
      extension: '1004',
      number: '13912345678',
      e164: '+8613912345678',
      reason: 'denied_by_rule',
      kind: 'call',
      trunkName: 'demo',
      ruleId: rule.id,
      rulePattern: '+86139*',
    });
    // The refused call's own record holds the reason too.
    const call = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { callId: refusal!.callId!, endedAt: { not: null } },
        include: { events: true },
      }),
    );
    expect(call.events.find((e) => e.type === 'outbound_refused')?.data).toMatchObject({
      reason: 'denied_by_rule',
    });
    expect(carrierInvites()).toEqual([]);
  }, 60_000);

  it("an agent's allow rule for an international prefix lets that number out of the trunk", async () => {
    await setAgentState(stack, '1005', 'ready');
    // Without the rule the centre's defaults refuse it.
    await dial('1005', '00442079460000', 'agent-dial-403.xml');
    expect((await refusals('extension=1005'))[0]).toMatchObject({ reason: 'international' });
    await api('POST', '/api/outbound/rules', {
      scope: 'agent',
      target: '1005',
      action: 'allow',
      pattern: '+44*',
    });
    await dial('1005', '00442079460000', 'agent-dial.xml');
    expect(carrierInvites()).toEqual([
      expect.stringMatching(/^INVITE sip:00442079460000@127\.0\.0\.1:\d+ SIP\/2\.0/),
    ]);
  }, 60_000);

  it('an hourly cap of 1 refuses the second call of the hour', async () => {
    const set = await api('PATCH', '/api/outbound/agents/1007', { callsPerHour: 1 });
    expect(set).toMatchObject({ callsPerHour: 1, callsThisHour: 0 });
    await setAgentState(stack, '1007', 'ready');
    // Both calls in one clock hour (the count starts afresh on the hour).
    const toNextHour = 3_600_000 - (Date.now() % 3_600_000);
    if (toNextHour < 20_000) await new Promise((r) => setTimeout(r, toNextHour + 100));
    await dial('1007', '13800138000', 'agent-dial.xml');
    const second = await dial('1007', '13800138001', 'agent-dial-403.xml');
    expect(second).toMatch(/SIP\/2\.0 403 Outbound Call Limit Reached/);
    expect(second).toMatch(/Warning: 399 \S+ "agent_hourly_cap"/);
    expect((await refusals('extension=1007'))[0]).toMatchObject({
      number: '13800138001',
      reason: 'agent_hourly_cap',
    });
    const agents = (await api('GET', '/api/outbound/agents')) as Array<{
      extension: string;
      callsThisHour: number;
    }>;
    expect(agents.find((a) => a.extension === '1007')?.callsThisHour).toBe(1);
    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);
    expect(carrierInvites()).toEqual([
      expect.stringMatching(/^INVITE sip:00442079460000@/),
      expect.stringMatching(/^INVITE sip:13800138000@/),
    ]);
  }, 90_000);
});
