import type { Db } from '@kefu/db';
import type { CandidateExplanation, RoutingDecision } from '../../acd/index.js';
import { writeQueueFor, type WriteQueue } from '../write-queue.js';

/** One routing decision as stored in `Interaction.routing` (an array, oldest first). */
export interface StoredDecision extends Omit<RoutingDecision, 'at' | 'ranked'> {
  at: string;
  /** The winner's extension (null when no agent qualified). */
  extension: string | null;
  ranked: Array<CandidateExplanation & { extension: string | null }>;
}

export interface RoutingLogOptions {
  /** agent id → extension, so the stored explanation reads without a join. */
  extensionOf(agentId: string): string | undefined;
  onError(err: unknown, msg: string): void;
  /** Wait before looking again for an Interaction row that is not there yet (default 100 ms). */
  retryMs?: number;
  /** Give up on a call whose row never appears after this many attempts (default 50). */
  maxAttempts?: number;
}

interface CallLog {
  decisions: StoredDecision[];
  /** Decisions not yet stored. */
  dirty: boolean;
  /** The call left the ACD: forget it once stored. */
  done: boolean;
  inFlight: boolean;
  attempts: number;
}

/**
 * Appends the ACD's routing decisions to each call's `Interaction.routing`. The ACD must not
 * wait on the database, so decisions are buffered and handed to the write queue once per
 * event-loop turn, one update per call (the call's whole list, so appending needs no read). Call control opens the
 * row before it enqueues, but the write is defensive: a call whose row is not there yet is
 * tried again a little later.
 */
export class AcdRoutingLog {
  private readonly calls = new Map<string, CallLog>();
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  private readonly queue: WriteQueue;

  constructor(
    db: Db,
    private readonly options: RoutingLogOptions,
  ) {
    this.queue = writeQueueFor(db);
  }

  record(decision: RoutingDecision): void {
    let log = this.calls.get(decision.callId);
    if (!log)
      this.calls.set(
        decision.callId,
        (log = { decisions: [], dirty: false, done: false, inFlight: false, attempts: 0 }),
      );
    log.decisions.push(this.stored(decision));
    log.dirty = true;
    this.schedule();
  }

  /** The call left the ACD (answered calls stay until they end): no more decisions will come. */
  callDone(callId: string): void {
    const log = this.calls.get(callId);
    if (!log) return;
    log.done = true;
    if (!log.dirty && !log.inFlight) this.calls.delete(callId);
  }

  /** Decisions recorded so far, stored or not (for tests and diagnostics). */
  pending(callId: string): readonly StoredDecision[] {
    return this.calls.get(callId)?.decisions ?? [];
  }

  /** Resolves when what was recorded so far is written (rows still missing stay queued). */
  async flush(): Promise<void> {
    const written = this.writeBatch();
    await this.queue.flush();
    await written;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    clearTimeout(this.retryTimer);
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.writeBatch();
    });
  }

  private writeBatch(): Promise<void> {
    const batch = [...this.calls].filter(([, log]) => log.dirty);
    if (batch.length === 0) return this.writing;
    for (const [, log] of batch) {
      log.dirty = false;
      log.inFlight = true;
    }
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private async write(batch: Array<[string, CallLog]>): Promise<void> {
    // Through the database's write queue: merged with the call's other Interaction updates of
    // the moment, one transaction for every call's.
    const failed = new Set<string>();
    const counts = await Promise.all(
      batch.map(([callId, log]) =>
        this.queue.updateInteraction(callId, { routing: log.decisions }, (err) => {
          failed.add(callId);
          this.options.onError(err, 'could not store routing decisions');
        }),
      ),
    );
    let missing = false;
    batch.forEach(([callId, log], i) => {
      log.inFlight = false;
      if (failed.has(callId)) return;
      if (counts[i]! > 0) {
        if (log.done && !log.dirty) this.calls.delete(callId);
        return;
      }
      // The Interaction row is not written yet (or never will be): try again later.
      log.attempts++;
      if (log.attempts >= (this.options.maxAttempts ?? 50)) {
        this.options.onError(new Error(`no Interaction row for call ${callId}`), 'routing decisions dropped');
        this.calls.delete(callId);
        return;
      }
      log.dirty = true;
      missing = true;
    });
    if (missing && !this.closed && this.retryTimer === undefined) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.writeBatch();
      }, this.options.retryMs ?? 100);
    }
  }

  private stored(decision: RoutingDecision): StoredDecision {
    const ext = (id: string | null) => (id === null ? null : (this.options.extensionOf(id) ?? null));
    return {
      ...decision,
      at: new Date(decision.at).toISOString(),
      extension: ext(decision.agentId),
      ranked: decision.ranked.map((c) => ({ ...c, extension: ext(c.agentId) })),
    };
  }
}
