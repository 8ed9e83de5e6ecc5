import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { freeUdpPort } from '../support/free-port.js';
import { untilRegistered } from './agent-phone.js';
import { runSipp, scenario, type SippOptions, type SippRun } from '../support/sipp.js';

/**
 * Customer calls handed to an outside number out of the carrier trunk: an agent's blind transfer
 * (REFER to a number that is no extension) and an IVR flow whose outcome is `transfer`. SIPp plays
 * the calling carrier, the agent's phone and the carrier that receives the call out.
 */
describe('transfers to outside numbers', () => {
  let stack: CtiStack;
  const used = new Set<string>();

  beforeAll(async () => {
    // A flow that sends every caller of 4008002000 to an outside number through the trunk it
    // names (not the default outbound trunk).
    const flows = mkdtempSync(path.join(tmpdir(), 'kefu-flows-'));
    writeFileSync(
      path.join(flows, 'out-transfer.json'),
      JSON.stringify({
        id: 'out-transfer',
        name: 'Transfer out',
        defaultLanguage: 'zh-CN',
        calendar: { timeZone: 'Asia/Shanghai', weekly: {}, holidays: [] },
        start: 'out',
        steps: { out: { type: 'transfer', number: '139-1234-5009', trunk: 'partner' } },
      }),
    );
    const rtpMin = 10_000 + 2 * Math.floor(Math.random() * 4_000);
    stack = await startCtiStack(
      'sqlite',
      { IVR_FLOWS_DIR: flows, RTP_PORT_MIN: String(rtpMin), RTP_PORT_MAX: String(rtpMin + 998) },
      async (db) => {
        await db.line.update({ where: { dnis: '4008002000' }, data: { ivrFlow: 'out-transfer' } });
      },
    );
  });
  afterAll(async () => {
    await stack?.close();
  });
  afterEach(async () => {
    for (const ext of used)
      await stack.app.inject({
        method: 'PUT',
        url: `/api/agents/${ext}/state`,
        headers: await stack.headers('sup1'),
        payload: { state: 'logged_out' },
      });
    used.clear();
  });

  async function carrierOut(
    file: string,
    trunk: { username?: string; password?: string } = {},
    opts: Partial<SippOptions> = {},
  ): Promise<SippRun> {
    const carrier = await runSipp({
      scenarioFile: scenario(file),
      target: '127.0.0.1:5060',
      timeoutSeconds: 40,
      ...opts,
    });
    await stack.tdb.db.trunk.update({
      where: { name: 'demo' },
      data: {
        direction: 'both',
        host: '127.0.0.1',
        port: carrier.port,
        transport: 'udp',
        callerId: '4008001000',
        username: trunk.username ?? null,
        password: trunk.password ?? null,
      },
    });
    await stack.app.sip.reloadTrunks();
    return carrier;
  }

  async function transferringAgent(ext: string, target: string): Promise<SippRun> {
    const phone = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext, target },
      extra: ['-oocsf', scenario('agent-answer-refer.xml'), '-au', ext, '-ap', `demo-${ext}`],
      timeoutSeconds: 40,
    });
    await untilRegistered(stack, ext, phone);
    used.add(ext);
    const res = await stack.app.inject({
      method: 'PUT',
      url: `/api/agents/${ext}/state`,
      headers: await stack.headers(ext),
      payload: { state: 'ready' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return phone;
  }

  const callIn = (dnis: string) =>
    runSipp({
      scenarioFile: scenario('carrier-call-long.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: dnis,
      vars: { ani: '13800138000' },
    });

  const endedCall = (where: Record<string, unknown>) =>
    eventually(() =>
      stack.tdb.db.interaction.findFirst({
        // (Not the seeded history: only calls of this run have a received event.)
        where: {
          direction: 'inbound',
          endedAt: { not: null },
          events: { some: { type: 'received' } },
          ...where,
        },
        include: { events: true, agent: true },
      }),
    );

  it('blind transfer to an outside number: out of the trunk, the caller bridged to it, the agent dropped', async () => {
    const outside = await carrierOut('carrier-uas.xml');
    const agent = await transferringAgent('1002', '13912345678');
    const caller = await callIn('4008003000');
    const [c, a, o] = await Promise.all([caller.done, agent.done, outside.done]);
    // The agent got NOTIFY 100 and 200 and then our BYE; the outside carrier answered and got
    // the BYE when the caller hung up (so the two were connected until then).
    expect(a.code, a.output).toBe(0);
    expect(o.code, o.output).toBe(0);
    expect(c.code, c.output).toBe(0);
    const row = await endedCall({ dnis: '4008003000' });
    expect(row.endedBy).toBe('caller');
    expect(row.agent?.extension).toBe('1002');
    const transferred = row.events.find((e) => e.type === 'transferred');
    expect(transferred?.data).toMatchObject({
      from: '1002',
      to: '13912345678',
      kind: 'external',
      trunk: 'demo',
    });
  }, 60_000);

  it('blind transfer the carrier refuses: the transferor is told and keeps the caller', async () => {
    // Wrong trunk password: the carrier challenges twice, the call out fails with 403.
    const outside = await carrierOut(
      'carrier-uas-401.xml',
      { username: 'kefu-trunk', password: 'wrong' },
      { vars: { user: 'kefu-trunk', pass: 'trunk-secret' } },
    );
    const agent = await transferringAgent('1003', '13912345678');
    const caller = await callIn('4008003000');
    const [c, a, o] = await Promise.all([caller.done, agent.done, outside.done]);
    expect(o.code, o.output).toBe(0);
    // The agent got NOTIFY 100 and the final failure, and the call's BYE when the caller hung up.
    expect(a.code, a.output).toBe(0);
    expect(c.code, c.output).toBe(0);
    const row = await endedCall({ agent: { extension: '1003' } });
    expect(row.endedBy).toBe('caller');
    expect(row.events.some((e) => e.type === 'transferred')).toBe(false);
    expect(row.events.find((e) => e.type === 'transfer_failed')?.data).toMatchObject({
      to: '13912345678',
      kind: 'external',
      status: 403,
    });
  }, 60_000);

  it('an IVR flow ending in transfer: the caller is sent out of the trunk the flow names and bridged on answer', async () => {
    // The default trunk ("demo", first by name) leads nowhere: a call sent there would fail.
    const nowhere = await freeUdpPort();
    await stack.tdb.db.trunk.update({
      where: { name: 'demo' },
      data: { direction: 'both', host: '127.0.0.1', port: nowhere, transport: 'udp' },
    });
    const outside = await runSipp({
      scenarioFile: scenario('carrier-uas.xml'),
      target: '127.0.0.1:5060',
      timeoutSeconds: 40,
    });
    await stack.tdb.db.trunk.upsert({
      where: { name: 'partner' },
      create: {
        name: 'partner',
        direction: 'outbound',
        host: '127.0.0.1',
        port: outside.port,
        transport: 'udp',
      },
      update: { port: outside.port },
    });
    await stack.app.sip.reloadTrunks();
    const caller = await callIn('4008002000');
    const [c, o] = await Promise.all([caller.done, outside.done]);
    expect(o.code, o.output).toBe(0);
    expect(c.code, c.output).toBe(0);
    const row = await endedCall({ dnis: '4008002000' });
    expect(row.endedBy).toBe('caller');
    expect(row.agentId).toBeNull();
    const types = row.events.map((e) => e.type);
    expect(types).toContain('ivr_done');
    expect(row.events.find((e) => e.type === 'transferred')?.data).toMatchObject({
      from: 'ivr',
      to: '13912345009',
      kind: 'external',
      trunk: 'partner',
    });
  }, 60_000);
});
