import { systemClock, type Clock } from '../../clock/index.js';
import { AuthFailureLimiter } from '../../registrar/auth-failure-limiter.js';

export interface LoginThrottleOptions {
  /** Defaults to the registrar's numbers: 5 failures of a pair in 60 s, 10 usernames or 100 failures of an address in 10 min. */
  limiter?: AuthFailureLimiter;
  clock?: Pick<Clock, 'now'>;
  /** Password checks (scrypt) running at once for one address; further attempts wait their turn (default 8). */
  maxInFlightPerAddress?: number;
  /** Attempts of one address waiting for a turn; past this they are refused with `Retry-After: 1` (default 200). */
  maxWaitingPerAddress?: number;
}

export type LoginOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'wrong' }
  | { kind: 'throttled'; reason: 'failures' | 'busy'; retryAfterSeconds: number };

interface AddressSlots {
  running: number;
  waiting: Array<() => void>;
}

/**
 * Web login's brute-force guard, the same idea as the registrar's: wrong passwords are counted
 * per (client address, username), so a colleague's or an attacker's wrong attempts throttle only
 * that pair and a supervisor on the same address still logs in; an address failing many usernames
 * is throttled as a whole (the limiter's ceiling). Successful logins are never counted, so an
 * office behind one NAT logging in at the start of a shift is never refused (at most
 * `maxInFlightPerAddress` of its password checks run at once; the others wait their turn).
 *
 * Attempts of one pair run one after another: 25 guesses sent at once are checked in turn and all
 * but the first five are refused, instead of all racing past the check before any failure counts.
 */
export class LoginThrottle {
  readonly limiter: AuthFailureLimiter;
  private readonly maxInFlight: number;
  /** pair → the tail of its queue of attempts. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly maxWaiting: number;
  private readonly slots = new Map<string, AddressSlots>();

  constructor(options: LoginThrottleOptions = {}) {
    this.limiter = options.limiter ?? new AuthFailureLimiter({ clock: options.clock ?? systemClock });
    this.maxInFlight = options.maxInFlightPerAddress ?? 8;
    this.maxWaiting = options.maxWaitingPerAddress ?? 200;
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
    const banned = (): LoginOutcome<T> | undefined => {
      const waitMs = this.limiter.retryAfterMs(address, username);
      if (waitMs <= 0) return undefined;
      return { kind: 'throttled', reason: 'failures', retryAfterSeconds: Math.ceil(waitMs / 1000) };
    };
    const before = banned();
    if (before) return before;
    // An office logging in at the start of a shift waits its turn; only a flood is refused.
    if (!(await this.acquire(address))) return { kind: 'throttled', reason: 'busy', retryAfterSeconds: 1 };
    let value: T | null;
    try {
      // Failures of other usernames counted while this one waited may have banned the address.
      const after = banned();
      if (after) return after;
      value = await check();
    } finally {
      this.release(address);
    }
    if (value === null) {
      this.limiter.recordFailure(address, username);
      return { kind: 'wrong' };
    }
    this.limiter.recordSuccess(address, username);
    return { kind: 'ok', value };
  }

  /** A turn among the address's running checks; false when too many already wait. */
  private async acquire(address: string): Promise<boolean> {
    let slots = this.slots.get(address);
    if (!slots) this.slots.set(address, (slots = { running: 0, waiting: [] }));
    if (slots.running < this.maxInFlight) {
      slots.running += 1;
      return true;
    }
    if (slots.waiting.length >= this.maxWaiting) return false;
    const { waiting } = slots;
    await new Promise<void>((resolve) => waiting.push(resolve));
    return true; // the attempt that finished handed its turn over
  }

  private release(address: string): void {
    const slots = this.slots.get(address);
    if (!slots) return;
    const next = slots.waiting.shift();
    if (next) return next();
    slots.running -= 1;
    if (slots.running === 0) this.slots.delete(address);
  }
}
