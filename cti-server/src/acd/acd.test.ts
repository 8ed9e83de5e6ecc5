import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { Acd } from './acd.js';
import type { AcdDelegate } from './acd-delegate.js';
import type { QueueMetricsSnapshot } from './queue-metrics.js';
import type { AgentProfile, QueueConfig } from './types.js';

function build(queues: QueueConfig[], agents: AgentProfile[], delegate: AcdDelegate = {}) {
  const clock = new SimulatedClock(10_000_000);
  const offers: Array<{ callId: string; agentId: string }> = [];
  const acd = new Acd({
    clock,
    delegate: { ...delegate, onOffer: (o) => (offers.push(o), delegate.onOffer?.(o)) },
  });
  for (const q of queues) acd.defineQueue(q);
  for (const a of agents) acd.addAgent(a);
  return { acd, clock, offers };
}

const sales: QueueConfig = { id: 'sales', skills: [{ skill: 'sales', minProficiency: 3 }] };
const agent = (id: string, skills: Record<string, number>, languages: string[] = []): AgentProfile => ({
  id,
  skills,
  languages,
});

/** Gives agents different occupancy: each takes a call of `talkMs` and then idles. */
function handleCall(h: ReturnType<typeof build>, callId: string, queueId: string, talkMs: number) {
  h.acd.enqueue({ callId, queueId });
  h.acd.answer(callId);
  h.clock.advance(talkMs);
  h.acd.finish(callId);
}

