// Reads a PCM16 8 kHz buffer out 20 ms at a time: a prompt (once) or music on hold (looped).
import { FRAME_SAMPLES } from './media-ticker.js';

export class PromptPlayer {
  private position = 0;

  constructor(
    readonly id: string,
    private readonly samples: Int16Array,
    readonly loop: boolean,
  ) {}

  get finished(): boolean {
    return !this.loop && this.position >= this.samples.length;
  }

  /** Fills `out` with the next frame (zero-padded at the end). False once the prompt is over. */
  read(out: Int16Array): boolean {
    const total = this.samples.length;
    if (total === 0 || this.finished) return false;
    let filled = 0;
    while (filled < FRAME_SAMPLES) {
      if (this.position >= total) {
        if (!this.loop) break;
        this.position = 0;
      }
      const n = Math.min(FRAME_SAMPLES - filled, total - this.position);
      out.set(this.samples.subarray(this.position, this.position + n), filled);
      filled += n;
      this.position += n;
    }
    if (filled < FRAME_SAMPLES) out.fill(0, filled);
    return true;
  }
}
