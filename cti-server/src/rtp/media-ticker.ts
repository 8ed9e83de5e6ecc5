// The 20 ms media clock. One shared timer drives every session in the process (one wake-up per
// 20 ms instead of one per call keeps CPU per call low); tests inject a ManualTicker and step it.

export const FRAME_MS = 20;
export const FRAME_SAMPLES = 160; // 20 ms at 8 kHz

export interface MediaTickListener {
  onTick(tick: number): void;
}

export interface MediaTicker {
  add(listener: MediaTickListener): void;
  remove(listener: MediaTickListener): void;
}

/** Stepped by hand (tests, offline rendering). */
export class ManualTicker implements MediaTicker {
  private readonly listeners = new Set<MediaTickListener>();
  private count = 0;

  add(listener: MediaTickListener): void {
    this.listeners.add(listener);
  }

  remove(listener: MediaTickListener): void {
    this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  tick(times = 1): void {
    for (let i = 0; i < times; i++) {
      this.count++;
      for (const l of this.listeners) l.onTick(this.count);
    }
  }
}

export interface IntervalTickerStats {
  ticks: number;
  /** Ticks skipped because the process stalled for longer than `maxCatchUp` periods. */
  skipped: number;
  /** Largest lateness of a tick behind its deadline, in ms. */
  maxLateMs: number;
}

/**
 * Drift-free 20 ms ticker: deadlines are computed from a start instant (not by re-arming a
 * 20 ms timer, which drifts ~1 ms per period), late periods are caught up (bounded by
 * `maxCatchUp`, beyond that they are skipped), and the timer only runs while someone listens.
 */
export class SharedIntervalTicker implements MediaTicker {
  private readonly listeners = new Set<MediaTickListener>();
  private timer: NodeJS.Timeout | null = null;
  private startMs = 0;
  private count = 0;
  readonly stats: IntervalTickerStats = { ticks: 0, skipped: 0, maxLateMs: 0 };

  constructor(
    private readonly periodMs = FRAME_MS,
    private readonly maxCatchUp = 15,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(listener: MediaTickListener): void {
    this.listeners.add(listener);
    if (this.timer === null) {
      this.startMs = this.now();
      this.count = 0;
      this.schedule();
    }
  }

  remove(listener: MediaTickListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0 && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private schedule(): void {
    const next = this.startMs + (this.count + 1) * this.periodMs;
    this.timer = setTimeout(this.run, Math.max(0, Math.floor(next - this.now())));
    this.timer.unref?.();
  }

  private readonly run = (): void => {
    const now = this.now();
    const due = Math.floor((now - this.startMs) / this.periodMs);
    if (due - this.count > this.maxCatchUp) {
      this.stats.skipped += due - this.count - this.maxCatchUp;
      this.count = due - this.maxCatchUp;
    }
    const late = now - (this.startMs + (this.count + 1) * this.periodMs);
    if (late > this.stats.maxLateMs) this.stats.maxLateMs = late;
    for (; this.count < due;) {
      this.count++;
      this.stats.ticks++;
      for (const l of this.listeners) l.onTick(this.count);
      if (this.listeners.size === 0) break;
    }
    if (this.listeners.size > 0) this.schedule();
    else this.timer = null;
  };
}

let shared: SharedIntervalTicker | null = null;

/** The process-wide ticker used by default by every embedded media session. */
export function sharedMediaTicker(): SharedIntervalTicker {
  shared ??= new SharedIntervalTicker();
  return shared;
}