describe('Acd routing', () => {
  it('least_busy: offers to the qualified agent with the lowest occupancy and explains why', () => {
    const h = build([sales], [agent('a', { sales: 5 }), agent('b', { sales: 3 }), agent('c', { sales: 2 })]);
    h.acd.login('a');
    handleCall(h, 'warm', 'sales', 600_000); // a: 10 min on a call
    h.clock.advance(30_000); // wrap-up ends
    h.acd.login('b');
    h.acd.login('c');
    h.clock.advance(60_000);
    h.acd.enqueue({ callId: 'c1', queueId: 'sales' });
    expect(h.acd.callAgent('c1')).toBe('b');
    const d = h.acd.decisions('c1').at(-1)!;
    expect(d).toMatchObject({ agentId: 'b', qualified: 2, candidatesConsidered: 3, relaxationStep: -1 });
    expect(d.excludedCounts).toEqual({ 'below_min_proficiency:sales': 1 });
    expect(d.ranked.map((c) => c.agentId)).toEqual(['b', 'a']);
    expect(d.ranked[1]!.occupancy).toBeGreaterThan(0.8);
    expect(d.why).toMatch(/lowest occupancy/);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('tells a waiting call its place in the service order (priority first, then arrival)', () => {
    const h = build([sales], [agent('a', { sales: 5 })]);
    h.acd.enqueue({ callId: 'w1', queueId: 'sales' });
    h.clock.advance(1000);
    h.acd.enqueue({ callId: 'w2', queueId: 'sales' });
    h.acd.enqueue({ callId: 'vip', queueId: 'sales', priority: 30 });
    expect(h.acd.waitingPosition('vip')).toEqual({ position: 1, asaMs: null });
    expect(h.acd.waitingPosition('w1')?.position).toBe(2);
    expect(h.acd.waitingPosition('w2')?.position).toBe(3);
    h.acd.login('a');
    expect(h.acd.callAgent('vip')).toBe('a');
    expect(h.acd.waitingPosition('vip')).toBeUndefined();
    expect(h.acd.waitingPosition('w1')?.position).toBe(1);
  });

  it('least_busy ties are broken by longest idle, then by id', () => {
    const h = build([sales], [agent('b', { sales: 5 }), agent('a', { sales: 5 }), agent('z', { sales: 5 })]);
    h.acd.login('z');
    h.clock.advance(1000);
    h.acd.login('b');
    h.acd.login('a');
    h.acd.enqueue({ callId: 'c1', queueId: 'sales' });
    expect(h.acd.callAgent('c1')).toBe('z');
    h.acd.enqueue({ callId: 'c2', queueId: 'sales' });
    expect(h.acd.callAgent('c2')).toBe('a');
    expect(h.acd.decisions('c2')[0]!.why).toMatch(/agent id tiebreak/);
  });

  it.each([
    ['longest_idle', 'x'],
    ['fewest_calls', 'y'],
    ['most_proficient', 'z'],
  ] as const)('%s picks %s', (strategy, expected) => {
    const q: QueueConfig = { ...sales, strategy, wrapUpSeconds: 1 };
    const h = build([q], [agent('x', { sales: 3 }), agent('y', { sales: 4 }), agent('z', { sales: 5 })]);
    // x idles longest; z and x each took one call; y none; z is the expert.
    h.acd.login('x');
    h.acd.login('z');
    h.acd.setNotReady('x', 'break');
    handleCall(h, 'w1', 'sales', 1000);
    h.clock.advance(1000);
    h.acd.setReady('x');
    h.acd.setNotReady('z', 'break');
    handleCall(h, 'w2', 'sales', 1000);
    h.clock.advance(1000);
    h.acd.setReady('z');
    h.acd.login('y');
    h.acd.setNotReady('x', 'break');
    h.acd.setReady('x');
    h.clock.advance(5000);
    h.acd.setNotReady('z', 'break');
    h.acd.setReady('z');
    h.acd.setNotReady('y', 'break');
    h.acd.setReady('y');
    // Idle since: x first, then z, then y.
    h.acd.enqueue({ callId: 'c', queueId: 'sales' });
    expect(h.acd.callAgent('c')).toBe(expected);
    expect(h.acd.decisions('c')[0]!.strategy).toBe(strategy);
  });

  it('round_robin rotates through qualified agents in registration order', () => {
    const q: QueueConfig = { ...sales, strategy: 'round_robin' };
    const h = build([q], [agent('p', { sales: 3 }), agent('q', { sales: 3 }), agent('r', { sales: 3 })]);
    for (const id of ['p', 'q', 'r']) h.acd.login(id);
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      h.acd.enqueue({ callId: `c${i}`, queueId: 'sales' });
      got.push(h.acd.callAgent(`c${i}`)!);
      h.acd.abandon(`c${i}`);
    }
    expect(got).toEqual(['p', 'q', 'r', 'p']);
  });

  it('requires the language and every skill of the queue plus the call’s extra skills', () => {
    const q: QueueConfig = { ...sales, language: 'zh' };
    const h = build(
      [q],
      [
        agent('en', { sales: 5, vip: 5 }, ['en']),
        agent('zh1', { sales: 5 }, ['zh']),
        agent('zh2', { sales: 4, vip: 2 }, ['zh']),
      ],
    );
    for (const id of ['en', 'zh1', 'zh2']) h.acd.login(id);
    h.acd.enqueue({ callId: 'c1', queueId: 'sales', extraSkills: [{ skill: 'vip', minProficiency: 2 }] });
    expect(h.acd.callAgent('c1')).toBe('zh2');
    h.acd.enqueue({ callId: 'c2', queueId: 'sales', language: 'en' });
    expect(h.acd.callAgent('c2')).toBe('en');
  });
});

describe('Acd wait-time relaxation', () => {
  const q: QueueConfig = {
    id: 'support',
    skills: [{ skill: 'billing', minProficiency: 5 }],
    language: 'zh',
    relaxation: [
      { after: 30, minProficiency: 3 },
      { after: 90, minProficiency: 1 },
      { after: 180, addSkills: [{ skill: 'general' }] },
      { after: 240, anyLanguage: true },
    ],
  };

  it.each([
    [29_999, 'none', -1],
    [30_000, 'p3', 0],
    [90_000, 'p1', 1],
    [180_000, 'gen', 2],
    [240_000, 'en', 3],
  ])('after %i ms the call reaches %s (step %i)', (waitMs, expected, step) => {
    const agents = [
      agent('p3', { billing: 3 }, ['zh']),
      agent('p1', { billing: 1 }, ['zh']),
      agent('gen', { general: 2 }, ['zh']),
      agent('en', { billing: 5 }, ['en']),
    ];
    const h = build([q], agents);
    h.acd.enqueue({ callId: 'c', queueId: 'support' });
    // Log in only the agent who qualifies at this step and those below it; each step widens.
    const order = ['p3', 'p1', 'gen', 'en'];
    for (const id of order.slice(step + 1)) h.acd.login(id);
    h.clock.advance(waitMs);
    expect(h.acd.callAgent('c')).toBeNull();
    if (expected === 'none') return;
    // The step's own agent logs in once the step is in force.
    h.acd.login(expected);
    expect(h.acd.callAgent('c')).toBe(expected);
    expect(h.acd.decisions('c').at(-1)!.relaxationStep).toBe(step);
  });

  it('a relaxation step fires on its own timer and routes to an already-ready agent', () => {
    const h = build([q], [agent('p3', { billing: 3 }, ['zh'])]);
    h.acd.login('p3');
    h.acd.enqueue({ callId: 'c', queueId: 'support' });
    h.clock.advance(29_000);
    expect(h.acd.callPhase('c')).toBe('waiting');
    h.clock.advance(1_000);
    expect(h.acd.callAgent('c')).toBe('p3');
    expect(h.acd.decisions('c').at(-1)).toMatchObject({ relaxationStep: 0, trigger: 'call_arrived' });
  });
});

describe('Acd priorities, aging and agents serving several queues', () => {
  const qa: QueueConfig = { id: 'qa', skills: [{ skill: 'a', minProficiency: 1 }], agingPerMinute: 1 };
  const qb: QueueConfig = { id: 'qb', skills: [{ skill: 'b', minProficiency: 1 }], agingPerMinute: 1 };

  it('higher priority first, FIFO within a priority', () => {
    const h = build([qa], [agent('x', { a: 1 })]);
    h.acd.enqueue({ callId: 'low1', queueId: 'qa', priority: 0 });
    h.clock.advance(1000);
    h.acd.enqueue({ callId: 'low2', queueId: 'qa', priority: 0 });
    h.acd.enqueue({ callId: 'vip', queueId: 'qa', priority: 10 });
    const served: string[] = [];
    h.acd.login('x');
    for (let i = 0; i < 3; i++) {
      const callId = h.acd.offeredCall('x')!;
      served.push(callId);
      h.acd.abandon(callId);
    }
    expect(served).toEqual(['vip', 'low1', 'low2']);
  });

  it('aging lets a long-waiting low-priority call beat a newer higher-priority one', () => {
    const h = build([qa], [agent('x', { a: 1 })]);
    h.acd.enqueue({ callId: 'old', queueId: 'qa', priority: 0 });
    h.clock.advance(6 * 60_000);
    h.acd.enqueue({ callId: 'vip', queueId: 'qa', priority: 5 });
    h.acd.login('x');
    expect(h.acd.offeredCall('x')).toBe('old');
  });

  it('an agent in two queues gets the call with the highest effective priority, then the longest wait', () => {
    const h = build([qa, qb], [agent('x', { a: 1, b: 1 })]);
    h.acd.enqueue({ callId: 'a-old', queueId: 'qa', priority: 1 });
    h.clock.advance(10_000);
    h.acd.enqueue({ callId: 'b-new', queueId: 'qb', priority: 1 });
    h.acd.login('x');
    expect(h.acd.offeredCall('x')).toBe('a-old');
    const d = h.acd.decisions('a-old').at(-1)!;
    expect(d.trigger).toBe('agent_available');
    expect(d.competingCalls?.map((c) => c.callId)).toEqual(['a-old', 'b-new']);
    h.acd.enqueue({ callId: 'b-vip', queueId: 'qb', priority: 3 });
    h.acd.abandon('a-old');
    expect(h.acd.offeredCall('x')).toBe('b-vip');
  });
});

describe('Acd races around an offer', () => {
  const q: QueueConfig = { ...sales, ringTimeoutSeconds: 15 };
  const two = () => build([q], [agent('a', { sales: 5 }), agent('b', { sales: 5 })]);

  it('RONA: ring timeout makes the agent not ready and re-offers the call to the next agent', () => {
    const withdrawn: string[] = [];
    const h = build([q], [agent('a', { sales: 5 }), agent('b', { sales: 5 })], {
      onOfferWithdrawn: (e) => withdrawn.push(`${e.callId}@${e.agentId}:${e.reason}`),
    });
    h.acd.login('a');
    h.acd.enqueue({ callId: 'c', queueId: 'sales' });
    h.acd.ringing('c');
    h.acd.login('b');
    expect(h.acd.callAgent('c')).toBe('a');
    h.clock.advance(15_000);
    expect(h.acd.agentStatus('a')).toBe('not_ready');
    expect(h.acd.agentContext('a')!.reason).toBe('missed_call');
    expect(h.acd.callAgent('c')).toBe('b');
    expect(withdrawn).toEqual(['c@a:missed_call']);
  });

  it('a re-offered call goes to the head of its queue, ahead of higher priority', () => {
    const h = two();
    h.acd.login('a');
    h.acd.enqueue({ callId: 'c', queueId: 'sales', priority: 0 });
    h.acd.enqueue({ callId: 'vip', queueId: 'sales', priority: 9 });
    h.acd.reject('c');
    h.acd.login('b');
    expect(h.acd.callAgent('c')).toBe('b');
    expect(h.acd.callPhase('vip')).toBe('waiting');
  });

  it.each([
    ['logout', (h: ReturnType<typeof two>) => h.acd.logout('a')],
    ['phone unregistered', (h: ReturnType<typeof two>) => h.acd.setPhoneRegistered('a', false)],
    ['console disconnected', (h: ReturnType<typeof two>) => h.acd.setConsoleConnected('a', false)],
    ['not ready', (h: ReturnType<typeof two>) => h.acd.setNotReady('a', 'break')],
  ])('%s at the moment of offer never loses the call', (_name, act) => {
    const h = two();
    h.acd.login('a');
    h.acd.enqueue({ callId: 'c', queueId: 'sales' });
    expect(h.acd.callAgent('c')).toBe('a');
    act(h);
    expect(h.acd.callPhase('c')).toBe('waiting');
    h.acd.login('b');
    expect(h.acd.callAgent('c')).toBe('b');
    expect(h.acd.answer('c')).toBe(true);
    expect(h.acd.offeredCall('a')).toBeUndefined();
  });

  it('an unregistered agent in ready state is not offered calls until the phone registers again', () => {
    const h = two();
    h.acd.login('a');
    h.acd.setPhoneRegistered('a', false);
    h.acd.enqueue({ callId: 'c', queueId: 'sales' });
    expect(h.acd.callPhase('c')).toBe('waiting');
    h.acd.setPhoneRegistered('a', true);
    expect(h.acd.callAgent('c')).toBe('a');
  });

  it('caller hang-up while ringing frees the agent for the next call', () => {
    const h = two();
    h.acd.login('a');
    h.acd.enqueue({ callId: 'c1', queueId: 'sales' });
    h.acd.enqueue({ callId: 'c2', queueId: 'sales' });
    h.acd.abandon('c1');
    expect(h.acd.callPhase('c1')).toBeUndefined();
    expect(h.acd.callAgent('c2')).toBe('a');
  });
});

describe('Acd overflow and metrics', () => {
  it('overflows at max wait to another queue, and to voicemail from there', () => {
    const overflows: string[] = [];
    const q1: QueueConfig = { ...sales, maxWaitSeconds: 60, overflow: { kind: 'queue', queueId: 'backup' } };
    const q2: QueueConfig = { id: 'backup', skills: [], maxWaitSeconds: 30, overflow: { kind: 'voicemail' } };
    const h = build([q1, q2], [], {
      onOverflow: (e) => overflows.push(`${e.fromQueueId}->${e.target.kind}`),
    });
    h.acd.enqueue({ callId: 'c', queueId: 'sales' });
    h.clock.advance(60_000);
    expect(h.acd.callQueue('c')).toBe('backup');
    h.clock.advance(30_000);
    expect(h.acd.callPhase('c')).toBeUndefined();
    expect(overflows).toEqual(['sales->queue', 'backup->voicemail']);
  });

  it('publishes waiting, longest wait, service level, ASA, abandon rate and agents by state', () => {
    const published: QueueMetricsSnapshot[] = [];
    const q: QueueConfig = { ...sales, serviceLevelSeconds: 20 };
    const h = build([q], [agent('a', { sales: 5 }), agent('b', { sales: 3 })], {
      onQueueMetrics: (m) => published.push(m),
    });
    h.acd.enqueue({ callId: 'fast', queueId: 'sales' });
    h.clock.advance(10_000);
    h.acd.login('a');
    h.acd.answer('fast'); // 10 s
    h.acd.enqueue({ callId: 'slow', queueId: 'sales' });
    h.acd.enqueue({ callId: 'gone', queueId: 'sales' });
    h.clock.advance(30_000);
    h.acd.abandon('gone'); // after 30 s: outside service level
    h.acd.login('b');
    h.acd.answer('slow'); // 30 s
    const m = published.at(-1)!;
    expect(m).toMatchObject({ queueId: 'sales', waiting: 0, answered: 2, abandoned: 1, entered: 3 });
    expect(m.serviceLevel).toBeCloseTo(1 / 3);
    expect(m.asaMs).toBe(20_000);
    expect(m.abandonRate).toBeCloseTo(1 / 3);
    expect(m.agentsByState.on_call).toBe(2);
    h.acd.enqueue({ callId: 'w', queueId: 'sales' });
    h.clock.advance(5_000);
    expect(h.acd.queueMetrics('sales')).toMatchObject({ waiting: 1, longestWaitMs: 5_000 });
  });
});
