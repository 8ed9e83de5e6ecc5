// The one place the supervisor's figures are defined (docs/METRICS.md says the same in words).
// Pure functions over plain "call facts" and agent state time; the wallboard folds live events
// into them, the reports will fold stored rows into them, and both must agree to the call.
import type { Level } from './supervision-events.js';

/** What happened to one call in one queue, as far as it went. Times in ms since the epoch. */
export interface CallFact {
  callId: string;
  queueId: string;
  /** When the call entered this queue (a requeue after a missed offer is the same entry). */
  enteredAt: number;
  /** How the call left the queue; `waiting` while it is still there. */
  outcome: 'waiting' | 'answered' | 'abandoned' | 'overflowed';
  /** When it left the queue (answer, hang-up or overflow); null while waiting. */
  leftAt: number | null;
  /** Time in this queue until it left; null while waiting. */
  waitedMs: number | null;
  /** The agent who answered. */
  agentId: string | null;
  /** Connected time, answer to the agent's part ending (hold included, see `holdMs`). */
  talkMs: number;
  /** Time on hold (0 where holds are not reported separately: then it is inside `talkMs`). */
  holdMs: number;
  /** The agent's wrap-up after the call. */
  wrapMs: number;
  /** Answered and finished, wrap-up done: only these count in AHT. */
  handled: boolean;
  /** When the wrap-up ended (the call counts in AHT from then). */
  handledAt: number | null;
}

export interface FigureOptions {
  /** The queue's service-level threshold in seconds ("answered within 20 s"). */
  serviceLevelSeconds: number;
  /** Abandons within this many seconds are short abandons (default 5). */
  shortAbandonSeconds: number;
}

/** Counts and sums; every figure is a ratio of these, so tallies add up across intervals. */
export interface Tally {
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  shortAbandoned: number;
  overflowed: number;
  /** Sum of answered calls' waits (ASA's numerator). */
  answerWaitMs: number;
  handled: number;
  /** Talk + hold + wrap-up of handled calls (AHT's numerator). */
  handleMs: number;
  /** The longest wait of a call that left the queue (a maximum: tallies take the larger). */
  longestWaitMs: number;
  /** Calls the queue overflowed to a callback request. */
  callbacks: number;
}

export function emptyTally(): Tally {
  return {
    offered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    abandoned: 0,
    shortAbandoned: 0,
    overflowed: 0,
    answerWaitMs: 0,
    handled: 0,
    handleMs: 0,
    longestWaitMs: 0,
    callbacks: 0,
  };
}

export function addTallies(a: Tally, b: Tally): Tally {
  const out = emptyTally();
  for (const key of Object.keys(out) as Array<keyof Tally>) out[key] = a[key] + b[key];
  out.longestWaitMs = Math.max(a.longestWaitMs, b.longestWaitMs);
  return out;
}

/** A call entered the queue: offered. */
export function tallyEntered(t: Tally): void {
  t.offered += 1;
}

/** A call left the queue (answered, abandoned or overflowed — to a callback request?) after `waitedMs`. */
export function tallyLeft(
  t: Tally,
  outcome: 'answered' | 'abandoned' | 'overflowed',
  waitedMs: number,
  o: FigureOptions,
  toCallback = false,
): void {
  t.longestWaitMs = Math.max(t.longestWaitMs, waitedMs);
  if (outcome === 'overflowed' && toCallback) t.callbacks += 1;
  if (outcome === 'answered') {
    t.answered += 1;
    t.answerWaitMs += waitedMs;
    if (waitedMs <= o.serviceLevelSeconds * 1000) t.answeredWithinThreshold += 1;
  } else if (outcome === 'abandoned') {
    t.abandoned += 1;
    if (isShortAbandon(waitedMs, o)) t.shortAbandoned += 1;
  } else t.overflowed += 1;
}

/** An answered call's wrap-up ended: handled, with its handle time. */
export function tallyHandled(t: Tally, fact: Pick<CallFact, 'talkMs' | 'holdMs' | 'wrapMs'>): void {
  t.handled += 1;
  t.handleMs += handleTimeMs(fact);
}

/** A short abandon: the caller hung up within the threshold (inclusive), a wrong number or a change of mind. */
export function isShortAbandon(waitedMs: number, o: Pick<FigureOptions, 'shortAbandonSeconds'>): boolean {
  return waitedMs <= o.shortAbandonSeconds * 1000;
}

export function handleTimeMs(fact: Pick<CallFact, 'talkMs' | 'holdMs' | 'wrapMs'>): number {
  return fact.talkMs + fact.holdMs + fact.wrapMs;
}

