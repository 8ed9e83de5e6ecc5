import type { AcdClock } from '../types.js';

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
}

/**
 * A discrete-event clock for replays: timers fire in due order and `now()` reads each timer's own
 * due time while it runs (xstate's SimulatedClock jumps to the target time first, which would
 * stamp every event in between with the same time).
 */
export class SimClock implements AcdClock {
  private current: number;
  private seq = 0;
  private readonly heap: Timer[] = [];
  private readonly cancelled = new Set<number>();

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { due: this.current + (Number.isFinite(ms) ? Math.max(0, ms) : 0), seq: this.seq++, fn };
    this.push(timer);
    return timer.seq;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.cancelled.add(handle);
  }

  /** Runs every timer due up to `time` (including ones they set), then stands at `time`. */
  advanceTo(time: number): void {
    for (;;) {
      const next = this.peek();
      if (!next || next.due > time) break;
      this.pop();
      if (this.cancelled.delete(next.seq)) continue;
      this.current = Math.max(this.current, next.due);
      next.fn();
    }
    this.current = Math.max(this.current, time);
  }

  /** Due time of the next live timer, or null when none is left. */
  nextDue(): number | null {
    for (;;) {
      const next = this.peek();
      if (!next) return null;
      if (!this.cancelled.has(next.seq)) return next.due;
      this.pop();
      this.cancelled.delete(next.seq);
    }
  }

  private before(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private peek(): Timer | undefined {
    return this.heap[0];
  }

  private push(timer: Timer): void {
    const h = this.heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < h.length && this.before(h[l]!, h[best]!)) best = l;
      if (r < h.length && this.before(h[r]!, h[best]!)) best = r;
      if (best === i) break;
      [h[i], h[best]] = [h[best]!, h[i]!];
      i = best;
    }
  }
}
