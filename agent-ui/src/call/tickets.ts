/** How close a ticket is to its SLA due time. */
export type SlaState = 'none' | 'overdue' | 'due-soon' | 'ok';

const SOON_MS = 4 * 3_600_000;

/** Overdue past the due time, due soon within 4 h, for tickets still open (resolved ones: none). */
export function slaState(slaDueAt: string | null, status: string, now = Date.now()): SlaState {
  if (!slaDueAt || status === 'resolved' || status === 'closed') return 'none';
  const left = new Date(slaDueAt).getTime() - now;
  if (Number.isNaN(left)) return 'none';
  if (left < 0) return 'overdue';
  return left <= SOON_MS ? 'due-soon' : 'ok';
}

/** Newest first, the order the agent reads a history in. */
export function newestFirst<T extends { at: string }>(updates: readonly T[]): T[] {
  return [...updates].sort((a, b) => b.at.localeCompare(a.at));
}