/** Every event of a set of facts, tallied (offered, left, handled), whatever their time. */
export function tallyFacts(facts: Iterable<CallFact>, o: FigureOptions): Tally {
  const t = emptyTally();
  for (const f of facts) {
    tallyEntered(t);
    if (f.outcome !== 'waiting' && f.waitedMs !== null) tallyLeft(t, f.outcome, f.waitedMs, o);
    if (f.handled) tallyHandled(t, f);
  }
  return t;
}

export interface Figures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  overflowed: number;
  handled: number;
  /** answered within T / (answered + abandoned − short abandons); null with nothing to count. */
  serviceLevel: number | null;
  /** Average wait of answered calls. */
  asaMs: number | null;
  /** (talk + hold + wrap-up) / handled. */
  ahtMs: number | null;
  /** (abandoned − short) / (answered + abandoned − short). */
  abandonRate: number | null;
  /** The longest wait of a call that left the queue (answered, abandoned or overflowed); null with none. */
  longestWaitMs: number | null;
  /** Calls overflowed to a callback request. */
  callbacks: number;
}

export function figures(t: Tally): Figures {
  const longAbandons = t.abandoned - t.shortAbandoned;
  const base = t.answered + longAbandons;
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    shortAbandoned: t.shortAbandoned,
    overflowed: t.overflowed,
    handled: t.handled,
    serviceLevel: base > 0 ? t.answeredWithinThreshold / base : null,
    asaMs: t.answered > 0 ? t.answerWaitMs / t.answered : null,
    ahtMs: t.handled > 0 ? t.handleMs / t.handled : null,
    abandonRate: base > 0 ? longAbandons / base : null,
    longestWaitMs: t.answered + t.abandoned + t.overflowed > 0 ? t.longestWaitMs : null,
    callbacks: t.callbacks,
  };
}

/** The figures of a set of call facts (the reports' entry point). */
export function figuresOf(facts: Iterable<CallFact>, o: FigureOptions): Figures {
  return figures(tallyFacts(facts, o));
}

/** An agent's time by kind over a period (ms). */
export interface AgentTime {
  /** Logged in (every state but logged_out). */
  loggedInMs: number;
  notReadyMs: number;
  /** Reserved + ringing + on a call + wrap-up. */
  busyMs: number;
}

/**
 * Occupancy: busy / (logged in − not ready), i.e. the share of the time the agent was available
 * to the queues that went on calls (ringing, talking, holding, wrapping up). null with no such time.
 */
export function occupancy(t: AgentTime): number | null {
  const available = t.loggedInMs - t.notReadyMs;
  return available > 0 ? Math.min(1, t.busyMs / available) : null;
}

// ── Levels: the wallboard's amber and red ──────────────────────────────────────────────────

/** Service level: below the target → warning; 10 points or more below → critical. */
export function serviceLevelLevel(serviceLevel: number | null, target: number): Level {
  if (serviceLevel === null) return 'ok';
  if (serviceLevel < target - 0.1) return 'critical';
  return serviceLevel < target ? 'warning' : 'ok';
}

/** Longest wait: beyond the service-level threshold → warning; beyond 3× → critical. */
export function longestWaitLevel(longestWaitMs: number, serviceLevelSeconds: number): Level {
  const t = serviceLevelSeconds * 1000;
  if (longestWaitMs > 3 * t) return 'critical';
  return longestWaitMs > t ? 'warning' : 'ok';
}

/** Abandon rate: above 5 % → warning, above 10 % → critical (the usual inbound targets). */
export function abandonRateLevel(abandonRate: number | null): Level {
  if (abandonRate === null) return 'ok';
  if (abandonRate > 0.1) return 'critical';
  return abandonRate > 0.05 ? 'warning' : 'ok';
}

/** Calls waiting: more than the agents ready → warning; waiting with nobody ready → critical. */
export function waitingLevel(waiting: number, agentsReady: number): Level {
  if (waiting === 0) return 'ok';
  if (agentsReady === 0) return 'critical';
  return waiting > agentsReady ? 'warning' : 'ok';
}

/**
 * Time in state: not ready or wrap-up beyond the alert thresholds → warning, beyond twice → critical;
 * other states are never coloured (a long call is not a fault).
 */
export function timeInStateLevel(
  state: string,
  timeInStateMs: number,
  limits: { notReadyMinutes: number; wrapUpMinutes: number },
): Level {
  const minutes =
    state === 'not_ready' ? limits.notReadyMinutes : state === 'wrap_up' ? limits.wrapUpMinutes : null;
  if (minutes === null) return 'ok';
  const limit = minutes * 60_000;
  if (timeInStateMs > 2 * limit) return 'critical';
  return timeInStateMs > limit ? 'warning' : 'ok';
}
