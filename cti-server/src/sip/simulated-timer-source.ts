import type { TimerHandle, TimerSource } from './timers.js';

interface Scheduled {
  id: number;
  at: number;
  callback: () => void;
}

/** A `TimerSource` whose time only moves when a test calls `advance()`. */
export class SimulatedTimerSource implements TimerSource {
  private current = 0;
  private nextId = 1;
  private queue: Scheduled[] = [];

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.queue.push({ id, at: this.current + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.queue = this.queue.filter((s) => s.id !== handle);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Move time forward by `ms`, firing due timers in order (timers they schedule fire too if due). */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      let next: Scheduled | undefined;
      for (const s of this.queue)
        if (s.at <= end && (!next || s.at < next.at || (s.at === next.at && s.id < next.id))) next = s;
      if (!next) break;
      const due = next;
      this.queue = this.queue.filter((s) => s !== due);
      this.current = due.at;
      due.callback();
    }
    this.current = end;
  }
}
