import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import type { CustomerLookup, IvrOutcomeKind } from '../call-types.js';
import { compileFlow, type IvrMachine } from '../compile/compile-flow.js';
import { createIvrCall } from '../runtime/start-ivr-call.js';
import { fakeCustomerLookup } from '../simulate/fake-customers.js';
import { flows } from './index.js';

/** mulberry32: a tiny seeded PRNG so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RUNS_PER_FLOW = 150;
const RANDOM_EVENTS = 60;
/** Once input stops, every call must end within this much silence. */
const DRAIN_LIMIT_MS = 30 * 60_000;
const KEYS = '0123456789*#';
const TIMES = ['2026-11-24T10:00:00+08:00', '2026-11-24T23:00:00+08:00', '2026-10-01T12:00:00+08:00'];
const ANIS = ['13800138000', '13900139000', '14155550123', '13700000000'];
const FINAL_KINDS: IvrOutcomeKind[] = ['queue', 'transfer', 'voicemail', 'callback', 'hangup', 'abandoned'];
let drained = 0;
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function randomLookup(random: () => number): CustomerLookup {
  const fake = fakeCustomerLookup();
  const mode = random();
  if (mode < 0.7) return fake;
  if (mode < 0.8) return async () => Promise.reject(new Error('CRM down'));
  return () => new Promise(() => undefined);
}

/** One compiled machine per flow, as on the server; each run swaps in its own clock. */
function fuzzer(flowId: string) {
  let clock = new SimulatedClock();
  const machine = compileFlow(flows[flowId]!, { now: () => clock.now() });
  return (seed: number) => {
    clock = new SimulatedClock();
    return fuzzOnce(machine, clock, seed);
  };
}

async function fuzzOnce(machine: IvrMachine, clock: SimulatedClock, seed: number) {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  clock.set(Date.parse(pick(TIMES)));
  const actor = createIvrCall(machine, {
    input: { ani: pick(ANIS), dnis: '4008001000' },
    clock,
    onLookupCustomer: randomLookup(random),
  });
  actor.start();
  // Varying length and prompt-done rate leaves calls in every kind of state for the drain,
  // including media that never reports a prompt finished.
  const events = Math.floor(random() * RANDOM_EVENTS);
  const promptDoneRate = random() < 0.2 ? 0 : 0.25;
  for (let i = 0; i < events && actor.getSnapshot().status === 'active'; i++) {
    const roll = random();
    if (roll < 0.35) actor.send({ type: 'DTMF', digit: pick([...KEYS]) });
    else if (roll < 0.35 + promptDoneRate) actor.send({ type: 'PROMPT_DONE' });
    else if (roll < 0.85) clock.increment(Math.floor(random() * 8000));
    else if (roll < 0.87) actor.send({ type: 'HANGUP' });
    else await settle();
  }
  if (actor.getSnapshot().status === 'active') drained++;
  const drainUntil = clock.now() + DRAIN_LIMIT_MS;
  while (actor.getSnapshot().status === 'active' && clock.now() < drainUntil) {
    if (actor.getSnapshot().hasTag('lookingUp')) await settle();
    clock.increment(5000);
  }
  return actor.getSnapshot();
}

describe.each(Object.keys(flows))('fuzz: %s', (flowId) => {
  it(`ends every one of ${RUNS_PER_FLOW} random calls in a final outcome`, async () => {
    const kinds = new Set<string>();
    const run = fuzzer(flowId);
    drained = 0;
    for (let seed = 1; seed <= RUNS_PER_FLOW; seed++) {
      const snapshot = await run(seed);
      expect(snapshot.status, `seed ${seed} stuck in ${JSON.stringify(snapshot.value)}`).toBe('done');
      const output = snapshot.output!;
      expect(FINAL_KINDS).toContain(output.outcome.kind);
      expect(output.path.length).toBeGreaterThan(0);
      expect(output.path.every((e) => e.leftAt !== null && e.leftAt >= e.enteredAt)).toBe(true);
      kinds.add(output.outcome.kind);
    }
    // The random input must actually reach a spread of endings, or the fuzz proves little.
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    expect(drained).toBeGreaterThan(RUNS_PER_FLOW / 4);
  });
});
