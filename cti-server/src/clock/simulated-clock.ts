import type { Clock, TimerHandle } from './clock.js';

interface Timer {
  due: number;
  id: number;
  callback: () => void;
}

/**
 * A discrete-event `Clock` for tests and replays: time only moves when `advance`/`advanceTo` is
 * called, timers fire in due order (equal due times in the order they were set), and `now()`
 * reads each timer's own due time while it runs, so events in between are stamped when they
 * happen. (xstate's `SimulatedClock` jumps to the target time first and fires every due timer
 * at that time.)
 */
export class SimulatedClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly heap: Timer[] = [];
  /** Ids armed and neither fired nor cleared; cleared timers are dropped from the heap lazily. */
  private readonly live = new Set<number>();

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    // As Node does, a delay that is not a finite positive number means "as soon as possible".
    const delay = Number.isFinite(ms) ? Math.max(0, ms) : 0;
    const timer = { due: this.current + delay, id: this.nextId++, callback };
    this.live.add(timer.id);
    this.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.live.delete(handle);
  }

  /** Timers armed and not yet fired or cleared. */
  get pending(): number {
    return this.live.size;
  }

  /** Moves time forward by `ms`, firing every timer due by then (and those they set, if due). */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  /** Fires every timer due up to `time` (including ones they set), then stands at `time`; never goes back. */
  advanceTo(time: number): void {
    for (;;) {
      const next = this.peekLive();
      if (!next || next.due > time) break;
      this.pop();
      this.live.delete(next.id);
      this.current = Math.max(this.current, next.due);
      next.callback();
    }
    this.current = Math.max(this.current, time);
  }

  /** Due time of the next live timer, or null when none is left. */
  nextDue(): number | null {
    return this.peekLive()?.due ?? null;
  }

  private peekLive(): Timer | undefined {
    for (;;) {
      const top = this.heap[0];
      if (!top || this.live.has(top.id)) return top;
      this.pop();
    }
  }

  private before(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.id < b.id);
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
