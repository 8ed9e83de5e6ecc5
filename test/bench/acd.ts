// ACD benchmark: routing decision latency with 10,000 agents, 100 skills and 1,000 queued calls,
// and agent state-change throughput through the full ACD (xstate machines + index + routing).
// Run: pnpm exec tsx test/bench/acd.ts   (prints figures, asserts nothing)
import { performance } from 'node:perf_hooks';
import { Acd } from '../../cti-server/src/acd/acd.js';
import { RoutingEngine } from '../../cti-server/src/acd/routing-engine.js';
import type { AgentProfile, QueueConfig, Strategy } from '../../cti-server/src/acd/types.js';
import { SimulatedClock } from '../../cti-server/src/clock/index.js';

const AGENTS = 10_000;
const SKILLS = 100;
const QUEUES = 50;
const CALLS = 1_000;
const SAMPLES = 5_000;

let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(rand() * n);
const skill = (i: number) => `skill-${i}`;

function profiles(): AgentProfile[] {
  return Array.from({ length: AGENTS }, (_, i) => {
    const skills: Record<string, number> = {};
    const count = 3 + int(6);
    while (Object.keys(skills).length < count) skills[skill(int(SKILLS))] = 1 + int(5);
    return {
      id: `agent-${String(i).padStart(5, '0')}`,
      skills,
      languages: rand() < 0.8 ? ['zh'] : ['en', 'zh'],
    };
  });
}

function queues(): QueueConfig[] {
  const strategies: Strategy[] = [
    'least_busy',
    'longest_idle',
    'fewest_calls',
    'most_proficient',
    'round_robin',
  ];
  return Array.from({ length: QUEUES }, (_, i) => ({
    id: `queue-${i}`,
    skills: Array.from({ length: 1 + (i % 2) }, (_, k) => ({
      skill: skill((i * 2 + k) % SKILLS),
      minProficiency: 3,
    })),
    language: i % 5 === 0 ? 'en' : 'zh',
    strategy: strategies[i % strategies.length]!,
    relaxation: [
      { after: 30, minProficiency: 2 },
      { after: 90, minProficiency: 1 },
      { after: 180, addSkills: [{ skill: skill((i + 50) % SKILLS) }] },
    ],
  }));
}

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const fmt = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  return `p50 ${fmt(at(0.5))}  p99 ${fmt(at(0.99))}  max ${fmt(s.at(-1)!)}`;
}

function decisionBench(): void {
  const engine = new RoutingEngine();
  const start = 1_700_000_000_000;
  for (const q of queues()) engine.defineQueue(q);
  const all = profiles();
  for (const p of all) engine.addAgent(p, start - 3_600_000);
  // An hour of history so occupancy differs, then 60 % of agents offerable now.
  for (const p of all) {
    engine.updateAgent(p.id, 'ready', false, start - 3_600_000);
    engine.updateAgent(p.id, 'on_call', false, start - 3_000_000 + int(600_000));
    engine.updateAgent(p.id, 'ready', rand() < 0.6, start - 1_200_000 + int(1_100_000));
  }
  for (let i = 0; i < CALLS; i++) {
    const arrivedAt = start - int(240_000);
    engine.addWaiting(
      {
        callId: `call-${i}`,
        queueId: `queue-${int(QUEUES)}`,
        priority: int(3),
        arrivedAt,
        queueEnteredAt: arrivedAt,
        atHead: false,
        seq: i,
      },
      start,
    );
  }
  const now = start;
  const callIds = Array.from({ length: CALLS }, (_, i) => `call-${i}`);
  const offerable = all.filter((p) => engine.agent(p.id)!.offerable).map((p) => p.id);
  for (let i = 0; i < 500; i++) engine.chooseAgent(callIds[i % CALLS]!, now); // warm-up
  const arrival: number[] = [];
  let considered = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    const d = engine.chooseAgent(callIds[int(CALLS)]!, now + i);
    arrival.push(performance.now() - t0);
    considered += d.candidatesConsidered;
  }
  const available: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    engine.chooseCall(offerable[int(offerable.length)]!, now + i);
    available.push(performance.now() - t0);
  }
  console.log(
    `routing engine: ${AGENTS} agents (${offerable.length} offerable), ${SKILLS} skills, ${QUEUES} queues, ${CALLS} queued calls`,
  );
  console.log(
    `  call → best agent   ${percentiles(arrival)}   (avg ${Math.round(considered / SAMPLES)} candidates scanned)`,
  );
  console.log(`  agent → best call   ${percentiles(available)}`);
}

function throughputBench(): void {
  const clock = new SimulatedClock(1_700_000_000_000);
  let records = 0;
  const acd = new Acd({ clock, delegate: { onAgentTransition: () => records++ } });
  for (const q of queues()) acd.defineQueue(q);
  // One queue nobody can serve keeps 1,000 calls waiting: every agent that turns ready scans them.
  acd.defineQueue({ id: 'unstaffed', skills: [{ skill: 'nobody-has-this', minProficiency: 1 }] });
  const all = profiles();
  for (const p of all) acd.addAgent(p);
  for (let i = 0; i < CALLS; i++) acd.enqueue({ callId: `held-${i}`, queueId: 'unstaffed' });
  const ids = all.map((p) => p.id);

  let t0 = performance.now();
  for (const id of ids) acd.login(id);
  let elapsed = performance.now() - t0;
  console.log(
    `acd: ${AGENTS} logins with ${CALLS} calls queued: ${Math.round(AGENTS / (elapsed / 1000))} state changes/s`,
  );

  records = 0;
  t0 = performance.now();
  for (let i = 0; i < 20_000; i++) {
    const id = ids[int(AGENTS)]!;
    if (!acd.setNotReady(id, 'break')) acd.setReady(id);
  }
  elapsed = performance.now() - t0;
  console.log(
    `  ready ⇄ not_ready: ${records} transitions in ${elapsed.toFixed(0)} ms = ${Math.round(records / (elapsed / 1000))} state changes/s`,
  );

  records = 0;
  let n = 0;
  t0 = performance.now();
  for (let i = 0; i < 5_000; i++) {
    const callId = `call-${i}`;
    acd.enqueue({ callId, queueId: `queue-${int(QUEUES)}` });
    if (acd.callPhase(callId) === 'offered') {
      acd.ringing(callId);
      acd.answer(callId);
      acd.finish(callId);
      n++;
    } else acd.abandon(callId);
    if (i % 100 === 99) clock.advance(31_000); // wrap-up timers end
  }
  elapsed = performance.now() - t0;
  console.log(
    `  full call cycles: ${n} calls, ${records} transitions in ${elapsed.toFixed(0)} ms = ${Math.round(records / (elapsed / 1000))} state changes/s`,
  );
}

decisionBench();
throughputBench();
