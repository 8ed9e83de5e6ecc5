import type { Clock } from '../clock/index.js';

export interface AuthFailureLimiterOptions {
  /** Time of the windows and bans (`now` is accepted too, for callers that only have a function). */
  clock?: Pick<Clock, 'now'>;
  now?: () => number;
  /** Failures of one (address, username) pair within `windowMs` that ban that pair (default 5). */
  maxFailures?: number;
  /** Sliding window of the pair count in ms (default 60 000). */
  windowMs?: number;
  /** First ban of a pair in ms (default 60 000); each further ban doubles it, up to `maxBanMs`. */
  banMs?: number;
  /** Longest ban of a pair in ms (default 15 minutes). */
  maxBanMs?: number;
  /** Distinct usernames failing from one address within `sourceWindowMs` that ban the address (default 10). */
  sourceMaxUsernames?: number;
  /** Failures from one address (any usernames) within `sourceWindowMs` that ban it (default 100). */
  sourceMaxFailures?: number;
  /** Sliding window of the per-address ceiling in ms (default 10 minutes). */
  sourceWindowMs?: number;
  /** First ban of an address in ms (default 10 minutes), doubling up to `sourceMaxBanMs` (default 1 hour). */
  sourceBanMs?: number;
  sourceMaxBanMs?: number;
  /** A pair or address quiet this long (no failure, no ban) is forgotten with its escalation (default 1 hour). */
  forgetMs?: number;
  /** Most pairs, and most addresses, kept; past it the least recently failing are dropped (default 10 000 each). */
  maxEntries?: number;
}

interface Counter {
  /** Failure times inside the window, oldest first (at most the threshold is kept). */
  failures: number[];
  /** Bans served so far; the next ban lasts base × 2^strikes. */
  strikes: number;
  bannedUntil: number;
  lastFailure: number;
}

interface SourceCounter extends Counter {
  /** username → its latest failure from this address (at most `sourceMaxUsernames` kept). */
  usernames: Map<string, number>;
}

/** Usernames are capped before they become keys, so a huge claimed name costs no memory. */
const MAX_USERNAME_KEY = 128;

/**
 * Brute-force guard for password checks (SIP digest, web login), in the spirit of Kamailio's
 * pike/htable bans but keyed so that nobody else's failures lock a user out:
 *
 * - per (address, username): `maxFailures` wrong answers within `windowMs` ban that pair only, for
 *   `banMs`, doubling on each further ban up to `maxBanMs`. The same user from another address, and
 *   other users from the same address, are untouched; a success clears the pair.
 * - per address: `sourceMaxUsernames` distinct usernames, or `sourceMaxFailures` failures, within
 *   `sourceWindowMs` ban the whole address (a scanner walking extensions). With the defaults an
 *   office NAT needs ten different users failing within ten minutes, or a hundred failures (a pair
 *   yields at most five before its own ban, four bans' worth in ten minutes), to be banned.
 *
 * Memory is bounded: each map keeps at most `maxEntries`, forgetting quiet entries first and then
 * the least recently failing. A caller may add a `channel` (e.g. the SIP transport) to the pair so a
 * desk phone on UDP with a stale password does not ban its agent's console on WebSocket behind the
 * same NAT address.
 */
