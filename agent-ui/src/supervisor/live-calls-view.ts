// The Live calls page's pure parts: how long a call has been in its phase and waited, the
// filter, the order, and durations as the page writes them. Unit-tested.
import type { LiveCallPhase, WallboardCall } from '../api/types.js';

export const PHASES: LiveCallPhase[] = ['ivr', 'waiting', 'ringing', 'connected', 'held'];

const ms = (iso: string | null): number | null => (iso ? Date.parse(iso) : null);

/** When the call entered its phase as far as the row tells: answer, queueing, or arrival. */
export function phaseSince(call: WallboardCall): string {
  if ((call.phase === 'connected' || call.phase === 'held') && call.answeredAt) return call.answeredAt;
  if ((call.phase === 'waiting' || call.phase === 'ringing') && call.queuedAt) return call.queuedAt;
  return call.startedAt;
}

/** Time in the queue: until the answer once answered, until now while waiting; null before queueing. */
export function waitMs(call: WallboardCall, now: number): number | null {
  const queued = ms(call.queuedAt);
  if (queued === null) return null;
  const end = ms(call.answeredAt) ?? now;
  return Math.max(0, end - queued);
}

export function inPhaseMs(call: WallboardCall, now: number): number {
  return Math.max(0, now - Date.parse(phaseSince(call)));
}

/** `m:ss`, or `h:mm:ss` from an hour. */
export function clock(durationMs: number): string {
  const total = Math.max(0, Math.floor(durationMs / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export interface LiveCallFilter {
  phases: LiveCallPhase[];
  queueIds: string[];
}

/** Calls matching the filter (an empty list matches all), in phase order then longest first. */
export function visibleCalls(calls: readonly WallboardCall[], filter: LiveCallFilter): WallboardCall[] {
  return calls
    .filter((c) => filter.phases.length === 0 || filter.phases.includes(c.phase))
    .filter(
      (c) => filter.queueIds.length === 0 || (c.queueId !== null && filter.queueIds.includes(c.queueId)),
    )
    .sort(
      (a, b) =>
        PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
        Date.parse(phaseSince(a)) - Date.parse(phaseSince(b)) ||
        a.callId.localeCompare(b.callId),
    );
}
