// Schedules queued digits as RFC 4733 packets, one per 20 ms tick, with a short gap between
// digits (https://www.rfc-editor.org/rfc/rfc4733#section-2.5.1).
import { telephoneEventPackets, type DtmfDigit, type TelephoneEventPacket } from './telephone-event.js';

const DIGIT_GAP_TICKS = 3;

export class TelephoneEventSender {
  private readonly queue: DtmfDigit[] = [];
  private packets: TelephoneEventPacket[] = [];
  private index = 0;
  private gap = 0;
  private durationMs = 100;
  /** RTP timestamp of the event being sent (its start time, §2.5.1.1). */
  eventTimestamp = 0;

  enqueue(digits: readonly DtmfDigit[], durationMs: number): void {
    this.durationMs = durationMs;
    this.queue.push(...digits);
  }

  /**
   * The packet for this tick, or null (no digit pending, or in the gap between digits — the tick
   * then carries audio). `nowTimestamp` becomes the event timestamp when a digit starts.
   */
  next(nowTimestamp: number): TelephoneEventPacket | null {
    if (this.index >= this.packets.length) {
      if (this.gap > 0) {
        this.gap--;
        return null;
      }
      const digit = this.queue.shift();
      if (digit === undefined) return null;
      this.packets = telephoneEventPackets(digit, { durationMs: this.durationMs });
      this.index = 0;
      this.eventTimestamp = nowTimestamp;
    }
    const packet = this.packets[this.index++] as TelephoneEventPacket;
    if (this.index === this.packets.length) this.gap = DIGIT_GAP_TICKS;
    return packet;
  }

  /** True right after the last (end) packet of a digit went out. */
  get digitJustEnded(): boolean {
    return this.packets.length > 0 && this.index === this.packets.length && this.gap === DIGIT_GAP_TICKS;
  }
}
