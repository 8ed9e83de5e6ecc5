import { describe, expect, it } from 'vitest';
import {
  abandonRateLevel,
  addTallies,
  emptyTally,
  figures,
  figuresOf,
  tallyLeft,
  longestWaitLevel,
  occupancy,
  serviceLevelLevel,
  timeInStateLevel,
  waitingLevel,
  type CallFact,
} from './metric-definitions.js';

const T0 = Date.UTC(2026, 11, 4, 1, 0, 0);

function fact(over: Partial<CallFact> & Pick<CallFact, 'callId' | 'outcome'>): CallFact {
  return {
    queueId: 'q',
    enteredAt: T0,
    leftAt: over.outcome === 'waiting' ? null : T0 + (over.waitedMs ?? 0),
    waitedMs: null,
    agentId: null,
    talkMs: 0,
    holdMs: 0,
    wrapMs: 0,
    handled: false,
    handledAt: null,
    ...over,
  };
}

describe('metric definitions', () => {
  const options = { serviceLevelSeconds: 20, shortAbandonSeconds: 5 };
  // Ten calls of one queue:
  //  c1 answered after 10 s, talk 120 s, hold 30 s, wrap 30 s → handle 180 s
  //  c2 answered after 20 s (exactly the threshold: within), talk 200 s, wrap 40 s → 240 s
  //  c3 answered after 45 s, talk 60 s, wrap 0 → 60 s
  //  c4 answered after 5 s, still talking (not handled)
  //  c5 abandoned after 3 s (short), c6 after 5 s (short: the threshold is inclusive)
  //  c7 abandoned after 30 s, c8 abandoned after 12 s
  //  c9 overflowed after 90 s, c10 still waiting
  const facts = [
    fact({
      callId: 'c1',
      outcome: 'answered',
      waitedMs: 10_000,
      talkMs: 120_000,
      holdMs: 30_000,
      wrapMs: 30_000,
      handled: true,
    }),
    fact({
      callId: 'c2',
      outcome: 'answered',
      waitedMs: 20_000,
      talkMs: 200_000,
      wrapMs: 40_000,
      handled: true,
    }),
    fact({ callId: 'c3', outcome: 'answered', waitedMs: 45_000, talkMs: 60_000, handled: true }),
    fact({ callId: 'c4', outcome: 'answered', waitedMs: 5_000, talkMs: 0 }),
    fact({ callId: 'c5', outcome: 'abandoned', waitedMs: 3_000 }),
    fact({ callId: 'c6', outcome: 'abandoned', waitedMs: 5_000 }),
    fact({ callId: 'c7', outcome: 'abandoned', waitedMs: 30_000 }),
    fact({ callId: 'c8', outcome: 'abandoned', waitedMs: 12_000 }),
    fact({ callId: 'c9', outcome: 'overflowed', waitedMs: 90_000 }),
    fact({ callId: 'c10', outcome: 'waiting' }),
  ];

  it('counts offered, answered, abandoned, short abandons and overflow', () => {
    const f = figuresOf(facts, options);
    expect(f).toMatchObject({
      offered: 10,
      answered: 4,
      abandoned: 4,
      shortAbandoned: 2,
      overflowed: 1,
      handled: 3,
    });
  });

  it('computes service level, ASA, AHT and abandon rate', () => {
    const f = figuresOf(facts, options);
    // SL = answered within 20 s (c1, c2, c4 = 3) / (answered 4 + abandoned 4 − short 2 = 6) = 0.5
    expect(f.serviceLevel).toBe(0.5);
    // ASA = (10 + 20 + 45 + 5) s / 4 = 20 s
    expect(f.asaMs).toBe(20_000);
    // AHT = (180 + 240 + 60) s / 3 handled = 160 s
    expect(f.ahtMs).toBe(160_000);
    // Abandon rate = (4 − 2) / (4 + 4 − 2) = 2/6
    expect(f.abandonRate).toBeCloseTo(1 / 3, 12);
  });

  it('uses the configured short-abandon threshold', () => {
    // Threshold 0 s: no short abandons. SL = 3 / (4 + 4) = 0.375; abandon rate = 4/8 = 0.5.
    const f = figuresOf(facts, { serviceLevelSeconds: 20, shortAbandonSeconds: 0 });
    expect(f.shortAbandoned).toBe(0);
    expect(f.serviceLevel).toBe(0.375);
    expect(f.abandonRate).toBe(0.5);
  });

  it('has no ratios before anything counts', () => {
    // Only short abandons and a waiting call: nothing in SL's or the abandon rate's base.
    const f = figuresOf([facts[4]!, facts[9]!], options);
    expect(f).toMatchObject({ offered: 2, serviceLevel: null, asaMs: null, ahtMs: null, abandonRate: null });
  });

  it('computes occupancy as busy / (logged in − not ready)', () => {
    // Logged in 8 h, not ready 1 h, busy 5.25 h → 5.25 / 7 = 0.75
    const h = 3_600_000;
    expect(occupancy({ loggedInMs: 8 * h, notReadyMs: h, busyMs: 5.25 * h })).toBe(0.75);
    expect(occupancy({ loggedInMs: h, notReadyMs: h, busyMs: 0 })).toBeNull();
  });

  it('colours the cells', () => {
    // Target 80 %: 0.8 ok, 0.75 warning, 0.70 is exactly 10 points below: warning, 0.69 critical.
    expect(serviceLevelLevel(0.8, 0.8)).toBe('ok');
    expect(serviceLevelLevel(0.75, 0.8)).toBe('warning');
    expect(serviceLevelLevel(0.69, 0.8)).toBe('critical');
    expect(serviceLevelLevel(null, 0.8)).toBe('ok');
    // Threshold 20 s: 20 s ok, 21 s warning, 60 s warning, 61 s critical.
    expect(longestWaitLevel(20_000, 20)).toBe('ok');
    expect(longestWaitLevel(21_000, 20)).toBe('warning');
    expect(longestWaitLevel(60_000, 20)).toBe('warning');
    expect(longestWaitLevel(61_000, 20)).toBe('critical');
    expect(abandonRateLevel(0.05)).toBe('ok');
    expect(abandonRateLevel(0.06)).toBe('warning');
    expect(abandonRateLevel(0.11)).toBe('critical');
    expect(waitingLevel(0, 0)).toBe('ok');
    expect(waitingLevel(2, 2)).toBe('ok');
    expect(waitingLevel(3, 2)).toBe('warning');
    expect(waitingLevel(1, 0)).toBe('critical');
    const limits = { notReadyMinutes: 15, wrapUpMinutes: 5 };
    expect(timeInStateLevel('not_ready', 15 * 60_000, limits)).toBe('ok');
    expect(timeInStateLevel('not_ready', 16 * 60_000, limits)).toBe('warning');
    expect(timeInStateLevel('wrap_up', 11 * 60_000, limits)).toBe('critical');
    expect(timeInStateLevel('on_call', 3_600_000, limits)).toBe('ok');
  });

  it('keeps the longest wait as a maximum across intervals, and counts overflows to a callback', () => {
    const o = { serviceLevelSeconds: 20, shortAbandonSeconds: 5 };
    const a = emptyTally();
    const b = emptyTally();
    tallyLeft(a, 'answered', 30_000, o);
    tallyLeft(a, 'overflowed', 120_000, o, true);
    tallyLeft(b, 'abandoned', 90_000, o);
    tallyLeft(b, 'overflowed', 60_000, o);
    expect(figures(a)).toMatchObject({ longestWaitMs: 120_000, callbacks: 1, overflowed: 1 });
    expect(figures(addTallies(a, b))).toMatchObject({ longestWaitMs: 120_000, callbacks: 1, overflowed: 2 });
    expect(figures(addTallies(b, emptyTally()))).toMatchObject({ longestWaitMs: 90_000, callbacks: 0 });
    // Nothing left the queue: no longest wait.
    expect(figures(emptyTally()).longestWaitMs).toBeNull();
  });
});
