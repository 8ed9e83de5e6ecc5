import type { AgentEntry } from './agent-entry.js';
import type { Strategy } from './types.js';

// One comparator per strategy. Every chain ends on the agent id so a decision never depends on
// iteration order. Negative means `a` wins.

const EPSILON = 1e-9;

type Criterion = (a: AgentEntry, b: AgentEntry) => number;

const lowerOccupancy: Criterion = (a, b) =>
  Math.abs(a.sOccupancy - b.sOccupancy) < EPSILON ? 0 : a.sOccupancy - b.sOccupancy;
const longerIdle: Criterion = (a, b) => a.idleSince - b.idleSince;
const fewerCalls: Criterion = (a, b) => a.sCalls - b.sCalls;
const moreProficient: Criterion = (a, b) => b.sProficiency - a.sProficiency;
const nextInTurn: Criterion = (a, b) => a.sRoundRobin - b.sRoundRobin;
const byId: Criterion = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface NamedCriterion {
  name: string;
  compare: Criterion;
  describe: (winner: AgentEntry, other: AgentEntry, now: number) => string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const CRITERIA = {
  occupancy: {
    name: 'lowest occupancy',
    compare: lowerOccupancy,
    describe: (w, o) => `${pct(w.sOccupancy)} vs ${pct(o.sOccupancy)}`,
  },
  idle: {
    name: 'longest idle',
    compare: longerIdle,
    describe: (w, o, now) => `${now - w.idleSince} ms vs ${now - o.idleSince} ms`,
  },
  calls: { name: 'fewest calls', compare: fewerCalls, describe: (w, o) => `${w.sCalls} vs ${o.sCalls}` },
  proficiency: {
    name: 'most proficient',
    compare: moreProficient,
    describe: (w, o) => `proficiency sum ${w.sProficiency} vs ${o.sProficiency}`,
  },
  turn: {
    name: 'next in round-robin turn',
    compare: nextInTurn,
    describe: () => 'after the last agent served',
  },
  id: { name: 'agent id tiebreak', compare: byId, describe: (w, o) => `${w.id} < ${o.id}` },
} satisfies Record<string, NamedCriterion>;

const CHAINS: Record<Strategy, NamedCriterion[]> = {
  least_busy: [CRITERIA.occupancy, CRITERIA.idle, CRITERIA.id],
  longest_idle: [CRITERIA.idle, CRITERIA.id],
  fewest_calls: [CRITERIA.calls, CRITERIA.idle, CRITERIA.id],
  most_proficient: [CRITERIA.proficiency, CRITERIA.occupancy, CRITERIA.idle, CRITERIA.id],
  round_robin: [CRITERIA.turn, CRITERIA.id],
};

/** Comparator for a strategy (pre-built: no closures are made per decision). */
export const RANKERS: Record<Strategy, Criterion> = Object.fromEntries(
  Object.entries(CHAINS).map(([strategy, chain]) => {
    const compares = chain.map((c) => c.compare);
    const ranker: Criterion = (a, b) => {
      for (const compare of compares) {
        const d = compare(a, b);
        if (d !== 0) return d;
      }
      return 0;
    };
    return [strategy, ranker];
  }),
) as Record<Strategy, Criterion>;

/** Which criterion separated the winner from the runner-up, in words. */
export function explainWin(
  strategy: Strategy,
  winner: AgentEntry,
  runnerUp: AgentEntry | undefined,
  now: number,
): string {
  if (!runnerUp) return `${strategy}: only qualified agent`;
  for (const c of CHAINS[strategy]) {
    if (c.compare(winner, runnerUp) !== 0) {
      return `${strategy}: ${c.name} (${c.describe(winner, runnerUp, now)}; runner-up ${runnerUp.id})`;
    }
  }
  return `${strategy}: tie with ${runnerUp.id}`;
}
