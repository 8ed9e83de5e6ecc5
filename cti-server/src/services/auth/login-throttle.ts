import { systemClock, type Clock } from '../../clock/index.js';
import { AuthFailureLimiter } from '../../registrar/auth-failure-limiter.js';

export interface LoginThrottleOptions {
  /** Defaults to the registrar's numbers: 5 failures of a pair in 60 s, 10 usernames or 100 failures of an address in 10 min. */
  limiter?: AuthFailureLimiter;
  clock?: Pick<Clock, 'now'>;
  /** Password checks (scrypt) running at once for one address; more wait for a `Retry-After` of 1 s (default 8). */
  maxInFlightPerAddress?: number;
}

export type LoginOutcome<T> =
  { kind: 'ok'; value: T } | { kind: 'wrong' } | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * Web login's brute-force guard, the same idea as the registrar's: wrong passwords are counted
 * per (client address, username), so a colleague's or an attacker's wrong attempts throttle only
 * that pair and a supervisor on the same address still logs in; an address failing many usernames
 * is throttled as a whole (the limiter's ceiling). Successful logins are never counted, so an
 * office behind one NAT logging in at the start of a shift is never refused.
 *
 * Attempts of one pair run one after another: 25 guesses sent at once are checked in turn and all
 * but the first five are refused, instead of all racing past the check before any failure counts.
 */
export class LoginThrottle {
  readonly limiter: AuthFailureLimiter;
  private readonly maxInFlight: number;
  /** pair → the tail of its queue of attempts. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly inFlight = new Map<string, number>();

  constructor(options: LoginThrottleOptions = {}) {
    this.limiter = options.limiter ?? new AuthFailureLimiter({ clock: options.clock ?? systemClock });
    this.maxInFlight = options.maxInFlightPerAddress ?? 8;
  }

  /** Runs `check` (null = wrong username or password) unless `username` from `address` is throttled. */
  attempt<T>(address: string, username: string, check: () => Promise<T | null>): Promise<LoginOutcome<T>> {
    const key = `${address}|${username}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const current = previous.then(() => this.run(address, username, check));
    const tail = current.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return current;
  }

  private async run<T>(
    address: string,
    username: string,
    check: () => Promise<T | null>,
  ): Promise<LoginOutcome<T>> {
    const waitMs = this.limiter.retryAfterMs(address, username);
    if (waitMs > 0) return { kind: 'throttled', retryAfterSeconds: Math.ceil(waitMs / 1000) };
    const running = this.inFlight.get(address) ?? 0;
    if (running >= this.maxInFlight) return { kind: 'throttled', retryAfterSeconds: 1 };
    this.inFlight.set(address, running + 1);
    let value: T | null;
    try {
      value = await check();
    } finally {
      const left = (this.inFlight.get(address) ?? 1) - 1;
      if (left > 0) this.inFlight.set(address, left);
      else this.inFlight.delete(address);
    }
    if (value === null) {
      this.limiter.recordFailure(address, username);
      return { kind: 'wrong' };
    }
    this.limiter.recordSuccess(address, username);
    return { kind: 'ok', value };
  }
}
