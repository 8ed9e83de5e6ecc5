import type { Clock, TimerHandle } from '../../clock/index.js';

export interface SessionExpiryDelegate {
  /** We are the refresher and half the interval has passed: send a refresh (RFC 4028 §10). */
  onRefreshDue(): void;
  /** No successful refresh in time: the session is over (send BYE). */
  onExpired(): void;
}

/**
 * The clock of one dialog's session timer (https://www.rfc-editor.org/rfc/rfc4028#section-10).
 * The refresher refreshes at half the interval; either side considers the session gone when no
 * refresh succeeded in time. The side that does not refresh sends its BYE "at the time of expiry
 * minus ... the minimum of 32 seconds and one third of the session interval".
 */
export class SessionExpiryTimer {
  interval = 0;
  weRefresh = false;
  private refreshHandle?: TimerHandle;
  private expiryHandle?: TimerHandle;

  constructor(
    private readonly clock: Clock,
    private readonly delegate: SessionExpiryDelegate,
  ) {}

  /** (Re)start after a 2xx to the initial INVITE or to a refresh. `interval` in seconds. */
  restart(interval: number, weRefresh: boolean): void {
    this.stop();
    this.interval = interval;
    this.weRefresh = weRefresh;
    const ms = interval * 1000;
    if (weRefresh) this.refreshHandle = this.clock.setTimeout(() => this.delegate.onRefreshDue(), ms / 2);
    const expireIn = weRefresh ? ms : ms - Math.min(32_000, ms / 3);
    this.expiryHandle = this.clock.setTimeout(() => {
      this.stop();
      this.delegate.onExpired();
    }, expireIn);
  }

  stop(): void {
    if (this.refreshHandle !== undefined) this.clock.clearTimeout(this.refreshHandle);
    if (this.expiryHandle !== undefined) this.clock.clearTimeout(this.expiryHandle);
    this.refreshHandle = undefined;
    this.expiryHandle = undefined;
  }
}
