// The wallboard's and the grid's numbers as they are shown: shares as whole percents, durations
// as clocks, "—" where a figure has no base yet, and live times that tick between pushes.
import type { WallboardAgent, WallboardQueue } from '../api/types.js';
import { clock } from './live-calls-view.js';

export const NONE = '—';

/** 0.853 → "85 %"; null (no base yet) → "—". */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? NONE : `${Math.round(share * 100)} %`;
}

/** A duration as `m:ss` (`h:mm:ss` from an hour); null → "—". */
export function duration(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? NONE : clock(ms);
}

/** The queue's longest wait now: the pushed figure grows from its `at` while calls wait. */
export function longestWaitNow(queue: WallboardQueue, now: number): number {
  if (queue.waiting === 0) return 0;
  return queue.longestWaitMs + Math.max(0, now - Date.parse(queue.at));
}

/** An agent's time in their state now. */
export function timeInStateMs(agent: WallboardAgent, now: number): number {
  return Math.max(0, now - Date.parse(agent.since));
}

/** The agent's part of their current call so far. */
export function callDurationMs(agent: WallboardAgent, now: number): number | null {
  return agent.call ? Math.max(0, now - Date.parse(agent.call.since)) : null;
}

/** The figures of "80 % in 20 s" for a message. */
export function serviceLevelGoal(queue: WallboardQueue): { percent: number; seconds: number } {
  return { percent: Math.round(queue.serviceLevelTarget * 100), seconds: queue.serviceLevelSeconds };
}

/** A local wall-clock time "09:15" of an ISO instant in the centre's time zone. */
export function hourMinute(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(new Date(iso));
}