export class AuthFailureLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly banMs: number;
  readonly maxBanMs: number;
  readonly sourceMaxUsernames: number;
  readonly sourceMaxFailures: number;
  readonly sourceWindowMs: number;
  readonly sourceBanMs: number;
  readonly sourceMaxBanMs: number;
  private readonly now: () => number;
  private readonly forgetMs: number;
  private readonly maxEntries: number;
  /** `address|channel|username` → counter; Map order = least recently failing first. */
  private readonly pairs = new Map<string, Counter>();
  private readonly sources = new Map<string, SourceCounter>();

  constructor(options: AuthFailureLimiterOptions = {}) {
    const clock = options.clock;
    this.now = options.now ?? (clock ? () => clock.now() : Date.now);
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.banMs = options.banMs ?? 60_000;
    this.maxBanMs = options.maxBanMs ?? 15 * 60_000;
    this.sourceMaxUsernames = options.sourceMaxUsernames ?? 10;
    this.sourceMaxFailures = options.sourceMaxFailures ?? 100;
    this.sourceWindowMs = options.sourceWindowMs ?? 10 * 60_000;
    this.sourceBanMs = options.sourceBanMs ?? 10 * 60_000;
    this.sourceMaxBanMs = options.sourceMaxBanMs ?? 60 * 60_000;
    this.forgetMs = options.forgetMs ?? 60 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /**
   * Milliseconds until `username` may try again from `address` (0: now). Without a username only the
   * address counts (its own anonymous pair and its ceiling): callers that know no username, such as
   * the trunk guard, ban sources.
   */
  retryAfterMs(address: string, username?: string, channel = ''): number {
    const now = this.now();
    const source = this.sources.get(address);
    const pair = this.pairs.get(pairKey(address, username, channel));
    return Math.max(0, (source?.bannedUntil ?? 0) - now, (pair?.bannedUntil ?? 0) - now);
  }

  isBlocked(address: string, username?: string, channel = ''): boolean {
    return this.retryAfterMs(address, username, channel) > 0;
  }

  /** A wrong password (or an unknown user) from `address`. */
  recordFailure(address: string, username?: string, channel = ''): void {
    const now = this.now();
    const key = pairKey(address, username, channel);
    const pair = touch(this.pairs, key, () => ({ failures: [], strikes: 0, bannedUntil: 0, lastFailure: 0 }));
    this.count(pair, now, this.maxFailures, this.windowMs, this.banMs, this.maxBanMs);

    const source = touch(this.sources, address, () => ({
      failures: [],
      strikes: 0,
      bannedUntil: 0,
      lastFailure: 0,
      usernames: new Map<string, number>(),
    }));
    const name = userKeyOf(username);
    source.usernames.delete(name);
    source.usernames.set(name, now);
    for (const [u, at] of source.usernames) if (at <= now - this.sourceWindowMs) source.usernames.delete(u);
    this.count(
      source,
      now,
      this.sourceMaxFailures,
      this.sourceWindowMs,
      this.sourceBanMs,
      this.sourceMaxBanMs,
    );
    if (source.bannedUntil <= now && source.usernames.size >= this.sourceMaxUsernames) {
      this.ban(source, now, this.sourceBanMs, this.sourceMaxBanMs);
    }
    if (source.bannedUntil > now) source.usernames.clear();
    this.bound(this.pairs, now);
    this.bound(this.sources, now);
  }

  /** The right password: the pair starts afresh (the address's ceiling keeps counting). */
  recordSuccess(address: string, username?: string, channel = ''): void {
    this.pairs.delete(pairKey(address, username, channel));
  }

  /** Failures counted in the current window: the pair's with a username, else the address's. */
  failuresFor(address: string, username?: string, channel = ''): number {
    const now = this.now();
    if (username === undefined) {
      const source = this.sources.get(address);
      return source?.failures.filter((t) => t > now - this.sourceWindowMs).length ?? 0;
    }
    const pair = this.pairs.get(pairKey(address, username, channel));
    return pair?.failures.filter((t) => t > now - this.windowMs).length ?? 0;
  }

  /** Entries held (for tests and metrics). */
  get size(): { pairs: number; sources: number } {
    return { pairs: this.pairs.size, sources: this.sources.size };
  }

  private count(c: Counter, now: number, max: number, windowMs: number, base: number, cap: number): void {
    // Escalation is forgiven after `forgetMs` without failures.
    if (c.bannedUntil <= now && c.lastFailure <= now - this.forgetMs) c.strikes = 0;
    c.lastFailure = now;
    c.failures = c.failures.filter((t) => t > now - windowMs);
    c.failures.push(now);
    if (c.failures.length > max) c.failures.shift();
    if (c.failures.length >= max) this.ban(c, now, base, cap);
  }

  private ban(c: Counter, now: number, base: number, cap: number): void {
    c.bannedUntil = now + Math.min(base * 2 ** c.strikes, cap);
    c.strikes += 1;
    c.failures = [];
  }

  /** Drop what is forgotten anyway, then the least recently failing, down to `maxEntries`. */
  private bound<C extends Counter>(map: Map<string, C>, now: number): void {
    if (map.size <= this.maxEntries) return;
    for (const [key, c] of map) {
      if (c.bannedUntil <= now && c.lastFailure <= now - this.forgetMs) map.delete(key);
    }
    if (map.size <= this.maxEntries) return;
    // Sweeping is O(n): leave room so a spray does not sweep on every failure.
    const target = Math.floor(this.maxEntries * 0.9);
    for (const key of map.keys()) {
      if (map.size <= target) break;
      map.delete(key);
    }
  }
}

function userKeyOf(username: string | undefined): string {
  return (username ?? '').slice(0, MAX_USERNAME_KEY);
}

function pairKey(address: string, username: string | undefined, channel: string): string {
  return `${address}|${channel}|${userKeyOf(username)}`;
}

/** The entry under `key`, moved to the end of the map's order (most recent), created if absent. */
function touch<C>(map: Map<string, C>, key: string, create: () => C): C {
  const entry = map.get(key) ?? create();
  map.delete(key);
  map.set(key, entry);
  return entry;
}
