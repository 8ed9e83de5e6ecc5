import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone, type AgentPhone } from '../sip/agent-phone.js';

// End to end through SIP: carrier calls (SIPp) to the sales direct line, agent phones (SIPp)
// with different skills, the real ACD choosing. Sales needs `sales` ≥ 3 here; 1003 has 2.
const SKILLS: Record<string, number> = { '1001': 5, '1002': 4, '1003': 2, '1004': 3, '1005': 3 };
const LINE = '4008003000';
const VIP = '+8613800138000';

interface StoredDecision {
  extension: string | null;
  strategy: string;
  excludedCounts: Record<string, number>;
  ranked: Array<{ extension: string | null; occupancy: number }>;
}

// SIPp processes are slow to start on a loaded machine: generous per-test time.
describe('ACD end to end: three agent phones, VIP and ring-no-answer', { timeout: 90_000 }, () => {
  let stack: CtiStack;
  let supervisor: Socket;
  const seen: Array<{ event: string; payload: Record<string, unknown> }> = [];
  const leftovers: AgentPhone[] = [];
  // The seeded history has past calls from the same numbers (the VIP's): look only at ours.
  const started = new Date();

  const call = (ani: string): Promise<SippRun> =>
    runSipp({
      scenarioFile: scenario('carrier-call.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: LINE,
      vars: { ani },
      timeoutSeconds: 40,
    });
  const expectCallDone = async (run: SippRun) => {
    const { code, output } = await run.done;
    expect(code, output).toBe(0);
  };
  /** The ended Interaction of the caller, with who answered and the stored routing. */
  const interactionOf = (aniEnd: string) =>
    eventually(async () => {
      const row = await stack.tdb.db.interaction.findFirst({
        where: { ani: { endsWith: aniEnd }, endedAt: { not: null }, offeredAt: { gte: started } },
        include: { agent: true, events: true },
      });
      return row?.agent ? row : null;
    });
  const routingOf = async (id: string) => {
    const res = await stack.app.inject({
      url: `/api/interactions/${id}`,
      headers: await stack.headers('sup1'),
    });
    return (res.json() as { routing: StoredDecision[] }).routing;
  };
  const agentState = async (ext: string) =>
    (await stack.app.inject({ url: `/api/agents/${ext}`, headers: await stack.headers('sup1') })).json() as {
      state: string;
      reason: string | null;
      phoneRegistered: boolean;
    };
  const waitingCalls = () =>
    [...stack.app.acd.liveCalls()].filter((id) => stack.app.acd.callPhase(id) === 'waiting').length;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', {}, async (db) => {
      const sales = await db.skill.findUniqueOrThrow({ where: { name: 'sales' } });
      const queue = await db.queue.update({
        where: { name: 'sales' },
        data: { wrapUpSeconds: 1, policy: { relaxation: [], ringTimeoutSeconds: 2 } },
      });
      await db.queueSkill.update({
        where: { queueId_skillId: { queueId: queue.id, skillId: sales.id } },
        data: { minProficiency: 3 },
      });
      for (const [extension, proficiency] of Object.entries(SKILLS)) {
        const agent = await db.agent.findUniqueOrThrow({ where: { extension } });
        await db.agentSkill.upsert({
          where: { agentId_skillId: { agentId: agent.id, skillId: sales.id } },
          create: { agentId: agent.id, skillId: sales.id, proficiency },
          update: { proficiency },
        });
      }
    });
    const { authorization } = await stack.headers('sup1');
    supervisor = connect(stack.httpUrl, {
      path: '/socket.io',
      auth: { token: authorization.slice('Bearer '.length) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    supervisor.onAny((event: string, payload: Record<string, unknown>) => seen.push({ event, payload }));
    await new Promise<void>((resolve, reject) => {
      supervisor.once('connect', resolve);
      supervisor.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    supervisor?.close();
    for (const phone of leftovers) await phone.discard().catch(() => undefined);
    await stack?.close();
  });

  it('sends a call to the qualified agent, then to the least busy of two qualified agents', async () => {
    const p1001 = await startAgentPhone(stack, '1001', 'answer');
    const p1003 = await startAgentPhone(stack, '1003', 'answer');
    leftovers.push(p1003);
    const first = await call('13900000021');
    await Promise.all([expectCallDone(first), expectPhoneDone(p1001)]);
    const a = await interactionOf('13900000021');
    expect(a.agent?.extension).toBe('1001');
    const [decision] = await routingOf(a.id);
    expect(decision).toMatchObject({
      extension: '1001',
      excludedCounts: { 'below_min_proficiency:sales': 1 },
    });

    // 1001 is back (1 s wrap-up) with a new phone, then 1002 logs in: 1001 has been idle
    // longer, but 1002 is less busy.
    await vi.waitFor(async () => expect((await agentState('1001')).state).toBe('ready'), { timeout: 15_000 });
    const again1001 = await startAgentPhone(stack, '1001', 'answer', { ready: false });
    leftovers.push(again1001);
    const p1002 = await startAgentPhone(stack, '1002', 'answer');
    const second = await call('13900000022');
    await Promise.all([expectCallDone(second), expectPhoneDone(p1002)]);
    const b = await interactionOf('13900000022');
    expect(b.agent?.extension).toBe('1002');
    const [choice] = await routingOf(b.id);
    expect(choice!.strategy).toBe('least_busy');
    expect(choice!.ranked.map((c) => c.extension)).toEqual(['1002', '1001']);
    expect(choice!.ranked[1]!.occupancy).toBeGreaterThan(choice!.ranked[0]!.occupancy);
    await again1001.discard();
    await p1003.discard();
    leftovers.length = 0;
  });

  it('a VIP caller who arrives second is answered first', async () => {
    const normal = await call('13900000031');
    await vi.waitFor(() => expect(waitingCalls()).toBe(1), { timeout: 15_000 });
    const vip = await call(VIP);
    await vi.waitFor(() => expect(waitingCalls()).toBe(2), { timeout: 15_000 });

    const p1005 = await startAgentPhone(stack, '1005', 'answer');
    await Promise.all([expectCallDone(vip), expectPhoneDone(p1005)]);
    const p1004 = await startAgentPhone(stack, '1004', 'answer');
    await Promise.all([expectCallDone(normal), expectPhoneDone(p1004)]);

    const vipRow = await interactionOf(VIP.slice(1));
    const normalRow = await interactionOf('13900000031');
    expect(vipRow.agent?.extension).toBe('1005');
    expect(normalRow.agent?.extension).toBe('1004');
    expect(normalRow.offeredAt.getTime()).toBeLessThan(vipRow.offeredAt.getTime());
    expect(vipRow.answeredAt!.getTime()).toBeLessThan(normalRow.answeredAt!.getTime());
  });

  it('ring-no-answer: the call goes to the next agent, the silent one goes not ready (missed call)', async () => {
    const silent = await startAgentPhone(stack, '1003', 'ring-no-answer');
    // 1003 is not qualified for sales: qualify it now through the ACD's skills (as an admin edit would).
    stack.app.acd.setAgentSkills(stack.app.agentDirectory.agentByExtension('1003')!.id, { sales: 3 }, ['zh']);
    const answering = await startAgentPhone(stack, '1002', 'answer');
    const run = await call('13900000041');
    await Promise.all([expectCallDone(run), expectPhoneDone(silent), expectPhoneDone(answering)]);

    const row = await interactionOf('13900000041');
    expect(row.agent?.extension).toBe('1002');
    expect(row.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['offered', 'offer_withdrawn', 'answered']),
    );
    expect((await routingOf(row.id)).map((d) => d.extension)).toEqual(['1003', '1002']);
    expect(await agentState('1003')).toMatchObject({ state: 'not_ready', reason: 'missed_call' });
    expect(silent.messages()).toMatch(/^CANCEL sip:/m);

    // Supervisors saw it happen: 1003's missed call, and the sales figures.
    await vi.waitFor(() => {
      expect(seen).toContainEqual({
        event: 'agent.state',
        payload: expect.objectContaining({ extension: '1003', state: 'not_ready', reason: 'missed_call' }),
      });
      const sales = seen.filter((s) => s.event === 'queue.metrics' && s.payload.queue === 'sales').at(-1);
      expect(sales?.payload).toMatchObject({ entered: 5, answered: 5, abandoned: 0, waiting: 0 });
    });
  });

  it('a phone whose registration goes while ringing: the call is re-offered and the agent is not offered more', async () => {
    const withdrawn: Array<{ extension: string; reason: string | null }> = [];
    const offWithdrawn = stack.app.acdEvents.on('offerWithdrawn', (e) => withdrawn.push(e));
    // As soon as 1003's phone rings, its binding goes (as when a registration expires): every
    // binding, since the phone killed in the first test never unregistered.
    const offRinging = stack.app.acdEvents.on('agent.state', (e) => {
      if (e.extension !== '1003' || e.state !== 'ringing') return;
      setImmediate(() => {
        for (const binding of stack.app.sip.locations.lookup('1003'))
          stack.app.sip.locations.remove('1003', binding);
      });
    });
    const vanishing = await startAgentPhone(stack, '1003', 'ring-no-answer');
    const answering = await startAgentPhone(stack, '1002', 'answer');
    const run = await call('13900000051');
    await Promise.all([expectCallDone(run), expectPhoneDone(answering), expectPhoneDone(vanishing)]);
    offWithdrawn();
    offRinging();

    const row = await interactionOf('13900000051');
    expect(row.agent?.extension).toBe('1002');
    expect((await routingOf(row.id)).map((d) => d.extension)).toEqual(['1003', '1002']);
    expect(withdrawn).toEqual([expect.objectContaining({ extension: '1003', reason: 'phone_unregistered' })]);
    // Still ready (nothing the agent did wrong), but with no phone nothing is offered to them.
    expect(await agentState('1003')).toMatchObject({ state: 'ready', phoneRegistered: false });
    await stack.app.inject({
      method: 'PUT',
      url: '/api/agents/1003/state',
      headers: await stack.headers('1003'),
      payload: { state: 'logged_out' },
    });
  });
});
