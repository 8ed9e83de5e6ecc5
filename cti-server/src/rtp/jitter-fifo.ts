// Receive-side sample FIFO between packet arrival (any ptime) and the 20 ms send clock.
// Sized to absorb process stalls (GC, CPU contention) without loss; a standing backlog — a
// sender's burst after its own stall — is trimmed one frame at a time so it does not become
// permanent latency.
import { FRAME_SAMPLES } from './media-ticker.js';

/** A standing backlog of this many frames (80 ms) held for TRIM_WINDOW_TICKS loses one frame. */
const TRIM_BACKLOG_FRAMES = 4;
const TRIM_WINDOW_TICKS = 100;

export class JitterFifo {
  private readonly ring: Int16Array;
  private read = 0;
  private count = 0;
  private minResidual = Infinity;
  private pullsSinceTrimCheck = 0;
  /** Samples discarded by overflow or trimming. */
  droppedSamples = 0;

  constructor(capacityFrames = 15) {
    this.ring = new Int16Array(FRAME_SAMPLES * capacityFrames);
  }

  push(samples: Int16Array, n: number): void {
    const cap = this.ring.length;
    if (n > cap) n = cap;
    if (this.count + n > cap) {
      const drop = this.count + n - cap;
      this.read = (this.read + drop) % cap;
      this.count -= drop;
      this.droppedSamples += drop;
    }
    let write = (this.read + this.count) % cap;
    for (let i = 0; i < n; i++) {
      this.ring[write] = samples[i] as number;
      write = write + 1 === cap ? 0 : write + 1;
    }
    this.count += n;
  }

  /** Moves the next 20 ms into `out`; false on underrun (the frame is not there yet). */
  pull(out: Int16Array): boolean {
    if (this.count < FRAME_SAMPLES) {
      this.minResidual = 0;
      return false;
    }
    const cap = this.ring.length;
    let read = this.read;
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      out[i] = this.ring[read] as number;
      read = read + 1 === cap ? 0 : read + 1;
    }
    this.read = read;
    this.count -= FRAME_SAMPLES;
    if (this.count < this.minResidual) this.minResidual = this.count;
    if (++this.pullsSinceTrimCheck >= TRIM_WINDOW_TICKS) {
      if (this.minResidual >= TRIM_BACKLOG_FRAMES * FRAME_SAMPLES) {
        this.read = (this.read + FRAME_SAMPLES) % cap;
        this.count -= FRAME_SAMPLES;
        this.droppedSamples += FRAME_SAMPLES;
      }
      this.pullsSinceTrimCheck = 0;
      this.minResidual = Infinity;
    }
    return true;
  }
}
