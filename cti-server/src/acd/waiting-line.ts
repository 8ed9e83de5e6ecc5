import type { EffectiveRequirement, SkillNeed } from './types.js';

/** A call waiting in one queue. `requirement` is a cache the routing engine keeps current. */
export interface WaitingCall {
  callId: string;
  queueId: string;
  priority: number;
  /** First arrival in the ACD: aging and answer-time metrics count from here. */
  arrivedAt: number;
  /** Entry into this queue: relaxation steps and max wait count from here. */
  queueEnteredAt: number;
  /** Re-offered after a failed offer: served before everyone else in its queue. */
  atHead: boolean;
  /** Arrival order, the last deterministic tiebreak. */
  seq: number;
  extraSkills?: SkillNeed[];
  language?: string | null;
  requirement: EffectiveRequirement;
  /** Static ordering key: priority − aging × arrival; see `effectivePriority`. */
  key: number;
}

const MS_PER_MINUTE = 60_000;

/**
 * Effective priority = priority + agingPerMinute × minutes waited. With one aging rate per queue
 * the order inside a queue never changes with time, so the line can stay sorted on a static key.
 */
export function orderingKey(priority: number, arrivedAt: number, agingPerMinute: number): number {
  return priority - (agingPerMinute * arrivedAt) / MS_PER_MINUTE;
}

export function effectivePriority(call: WaitingCall, agingPerMinute: number, now: number): number {
  return call.key + (agingPerMinute * now) / MS_PER_MINUTE;
}

/** Negative when `a` is served before `b`: head-of-queue first, then effective priority, then FIFO. */
export function compareInLine(a: WaitingCall, b: WaitingCall): number {
  if (a.atHead !== b.atHead) return a.atHead ? -1 : 1;
  if (a.key !== b.key) return b.key - a.key;
  return a.seq - b.seq;
}

/** One queue's waiting calls, kept sorted in service order. */
export class WaitingLine {
  readonly calls: WaitingCall[] = [];

  insert(call: WaitingCall): void {
    let lo = 0;
    let hi = this.calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareInLine(this.calls[mid]!, call) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.calls.splice(lo, 0, call);
  }

  remove(call: WaitingCall): boolean {
    const i = this.calls.indexOf(call);
    if (i < 0) return false;
    this.calls.splice(i, 1);
    return true;
  }

  get size(): number {
    return this.calls.length;
  }

  /** Earliest arrival among waiting calls (not necessarily the head), or null. */
  oldestArrival(): number | null {
    let oldest: number | null = null;
    for (const c of this.calls) if (oldest === null || c.arrivedAt < oldest) oldest = c.arrivedAt;
    return oldest;
  }
}
