import type { Clock, TimerHandle } from '../clock/index.js';
import type { Binding } from './location-service.js';
import type { RegistrationStore } from './registration-store.js';

export interface RegistrationWriterOptions {
  store: RegistrationStore;
  clock: Clock;
  /** How long a change waits for others to share its write (default 100 ms). */
  delayMs?: number;
  /** After a failed write, the wait before the next grows up to this (default 30 s). */
  maxRetryMs?: number;
  /** A write failed; its AORs are written again later. Never thrown into SIP handling. */
  onError?(error: unknown, aors: readonly string[]): void;
}

/**
 * Writes the location service's changes behind the REGISTER path: each change only notes the
 * AOR's new set; one batch per `delayMs` saves the latest set of every AOR changed since, so a
 * phone that registers twice costs one write and a thousand phones refreshing in the same
 * tenth of a second cost one batch. One batch at a time; what changes meanwhile waits for the
 * next. A failed batch is kept (unless newer sets replaced it) and retried with a growing delay.
 * A crash loses at most the last `delayMs` of changes: a phone's next refresh brings it back.
 */
export class RegistrationWriter {
  private pending = new Map<string, readonly Binding[]>();
  private timer: TimerHandle | undefined;
  private writing: Promise<void> | undefined;
  private failures = 0;
  private closed = false;
  private readonly delayMs: number;
  private readonly maxRetryMs: number;

  constructor(private readonly options: RegistrationWriterOptions) {
    this.delayMs = options.delayMs ?? 100;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
  }

  /** `aor`'s live set is now `bindings` (empty: none). */
  changed(aor: string, bindings: readonly Binding[]): void {
    if (this.closed) return;
    this.pending.set(aor, bindings);
    this.schedule(this.delayMs);
  }

  /** Write what is pending now; resolves when the store has it (or the write failed). */
  async flush(): Promise<void> {
    this.cancelTimer();
    while (this.writing) await this.writing;
    if (this.pending.size === 0) return;
    const run = this.write();
    this.writing = run;
    try {
      await run;
    } finally {
      this.writing = undefined;
    }
    if (this.pending.size > 0 && !this.closed) {
      const backoff = Math.min(this.maxRetryMs, this.delayMs * 2 ** Math.min(this.failures, 20));
      this.schedule(this.failures > 0 ? backoff : this.delayMs);
    }
  }

  /** Write what is pending and take no more changes (graceful stop). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    this.cancelTimer();
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.writing) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Saves one batch; never rejects. */
  private async write(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.options.store.save(batch);
      this.failures = 0;
    } catch (error) {
      this.failures++;
      // Sets changed since are newer than the failed ones; the rest are tried again.
      for (const [aor, bindings] of batch) if (!this.pending.has(aor)) this.pending.set(aor, bindings);
      try {
        this.options.onError?.(error, [...batch.keys()]);
      } catch {
        // A logger that throws must not stop the writes.
      }
    }
  }
}
