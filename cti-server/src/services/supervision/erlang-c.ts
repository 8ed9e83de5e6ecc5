// Staffing now (Erlang C). The model's assumptions, which real queues only approximate:
// - calls arrive at random (Poisson) at a steady rate: the last 30 minutes' rate holds;
// - handle times are exponentially distributed around the AHT;
// - callers never abandon (infinite patience) and there are enough lines for all who wait;
// - every agent counted takes calls of this queue only, first come first served.
// With abandons the real service level is better than predicted for the same staff (the
// impatient leave the line), so the figure errs on the side of more agents.

/**
 * Erlang B blocking probability for `agents` servers and `erlangs` of offered load, by the
 * recurrence B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)): no factorials or powers, so it stays
 * finite and exact for hundreds of agents.
 */
export function erlangB(agents: number, erlangs: number): number {
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (erlangs * b) / (n + erlangs * b);
  return b;
}

/**
 * Erlang C: the probability a call has to wait, C = N·B / (N − A·(1 − B)). 1 when the agents
 * cannot keep up (N ≤ A): the queue grows without bound.
 */
export function erlangC(agents: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  const b = erlangB(agents, erlangs);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** Share of calls answered within `thresholdMs`: 1 − C·e^(−(N − A)·T / AHT). */
export function predictedServiceLevel(
  agents: number,
  erlangs: number,
  ahtMs: number,
  thresholdMs: number,
): number {
  if (erlangs <= 0) return 1;
  if (agents <= erlangs) return 0;
  const c = erlangC(agents, erlangs);
  return Math.max(0, 1 - c * Math.exp((-(agents - erlangs) * thresholdMs) / ahtMs));
}

/** The most agents `agentsNeeded` will try: beyond it the centre has other problems. */
const MAX_AGENTS = 10_000;

/**
 * The fewest agents whose predicted service level reaches `target` (0–1); null without traffic
 * (or beyond MAX_AGENTS).
 */
export function agentsNeeded(
  erlangs: number,
  ahtMs: number,
  thresholdMs: number,
  target: number,
): number | null {
  if (!(erlangs > 0) || !(ahtMs > 0)) return null;
  for (let n = Math.max(1, Math.floor(erlangs) + 1); n <= MAX_AGENTS; n++)
    if (predictedServiceLevel(n, erlangs, ahtMs, thresholdMs) >= target) return n;
  return null;
}

/** Offered load in erlangs: calls per hour × AHT in hours. */
export function offeredLoad(callsPerHour: number, ahtMs: number): number {
  return (callsPerHour * ahtMs) / 3_600_000;
}
