import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { Acd } from './acd.js';
import { effectiveRequirement, relaxationStepAt } from './relaxation.js';
import type { AgentProfile, EffectiveRequirement, QueueConfig } from './types.js';

// Random interleavings of arrivals, abandons, answers, rejects, agent state changes, logouts and
// disconnects, with the ACD's invariants checked after every step against an independent model.

/** mulberry32: small seeded PRNG so a failing seed can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}

const QUEUES: QueueConfig[] = [
  {
    id: 'q1',
    skills: [{ skill: 's1', minProficiency: 3 }],
    language: 'zh',
    relaxation: [
      { after: 20, minProficiency: 1 },
      { after: 60, addSkills: [{ skill: 's3' }] },
      { after: 90, anyLanguage: true },
    ],
    maxWaitSeconds: 120,
    overflow: { kind: 'queue', queueId: 'q2' },
    ringTimeoutSeconds: 10,
    wrapUpSeconds: 5,
  },
  {
    id: 'q2',
    skills: [{ skill: 's2', minProficiency: 2 }],
    strategy: 'longest_idle',
    maxWaitSeconds: 100,
    overflow: { kind: 'voicemail' },
    requireDisposition: true,
  },
  {
    id: 'q3',
    skills: [
      { skill: 's1', minProficiency: 1 },
      { skill: 's2', minProficiency: 1 },
    ],
    strategy: 'round_robin',
  },
];

function meets(profile: AgentProfile, req: EffectiveRequirement): boolean {
  if (req.language !== null && !(profile.languages ?? []).includes(req.language)) return false;
  return req.groups.some((g) => g.every((n) => (profile.skills[n.skill] ?? 0) >= n.minProficiency));
}

function runScenario(seed: number, steps: number): number {
  const r = prng(seed);
  const clock = new SimulatedClock(1_000_000);
  const profiles = new Map<string, AgentProfile>();
  const live = new Set<string>();
  const violations: string[] = [];
  const acd: Acd = new Acd({
    clock,
    explainTopK: 3,
    delegate: {
      onOffer: (o) => {
        // The offered agent met the requirement of the relaxation step in force at that moment.
        const call = acd.engine.waitingCall(o.callId);
        if (call) violations.push(`offer of ${o.callId} while still waiting`);
        const queue = QUEUES.find((q) => q.id === o.queueId)!;
        const step = relaxationStepAt(queue, o.decision.waitedMs);
        const req = effectiveRequirement(queue, step, arrivals.get(o.callId)!);
        if (step !== o.decision.relaxationStep)
          violations.push(`${o.callId}: step ${o.decision.relaxationStep} ≠ ${step}`);
        if (!meets(profiles.get(o.agentId)!, req))
          violations.push(`${o.agentId} unqualified for ${o.callId}`);
      },
      onOverflow: (e) => {
        if (e.target.kind !== 'queue') live.delete(e.callId);
      },
    },
  });
  const arrivals = new Map<
    string,
    { extraSkills?: { skill: string; minProficiency: number }[]; language?: string }
  >();
  for (const q of QUEUES) acd.defineQueue(q);
  const agentIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    const skills: Record<string, number> = {};
    for (const s of ['s1', 's2', 's3']) if (r.next() < 0.6) skills[s] = 1 + r.int(5);
    const profile = { id: `a${i}`, skills, languages: r.next() < 0.7 ? ['zh'] : ['en'] };
    profiles.set(profile.id, profile);
    agentIds.push(profile.id);
    acd.addAgent(profile);
  }
  let nextCall = 0;
  const offered = () => [...live].filter((c) => acd.callPhase(c) === 'offered');
  const connected = () => [...live].filter((c) => acd.callPhase(c) === 'connected');

  const actions: Array<() => void> = [
    () => {
      const callId = `c${nextCall++}`;
      const arrival = r.next() < 0.2 ? { language: 'en' } : {};
      arrivals.set(callId, arrival);
      live.add(callId);
      acd.enqueue({ callId, queueId: r.pick(QUEUES)!.id, priority: r.int(3), ...arrival });
    },
    () => {
      const c = r.pick([...live]);
      if (c && acd.abandon(c)) live.delete(c);
    },
    () => {
      const c = r.pick(offered());
      if (c) acd.answer(c);
    },
    () => {
      const c = r.pick(offered());
      if (c) acd.reject(c);
    },
    () => {
      const c = r.pick(offered());
      if (c) acd.ringing(c);
    },
    () => {
      const c = r.pick(connected());
      if (c && acd.finish(c)) live.delete(c);
    },
    () => acd.login(r.pick(agentIds)!),
    () => acd.logout(r.pick(agentIds)!),
    () => acd.setReady(r.pick(agentIds)!),
    () => acd.setNotReady(r.pick(agentIds)!, 'break'),
    () => acd.setPhoneRegistered(r.pick(agentIds)!, r.next() < 0.5),
    () => acd.setConsoleConnected(r.pick(agentIds)!, r.next() < 0.5),
    () => acd.setDisposition(r.pick(agentIds)!, 'done'),
    () => acd.forceState(r.pick(agentIds)!, r.pick(['ready', 'not_ready', 'logged_out'] as const)!, 'sup'),
    () => clock.advance(r.int(30_000)),
  ];

  for (let step = 0; step < steps; step++) {
    r.pick(actions)!();
    const now = clock.now();
    const where = `seed ${seed} step ${step}`;
    // Every live call is in exactly one phase; the ACD knows no call the model thinks ended.
    for (const c of live) if (acd.callPhase(c) === undefined) violations.push(`${where}: lost ${c}`);
    for (const c of acd.liveCalls()) if (!live.has(c)) violations.push(`${where}: ghost ${c}`);
    const offeredTo = new Map<string, string>();
    for (const c of live) {
      const phase = acd.callPhase(c);
      const waiting = acd.engine.waitingCall(c) !== undefined;
      if (waiting !== (phase === 'waiting'))
        violations.push(`${where}: ${c} ${phase} but waiting=${waiting}`);
      if (phase === 'offered') {
        const agentId = acd.callAgent(c)!;
        if (offeredTo.has(agentId)) violations.push(`${where}: ${agentId} holds two offers`);
        offeredTo.set(agentId, c);
        if (acd.offeredCall(agentId) !== c)
          violations.push(`${where}: ${c} offered to ${agentId} twice-mapped`);
        const status = acd.agentStatus(agentId);
        if (status !== 'reserved' && status !== 'ringing')
          violations.push(`${where}: ${agentId} ${status} with offer`);
      }
      if (phase === 'connected' && acd.agentStatus(acd.callAgent(c)!) !== 'on_call') {
        violations.push(`${where}: ${c} connected but agent not on call`);
      }
    }
    // Settled: no offerable agent stands next to a waiting call it qualifies for.
    for (const id of agentIds) {
      const ctx = acd.agentContext(id)!;
      if ((ctx.status === 'reserved' || ctx.status === 'ringing') && !offeredTo.has(id)) {
        violations.push(`${where}: ${id} ${ctx.status} without an offer`);
      }
      if (ctx.status !== 'ready' || !ctx.phoneRegistered || !ctx.consoleConnected) continue;
      for (const c of live) {
        const w = acd.engine.waitingCall(c);
        if (!w) continue;
        const queue = QUEUES.find((q) => q.id === w.queueId)!;
        const req = effectiveRequirement(
          queue,
          relaxationStepAt(queue, now - w.queueEnteredAt),
          arrivals.get(c)!,
        );
        if (meets(profiles.get(id)!, req)) violations.push(`${where}: ${id} idle next to ${c}`);
      }
    }
    if (violations.length > 0) break;
  }
  expect(violations).toEqual([]);
  return nextCall;
}

describe('Acd under random interleavings', () => {
  it('keeps its invariants over 300 seeded runs of 150 steps', () => {
    let calls = 0;
    for (let seed = 1; seed <= 300; seed++) calls += runScenario(seed, 150);
    expect(calls).toBeGreaterThan(1000);
  });
});
