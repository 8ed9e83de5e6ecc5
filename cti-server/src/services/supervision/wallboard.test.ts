import { describe, expect, it } from 'vitest';
import { Acd } from '../../acd/acd.js';
import type { AgentTransitionRecord } from '../../acd/agent-state-machine.js';
import type { AcdCallEvent } from '../../acd/queue-metrics.js';
import { SimulatedClock } from '../../clock/index.js';
import { AgentDirectory } from '../routing/agent-directory.js';
import { defaultSettings } from './supervision-settings.js';
import { Wallboard } from './wallboard.js';

// 09:00 in Shanghai.
const T = Date.UTC(2026, 11, 4, 1, 0, 0);

function build() {
  const clock = new SimulatedClock(T);
  const records: AgentTransitionRecord[] = [];
  const events: AcdCallEvent[] = [];
  const acd = new Acd({
    clock,
    delegate: { onAgentTransition: (r) => records.push(r), onCallEvent: (e) => events.push(e) },
  });
  acd.defineQueue({
    id: 'q-sales',
    skills: [{ skill: 'sales', minProficiency: 1 }],
    serviceLevelSeconds: 20,
    wrapUpSeconds: 10,
  });
  for (const id of ['a1', 'a2', 'sup-phone']) acd.addAgent({ id, skills: { sales: 3 } });
  const skills = [{ name: 'sales', kind: 'skill', proficiency: 3 }];
  const directory = new AgentDirectory(
    [
      { id: 'a1', userId: 'u1', extension: '1001', displayName: 'One', team: 'sales', skills },
      { id: 'a2', userId: 'u2', extension: '1002', displayName: 'Two', team: 'sales', skills },
      { id: 'sup-phone', userId: 'u-sup', extension: '1090', displayName: 'Sup', team: null, skills },
    ],
    [{ id: 'q-sales', name: 'sales', displayName: 'Sales', strategy: 'least_busy' }],
  );
  const wallboard = new Wallboard({
    acd,
    directory,
    now: () => clock.now(),
    settings: () => defaultSettings('Asia/Shanghai'),
    serviceLevelTarget: () => 0.8,
    isAgent: (userId) => userId !== 'u-sup',
    callDetails: (callId) =>
      callId === 'c1' ? { ani: '+8613800138000', customerId: 'cust1', customerName: 'Li Lei' } : null,
    monitor: () => null,
  });
  // What the plugin does with the ACD's events, in their order.
  const pump = () => {
    for (const e of events.splice(0)) wallboard.callEvent(e);
    for (const r of records.splice(0))
      wallboard.agentState({
        agentId: r.agentId,
        state: r.to,
        reason: r.reason,
        at: r.at,
        callId: r.callId ?? null,
      });
  };
  return { clock, acd, wallboard, pump };
}

describe('Wallboard rows', () => {
  it('shows the agent on a call with caller, customer, queue and the time since answer; supervisors’ phones are left out', () => {
    const { clock, acd, wallboard, pump } = build();
    acd.login('a1');
    // The supervisor's phone logged in not ready: the ACD offers it nothing.
    acd.login('sup-phone', { notReadyReason: 'meeting' });
    pump();
    expect(wallboard.agents().map((a) => a.extension)).toEqual(['1001', '1002']);
    expect(wallboard.agent('sup-phone')).toBeNull();
    // The supervisor's phone holds the skill but is not counted: a1 ready, a2 logged out, none not ready.
    expect(wallboard.queue('q-sales')!.agents).toMatchObject({ ready: 1, logged_out: 1, not_ready: 0 });

    acd.enqueue({ callId: 'c1', queueId: 'q-sales' });
    const offeredTo = acd.callAgent('c1')!;
    expect(offeredTo).toBe('a1');
    pump();
    clock.advance(4_000);
    acd.answer('c1');
    pump();
    clock.advance(60_000);
    const row = wallboard.agent(offeredTo);
    expect(row).toMatchObject({
      state: 'on_call',
      call: {
        callId: 'c1',
        ani: '+8613800138000',
        customerName: 'Li Lei',
        queue: 'sales',
        since: new Date(T + 4_000).toISOString(),
      },
    });

    acd.finish('c1');
    pump();
    // Wrap-up: no current call any more.
    expect(wallboard.agent(offeredTo)!.call).toBeNull();
    clock.advance(10_000); // the queue's 10 s wrap-up ends by itself
    pump();
    const done = wallboard.agent(offeredTo)!;
    // Handled 1: talk 60 s + wrap-up 10 s = 70 s.
    expect(done).toMatchObject({ state: 'ready', handled: 1, ahtMs: 70_000 });
    const q = wallboard.queue('q-sales')!;
    expect(q).toMatchObject({ offered: 1, answered: 1, serviceLevel: 1, asaMs: 4_000, ahtMs: 70_000 });
  });

  it('sizes the queue by Erlang C from the last 30 minutes', () => {
    const { clock, acd, wallboard, pump } = build();
    // 50 calls in 30 minutes nobody answers yet: 100 calls/h; no AHT today → 180 s → 5 erlangs, 8 needed for 80/20.
    for (let i = 0; i < 50; i++) {
      acd.enqueue({ callId: `w${i}`, queueId: 'q-sales' });
      clock.advance(30_000);
    }
    pump();
    const q = wallboard.queue('q-sales')!;
    expect(q.waiting).toBe(50);
    expect(q.staffing).toMatchObject({
      arrivalsPerHour: 100,
      ahtMs: 180_000,
      erlangs: 5,
      agentsNeeded: 8,
      agentsStaffed: 0,
    });
    // Nobody ready while calls wait; the oldest waited 25 min > 3 × 20 s.
    expect(q.levels).toMatchObject({ waiting: 'critical', longestWait: 'critical' });
    // The predicted service level with nobody available is 0.
    expect(q.staffing!.predictedServiceLevel).toBe(0);
  });
});
