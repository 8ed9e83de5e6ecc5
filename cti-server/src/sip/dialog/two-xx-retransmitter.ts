import type { Clock, TimerHandle } from '../../clock/index.js';
import { Timers } from '../timers.js';

/**
 * UAS core retransmission of a 2xx to INVITE until the ACK arrives
 * (https://www.rfc-editor.org/rfc/rfc3261#section-13.3.1.4): "starting with an interval of T1 seconds,
 * doubling for each retransmission until it reaches T2"; after 64*T1 without ACK the UAS
 * "SHOULD confirm the dialog and then terminate the session" with a BYE.
 */
export class TwoXxRetransmitter {
  private handle?: TimerHandle;
  private giveUp?: TimerHandle;
  private done = false;

  constructor(
    private readonly clock: Clock,
    private readonly retransmit: () => void,
    private readonly onAckTimeout: () => void,
    private readonly reliable = false,
  ) {}

  start(): void {
    // Over reliable transports the 2xx is not retransmitted, but the ACK wait still applies.
    if (!this.reliable) this.schedule(Timers.T1);
    this.giveUp = this.clock.setTimeout(() => {
      if (this.done) return;
      this.stop();
      this.onAckTimeout();
    }, Timers.TIMER_H);
  }

  /** The ACK arrived (or the dialog ended). */
  stop(): void {
    this.done = true;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    if (this.giveUp !== undefined) this.clock.clearTimeout(this.giveUp);
  }

  private schedule(interval: number): void {
    this.handle = this.clock.setTimeout(() => {
      if (this.done) return;
      this.retransmit();
      this.schedule(Math.min(interval * 2, Timers.T2));
    }, interval);
  }
}
