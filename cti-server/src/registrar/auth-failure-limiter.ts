export interface AuthFailureLimiterOptions {
  /** Failures within `windowMs` that trigger the block (default 5). */
  maxFailures?: number;
  /** Sliding window in ms (default 60 000). */
  windowMs?: number;
  now?: () => number;
  /** Tracked keys above which stale entries are pruned (bounds memory under a spraying attack). */
  pruneAbove?: number;
}

/**
 * Brute-force guard for digest authentication: failed attempts are counted per source IP and per
 * username; once either reaches `maxFailures` inside the sliding window, the registrar answers 403
 * without issuing a challenge until the oldest counted failure leaves the window.
 */
export class AuthFailureLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly pruneAbove: number;
  /** key → failure timestamps, oldest first, at most `maxFailures` kept. */
  private readonly failures = new Map<string, number[]>();

  constructor(options: AuthFailureLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.pruneAbove = options.pruneAbove ?? 10_000;
  }

  /** True when the source IP or (when given) the username is currently blocked. */
  isBlocked(ip: string, username?: string): boolean {
    return this.blocked(ipKey(ip)) || (username !== undefined && this.blocked(userKey(username)));
  }

  recordFailure(ip: string, username?: string): void {
    this.add(ipKey(ip));
    if (username !== undefined) this.add(userKey(username));
    if (this.failures.size > this.pruneAbove) this.prune();
  }

  /** A successful authentication clears that user's counter (the IP counter keeps running). */
  recordSuccess(username: string): void {
    this.failures.delete(userKey(username));
  }

  /** Failures currently counted against an IP (for diagnostics and tests). */
  failuresFor(ip: string): number {
    return this.live(ipKey(ip)).length;
  }

  private blocked(key: string): boolean {
    return this.live(key).length >= this.maxFailures;
  }

  private add(key: string): void {
    const list = this.live(key);
    list.push(this.now());
    if (list.length > this.maxFailures) list.shift();
    this.failures.set(key, list);
  }

  private live(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.live(key);
  }
}

const ipKey = (ip: string): string => `ip:${ip}`;
const userKey = (username: string): string => `user:${username}`;
